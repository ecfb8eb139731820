// Package report turns a computed standard report (haki.Report) into what
// a reader gets: labelled tables in English or Kiswahili, charts, and the
// exports CSV, XLSX, PDF and JSON. It names nobody: a report holds counts,
// and the labels of codes, counties and stations.
package report

import (
	"strconv"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/chart"
	"github.com/haki-kenya/haki/internal/i18n"
)

// Labels translates a report's words and codes into one language.
type Labels struct {
	Lang string
	// T returns the catalogue message of key, e.g. "report.victims".
	T func(key string, args ...any) string
	// Term returns the label of a vocabulary code, e.g. ("method", "shooting").
	Term func(vocab, code string) string
	// County returns the name of a county, e.g. "Nairobi City" for KE-047.
	County func(code string) string
	// Zone is the reader's time zone, in which the generation time is
	// written; nil is East Africa Time (haki.FormatTime).
	Zone *time.Location
	// Org names the organisation on every export; Demo marks the exports
	// of a demonstration server as made-up data.
	Org  string
	Demo bool
}

// NewLabels builds the labels of lang from the catalogue, the
// vocabularies' terms and the gazetteer's places.
func NewLabels(cat *i18n.Catalog, lang string, terms []*haki.Term, places []*haki.Place) Labels {
	byCode := map[string]string{}
	for _, t := range terms {
		label := t.LabelEN
		if lang == "sw" && t.LabelSW != "" {
			label = t.LabelSW
		}
		byCode[t.Vocab+"/"+t.Code] = label
	}
	counties := map[string]string{}
	for _, p := range places {
		counties[p.Code] = p.Name
	}
	return Labels{
		Lang: lang,
		T:    func(key string, args ...any) string { return cat.T(lang, key, args...) },
		Term: func(vocab, code string) string {
			if l, ok := byCode[vocab+"/"+code]; ok {
				return l
			}
			return code
		},
		County: func(code string) string {
			if n, ok := counties[code]; ok {
				return n
			}
			return code
		},
	}
}

// Document is a report laid out for reading: a title, what it covers, the
// counting rule, a summary and one section per breakdown.
type Document struct {
	Name        string
	Title       string
	Period      string
	Generated   string
	GeneratedAt time.Time
	Filters     [][2]string // name, value
	Rule        string
	// Suppression explains hidden cells; "" when none were hidden.
	Suppression string
	Summary     chart.Table
	Sections    []Section
	// Evaluations are the torture report's tables of medico-legal
	// evaluations (evaluations.go), after Sections; EvalNote says what
	// they count and which filters apply.
	Evaluations []Section
	EvalNote    string
	// Org and Demo are the labels' (see Labels); DemoText says it in words, or "".
	Org, DemoText string
	pageFormat    string // "Page %d of {nb}"
	labels        Labels
}

// Section is one breakdown: its table (label, victims, incidents) and the
// data of its chart.
type Section struct {
	By    string
	Title string
	Note  string // for breakdowns where a victim can fall in several rows
	Table chart.Table
	// Codes and Victims give the chart: one bar per row, in table order.
	Codes   []string
	Names   []string
	Victims []chart.Value
	below   int
	labels  Labels
}

// origin notes who made the document, and whether it is made-up data.
func (d *Document) origin(l Labels) {
	d.labels, d.Org = l, l.Org
	if l.Demo {
		d.DemoText = l.T("report.org_demo")
	}
}

// About is the document's heading as a table of two columns, for the
// "About" sheet of a workbook: title, period, filters, counting rule,
// hidden cells, organisation, demo marking, generation time and the notes
// of the breakdowns.
func (d *Document) About() chart.Table {
	T := d.labels.T
	t := chart.Table{Caption: T("report.about_sheet"), Headers: []string{T("report.about.item"), T("report.about.value")}}
	add := func(k, v string) {
		if v != "" {
			t.Rows = append(t.Rows, []string{k, v})
		}
	}
	add(T("report.about.report"), d.Title)
	add(T("report.about.period"), d.Period)
	for _, f := range d.Filters {
		add(f[0], f[1])
	}
	add(T("report.about.rule"), d.Rule)
	add(T("report.about.suppression"), d.Suppression)
	add(T("report.about.organisation"), d.Org)
	add(T("report.about.demo"), d.DemoText)
	add(T("report.about.generated"), d.Generated)
	for _, s := range d.Sections {
		add(s.Title, s.Note)
	}
	add(d.labels.T("report.eval.title"), d.EvalNote)
	for _, s := range d.Evaluations {
		add(s.Title, s.Note)
	}
	return t
}

