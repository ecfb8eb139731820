package api

import (
	"io"
	"net/http"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/store"
)

// exportIncidents streams the incidents of the list's filters (codes only)
// as CSV, XLSX or JSON (format=, CSV by default): codes, dates and counts;
// text=1 adds the free-text columns, filled only for roles that see
// identities. The store audits it, also when the stream broke off.
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
	return httpx.SendExport(w, r, "incidents", func(format string, w io.Writer) (int, error) {
		return s.store.ExportIncidents(r.Context(), f, format, w, o)
	})
}

// exportPersons streams the persons the caller may see (county= filters)
// as CSV, XLSX or JSON; names only for roles that see identities, never ID
// numbers or phones. Audited by the store.
func (s *Server) exportPersons(w http.ResponseWriter, r *http.Request) error {
	f := haki.PersonFilter{CountyCode: r.URL.Query().Get("county")}
	return httpx.SendExport(w, r, "persons", func(format string, w io.Writer) (int, error) {
		return s.store.ExportPersons(r.Context(), f, format, w)
	})
}

// exportCases streams the cases the caller may see (status=, year= of
// intake) as CSV, XLSX or JSON. Audited by the store.
func (s *Server) exportCases(w http.ResponseWriter, r *http.Request) error {
	f := haki.CaseFilter{Status: r.URL.Query().Get("status")}
	var err error
	if f.Year, err = intParam(r, "year"); err != nil {
		return err
	}
	return httpx.SendExport(w, r, "cases", func(format string, w io.Writer) (int, error) {
		return s.store.ExportCases(r.Context(), f, format, w)
	})
}
