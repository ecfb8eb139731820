package web

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestUnknownDatesOnPages: an incident whose date is unknown is entered
// through the form, listed and shown as "Date unknown" (in Kiswahili too),
// counted in the report over all dates, and said to be left out of 2024.
func TestUnknownDatesOnPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		mustExecutions(t, app, "KE-047", 6)
		admin := app.users[haki.RoleAdmin]
		c := app.sessionClient(t, haki.RoleDataManager)
		form := c.get("/incidents/new")
		res := c.post("/incidents", url.Values{"csrf": {csrfToken(t, form.body)}, "title": {"Bodies found in the river"},
			"types": {"extrajudicial_execution"}, "occurred": {"unknown"}, "county_code": {"KE-047"}, "verification": {"unverified"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("create: status %d %s", res.status, res.body)
		}
		loc := res.header.Get("Location")
		show := c.get(loc)
		if !strings.Contains(show.body, "Date unknown") {
			t.Errorf("incident page lacks the unknown date")
		}
		before := &haki.Incident{Title: "Old killing", Types: []string{"extrajudicial_execution"}, Occurred: haki.MustFuzzyDate("<2010"),
			CountyCode: "KE-047", Verification: "unverified"}
		if err := st.CreateIncident(storetest.As(admin), before); err != nil {
			t.Fatal(err)
		}
		mustAct(t, st, admin, before, mustPerson(t, st, admin, "Victim"))
		list := c.get("/incidents")
		if !strings.Contains(list.body, "Date unknown") || !strings.Contains(list.body, "before 2010") {
			t.Errorf("list lacks the unknown dates")
		}
		c.post("/lang", url.Values{"lang": {"sw"}, "next": {"/"}})
		if list := c.get("/incidents"); !strings.Contains(list.body, "Tarehe haijulikani") || !strings.Contains(list.body, "kabla ya 2010") {
			t.Errorf("the Kiswahili list lacks the unknown dates")
		}
		c.post("/lang", url.Values{"lang": {"en"}, "next": {"/"}})

		// All dates: two incidents whose date is unknown, in a line of
		// their own; the years and the types broken down.
		page := c.get("/reports/executions?period=all")
		body := html.UnescapeString(page.body)
		if page.status != http.StatusOK {
			t.Fatalf("all dates: status %d", page.status)
		}
		for _, want := range []string{"All dates: incidents from 2024-01-01 to 2024-12-31", "Of the incidents: date unknown", "By year",
			"By type of incident", "Date unknown", `name="period" value="all" checked`, "format=pdf&amp;period=all"} {
			if !strings.Contains(body, want) && !strings.Contains(page.body, want) {
				t.Errorf("all dates: page lacks %q", want)
			}
		}
		// 2024: the unknown one is left out and said so; before 2010 is not.
		page = c.get("/reports/executions?year=2024")
		if body := html.UnescapeString(page.body); !strings.Contains(body, "Incidents left out: date unknown, may fall in this period") {
			t.Errorf("2024: no note of the incidents left out")
		}
		for _, format := range []string{"csv", "pdf"} {
			res := c.get("/reports/executions/export?format=" + format + "&period=all")
			if res.status != http.StatusOK {
				t.Errorf("%s export: status %d", format, res.status)
			}
			if format == "csv" && (!strings.Contains(res.body, "Date unknown") || !strings.Contains(res.body, "By year")) {
				t.Errorf("csv export lacks the unknown date or the years:\n%s", res.body)
			}
		}
		// The case-work reports have no "all dates".
		if res := c.get("/reports/services?period=all"); res.status != http.StatusUnprocessableEntity {
			t.Errorf("services over all dates: status %d", res.status)
		}
	})
}
