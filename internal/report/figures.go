package report

import (
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/chart"
)

// The case-work reports (services, litigation, network, indicators) carry
// their content in haki.Figures; buildFigures lays them out as the same
// Document, so the CSV, XLSX and PDF writers serve them unchanged.

// buildFigures lays out a case-work report.
func buildFigures(r *haki.Report, l Labels) *Document {
	f, fig := r.Filter, r.Figures
	d := &Document{Name: r.Name, Title: l.T("report." + r.Name + ".title"), GeneratedAt: r.GeneratedAt,
		Period:     l.T("report.period", f.From.Format(time.DateOnly), f.To.Format(time.DateOnly)),
		Generated:  l.T("report.generated", haki.FormatTime(r.GeneratedAt, l.Zone)),
		pageFormat: l.T("report.page", "%d", "{nb}")}
	d.origin(l)
	var rules []string
	for _, k := range fig.Rules {
		rules = append(rules, l.T(k))
	}
	d.Rule = strings.Join(rules, " ")
	add := func(key, value string) {
		if value != "" {
			d.Filters = append(d.Filters, [2]string{l.T("report.filter." + key), value})
		}
	}
	add("county", countyName(l, f.CountyCode))
	if r.Name != haki.ReportNetwork && r.Name != haki.ReportIndicators {
		add("type", termOrEmpty(l, "incident_type", f.IncidentType))
		add("service", termOrEmpty(l, "service", f.ServiceCode))
		add("institution", f.InstitutionID)
		add("context", termOrEmpty(l, "context", f.Context))
		add("sex", termOrEmpty(l, "sex", f.Sex))
		add("age_band", ageLabel(l, f.Bands, f.AgeBand))
	}
	if len(d.Filters) == 0 {
		d.Filters = append(d.Filters, [2]string{l.T("report.filters"), l.T("report.filter.none")})
	}
	if r.SuppressBelow > 0 {
		d.Suppression = l.T("report.suppressed_note", r.SuppressBelow)
	}
	d.Summary = chart.Table{Caption: l.T("report.summary"), Headers: []string{"",
		l.T("report.dates", f.From.Format(time.DateOnly), f.To.Format(time.DateOnly))}}
	for _, g := range fig.Summary {
		d.Summary.Rows = append(d.Summary.Rows, []string{l.T("report.fig." + g.Key), FigureText(l, g.Unit, g.Value, g.Pct, r.SuppressBelow)})
	}
	for _, t := range fig.Tables {
		d.Sections = append(d.Sections, figSection(r, t, l))
	}
	return d
}

// figSection lays out one table; its chart shows the first column.
func figSection(r *haki.Report, t haki.FigTable, l Labels) Section {
	s := Section{By: t.By, Title: l.T("report.figby." + t.By), below: r.SuppressBelow, labels: l}
	if t.Multi {
		s.Note = l.T("report.multi_note")
	}
	s.Table = chart.Table{Caption: s.Title, Headers: []string{l.T("report.figcol." + t.By)}}
	for _, c := range t.Columns {
		s.Table.Headers = append(s.Table.Headers, ColumnLabel(l, c.Key))
	}
	for _, row := range t.Rows {
		name := FigRowLabel(l, r.Filter.Bands, t.By, row)
		s.Codes = append(s.Codes, row.Code)
		s.Names = append(s.Names, name)
		v := haki.Count{}
		if len(row.Values) > 0 {
			v = row.Values[0]
		}
		s.Victims = append(s.Victims, chart.Value{N: float64(v.N), Suppressed: v.Suppressed})
		line := []string{name}
		for i, c := range t.Columns {
			pct := 0.0
			if i < len(row.Pcts) {
				pct = row.Pcts[i]
			}
			line = append(line, FigureText(l, c.Unit, row.Values[i], pct, r.SuppressBelow))
		}
		s.Table.Rows = append(s.Table.Rows, line)
	}
	return s
}

