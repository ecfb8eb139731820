package web

import (
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

// The report builder page: a GET form of codes (records, up to
// two dimensions, a measure, a chart and filters), the table and chart of
// the answer, and the saved queries the user sees. Figures of incidents,
// victims and cases link to the list behind them when the list can show
// exactly those records and the user may open it.

type builderPage struct {
	Page
	Vocab    Vocab
	Counties places
	Query    haki.BuilderQuery
	Form     url.Values // as typed
	Records  []string
	Dims     []string // of the chosen records
	Measures []string
	Filters  map[string]bool // the filters the chosen records take
	Bands    []string
	Services []string
	Profs    []string
	Result   *haki.BuilderResult
	Chart    template.HTML
	Table    builderTable
	Saved    []*haki.SavedReport
	Sharings []string
	// Encoded is the query as a query string, for the save form.
	Encoded string
}

type builderTable struct {
	Caption  string
	Headers  []string
	Rows     []builderRow
	TotalRow builderRow
}

type builderRow struct {
	Label string
	Cells []builderCell
}

type builderCell struct{ Text, Href string }

// builderVocabs are the vocabularies the builder's labels and filters use.
var builderVocabs = []string{"incident_type", "context", "service", "sex", "act_type", "method", "victim_status", "verification",
	"case_status", "intake_channel", "closure_reason"}

func (s *Server) builderShow(w http.ResponseWriter, r *http.Request) error {
	return s.builderRender(w, r, r.URL.Query(), nil)
}

// builderRender shows the form for the query v and, when it reads, the
// answer; saveErr is a problem of the save form.
func (s *Server) builderRender(w http.ResponseWriter, r *http.Request, v url.Values, saveErr map[string]string) error {
	ctx := r.Context()
	p := builderPage{Page: s.page(w, r, "builder.title"), Form: v, Records: haki.BuilderRecords,
		Services: haki.ServiceTypes, Profs: haki.Professions, Sharings: haki.Sharings}
	var err error
	if p.Vocab, err = s.vocab(ctx, p.Lang, builderVocabs...); err != nil {
		return err
	}
	if p.Counties, err = s.counties(ctx); err != nil {
		return err
	}
	if p.Saved, err = s.store.FindSavedReports(ctx); err != nil {
		return err
	}
	records := p.Form.Get("records")
	if !slices.Contains(haki.BuilderRecords, records) {
		records = haki.RecIncidents
	}
	p.Dims, p.Measures = haki.BuilderDims[records], haki.BuilderMeasures[records]
	p.Filters = map[string]bool{}
	for _, k := range haki.BuilderFilters[records] {
		p.Filters[k] = true
	}
	p.Bands = haki.DefaultAgeBands().Codes()
	if !p.Form.Has("records") { // the form alone, with this year's incidents by county
		p.Form = url.Values{"records": {haki.RecIncidents}, "dim1": {haki.DimCounty},
			"from": {strconv.Itoa(haki.Today(s.now()).Year())}, "to": {strconv.Itoa(haki.Today(s.now()).Year())}}
		return s.render(w, r, http.StatusOK, "builder_page", p)
	}
	q, err := haki.ParseBuilderQuery(p.Form)
	if err == nil {
		p.Result, err = s.store.RunBuilder(ctx, q)
	}
	if fields, ok := fieldErrors(err); ok {
		p.Errors = fields
		return s.render(w, r, http.StatusUnprocessableEntity, "builder_page", p)
	} else if haki.ErrorCode(err) == haki.EINVALID {
		p.Errors = map[string]string{"records": haki.ErrorMessage(err)}
		return s.render(w, r, http.StatusUnprocessableEntity, "builder_page", p)
	} else if err != nil {
		return err
	}
	p.Query, p.Encoded = q, q.Encode()
	s.layoutBuilder(&p)
	status := http.StatusOK
	if saveErr != nil {
		p.Errors, status = saveErr, http.StatusUnprocessableEntity
	}
	return s.render(w, r, status, "builder_page", p)
}

// dimLabel names a value of a dimension in the page's language.
func (p *builderPage) dimLabel(dim, code string) string {
	if code == "" {
		return p.T("report.not_recorded")
	}
	switch dim {
	case haki.DimCounty:
		return p.Counties.Name(code)
	case haki.DimMonth:
		if t, err := time.Parse("2006-01", code); err == nil {
			return p.T("report.month."+strconv.Itoa(int(t.Month()))) + " " + strconv.Itoa(t.Year())
		}
		return p.T("report.month_unknown")
	case haki.DimYear:
		return code
	case haki.DimAgeBand:
		if code == haki.AgeUnknown {
			return p.T("report.age.unknown")
		}
		return code
	case haki.DimPerpetrator:
		return p.Vocab.Label("service", code)
	case haki.DimServiceType:
		return p.T("service.type." + code)
	case haki.DimProvider:
		return p.T("report.provider." + code)
	case haki.DimProfession:
		return p.T("network.profession." + code)
	case haki.DimCaseStatus:
		return p.Vocab.Label("case_status", code)
	case haki.DimEvalKind, haki.DimFindingKind:
		return p.T("report.eval.kind." + code)
	case haki.DimOverallLevel, haki.DimOpinionLevel:
		return p.T("report.eval.level." + code)
	case haki.DimMethod:
		if p.Query.Records == haki.RecFindings { // a finding's alleged method (report.MethodLabel)
			return report.MethodLabel(report.Labels{T: p.T, Term: p.Vocab.Label}, code)
		}
	}
	return p.Vocab.Label(dim, code)
}

// countText writes a count of the answer.
func (p *builderPage) countText(c haki.Count) string {
	if c.Suppressed {
		return p.T("report.fewer_than", p.Result.SuppressBelow)
	}
	if p.Query.Measure == haki.MeasureCost {
		return "KES " + reportThousands(c.N)
	}
	return reportThousands(c.N)
}

// href is the list of the records behind a figure, or "" when the list
// cannot show exactly them or the user may not open it. dims holds the
// dimension values of the figure.
func (p *builderPage) href(dims map[string]string) string {
	q := p.Query
	f := q.Filter
	v := url.Values{}
	year := ""
	if !q.AllTime() {
		if f.From.Month() != time.January || f.From.Day() != 1 || f.To.Month() != time.December || f.To.Day() != 31 {
			return ""
		}
		if f.From.Year() == f.To.Year() {
			year = strconv.Itoa(f.From.Year())
		}
	}
	switch q.Records {
	case haki.RecIncidents, haki.RecVictims:
		if !p.User.Can(haki.PermIncidentRead) || f.Context != "" || f.ServiceCode != "" || f.Sex != "" || f.AgeBand != "" {
			return ""
		}
		v.Set("county", f.CountyCode)
		v.Set("type", f.IncidentType)
		for d, code := range dims {
			switch d {
			case haki.DimCounty:
				v.Set("county", code)
			case haki.DimIncidentType:
				v.Set("type", code)
			case haki.DimYear:
				year = code
			default:
				return ""
			}
		}
		if year == "" && !q.AllTime() {
			return ""
		}
		v.Set("year", year)
		return "/incidents?" + bldClean(v).Encode()
	case haki.RecCases:
		if !p.User.Can(haki.PermCaseRead) || f.CountyCode != "" || f.IncidentType != "" || f.Sex != "" || f.AgeBand != "" || q.InCourt {
			return ""
		}
		v.Set("status", q.Status)
		for d, code := range dims {
			switch d {
			case haki.DimCaseStatus:
				v.Set("status", code)
			case haki.DimYear:
				year = code
			default:
				return ""
			}
		}
		if year == "" && !q.AllTime() {
			return ""
		}
		v.Set("year", year)
		return "/cases?" + bldClean(v).Encode()
	}
	return ""
}

func bldClean(v url.Values) url.Values {
	for k, vs := range v {
		if len(vs) == 0 || vs[0] == "" {
			delete(v, k)
		}
	}
	return v
}

// layoutBuilder turns the answer into the table and the chart.
func (s *Server) layoutBuilder(p *builderPage) {
	res, q := p.Result, p.Query
	measure := p.T("builder.measure." + q.Measure)
	t := builderTable{Caption: p.T("builder.result", p.T("builder.records."+q.Records), measure)}
	total := builderCell{Text: p.countText(res.Total), Href: p.href(nil)}
	if len(q.Dims) == 0 {
		t.Headers = []string{"", measure}
		t.TotalRow = builderRow{Label: p.T("builder.total"), Cells: []builderCell{total}}
		p.Table = t
		return
	}
	rowNames := make([]string, len(res.Rows))
	for i, code := range res.Rows {
		rowNames[i] = p.dimLabel(q.Dims[0], code)
	}
	t.Headers = []string{p.T("builder.dim." + q.Dims[0])}
	var series []chart.Series
	if len(q.Dims) == 1 {
		t.Headers = append(t.Headers, measure)
		vals := make([]chart.Value, len(res.Rows))
		for i, code := range res.Rows {
			c := res.Cells[i][0]
			vals[i] = chart.Value{N: float64(c.N), Suppressed: c.Suppressed}
			t.Rows = append(t.Rows, builderRow{Label: rowNames[i], Cells: []builderCell{{Text: p.countText(c), Href: p.href(map[string]string{q.Dims[0]: code})}}})
		}
		series = []chart.Series{{Name: measure, Values: vals}}
		t.TotalRow = builderRow{Label: p.T("builder.total"), Cells: []builderCell{total}}
	} else {
		for j, col := range res.Cols {
			name := p.dimLabel(q.Dims[1], col)
			t.Headers = append(t.Headers, name)
			vals := make([]chart.Value, len(res.Rows))
			for i := range res.Rows {
				c := res.Cells[i][j]
				vals[i] = chart.Value{N: float64(c.N), Suppressed: c.Suppressed}
			}
			series = append(series, chart.Series{Name: name, Values: vals})
		}
		t.Headers = append(t.Headers, p.T("builder.total"))
		for i, code := range res.Rows {
			row := builderRow{Label: rowNames[i]}
			for j, col := range res.Cols {
				row.Cells = append(row.Cells, builderCell{Text: p.countText(res.Cells[i][j]), Href: p.href(map[string]string{q.Dims[0]: code, q.Dims[1]: col})})
			}
			row.Cells = append(row.Cells, builderCell{Text: p.countText(res.RowTotals[i]), Href: p.href(map[string]string{q.Dims[0]: code})})
			t.Rows = append(t.Rows, row)
		}
		t.TotalRow = builderRow{Label: p.T("builder.total")}
		for j, col := range res.Cols {
			t.TotalRow.Cells = append(t.TotalRow.Cells, builderCell{Text: p.countText(res.ColTotals[j]), Href: p.href(map[string]string{q.Dims[1]: col})})
		}
		t.TotalRow.Cells = append(t.TotalRow.Cells, total)
	}
	p.Table = t
	if len(res.Rows) == 0 || len(res.Rows) > 60 || len(series) > 12 {
		return
	}
	bar := chart.Bar{Title: t.Caption, Description: p.T("builder.chart_description"), CategoryAxis: t.Headers[0], ValueAxis: measure,
		Categories: rowNames, Series: series, Horizontal: q.Dims[0] != haki.DimMonth && q.Dims[0] != haki.DimYear,
		SuppressBelow: res.SuppressBelow}
	if q.Chart == haki.ChartStacked && len(q.Dims) == 2 {
		p.Chart = chart.StackedBar(bar).SVG()
	} else {
		p.Chart = bar.SVG()
	}
}

// Sel reports whether the form's value of key is v, for <option selected>.
func (p builderPage) Sel(key, v string) bool { return p.Form.Get(key) == v }

// Val returns the form's value of key.
func (p builderPage) Val(key string) string { return strings.TrimSpace(p.Form.Get(key)) }

func (s *Server) builderSave(w http.ResponseWriter, r *http.Request) error {
	f := newForm(r)
	sr := &haki.SavedReport{Name: f.str("name"), Sharing: f.str("sharing"), QueryS: f.str("query")}
	err := s.store.SaveReport(r.Context(), sr)
	if fields, ok := fieldErrors(err); ok {
		v, perr := url.ParseQuery(sr.QueryS)
		if _, qerr := haki.ParseBuilderQuery(v); perr != nil || qerr != nil || fields["query"] != "" {
			return err // the hidden query was tampered with
		}
		errs := map[string]string{"save_name": fields["name"], "save_sharing": fields["sharing"]}
		return s.builderRender(w, r, v, errs)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/reports/builder?"+sr.QueryS, "flash.created")
}

func (s *Server) builderDelete(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.DeleteSavedReport(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	return s.redirect(w, r, "/reports/builder", "flash.deleted")
}
