package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
	"github.com/xuri/excelize/v2"
)

func TestIncidentExportCSV(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		mustExecutions(t, app, "KE-047", 3)
		mustExecutions(t, app, "KE-001", 1)

		c := app.sessionClient(t, haki.RoleResearcher)
		page := c.get("/incidents?county=KE-047&year=2024")
		for _, format := range []string{"csv", "xlsx", "json"} {
			if !strings.Contains(page.body, `href="/incidents/export?county=KE-047&amp;format=`+format+`&amp;year=2024"`) {
				t.Errorf("list page has no %s export link", format)
			}
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

// TestListExports: the incident, person and case lists go out as XLSX and
// JSON too, with the list's filter, and a format the page does not offer
// is a clear error.
func TestListExports(t *testing.T) {
	st := storetest.Open(t)
	app := newTestApp(t, st)
	mustExecutions(t, app, "KE-047", 2)
	c := app.sessionClient(t, haki.RoleDataManager)
	res := c.get("/incidents/export?county=KE-047&format=xlsx")
	if res.status != http.StatusOK || res.header.Get("Content-Disposition") != `attachment; filename="incidents.xlsx"` {
		t.Fatalf("xlsx: %d %q", res.status, res.header.Get("Content-Disposition"))
	}
	f, err := excelize.OpenReader(strings.NewReader(res.body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if rows, _ := f.GetRows("Incidents"); len(rows) != 3 || rows[0][0] != "ref" {
		t.Errorf("xlsx rows %q", rows)
	}
	res = c.get("/persons/export?county=KE-047&format=json")
	var persons []map[string]string
	if err := json.Unmarshal([]byte(res.body), &persons); err != nil || res.status != http.StatusOK {
		t.Fatalf("persons json: %d %v\n%s", res.status, err, res.body)
	}
	if page := c.get("/persons?county=KE-047"); !strings.Contains(page.body, `href="/persons/export?county=KE-047&amp;format=json"`) {
		t.Error("the person list has no JSON export link")
	}
	if res := c.get("/cases/export?format=json"); res.status != http.StatusOK || !strings.HasPrefix(res.body, "[") {
		t.Errorf("cases json: %d %s", res.status, res.body)
	}
	if res := c.get("/cases/export?format=pdf"); res.status != http.StatusUnprocessableEntity {
		t.Errorf("pdf: %d", res.status)
	}
	if res := app.sessionClient(t, haki.RoleResearcher).get("/persons/export"); res.status != http.StatusForbidden {
		t.Errorf("researcher: %d", res.status)
	}
}
