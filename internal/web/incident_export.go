package web

import (
	"net/http"
	"strconv"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/store"
)

// incidentExport streams the incidents of the list's filter (codes only,
// never free text in a URL) as CSV, straight to the response as the store
// reads them. text=1 adds the free-text columns, filled only for roles that
// see identities. The store audits the export, also when the stream broke
// off.
func (s *Server) incidentExport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f := readIncidentFilter(r.URL.Query())
	f.Q, f.Cursor = "", ""
	year, _ := strconv.Atoi(f.Year)
	lf := haki.IncidentFilter{Type: f.Type, CountyCode: f.County, Year: year, Verification: f.Verification}
	if err := s.readIncidentDrill(&lf, &incidentListPage{}, f); err != nil {
		return err
	}
	o := store.ExportOptions{Text: r.URL.Query().Get("text") == "1"}
	sw := &httpx.CSVDownload{W: w, Name: "incidents.csv"}
	if _, err := s.store.ExportIncidentsCSVWith(ctx, lf, sw, o); err != nil && !sw.Started {
		return err // nothing sent yet: an error page
	}
	if !sw.Started { // no rows and no header: cannot happen, but send an empty file
		sw.Start()
	}
	return nil
}

// ExportURL is the CSV export of the list's non-text filters, for the
// list page's download link.
func (f incidentFilter) ExportURL() string {
	q := f.query("")
	return "/incidents/export.csv" + q[len("/incidents"):]
}
