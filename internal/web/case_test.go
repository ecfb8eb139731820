package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// mustCase opens a case for a new client as the admin, in the team of the
// test app's users.
func mustCase(tb testing.TB, st *store.Store, as *haki.User, teamID string, sensitive bool) *haki.Case {
	tb.Helper()
	client := mustPerson(tb, st, as, "Halima Abdi")
	c := &haki.Case{ClientID: client.ID, ClientRelation: "survivor", IntakeDate: time.Now().AddDate(0, 0, -3),
		IntakeChannel: "walk_in", Status: "active", TeamID: teamID, Sensitive: sensitive, Summary: "Beaten in custody."}
	if err := st.CreateCase(storetest.As(as), c); err != nil {
		tb.Fatalf("create case: %v", err)
	}
	return c
}

// caseIDs gives the case routes a fresh case of the caseworkers' team.
func caseIDs(tb testing.TB, app *testApp) map[string]string {
	admin := app.users[haki.RoleAdmin]
	return map[string]string{"id": mustCase(tb, app.store, admin, app.users[haki.RoleCaseworker].TeamID, false).ID}
}

func TestCasePages(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	admin := app.users[haki.RoleAdmin]
	team := app.users[haki.RoleCaseworker].TeamID
	c := mustCase(t, app.store, admin, team, false)
	secret := mustCase(t, app.store, admin, team, true)
	other := storetest.MustTeam(t, app.store, "Mombasa")
	outsider := storetest.MustUser(t, app.store, "mombasa", haki.RoleCaseworker, other.ID)
	client := mustPerson(t, app.store, admin, "Baraka Mwangi")
	inc := mustIncident(t, app.store, admin, "Beating at Kilimani station")
	today := time.Now().Format("2006-01-02")
	good := func(extra ...string) url.Values {
		v := url.Values{"client_ref": {client.Ref}, "client_relation": {"survivor"}, "incident_refs": {inc.Ref},
			"intake_date": {today}, "intake_channel": {"walk_in"}, "status": {"intake"}, "summary": {"Needs a P3 form."}}
		for i := 0; i+1 < len(extra); i += 2 {
			v.Set(extra[i], extra[i+1])
		}
		return v
	}
	runScenarios(t, app, []scenario{
		{name: "caseworker lists", role: haki.RoleCaseworker, method: http.MethodGet, path: "/cases?status=active",
			wantStatus: http.StatusOK, wantBody: []string{c.Ref}, notBody: []string{secret.Ref}},
		{name: "caseworker opens", role: haki.RoleCaseworker, method: http.MethodGet, path: "/cases/" + c.ID,
			wantStatus: http.StatusOK, wantBody: []string{c.Ref, "Halima Abdi"}},
		{name: "sensitive case hidden from team", role: haki.RoleCaseworker, method: http.MethodGet, path: "/cases/" + secret.ID,
			wantStatus: http.StatusNotFound},
		{name: "professional not assigned", role: haki.RoleProfessional, method: http.MethodGet, path: "/cases/" + c.ID,
			wantStatus: http.StatusNotFound},
		{name: "researcher", role: haki.RoleResearcher, method: http.MethodGet, path: "/cases", wantStatus: http.StatusForbidden},
		{name: "admin sees history link", role: haki.RoleAdmin, method: http.MethodGet, path: "/cases/" + c.ID,
			wantStatus: http.StatusOK, wantBody: []string{"/audit?entity=case&amp;entity_id=" + c.ID}},
		{name: "edit form shows refs and version", role: haki.RoleCaseworker, method: http.MethodGet, path: "/cases/" + c.ID + "/edit",
			wantStatus: http.StatusOK, wantBody: []string{`name="version" value="1"`, `value="` + c.ClientRef + `"`}},
		{name: "search by client name", role: haki.RoleCaseworker, method: http.MethodPost, path: "/cases/search",
			form: url.Values{"q": {"Halima"}}, wantStatus: http.StatusOK, wantBody: []string{c.Ref}},
		{name: "unknown client ref", role: haki.RoleCaseworker, method: http.MethodPost, path: "/cases",
			form: good("client_ref", "PER-1999-000001"), wantStatus: http.StatusUnprocessableEntity,
			wantBody: []string{`class="field-error"`, "PER-1999-000001"}},
		{name: "unknown incident ref", role: haki.RoleCaseworker, method: http.MethodPost, path: "/cases",
			form: good("incident_refs", inc.Ref+", INC-1999-000009"), wantStatus: http.StatusUnprocessableEntity,
			wantBody: []string{`class="field-error"`, "INC-1999-000009"}},
		{name: "closed without reason", role: haki.RoleCaseworker, method: http.MethodPost, path: "/cases",
			form: good("status", "closed"), wantStatus: http.StatusUnprocessableEntity, wantBody: []string{`class="field-error"`}},
		{name: "bad intake date", role: haki.RoleCaseworker, method: http.MethodPost, path: "/cases",
			form: good("intake_date", "14/03/2026"), wantStatus: http.StatusUnprocessableEntity, wantBody: []string{"14/03/2026"}},
		{name: "stale version", role: haki.RoleCaseworker, method: http.MethodPost, path: "/cases/" + c.ID,
			form: good("version", "5"), wantStatus: http.StatusConflict},
		{name: "caseworker may not delete", role: haki.RoleCaseworker, method: http.MethodPost, path: "/cases/" + c.ID + "/delete",
			wantStatus: http.StatusForbidden},
	})
	cases, _, _ := app.store.FindCases(storetest.As(admin), haki.CaseFilter{})
	if len(cases) != 2 {
		t.Errorf("rejected forms changed the cases: %d", len(cases))
	}

	t.Run("caseworker of another team", func(t *testing.T) {
		cl := app.sessionClientFor(t, outsider)
		if res := cl.get("/cases/" + c.ID); res.status != http.StatusNotFound {
			t.Errorf("status %d, want 404", res.status)
		}
		if res := cl.post("/cases/"+c.ID, good("version", "1")); res.status != http.StatusNotFound {
			t.Errorf("update: status %d, want 404", res.status)
		}
	})

	t.Run("create, update, delete", func(t *testing.T) {
		cw := app.sessionClient(t, haki.RoleCaseworker)
		prof := app.users[haki.RoleProfessional]
		res := cw.post("/cases", good("assignee_ids", prof.ID))
		if res.status != http.StatusSeeOther {
			t.Fatalf("create: %d", res.status)
		}
		page := cw.get(res.location)
		for _, want := range []string{client.Ref, "Baraka Mwangi", inc.Ref, "Needs a P3 form.", prof.DisplayName} {
			if !strings.Contains(page.body, want) {
				t.Errorf("case page lacks %q", want)
			}
		}
		// The assigned professional now sees it.
		if res := app.sessionClient(t, haki.RoleProfessional).get(res.location); res.status != http.StatusOK {
			t.Errorf("assigned professional: %d", res.status)
		}
		if r2 := cw.post(res.location, good("version", "1", "summary", "Needs a P3 form and a counsellor.",
			"caseworker_id", app.users[haki.RoleCaseworker].ID)); r2.status != http.StatusSeeOther {
			t.Fatalf("update: %d", r2.status)
		}
		// The edit form cannot change the status: that takes the status
		// form, which records why.
		if r2 := cw.post(res.location, good("version", "2", "status", "closed", "closure_reason", "referred_out",
			"caseworker_id", app.users[haki.RoleCaseworker].ID)); r2.status != http.StatusUnprocessableEntity {
			t.Errorf("status through the edit form: %d, want 422", r2.status)
		}
		if r2 := cw.post(res.location+"/status", url.Values{"version": {"2"}, "status": {"closed"}, "closure_reason": {"referred_out"}}); r2.status != http.StatusSeeOther {
			t.Fatalf("close: %d", r2.status)
		}
		if page := cw.get(res.location); !strings.Contains(page.body, "Referred out") {
			t.Errorf("closed case page lacks its closure reason")
		}
		if r2 := app.sessionClient(t, haki.RoleAdmin).post(res.location+"/delete", nil); r2.status != http.StatusSeeOther {
			t.Fatalf("delete: %d", r2.status)
		}
		if r2 := cw.get(res.location); r2.status != http.StatusNotFound {
			t.Errorf("deleted case: %d", r2.status)
		}
	})
}

// TestFormsPrefillNairobisToday: a form offers the day it is in Nairobi,
// which turns three hours before UTC's.
func TestFormsPrefillNairobisToday(t *testing.T) {
	st := storetest.Open(t)
	app := newTestApp(t, st)
	input := regexp.MustCompile(`<input id="intake_date" name="intake_date" type="date" value="([0-9-]*)"`)
	for _, tc := range []struct {
		now  time.Time
		want string
	}{
		{time.Date(2026, 12, 7, 20, 59, 0, 0, time.UTC), "2026-12-07"},
		{time.Date(2026, 12, 7, 21, 0, 0, 0, time.UTC), "2026-12-08"},
		{time.Date(2026, 12, 31, 23, 55, 0, 0, time.UTC), "2027-01-01"},
	} {
		clock := func() time.Time { return tc.now }
		st.Now, app.server.now = clock, clock
		res := app.sessionClient(t, haki.RoleCaseworker).get("/cases/new")
		if m := input.FindStringSubmatch(res.body); res.status != http.StatusOK || m == nil || m[1] != tc.want {
			t.Errorf("at %s: status %d, intake date %v; want %s", tc.now, res.status, m, tc.want)
		}
	}
}
