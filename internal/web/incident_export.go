package web

import (
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/store"
)

// incidentExport streams the incidents of the list's filter (codes only,
// never free text in a URL) as CSV, XLSX or JSON (format=), straight to the
// response as the store reads them. text=1 adds the free-text columns,
// filled only for roles that see identities. The store audits the export,
// also when the stream broke off.
func (s *Server) incidentExport(w http.ResponseWriter, r *http.Request) error {
	f := readIncidentFilter(r.URL.Query())
	f.Q, f.Cursor = "", ""
	year, _ := strconv.Atoi(f.Year)
	lf := haki.IncidentFilter{Type: f.Type, CountyCode: f.County, Year: year, Verification: f.Verification}
	if err := s.readIncidentDrill(&lf, &incidentListPage{}, f); err != nil {
		return err
	}
	o := store.ExportOptions{Text: r.URL.Query().Get("text") == "1"}
	return httpx.SendExport(w, r, "incidents", func(format string, w io.Writer) (int, error) {
		return s.store.ExportIncidents(r.Context(), lf, format, w, o)
	})
}

// ExportLinks are the incident list's download links: its non-text
// filters, codes only.
func (f incidentFilter) ExportLinks() exportLinks {
	u, _ := url.Parse(f.query(""))
	return exportLinks{Base: "/incidents/export", Q: u.Query()}
}
