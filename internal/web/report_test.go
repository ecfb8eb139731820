package web

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// reportNameIDs names the report of the report routes.
func reportNameIDs(tb testing.TB, app *testApp) map[string]string {
	return map[string]string{"name": "executions"}
}

// mustExecutions records n killings in 2024 in a county, one victim each.
func mustExecutions(tb testing.TB, app *testApp, county string, n int) {
	tb.Helper()
	admin := app.users[haki.RoleAdmin]
	for range n {
		inc := &haki.Incident{Title: "Shot at a roadblock", Types: []string{"extrajudicial_execution"}, Occurred: haki.MustFuzzyDate("2024-05-02"),
			CountyCode: county, Verification: "unverified", Context: "anti_crime"}
		if err := app.store.CreateIncident(storetest.As(admin), inc); err != nil {
			tb.Fatal(err)
		}
		mustAct(tb, app.store, admin, inc, mustPerson(tb, app.store, admin, "Victim"))
	}
}

var drillLink = regexp.MustCompile(`href="(/incidents\?[^"]+)"`)

func TestReportPagesPerRole(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		mustExecutions(t, app, "KE-047", 6)
		mustExecutions(t, app, "KE-001", 2) // a small cell
		for _, role := range haki.Roles {
			c := app.sessionClient(t, role)
			res := c.get("/reports/executions?year=2024")
			if res.status != http.StatusOK {
				t.Fatalf("%s: status %d", role, res.status)
			}
			body := html.UnescapeString(res.body)
			for _, want := range []string{"Counting rule", "<svg", "<table", "By county", "/reports/executions/export?format=pdf"} {
				if !strings.Contains(body, want) {
					t.Errorf("%s: page lacks %q", role, want)
				}
			}
			sees := role.SeesIdentities()
			if got := strings.Contains(body, "fewer than 5"); got == sees {
				t.Errorf("%s: suppressed cells shown %v, want %v", role, got, !sees)
			}
			// KE-047 has 6 victims: a viewer must not see it either, or
			// Mombasa's 2 could be worked out from the total of 8.
			if got := strings.Contains(body, `<td class="num">6</td>`); got != sees {
				t.Errorf("%s: the county cell 6 shown %v, want %v", role, got, sees)
			}
			links := drillLink.FindAllStringSubmatch(res.body, -1)
			if want := role.Can(haki.PermIncidentRead); (len(links) > 0) != want {
				t.Errorf("%s: %d drill-down links, want some: %v", role, len(links), want)
			}
			if role == haki.RoleResearcher || role == haki.RoleDataManager {
				list := c.get(html.UnescapeString(links[0][1]))
				if list.status != http.StatusOK || strings.Count(list.body, `href="/incidents/`) < 8 || !strings.Contains(list.body, "/reports/executions?") {
					t.Errorf("%s: drill-down list: status %d", role, list.status)
				}
			}
		}
	})
}

func TestReportFiltersValidated(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	c := app.sessionClient(t, haki.RoleViewer)
	for _, tc := range []struct{ query, field, msg string }{
		{"from=2024-13-01", "from", "Enter a date such as 2024-01-31"},
		{"from=2024-05-01&to=2024-01-01", "to", "The end of the period is before its start."},
		{"year=abc", "year", "The year must be between 1900 and 2100."},
		{"quarter=5", "quarter", "Choose a quarter from 1 to 4."},
		{"quarter=1&month=2", "month", "Choose a quarter or a month, not both."},
		{"county=Nairobi", "county", "A county is a code such as KE-047 or 047."},
		{"age_band=7-9", "age_band", "Choose one of the age bands"},
		{"type=killing", "type", "There is no incident type killing."},
		{"county=KE-999", "county", "There is no county KE-999."},
		{"sex=robot", "sex", "There is no sex robot."},
		{"context=picnic", "context", "There is no context picnic."},
	} {
		for _, path := range []string{"/reports/executions?", "/reports/torture/export?format=csv&"} {
			res := c.get(path + tc.query)
			if res.status != http.StatusUnprocessableEntity || !strings.Contains(html.UnescapeString(res.body), tc.msg) ||
				!strings.Contains(res.body, `id="`+tc.field+`" name="`+tc.field+`"`) {
				t.Errorf("%s%s: status %d, want 422 with %q beside %s", path, tc.query, res.status, tc.msg, tc.field)
			}
		}
	}
	for _, path := range []string{"/reports/services?county=KE-999", "/reports/litigation/export?format=pdf&county=KE-999"} {
		if res := c.get(path); res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "There is no county KE-999.") {
			t.Errorf("%s: status %d, want 422 naming KE-999", path, res.status)
		}
	}
	if res := c.get("/reports/executions/export?format=doc"); res.status != http.StatusUnprocessableEntity {
		t.Errorf("bad format: status %d", res.status)
	}
	if res := c.get("/reports/nothing"); res.status != http.StatusNotFound {
		t.Errorf("unknown report: status %d", res.status)
	}
	if res := c.get("/reports/torture?year=2024&lang=sw"); res.status != http.StatusOK {
		t.Errorf("torture: status %d", res.status)
	}
}

