package api

import (
	"net/http"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/store"
)

// exportIncidents streams the incidents of the list's filters (codes only)
// as CSV: codes, dates and counts; text=1 adds the free-text columns,
// filled only for roles that see identities. It is audited after
// streaming, with the filters and the row count.
func (s *Server) exportIncidents(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := haki.IncidentFilter{Type: q.Get("type"), CountyCode: q.Get("county"), Verification: q.Get("verification")}
	var err error
	if f.Year, err = intParam(r, "year"); err != nil {
		return err
	}
	if f.Month, err = intParam(r, "month"); err != nil {
		return err
	}
	if f.Month != 0 && (f.Month > 12 || f.Year == 0) {
		return haki.Problems{"month": "Choose a month from 1 to 12."}.Err()
	}
	if err := f.ReadDrill(q); err != nil {
		return err
	}
	o := store.ExportOptions{Text: q.Get("text") == "1"}
	sw := &httpx.CSVDownload{W: w, Name: "incidents.csv"}
	ctx := r.Context()
	// The store audits the export, also when the stream broke off.
	if _, err := s.store.ExportIncidentsCSVWith(ctx, f, sw, o); err != nil && !sw.Started {
		return err
	}
	if !sw.Started {
		sw.Start()
	}
	return nil
}
