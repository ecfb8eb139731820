package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

func TestIncidentExportCSV(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		mustExecutions(t, app, "KE-047", 3)
		mustExecutions(t, app, "KE-001", 1)

		c := app.sessionClient(t, haki.RoleResearcher)
		if res := c.get("/incidents?county=KE-047&year=2024"); !strings.Contains(res.body, `href="/incidents/export.csv?county=KE-047&amp;year=2024"`) {
			t.Errorf("list page has no export link")
		}
		res := c.get("/incidents/export.csv?county=KE-047&year=2024&text=1")
		if res.status != http.StatusOK || !strings.HasPrefix(res.header.Get("Content-Type"), "text/csv") ||
			res.header.Get("Content-Disposition") != `attachment; filename="incidents.csv"` {
			t.Fatalf("status %d, type %q, disposition %q", res.status, res.header.Get("Content-Type"), res.header.Get("Content-Disposition"))
		}
		lines := strings.Split(strings.TrimSpace(res.body), "\n")
		if len(lines) != 4 || !strings.HasPrefix(lines[0], "ref,occurred,") || strings.Contains(res.body, "roadblock") {
			t.Errorf("researcher's export:\n%s", res.body)
		}
		if res := app.sessionClient(t, haki.RoleViewer).get("/incidents/export.csv"); res.status != http.StatusForbidden {
			t.Errorf("viewer: status %d", res.status)
		}
		if res := app.sessionClient(t, haki.RoleAdmin).get("/incidents/export.csv?text=1"); !strings.Contains(res.body, "Shot at a roadblock") ||
			strings.Count(res.body, "\n") != 5 {
			t.Errorf("admin's text export:\n%s", res.body)
		}
		if res := c.get("/incidents/export.csv?month=13&year=2024"); res.status != http.StatusUnprocessableEntity {
			t.Errorf("bad month: status %d", res.status)
		}

		entries, err := st.FindAuditEntries(storetest.As(app.users[haki.RoleAdmin]), haki.AuditFilter{Entity: "incident", Action: "export"})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 2 {
			t.Fatalf("%d export entries, want 2", len(entries))
		}
		last := entries[1] // newest first: the researcher's is the older
		if last.UserID != app.users[haki.RoleResearcher].ID || !strings.Contains(last.After, `"rows":3`) ||
			!strings.Contains(last.After, "county=KE-047") || !strings.Contains(last.After, `"complete":true`) {
			t.Errorf("audit entry: %+v", last)
		}
	})
}
