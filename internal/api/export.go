package api

import (
	"context"
	"net/http"
	"net/url"

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
	rows, err := s.store.ExportIncidentsCSVWith(ctx, f, sw, o)
	if err != nil && !sw.Started {
		return err
	}
	filters := url.Values{}
	for _, k := range append([]string{"type", "county", "year", "month", "verification"}, drillKeys...) {
		if v := q.Get(k); v != "" {
			filters.Set(k, v)
		}
	}
	detail := map[string]any{"format": "csv", "filters": filters.Encode(), "rows": rows, "text": o.Text, "complete": err == nil, "api": true}
	if aerr := s.store.Audit(context.WithoutCancel(ctx), "export", "incident", "", detail); aerr != nil && !sw.Started {
		return aerr
	}
	if !sw.Started {
		sw.Start()
	}
	return nil
}

// drillKeys are the query keys of a drill-down from a report's figure.
var drillKeys = []string{"report", "from", "to", "service", "institution", "context", "sex", "age_band", "age_bands", "method", "fate", "consequence"}