// ColumnLabel names a column of a case-work table.
func ColumnLabel(l Labels, key string) string {
	if p, ok := strings.CutPrefix(key, "profession."); ok {
		return l.T("network.profession." + p)
	}
	return l.T("report.fig." + key)
}

// FigRowLabel names a row's code in the labels' language.
func FigRowLabel(l Labels, bands haki.AgeBands, by string, row haki.FigRow) string {
	if row.Label != "" {
		return row.Label
	}
	if row.Code == "" {
		return l.T("report.not_recorded")
	}
	if s, ok := evalRowLabel(l, by, row.Code); ok { // evaluations.go
		return s
	}
	switch by {
	case "county":
		return l.County(row.Code)
	case "service_type":
		return l.T("service.type." + row.Code)
	case "provider":
		return l.T("report.provider." + row.Code)
	case "profession":
		return l.T("network.profession." + row.Code)
	case "referral_status":
		return l.T("referral.status." + row.Code)
	case "days":
		return l.T("report.days." + row.Code)
	case "matter_kind":
		return l.T("matter.kind." + row.Code)
	case "outcome":
		return l.T("matter.outcome." + row.Code)
	case "purpose":
		return l.T("hearing.purpose." + row.Code)
	case "closure_reason":
		return l.Term("closure_reason", row.Code)
	case "age_band":
		return ageLabel(l, bands, row.Code)
	}
	return row.Code
}

// FigureText writes a value of a unit: a count or number with thousands
// separators, shillings, days or a percent; a hidden value as "fewer than".
func FigureText(l Labels, unit string, c haki.Count, pct float64, below int) string {
	if c.Suppressed {
		if unit == haki.UnitCount {
			return l.T("report.fewer_than", below)
		}
		return l.T("report.fig.hidden")
	}
	switch unit {
	case haki.UnitKES:
		return "KES " + thousands(c.N)
	case haki.UnitDays:
		return l.T("report.fig.days_value", c.N)
	case haki.UnitPercent:
		return strconv.FormatFloat(pct, 'f', 1, 64) + "%"
	}
	return thousands(c.N)
}

// writeFiguresJSON writes a case-work report's figures with their labels.
func writeFiguresJSON(w io.Writer, r *haki.Report, d *Document) error {
	type table struct {
		haki.FigTable
		Title   string   `json:"title"`
		Headers []string `json:"headers"`
	}
	type figure struct {
		haki.Figure
		Label string `json:"label"`
	}
	out := struct {
		Name          string      `json:"name"`
		Title         string      `json:"title"`
		Period        string      `json:"period"`
		From          string      `json:"from"`
		To            string      `json:"to"`
		Filters       [][2]string `json:"filters"`
		Rule          string      `json:"counting_rule"`
		Suppression   string      `json:"suppression,omitempty"`
		SuppressBelow int         `json:"suppress_below,omitempty"`
		GeneratedAt   time.Time   `json:"generated_at"`
		Summary       []figure    `json:"summary"`
		Tables        []table     `json:"tables"`
	}{Name: r.Name, Title: d.Title, Period: d.Period, From: r.Filter.From.Format(time.DateOnly), To: r.Filter.To.Format(time.DateOnly),
		Filters: d.Filters, Rule: d.Rule, Suppression: d.Suppression, SuppressBelow: r.SuppressBelow, GeneratedAt: r.GeneratedAt}
	for i, g := range r.Figures.Summary {
		out.Summary = append(out.Summary, figure{Figure: g, Label: d.Summary.Rows[i][0]})
	}
	for i, t := range r.Figures.Tables {
		rows := make([]haki.FigRow, len(t.Rows))
		copy(rows, t.Rows)
		for j := range rows {
			rows[j].Label = d.Sections[i].Names[j]
		}
		t.Rows = rows
		out.Tables = append(out.Tables, table{FigTable: t, Title: d.Sections[i].Title, Headers: d.Sections[i].Table.Headers})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
