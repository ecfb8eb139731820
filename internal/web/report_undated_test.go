package web

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
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

var figureValue = regexp.MustCompile(`class="figure-value">(?:<a [^>]*>)?([0-9,]+)`)

// TestVictimGroupPages: a group of about 30 added on the incident's page,
// counted in the report; one replaced by a recorded person through the
// picker's reference, the total unchanged.
func TestVictimGroupPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		admin := app.users[haki.RoleAdmin]
		inc := &haki.Incident{Title: "Protest", Types: []string{"extrajudicial_execution"}, Occurred: haki.MustFuzzyDate("2024-06-25"),
			CountyCode: "KE-047", Verification: "unverified"}
		if err := st.CreateIncident(storetest.As(admin), inc); err != nil {
			t.Fatal(err)
		}
		c := app.sessionClient(t, haki.RoleDataManager)
		form := c.get("/incidents/" + inc.ID + "/groups/new")
		if form.status != http.StatusOK {
			t.Fatalf("form: status %d", form.status)
		}
		bad := c.post("/incidents/"+inc.ID+"/groups", url.Values{"csrf": {csrfToken(t, form.body)}, "count": {"many"},
			"act_type": {"killing"}, "victim_status": {"killed"}})
		if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "Enter a whole number.") {
			t.Errorf("bad count: status %d", bad.status)
		}
		res := c.post("/incidents/"+inc.ID+"/groups", url.Values{"csrf": {csrfToken(t, form.body)}, "count": {"30"}, "approx": {"1"},
			"sex": {"male"}, "age_band": {"18-34"}, "description": {"protesters"}, "act_type": {"killing"}, "method": {"shooting"},
			"victim_status": {"killed"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("create: status %d %s", res.status, res.body)
		}
		show := c.get("/incidents/" + inc.ID)
		if !strings.Contains(show.body, "About 30 · protesters") || !strings.Contains(show.body, "/replace") {
			t.Errorf("the incident page lacks the group")
		}
		victims := func() string {
			page := html.UnescapeString(c.get("/reports/executions?year=2024").body)
			m := figureValue.FindStringSubmatch(page)
			if m == nil {
				t.Fatal("no figure")
			}
			return m[1]
		}
		before := victims()
		if before != "30" {
			t.Errorf("report: %s", before)
		}
		p := mustPerson(t, st, admin, "Named later")
		groups, err := st.FindVictimGroups(storetest.As(admin), inc.ID)
		if err != nil || len(groups) != 1 {
			t.Fatal(groups, err)
		}
		g := groups[0]
		rf := c.get("/incidents/" + inc.ID + "/groups/" + g.ID + "/replace")
		if rf.status != http.StatusOK {
			t.Fatalf("replace form: %d", rf.status)
		}
		if res := c.post("/incidents/"+inc.ID+"/groups/"+g.ID+"/replace", url.Values{"csrf": {csrfToken(t, rf.body)}, "version": {"1"},
			"victim_ref": {"PER-0000-000000"}}); res.status != http.StatusUnprocessableEntity {
			t.Errorf("unknown person: status %d", res.status)
		}
		res = c.post("/incidents/"+inc.ID+"/groups/"+g.ID+"/replace", url.Values{"csrf": {csrfToken(t, rf.body)}, "version": {"1"},
			"victim_ref": {p.Ref}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("replace: status %d %s", res.status, res.body)
		}
		if after, _ := st.FindVictimGroupByID(storetest.As(admin), g.ID); after.Count != 29 {
			t.Errorf("after: %d", after.Count)
		}
		if after := victims(); after != before {
			t.Errorf("report after the replacement %q, before %q", after, before)
		}
	})
}
