package web

import (
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
)

// personExport sends the person list of a county filter (never search
// words, which travel only by POST) as CSV, XLSX or JSON; names only for
// roles that see identities, no ID numbers or phones. Audited by the store.
func (s *Server) personExport(w http.ResponseWriter, r *http.Request) error {
	f := haki.PersonFilter{CountyCode: r.URL.Query().Get("county")}
	return httpx.SendExport(w, r, "persons", func(format string, w io.Writer) (int, error) {
		return s.store.ExportPersons(r.Context(), f, format, w)
	})
}

// caseExport sends the case list of a status and intake-year filter as CSV,
// XLSX or JSON. Audited by the store.
func (s *Server) caseExport(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := haki.CaseFilter{Status: q.Get("status")}
	if y := q.Get("year"); y != "" {
		var err error
		if f.Year, err = strconv.Atoi(y); err != nil {
			return haki.Problems{"year": "Choose a year."}.Err()
		}
	}
	return httpx.SendExport(w, r, "cases", func(format string, w io.Writer) (int, error) {
		return s.store.ExportCases(r.Context(), f, format, w)
	})
}

// exportLinks are a list's download links, one per format, for the
// "downloads" template.
type exportLinks struct {
	Base string     // the export's path
	Q    url.Values // the list's filters, codes only
}

// URL is the export in format.
func (e exportLinks) URL(format string) string {
	q := url.Values{}
	for k, v := range e.Q {
		if len(v) > 0 && v[0] != "" {
			q.Set(k, v[0])
		}
	}
	q.Set("format", format)
	return e.Base + "?" + q.Encode()
}

// ExportLinks are the person list's download links.
func (f personFilter) ExportLinks() exportLinks {
	return exportLinks{Base: "/persons/export", Q: url.Values{"county": {f.County}}}
}

// ExportLinks are the case list's download links.
func (f caseFilter) ExportLinks() exportLinks {
	return exportLinks{Base: "/cases/export", Q: url.Values{"status": {f.Status}, "year": {f.Year}}}
}
