package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/chart"
	"github.com/haki-kenya/haki/internal/report"
)

// The standard reports as pages: a filter form sent by GET (codes
// and dates only), the headline figures with the change from the previous
// period, and each breakdown as a chart with its table. Figures link to the
// incidents behind them for roles that may list incidents.

// reportIndexPage lists the standard reports.
type reportIndexPage struct {
	Page
	Reports []reportLink
}

type reportLink struct{ Name, Title, Rule, Href string }

func (s *Server) reportIndex(w http.ResponseWriter, r *http.Request) error {
	p := reportIndexPage{Page: s.page(w, r, "reportweb.index.title")}
	year := strconv.Itoa(haki.Today(s.now()).Year())
	for _, name := range slices.Concat([]string{haki.ReportExecutions, haki.ReportTorture}, haki.CaseReportNames, []string{"builder"}) {
		p.Reports = append(p.Reports, reportLink{Name: name, Title: p.T("report." + name + ".title"),
			Rule: p.T("reportweb.about." + name), Href: "/reports/" + name + "?year=" + year})
	}
	if p.Can(string(haki.PermResearchExtract)) {
		p.Reports = append(p.Reports, reportLink{Name: "research_extract", Title: p.T("extract.title"),
			Rule: p.T("reportweb.about.research_extract"), Href: "/reports/research-extract"})
	}
	if p.Can(string(haki.PermBulkExport)) {
		p.Reports = append(p.Reports, reportLink{Name: "archive", Title: p.T("archive.title"),
			Rule: p.T("archive.about"), Href: "/exports/archive"})
	}
	return s.render(w, r, http.StatusOK, "report_index", p)
}

// reportForm is the filter form as typed.
type reportForm struct {
	All                                                   bool // every date, the unknown ones too
	Year, Quarter, Month, From, To                        string
	County, Type, Service, Institution, Context, Sex, Age string
	AgeBands                                              string
}

func readReportForm(v url.Values) reportForm {
	g := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	return reportForm{All: g(haki.PeriodAll) == "all", Year: g("year"), Quarter: g("quarter"), Month: g("month"), From: g("from"), To: g("to"),
		County: g("county"), Type: g("type"), Service: g("service"), Institution: g("institution"), Context: g("context"),
		Sex: g("sex"), Age: g("age_band"), AgeBands: g("age_bands")}
}

// Custom reports whether the period is given by dates rather than a year.
func (f reportForm) Custom() bool { return f.From != "" || f.To != "" }

// filter turns the form into a report filter: the period as
// haki.ParsePeriod reads it, this year in Nairobi at now when the form
// names none.
func (f reportForm) filter(now time.Time) (haki.ReportFilter, error) {
	v := url.Values{}
	for k, s := range map[string]string{"county": f.County, "type": f.Type, "service": f.Service, "institution": f.Institution,
		"context": f.Context, "sex": f.Sex, "age_band": f.Age, "age_bands": f.AgeBands,
		haki.PeriodYear: f.Year, haki.PeriodQuarter: f.Quarter, haki.PeriodMonth: f.Month, haki.PeriodFrom: f.From, haki.PeriodTo: f.To} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if f.All {
		v.Set(haki.PeriodAll, "all")
	}
	if !f.Custom() && f.Year == "" {
		v.Set(haki.PeriodYear, strconv.Itoa(haki.Today(now).Year()))
	}
	return haki.ParseReportFilter(v)
}

// reportShowPage is a standard report as a page.
type reportShowPage struct {
	Page
	Vocab        Vocab
	Counties     places
	Institutions []*haki.Institution
	Years        []int
	Quarters     []int
	Months       []int
	Bands        []string
	Name         string
	Form         reportForm
	// Links: the figures lead to the incidents behind them.
	Links    bool
	Report   *haki.Report
	Doc      *report.Document
	Headline []reportFigure
	Account  []reportFigure
	Sections []reportSectionView
	// Evaluations is the torture report's section of medico-legal
	// evaluations (report_evaluations.go), nil for other reports.
	Evaluations *reportEvalView
	// Types are the incident types the report covers, for the type filter.
	Types []*haki.Term
	// Downloads are the export links, with the filter as computed.
	Downloads []reportDownload
	Formats   []string
}

type reportDownload struct{ Format, Label, Href string }

// reportFigure is one headline figure.
type reportFigure struct {
	Label, Value, Prev, Change string
	Href, PrevHref             string
}

