package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

func TestExportIncidentsCSVAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		res := w.do(t, "GET", "/api/v1/incidents/export.csv?county=KE-047&year=2023&text=1", "admin", "")
		if res.status != http.StatusOK || !strings.HasPrefix(res.header.Get("Content-Type"), "text/csv") ||
			res.header.Get("Content-Disposition") != `attachment; filename="incidents.csv"` {
			t.Fatalf("admin: status %d, type %q: %s", res.status, res.header.Get("Content-Type"), res.raw)
		}
		body := string(res.raw)
		if lines := strings.Split(strings.TrimSpace(body), "\n"); len(lines) != 3 || !strings.Contains(body, "Beating at Kilimani station") {
			t.Errorf("admin's export:\n%s", body)
		}
		res = w.do(t, "GET", "/api/v1/incidents/export.csv?text=1", "researcher", "")
		if body := string(res.raw); res.status != http.StatusOK || strings.Count(body, "\n") != 3 || strings.Contains(body, "Beating") || strings.Contains(body, "Juma") {
			t.Errorf("researcher: status %d:\n%s", res.status, body)
		}
		if res := w.do(t, "GET", "/api/v1/incidents/export.csv", "viewer", ""); res.status != http.StatusForbidden {
			t.Errorf("viewer: status %d", res.status)
		}
		if res := w.do(t, "GET", "/api/v1/incidents/export.csv?year=2023&month=13", "admin", ""); res.status != http.StatusUnprocessableEntity {
			t.Errorf("bad month: status %d", res.status)
		}
		entries, err := s.FindAuditEntries(storetest.As(w.users["admin"]), haki.AuditFilter{Entity: "incident", Action: "export"})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 2 || !strings.Contains(entries[1].After, `"rows":2`) || !strings.Contains(entries[1].After, "county=KE-047") {
			t.Errorf("audit entries: %+v", entries)
		}
	})
}