// Build lays out a report in the labels' language.
func Build(r *haki.Report, l Labels) *Document {
	if r.Figures != nil { // services, litigation, network, indicators (figures.go)
		return buildFigures(r, l)
	}
	f := r.Filter
	d := &Document{Name: r.Name, Title: l.T("report." + r.Name + ".title"), GeneratedAt: r.GeneratedAt,
		Period:     l.T("report.period", f.From.Format(time.DateOnly), f.To.Format(time.DateOnly)),
		Generated:  l.T("report.generated", haki.FormatTime(r.GeneratedAt, l.Zone)),
		Rule:       l.T("report." + r.Name + ".rule"),
		pageFormat: l.T("report.page", "%d", "{nb}")}
	if r.AllDates {
		d.Period = l.T("report.period_all", f.From.Format(time.DateOnly), f.To.Format(time.DateOnly))
	}
	d.origin(l)
	add := func(key, value string) {
		if value != "" {
			d.Filters = append(d.Filters, [2]string{l.T("report.filter." + key), value})
		}
	}
	add("county", countyName(l, f.CountyCode))
	add("type", termOrEmpty(l, "incident_type", f.IncidentType))
	add("service", termOrEmpty(l, "service", f.ServiceCode))
	add("institution", f.InstitutionID)
	add("context", termOrEmpty(l, "context", f.Context))
	add("sex", termOrEmpty(l, "sex", f.Sex))
	add("age_band", ageLabel(l, f.Bands, f.AgeBand))
	if len(d.Filters) == 0 {
		d.Filters = append(d.Filters, [2]string{l.T("report.filters"), l.T("report.filter.none")})
	}
	if r.SuppressBelow > 0 {
		d.Suppression = l.T("report.suppressed_note", r.SuppressBelow)
	}
	d.Summary = summary(r, l)
	for _, t := range r.Tables {
		d.Sections = append(d.Sections, section(r, t, l))
	}
	if r.Evaluations != nil {
		buildEvaluations(d, r, l)
	}
	return d
}

func summary(r *haki.Report, l Labels) chart.Table {
	prev := l.T("report.dates", r.PrevFrom.Format(time.DateOnly), r.PrevTo.Format(time.DateOnly))
	prevV, prevI := countText(l, r.PrevVictims, r.SuppressBelow), countText(l, r.PrevIncidents, r.SuppressBelow)
	if r.AllDates { // no period before all dates
		prev, prevV, prevI = "", "–", "–"
	}
	t := chart.Table{Caption: l.T("report.summary"), Headers: []string{"",
		l.T("report.dates", r.Filter.From.Format(time.DateOnly), r.Filter.To.Format(time.DateOnly)), prev}}
	t.Rows = append(t.Rows, []string{l.T("report.victims"), countText(l, r.Victims, r.SuppressBelow), prevV},
		[]string{l.T("report.incidents"), countText(l, r.Incidents, r.SuppressBelow), prevI})
	// Incidents whose date is unknown: within the figures over all dates,
	// else those left out that may fall in the period.
	vKey, iKey := "report.undated.victims_out", "report.undated.incidents_out"
	if r.Undated.Counted {
		vKey, iKey = "report.undated.victims_in", "report.undated.incidents_in"
	}
	t.Rows = append(t.Rows, []string{l.T(vKey), countText(l, r.Undated.Victims, r.SuppressBelow), ""},
		[]string{l.T(iKey), countText(l, r.Undated.Incidents, r.SuppressBelow), ""})
	change := "–"
	if pct, ok := r.Change(); ok {
		change = strconv.FormatFloat(pct, 'f', 1, 64) + "%"
		if pct > 0 {
			change = "+" + change
		}
	}
	t.Rows = append(t.Rows, []string{l.T("report.change"), change, ""})
	if a := r.Accountability; a != nil && a.Available {
		t.Rows = append(t.Rows,
			[]string{l.T("report.officers_charged"), countText(l, a.OfficersCharged, r.SuppressBelow), ""},
			[]string{l.T("report.officers_convicted"), countText(l, a.OfficersConvicted, r.SuppressBelow), ""},
			[]string{l.T("report.matters_in_court"), countText(l, a.MattersInCourt, r.SuppressBelow), ""})
		for _, o := range a.Outcomes {
			t.Rows = append(t.Rows, []string{l.T("report.outcome." + o.Kind), countText(l, o.Perpetrators, r.SuppressBelow), ""})
		}
	}
	return t
}

