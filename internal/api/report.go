package api

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/i18n"
	"github.com/haki-kenya/haki/internal/report"
)

// ReportInfoJSON names a standard report the API computes.
type ReportInfoJSON struct {
	Name    string   `json:"name"`
	Title   string   `json:"title"`
	Formats []string `json:"formats"`
	Href    string   `json:"href"`
}

// reportTypes are the media types of the exports.
var reportTypes = map[string]string{
	"csv":  "text/csv; charset=utf-8",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"pdf":  "application/pdf",
	"json": "application/json",
}

// catalog is the message catalogue of the reports' labels, loaded once.
var catalog = sync.OnceValues(i18n.New)

// apiReports are the reports served here: the incident reports, then the
// case-work reports.
var apiReports = append([]string{haki.ReportExecutions, haki.ReportTorture}, haki.CaseReportNames...)

func (s *Server) listReports(w http.ResponseWriter, r *http.Request) error {
	cat, err := catalog()
	if err != nil {
		return err
	}
	lang := r.URL.Query().Get("lang")
	if lang != "sw" {
		lang = "en"
	}
	var out []ReportInfoJSON
	for _, name := range apiReports {
		out = append(out, ReportInfoJSON{Name: name, Title: cat.T(lang, "report."+name+".title"), Formats: report.Formats, Href: v1 + "/reports/" + name})
	}
	return writeList(w, out, "")
}

// getReport computes a standard report for the query's period and filters
// (from, to, county, type, service, institution, context, sex, age_band,
// age_bands) and sends it as JSON, the structure of `haki report --format
// json`, or as CSV, XLSX or PDF when the name ends in .csv, .xlsx or .pdf
// or format= says so. Labels are in lang (en or sw). Roles that do not see
// identities get small cells hidden. Every call is audited as an export.
func (s *Server) getReport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	name, format, _ := strings.Cut(r.PathValue("name"), ".")
	if format == "" {
		format = q.Get("format")
	}
	if format == "" {
		format = "json"
	}
	if !slices.Contains(apiReports, name) {
		return haki.Errorf(haki.ENOTFOUND, "No such report.")
	}
	p := haki.Problems{}
	if _, ok := reportTypes[format]; !ok {
		p.Add("format", "Choose CSV, XLSX, PDF or JSON.")
	}
	lang := q.Get("lang")
	if lang == "" {
		lang = "en"
	}
	if lang != "en" && lang != "sw" {
		p.Add("lang", "Choose English or Kiswahili.")
	}
	f, err := haki.ParseReportFilter(q)
	if fields := haki.ErrorFields(err); fields != nil {
		for k, v := range fields {
			p.Add(k, v)
		}
	} else if err != nil {
		return err
	}
	if err := p.Err(); err != nil {
		return err
	}
	rep, err := s.store.Report(ctx, name, f)
	if err != nil {
		return err
	}
	labels, err := s.reportLabels(ctx, lang)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.Write(&buf, format, rep, report.Build(rep, labels)); err != nil {
		return err
	}
	detail := map[string]any{"format": format, "lang": lang, "from": f.From.Format("2006-01-02"), "to": f.To.Format("2006-01-02"),
		"filters": f.Query(), "suppress_below": rep.SuppressBelow, "api": true}
	if err := s.store.Audit(ctx, "export", "report", name, detail); err != nil {
		return err
	}
	if format != "json" {
		return httpx.SendDownload(w, reportTypes[format], name+"-"+f.From.Format("20060102")+"-"+f.To.Format("20060102")+"."+format, buf.Bytes())
	}
	h := w.Header()
	h.Set("Content-Type", reportTypes[format])
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(buf.Bytes())
	return err
}

// reportLabels loads the labels of the vocabularies and counties in lang.
func (s *Server) reportLabels(ctx context.Context, lang string) (report.Labels, error) {
	cat, err := catalog()
	if err != nil {
		return report.Labels{}, err
	}
	var terms []*haki.Term
	for _, vocab := range haki.ReportVocabularies {
		ts, err := s.store.FindTerms(ctx, vocab, true)
		if err != nil {
			return report.Labels{}, err
		}
		terms = append(terms, ts...)
	}
	places, err := s.store.FindPlaces(ctx, "", 1, "")
	if err != nil {
		return report.Labels{}, err
	}
	l := report.NewLabels(cat, lang, terms, places)
	l.Org, l.Demo, l.Zone = s.orgName, s.demo, haki.Zone(haki.UserFromContext(ctx).TimeZone)
	return l, nil
}
