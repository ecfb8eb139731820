package web

import (
	"bytes"
	"net/http"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/report"
)

// reportContentTypes are the media types of the exports.
var reportContentTypes = map[string]string{
	"csv":  "text/csv; charset=utf-8",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"pdf":  "application/pdf",
	"json": "application/json",
}

// reportExport sends a standard report as CSV, XLSX, PDF or JSON in the
// page's language, with the same filters and the same small-cell
// suppression as the page. Every export is audited before it is sent.
func (s *Server) reportExport(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	if _, ok := haki.ReportTypes[name]; !ok { // the incident reports; the case-work reports have pages of their own
		return haki.Errorf(haki.ENOTFOUND, "No such report.")
	}
	ctx := r.Context()
	q := r.URL.Query()
	format := q.Get("format")
	if _, ok := reportContentTypes[format]; !ok {
		return haki.Problems{"format": "Choose CSV, XLSX, PDF or JSON."}.Err()
	}
	p := reportShowPage{Page: s.page(w, r, "report."+name+".title"), Name: name, Form: readReportForm(q), Formats: report.Formats}
	f, err := p.Form.filter(s.now())
	var rep *haki.Report
	if err == nil {
		rep, err = s.store.Report(ctx, name, f) // refuses codes the vocabularies do not hold
	}
	if fields, ok := fieldErrors(err); ok { // the page, with the problems beside the fields
		if err := s.loadReportForm(ctx, &p); err != nil {
			return err
		}
		p.Errors = fields
		return s.render(w, r, http.StatusUnprocessableEntity, "report_show", p)
	} else if err != nil {
		return err
	}
	if p.Vocab, err = s.vocab(ctx, p.Lang, haki.ReportVocabularies...); err != nil {
		return err
	}
	if p.Counties, err = s.counties(ctx); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.Write(&buf, format, rep, report.Build(rep, s.reportLabels(p.Page, p.Vocab, p.Counties))); err != nil {
		return err
	}
	detail := map[string]any{"format": format, "lang": p.Lang, "from": f.From.Format("2006-01-02"), "to": f.To.Format("2006-01-02"),
		"filters": f.Query(), "suppress_below": rep.SuppressBelow}
	if err := s.store.Audit(ctx, "export", "report", name, detail); err != nil {
		return err
	}
	return httpx.SendDownload(w, reportContentTypes[format], name+"-"+f.From.Format("20060102")+"-"+f.To.Format("20060102")+"."+format, buf.Bytes())
}