func section(r *haki.Report, t haki.ReportTable, l Labels) Section {
	s := Section{By: t.By, Title: l.T("report.by." + t.By), below: r.SuppressBelow, labels: l}
	if t.Multi {
		s.Note = l.T("report.multi_note")
	}
	s.Table = chart.Table{Caption: s.Title, Headers: []string{l.T("report.col." + t.By), l.T("report.victims"), l.T("report.incidents")}}
	for _, row := range t.Rows {
		name := rowLabel(l, r.Filter.Bands, t.By, row)
		s.Codes = append(s.Codes, row.Code)
		s.Names = append(s.Names, name)
		s.Victims = append(s.Victims, chart.Value{N: float64(row.Victims.N), Suppressed: row.Victims.Suppressed})
		s.Table.Rows = append(s.Table.Rows, []string{name, countText(l, row.Victims, r.SuppressBelow), countText(l, row.Incidents, r.SuppressBelow)})
	}
	return s
}

// rowLabel names a row's code in the labels' language.
func rowLabel(l Labels, bands haki.AgeBands, by string, row haki.ReportRow) string {
	switch {
	case row.Code == "" && by == haki.ByInstitution:
		return l.T("report.no_station")
	case row.Code == "":
		return l.T("report.not_recorded")
	}
	if row.Code == haki.DateUnknown {
		return l.T("report.date_unknown")
	}
	switch by {
	case haki.ByYear:
		return row.Code
	case haki.ByMonth:
		if row.Code == haki.MonthUnknown {
			return l.T("report.month_unknown")
		}
		if t, err := time.Parse("2006-01", row.Code); err == nil {
			return l.T("report.month."+strconv.Itoa(int(t.Month()))) + " " + strconv.Itoa(t.Year())
		}
	case haki.ByCounty:
		return l.County(row.Code)
	case haki.ByAgeBand:
		return ageLabel(l, bands, row.Code)
	case haki.ByInstitution:
		if row.Label != "" {
			return row.Label
		}
	case haki.ByFate:
		return l.Term("victim_status", row.Code)
	default:
		return l.Term(by, row.Code)
	}
	return row.Code
}

// ageLabel names an age band: "Under 18", "18 to 34", "35 and over".
func ageLabel(l Labels, bands haki.AgeBands, code string) string {
	switch {
	case code == "":
		return ""
	case code == haki.AgeUnknown:
		return l.T("report.age.unknown")
	case strings.HasSuffix(code, "+"):
		return l.T("report.age.over", code[:len(code)-1])
	}
	lo, hi, _ := strings.Cut(code, "-")
	if lo == "0" {
		n, _ := strconv.Atoi(hi)
		return l.T("report.age.under", strconv.Itoa(n+1))
	}
	return l.T("report.age.range", lo, hi)
}

func countyName(l Labels, code string) string {
	if code == "" {
		return ""
	}
	return l.County(code)
}

func termOrEmpty(l Labels, vocab, code string) string {
	if code == "" {
		return ""
	}
	return l.Term(vocab, code)
}

// countText writes a count with thousands separators, or "fewer than N".
func countText(l Labels, c haki.Count, below int) string {
	if c.Suppressed {
		return l.T("report.fewer_than", below)
	}
	return thousands(c.N)
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Bar returns the section's chart for a web page.
func (s Section) Bar() chart.Bar {
	return chart.Bar{Title: s.Title, Description: s.Note, CategoryAxis: s.Table.Headers[0], ValueAxis: s.Table.Headers[1],
		Categories: s.Names, Series: []chart.Series{{Name: s.Table.Headers[1], Values: s.Victims}}, Horizontal: s.By != haki.ByMonth && s.By != haki.ByYear,
		SuppressBelow: s.below}
}

// Map returns the county section as a map of the 47 counties.
func (s Section) Map() chart.Choropleth {
	vals := map[string]chart.Value{}
	for i, code := range s.Codes {
		vals[strings.TrimPrefix(code, "KE-")] = s.Victims[i]
	}
	return chart.Choropleth{Title: s.Title, ValueLabel: s.Table.Headers[1], Values: vals, SuppressBelow: s.below}
}