func TestReportDownloadsAudited(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		mustExecutions(t, app, "KE-047", 3)
		c := app.sessionClient(t, haki.RoleViewer)
		for format, ctype := range map[string]string{"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			"pdf": "application/pdf", "json": "application/json"} {
			res := c.get("/reports/executions/export?format=" + format + "&from=2024-01-01&to=2024-12-31&county=KE-047")
			if res.status != http.StatusOK || !strings.HasPrefix(res.header.Get("Content-Type"), ctype) ||
				!strings.Contains(res.header.Get("Content-Disposition"), "executions-20240101-20241231."+format) {
				t.Errorf("%s: status %d, type %q, disposition %q", format, res.status, res.header.Get("Content-Type"), res.header.Get("Content-Disposition"))
			}
			if format == "csv" && (!strings.Contains(res.body, "fewer than 5") || strings.Contains(res.body, "Victims,3")) {
				t.Errorf("viewer's CSV shows a small cell:\n%s", res.body)
			}
		}
		entries, err := st.FindAuditEntries(storetest.As(app.users[haki.RoleAdmin]), haki.AuditFilter{Entity: "report", Action: "export"})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 4 || entries[0].UserID != app.users[haki.RoleViewer].ID {
			t.Errorf("got %d export audit entries, want 4 by the viewer", len(entries))
		}
	})
}

func TestHomeFiguresPerRole(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	for _, role := range haki.Roles {
		res := app.sessionClient(t, role).get("/")
		if res.status != http.StatusOK {
			t.Fatalf("%s: status %d", role, res.status)
		}
		want := role != haki.RoleProfessional
		if got := strings.Contains(res.body, `id="dashboard-figures-title"`); got != want {
			t.Errorf("%s: figures shown %v, want %v", role, got, want)
		}
		if want && !strings.Contains(res.body, "<svg") {
			t.Errorf("%s: no chart", role)
		}
		if role.Can(haki.PermTasks) && !strings.Contains(res.body, `id="my-tasks-due"`) {
			t.Errorf("%s: the tasks block is gone", role)
		}
	}
}

// TestReportDefaultYearIsNairobis: a report asked for without a period is
// of the year it is in Nairobi, which starts three hours before UTC's.
func TestReportDefaultYearIsNairobis(t *testing.T) {
	st := storetest.Open(t)
	app := newTestApp(t, st)
	for _, tc := range []struct {
		now  time.Time
		want string
	}{
		{time.Date(2026, 12, 31, 20, 59, 0, 0, time.UTC), "executions-20260101-20261231.csv"},
		{time.Date(2026, 12, 31, 21, 30, 0, 0, time.UTC), "executions-20270101-20271231.csv"},
		{time.Date(2027, 1, 1, 0, 5, 0, 0, time.UTC), "executions-20270101-20271231.csv"},
	} {
		clock := func() time.Time { return tc.now }
		st.Now, app.server.now = clock, clock
		c := app.sessionClient(t, haki.RoleViewer)
		res := c.get("/reports/executions/export?format=csv")
		if res.status != http.StatusOK || !strings.Contains(res.header.Get("Content-Disposition"), tc.want) {
			t.Errorf("at %s: status %d, %q; want %s", tc.now, res.status, res.header.Get("Content-Disposition"), tc.want)
		}
	}
}
