package web

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// indicatorIDs gives the indicator routes an indicator.
func indicatorIDs(tb testing.TB, app *testApp) map[string]string {
	in := &haki.Indicator{Name: "Survivors receiving holistic services", Measure: haki.IndSurvivorsServed, Target: 6000,
		From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2028, 12, 31, 0, 0, 0, 0, time.UTC)}
	if err := app.store.CreateIndicator(storetest.As(app.users[haki.RoleAdmin]), in); err != nil {
		tb.Fatal(err)
	}
	return map[string]string{"{id}": in.ID}
}

// savedIDs gives the delete route a private saved query of the
// administrator: the others do not see it (404).
func savedIDs(tb testing.TB, app *testApp) map[string]string {
	sr := &haki.SavedReport{Name: "Mine", Sharing: haki.SharePrivate, QueryS: "records=incidents&dim1=county"}
	if err := app.store.SaveReport(storetest.As(app.users[haki.RoleAdmin]), sr); err != nil {
		tb.Fatal(err)
	}
	return map[string]string{"{id}": sr.ID}
}

func TestCaseReportPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		admin := app.sessionClient(t, haki.RoleAdmin)
		viewer := app.sessionClient(t, haki.RoleViewer)
		for _, path := range []string{"/reports/services?year=2024", "/reports/litigation?year=2024&quarter=2", "/reports/network?year=2024&county=KE-047"} {
			res := admin.get(path)
			if res.status != 200 || !strings.Contains(res.body, "<svg") || !strings.Contains(res.body, "/export?") {
				t.Errorf("%s: %d", path, res.status)
			}
			for _, problem := range htmlUnbalanced(res.body) {
				t.Errorf("%s: %s", path, problem)
			}
			for _, raw := range []string{"report.fig", "report.figby", "reportweb.", "report.provider", "report.days"} {
				if strings.Contains(res.body, raw) {
					t.Errorf("%s: untranslated key %s", path, raw)
				}
			}
		}
		if res := admin.get("/reports/services?year=20x4"); res.status != 422 || !strings.Contains(res.body, "field-error") {
			t.Errorf("bad year: %d", res.status)
		}
		for _, format := range []string{"csv", "xlsx", "pdf", "json"} {
			res := viewer.get("/reports/services/export?year=2024&format=" + format)
			if res.status != 200 || res.header.Get("Content-Disposition") == "" {
				t.Errorf("%s: %d %s", format, res.status, res.body)
			}
		}
		res := viewer.get("/reports/network/export?year=2024&format=csv")
		if !strings.Contains(res.body, "Nairobi") {
			t.Errorf("network csv: %s", res.body)
		}
		// Indicators: an administrator defines one; everybody sees its progress.
		res = admin.post("/reports/indicators", url.Values{"name": {"Survivors receiving holistic services"}, "measure": {"survivors_served"},
			"target": {"6000"}, "from": {"2024"}, "to": {"2028"}})
		if res.status != 303 {
			t.Fatalf("create: %d %s", res.status, res.body)
		}
		res = admin.post("/reports/indicators", url.Values{"name": {""}, "measure": {"services"}, "target": {"x"}, "from": {"2024"}, "to": {"2020"}})
		if res.status != 422 || !strings.Contains(res.body, "field-error") {
			t.Errorf("bad indicator: %d", res.status)
		}
		res = viewer.get("/reports/indicators")
		if res.status != 200 || !strings.Contains(res.body, "<progress") || !strings.Contains(res.body, "6,000") || strings.Contains(res.body, "/edit") {
			t.Errorf("indicators for a viewer: %d", res.status)
		}
		if res := viewer.get("/reports/indicators/export?year=2025&format=json"); res.status != 200 || !strings.Contains(res.body, "holistic") {
			t.Errorf("indicators export: %d %s", res.status, res.body)
		}
		if res := admin.get("/reports"); !strings.Contains(res.body, "/reports/services?") || !strings.Contains(res.body, "/reports/builder?") {
			t.Errorf("index lacks the case-work reports")
		}
	})
}

func TestBuilderPage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		for range 3 {
			mustIncident(t, st, app.users[haki.RoleAdmin], "Beaten")
		}
		admin := app.sessionClient(t, haki.RoleAdmin)
		viewer := app.sessionClient(t, haki.RoleViewer)
		res := admin.get("/reports/builder?records=incidents&dim1=county&dim2=year")
		if res.status != 200 || !strings.Contains(res.body, "<svg") || !strings.Contains(res.body, `href="/incidents?county=`) {
			t.Fatalf("builder: %d", res.status)
		}
		if strings.Contains(res.body, "builder.") {
			t.Errorf("builder: untranslated key")
		}
		res = viewer.get("/reports/builder?records=incidents&dim1=county")
		if res.status != 200 || strings.Contains(res.body, `href="/incidents?`) || !strings.Contains(res.body, "report-suppression") {
			t.Errorf("viewer: %d", res.status)
		}
		res = admin.get("/reports/builder?records=incidents&dim1=full_name")
		if res.status != 422 || !strings.Contains(res.body, "Unknown dimension for these records") {
			t.Errorf("unknown dimension: %d", res.status)
		}
		res = admin.post("/reports/builder/save", url.Values{"name": {"By county"}, "sharing": {"everyone"}, "query": {"records=incidents&dim1=county"}})
		if res.status != 303 || !strings.HasPrefix(res.location, "/reports/builder?") {
			t.Fatalf("save: %d %s", res.status, res.body)
		}
		res = admin.post("/reports/builder/save", url.Values{"name": {""}, "sharing": {"everyone"}, "query": {"records=incidents&dim1=county"}})
		if res.status != 422 || !strings.Contains(res.body, "Give the saved report a name.") {
			t.Errorf("save without a name: %d", res.status)
		}
		if res := viewer.get("/reports/builder"); !strings.Contains(res.body, "By county") {
			t.Errorf("shared with everyone not listed")
		}
	})
}