// reportSectionView is one breakdown: its chart, its table and the links.
type reportSectionView struct {
	By, Title, Note string
	Chart, Map      template.HTML
	Headers         []string
	Rows            []reportRowView
}

type reportRowView struct {
	Label, Victims, Incidents, Href string
}

func (s *Server) reportShow(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	if _, ok := haki.ReportTypes[name]; !ok { // the incident reports; the case-work reports have pages of their own
		return haki.Errorf(haki.ENOTFOUND, "No such report.")
	}
	ctx := r.Context()
	p := reportShowPage{Page: s.page(w, r, "report."+name+".title"), Name: name, Form: readReportForm(r.URL.Query()),
		Formats: report.Formats, Links: haki.UserFromContext(ctx).Can(haki.PermIncidentRead)}
	if err := s.loadReportForm(ctx, &p); err != nil {
		return err
	}
	f, err := p.Form.filter(s.now())
	if fields, ok := fieldErrors(err); ok {
		p.Errors = fields
		return s.render(w, r, http.StatusUnprocessableEntity, "report_show", p)
	} else if err != nil {
		return err
	}
	if p.Report, err = s.store.Report(ctx, name, f); err != nil {
		if fields, ok := fieldErrors(err); ok { // a code the vocabularies do not hold
			p.Errors = fields
			return s.render(w, r, http.StatusUnprocessableEntity, "report_show", p)
		}
		return err
	}
	p.Doc = report.Build(p.Report, s.reportLabels(p.Page, p.Vocab, p.Counties))
	s.layoutReport(&p)
	return s.render(w, r, http.StatusOK, "report_show", p)
}

// loadReportForm loads what the filter form offers.
func (s *Server) loadReportForm(ctx context.Context, p *reportShowPage) error {
	var err error
	if p.Vocab, err = s.vocab(ctx, p.Lang, haki.ReportVocabularies...); err != nil {
		return err
	}
	if p.Counties, err = s.counties(ctx); err != nil {
		return err
	}
	if p.Years, err = s.store.IncidentYears(ctx); err != nil {
		return err
	}
	if y := haki.Today(s.now()).Year(); !slices.Contains(p.Years, y) {
		p.Years = append([]int{y}, p.Years...)
	}
	p.Quarters, p.Months = []int{1, 2, 3, 4}, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	p.Bands = haki.DefaultAgeBands().Codes()
	if bands, err := haki.ParseAgeBands(p.Form.AgeBands); err == nil {
		p.Bands = bands.Codes()
	}
	for _, t := range p.Vocab.Terms("incident_type") {
		if slices.Contains(haki.ReportTypes[p.Name], t.Code) {
			p.Types = append(p.Types, t)
		}
	}
	if p.User.Can(haki.PermIncidentRead) { // stations are listed to those who may read incidents
		if p.Institutions, err = s.store.FindInstitutions(ctx, p.Form.Service, "", ""); err != nil {
			return err
		}
	}
	return nil
}

// reportLabels labels a report in the page's language.
func (s *Server) reportLabels(p Page, v Vocab, counties places) report.Labels {
	return report.Labels{Lang: p.Lang, T: p.T, Term: v.Label, County: counties.Name, Zone: p.Zone, Org: s.orgName, Demo: s.demo}
}

