package web

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/chart"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/report"
)

// The case-work reports as pages: services, litigation, the
// network and indicators. The filter form is the incident reports' (a
// year, quarter, month or dates, and codes), sent by GET; each table comes
// with its chart (a map for counties) and the downloads.

// caseworkReportVocabs are the vocabularies the case-work reports' labels need.
var caseworkReportVocabs = []string{"incident_type", "context", "service", "sex", "closure_reason", "case_status"}

// caseworkReportPage is a case-work report as a page.
type caseworkReportPage struct {
	Page
	Vocab     Vocab
	Counties  places
	Years     []int
	Quarters  []int
	Months    []int
	Bands     []string
	Name      string
	Form      reportForm
	Report    *haki.Report
	Doc       *report.Document
	Sections  []caseworkReportSection
	Downloads []reportDownload
	// CaseFilters is false for the network and indicators: only the county filters them.
	CaseFilters bool
}

// caseworkReportSection is a table of the report with its chart.
type caseworkReportSection struct {
	Title, Note string
	Chart       template.HTML
	Map         template.HTML
	Table       chart.Table
}

// caseworkReportShow returns the handler of the page of one case-work report.
func (s *Server) caseworkReportShow(name string) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, f, err := s.caseworkReportLoad(w, r, name)
		if fields, ok := fieldErrors(err); ok {
			p.Errors = fields
			return s.render(w, r, http.StatusUnprocessableEntity, "report_casework", p)
		} else if err != nil {
			return err
		}
		if p.Report, err = s.store.Report(r.Context(), name, f); err != nil {
			if fields, ok := fieldErrors(err); ok { // a code the vocabularies do not hold
				p.Errors = fields
				return s.render(w, r, http.StatusUnprocessableEntity, "report_casework", p)
			}
			return err
		}
		p.Doc = report.Build(p.Report, s.reportLabels(p.Page, p.Vocab, p.Counties))
		for i, sec := range p.Doc.Sections {
			v := caseworkReportSection{Title: sec.Title, Note: sec.Note, Table: sec.Table}
			if len(sec.Names) > 0 {
				bar, note := sec.TopBar(reportTopBars)
				v.Chart = bar.NarrowSVG(note)
			}
			if p.Report.Figures.Tables[i].Map {
				v.Map = sec.Map().SVG()
			}
			p.Sections = append(p.Sections, v)
		}
		q := r.URL.Query()
		for _, format := range report.Formats {
			v := url.Values{}
			for k, vs := range q {
				v[k] = vs
			}
			v.Set("format", format)
			p.Downloads = append(p.Downloads, reportDownload{Format: format, Label: p.T("reportweb.format." + format),
				Href: "/reports/" + name + "/export?" + v.Encode()})
		}
		return s.render(w, r, http.StatusOK, "report_casework", p)
	}
}

// caseworkReportLoad fills the page's form and reads the filter.
func (s *Server) caseworkReportLoad(w http.ResponseWriter, r *http.Request, name string) (caseworkReportPage, haki.ReportFilter, error) {
	ctx := r.Context()
	base := reportShowPage{Page: s.page(w, r, "report."+name+".title"), Name: name, Form: readReportForm(r.URL.Query())}
	if err := s.loadReportForm(ctx, &base); err != nil {
		return caseworkReportPage{}, haki.ReportFilter{}, err
	}
	p := caseworkReportPage{Page: base.Page, Counties: base.Counties, Years: base.Years, Quarters: base.Quarters,
		Months: base.Months, Bands: base.Bands, Name: name, Form: base.Form,
		CaseFilters: name == haki.ReportServices || name == haki.ReportLitigation}
	var err error
	if p.Vocab, err = s.vocab(ctx, p.Lang, caseworkReportVocabs...); err != nil {
		return p, haki.ReportFilter{}, err
	}
	f, err := p.Form.filter(s.now())
	return p, f, err
}

// caseworkReportExport returns the handler of the exports of one case-work
// report: CSV, XLSX, PDF or JSON, audited before it is sent.
func (s *Server) caseworkReportExport(name string) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		format := r.URL.Query().Get("format")
		if _, ok := reportContentTypes[format]; !ok {
			return haki.Problems{"format": "Choose CSV, XLSX, PDF or JSON."}.Err()
		}
		ctx := r.Context()
		p, f, err := s.caseworkReportLoad(w, r, name)
		var rep *haki.Report
		if err == nil {
			rep, err = s.store.Report(ctx, name, f) // refuses codes the vocabularies do not hold
		}
		if fields, ok := fieldErrors(err); ok {
			p.Errors = fields
			return s.render(w, r, http.StatusUnprocessableEntity, "report_casework", p)
		} else if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := report.Write(&buf, format, rep, report.Build(rep, s.reportLabels(p.Page, p.Vocab, p.Counties))); err != nil {
			return err
		}
		detail := map[string]any{"format": format, "lang": p.Lang, "from": f.From.Format("2006-01-02"), "to": f.To.Format("2006-01-02"),
			"county": f.CountyCode, "type": f.IncidentType, "service": f.ServiceCode, "context": f.Context, "sex": f.Sex,
			"age_band": f.AgeBand, "suppress_below": rep.SuppressBelow}
		if err := s.store.Audit(ctx, "export", "report", name, detail); err != nil {
			return err
		}
		return httpx.SendDownload(w, reportContentTypes[format], name+"-"+f.From.Format("20060102")+"-"+f.To.Format("20060102")+"."+format, buf.Bytes())
	}
}