// layoutReport turns the computed report into the page's figures, charts
// and tables.
func (s *Server) layoutReport(p *reportShowPage) {
	r, d := p.Report, p.Doc
	f := r.Filter
	below := r.SuppressBelow
	count := func(c haki.Count) string {
		if c.Suppressed {
			return p.T("report.fewer_than", below)
		}
		return reportThousands(c.N)
	}
	drill := func(rf haki.ReportFilter, by, code string) string {
		if !p.Links {
			return ""
		}
		q, ok := haki.DrillQuery(r.Name, rf, by, code)
		if !ok {
			return ""
		}
		return "/incidents?" + q.Encode()
	}
	prev := f
	prev.From, prev.To = r.PrevFrom, r.PrevTo
	p.Headline = []reportFigure{
		{Label: p.T("report.victims"), Value: count(r.Victims), Prev: count(r.PrevVictims), Change: reportChange(r.Victims, r.PrevVictims),
			Href: drill(f, "", ""), PrevHref: drill(prev, "", "")},
		{Label: p.T("report.incidents"), Value: count(r.Incidents), Prev: count(r.PrevIncidents), Change: reportChange(r.Incidents, r.PrevIncidents),
			Href: drill(f, "", ""), PrevHref: drill(prev, "", "")},
	}
	if r.AllDates { // no period before all dates
		for i := range p.Headline {
			p.Headline[i].Prev, p.Headline[i].Change, p.Headline[i].PrevHref = "–", "–", ""
		}
	}
	// The incidents whose date is unknown: within the figures over all
	// dates, else left out of the period (those that may fall in it).
	vKey, iKey := "report.undated.victims_out", "report.undated.incidents_out"
	if r.Undated.Counted {
		vKey, iKey = "report.undated.victims_in", "report.undated.incidents_in"
	}
	p.Headline = append(p.Headline,
		reportFigure{Label: p.T(vKey), Value: count(r.Undated.Victims)},
		reportFigure{Label: p.T(iKey), Value: count(r.Undated.Incidents)})
	if a := r.Accountability; a != nil && a.Available {
		p.Account = []reportFigure{{Label: p.T("report.officers_charged"), Value: count(a.OfficersCharged)},
			{Label: p.T("report.officers_convicted"), Value: count(a.OfficersConvicted)},
			{Label: p.T("report.matters_in_court"), Value: count(a.MattersInCourt)}}
		for _, o := range a.Outcomes {
			p.Account = append(p.Account, reportFigure{Label: p.T("report.outcome." + o.Kind), Value: count(o.Perpetrators)})
		}
	}
	for i, inst := range d.Filters { // a station is named, not shown by its id
		if f.InstitutionID != "" && inst[1] == f.InstitutionID {
			for _, in := range p.Institutions {
				if in.ID == f.InstitutionID {
					d.Filters[i][1] = in.Name
				}
			}
		}
	}
	for i, sec := range d.Sections {
		t := r.Tables[i]
		v := reportSectionView{By: sec.By, Title: sec.Title, Note: sec.Note, Headers: sec.Table.Headers}
		for j, row := range t.Rows {
			v.Rows = append(v.Rows, reportRowView{Label: sec.Names[j], Victims: count(row.Victims), Incidents: count(row.Incidents),
				Href: drill(f, t.By, row.Code)})
		}
		desc := p.T("reportweb.chart.desc", sec.Title)
		switch {
		case sec.By == haki.ByMonth && len(sec.Names) > reportMonthBars:
			// Years of months: a line shows the trend that bars would bury.
			line := chart.Line{Title: sec.Title, Description: desc, CategoryAxis: sec.Table.Headers[0], ValueAxis: sec.Table.Headers[1],
				Series: []chart.Series{{Name: sec.Table.Headers[1]}}, SuppressBelow: below}
			for j, code := range sec.Codes {
				if code != haki.MonthUnknown && code != haki.DateUnknown {
					line.Categories = append(line.Categories, sec.Names[j])
					line.Series[0].Values = append(line.Series[0].Values, sec.Victims[j])
				}
			}
			v.Chart = line.SVG()
		default:
			if sec.By == haki.ByCounty {
				m := sec.Map()
				m.Description = desc
				v.Map = m.SVG()
			}
			bar, note := sec.TopBar(reportTopBars)
			bar.Description = strings.TrimSpace(desc + " " + sec.Note)
			v.Chart = bar.NarrowSVG(note)
		}
		p.Sections = append(p.Sections, v)
	}
	p.Evaluations = s.layoutEvaluations(p)
	q := f.Query().Encode()
	for _, format := range p.Formats {
		p.Downloads = append(p.Downloads, reportDownload{Format: format, Label: strings.ToUpper(format),
			Href: "/reports/" + r.Name + "/export?format=" + format + "&" + q})
	}
}

// reportTopBars is how many bars a report page's chart draws: the largest
// rows; the table below it holds them all. reportMonthBars is how many
// months still draw as bars (two years); more draw as a line.
const (
	reportTopBars   = 10
	reportMonthBars = 25
)

// reportChange is the change of a count from the previous period, "+12.5%", or
// "–" when either is hidden or the previous is zero.
func reportChange(cur, prev haki.Count) string {
	if cur.Suppressed || prev.Suppressed || prev.N == 0 {
		return "–"
	}
	pct := float64(cur.N-prev.N) * 100 / float64(prev.N)
	s := strconv.FormatFloat(pct, 'f', 1, 64) + "%"
	if pct > 0 {
		s = "+" + s
	}
	return s
}

// reportThousands writes n with thousands separators.
func reportThousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
