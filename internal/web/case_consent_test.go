package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestCaseworkPages: consents, assessments, status and timeline on a case,
// from the case page and their own pages.
func TestCaseworkPages(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	admin := app.users[haki.RoleAdmin]
	c := mustCase(t, app.store, admin, app.users[haki.RoleCaseworker].TeamID, false)
	today := time.Now().Format("2006-01-02")
	base := "/cases/" + c.ID
	consent := func(kv ...string) url.Values {
		v := url.Values{"purpose": {"publication"}, "decision": {"refused"}, "decided_on": {today}, "method": {"verbal"}, "language": {"sw"},
			"notes": {"Fears the police."}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	assessment := func(kv ...string) url.Values {
		v := url.Values{"assessed_on": {today}, "threat_level": {"high"}, "threatened_by": {"the OCS of Kayole"}, "safe_to_text": {"1"},
			"contact_method": {"sms"}, "needs": {"medical"}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	runScenarios(t, app, []scenario{
		{name: "case page before anything", role: haki.RoleCaseworker, method: http.MethodGet, path: base, wantStatus: http.StatusOK,
			wantBody: []string{"No assessment yet", "Not recorded", `action="` + base + `/status"`, `action="` + base + `/notes"`}},
		{name: "consent recorded", role: haki.RoleCaseworker, method: http.MethodPost, path: base + "/consents", form: consent(),
			wantStatus: http.StatusSeeOther},
		{name: "consent without decision", role: haki.RoleCaseworker, method: http.MethodPost, path: base + "/consents",
			form: consent("decision", ""), wantStatus: http.StatusUnprocessableEntity, wantBody: []string{`class="field-error"`, "Fears the police."}},
		{name: "consent with a bad day", role: haki.RoleCaseworker, method: http.MethodPost, path: base + "/consents",
			form: consent("decided_on", "yesterday"), wantStatus: http.StatusUnprocessableEntity, wantBody: []string{`value="yesterday"`}},
		{name: "professional may not record consent", role: haki.RoleProfessional, method: http.MethodPost, path: base + "/consents",
			form: consent(), wantStatus: http.StatusForbidden},
		{name: "consents page", role: haki.RoleCaseworker, method: http.MethodGet, path: base + "/consents", wantStatus: http.StatusOK,
			wantBody: []string{"Refused", "Fears the police.", `name="evidence_id"`}},
		{name: "researcher", role: haki.RoleResearcher, method: http.MethodGet, path: base + "/consents", wantStatus: http.StatusForbidden},
		{name: "unassigned professional", role: haki.RoleProfessional, method: http.MethodGet, path: base + "/timeline", wantStatus: http.StatusNotFound},

		{name: "assessment recorded", role: haki.RoleCaseworker, method: http.MethodPost, path: base + "/assessments", form: assessment(),
			wantStatus: http.StatusSeeOther},
		{name: "unsafe call", role: haki.RoleCaseworker, method: http.MethodPost, path: base + "/assessments",
			form: assessment("contact_method", "phone"), wantStatus: http.StatusUnprocessableEntity, wantBody: []string{`class="field-error"`, "the OCS of Kayole"}},
		{name: "assessments page", role: haki.RoleCaseworker, method: http.MethodGet, path: base + "/assessments", wantStatus: http.StatusOK,
			wantBody: []string{"the OCS of Kayole", "in force"}},

		{name: "close without reason", role: haki.RoleCaseworker, method: http.MethodPost, path: base + "/status",
			form: url.Values{"version": {"1"}, "status": {"closed"}}, wantStatus: http.StatusUnprocessableEntity, wantBody: []string{`class="field-error"`}},
		{name: "close", role: haki.RoleCaseworker, method: http.MethodPost, path: base + "/status",
			form: url.Values{"version": {"1"}, "status": {"closed"}, "closure_reason": {"lost_to_follow_up"}}, wantStatus: http.StatusSeeOther},
		{name: "stale", role: haki.RoleCaseworker, method: http.MethodPost, path: base + "/status",
			form: url.Values{"version": {"1"}, "status": {"active"}, "reason": {"back"}}, wantStatus: http.StatusConflict},
		{name: "reopen without reason", role: haki.RoleCaseworker, method: http.MethodPost, path: base + "/status",
			form: url.Values{"version": {"2"}, "status": {"active"}}, wantStatus: http.StatusUnprocessableEntity, wantBody: []string{`name="reason"`, `class="field-error"`}},
		{name: "reopen", role: haki.RoleCaseworker, method: http.MethodPost, path: base + "/status",
			form: url.Values{"version": {"2"}, "status": {"active"}, "reason": {"She called back"}}, wantStatus: http.StatusSeeOther},
		{name: "status page", role: haki.RoleCaseworker, method: http.MethodGet, path: base + "/status", wantStatus: http.StatusOK,
			wantBody: []string{`name="version" value="3"`}},

		{name: "note from the case page", role: haki.RoleCaseworker, method: http.MethodPost, path: base + "/notes",
			form: url.Values{"body": {"Met at the hospital."}, "from": {"case"}}, wantStatus: http.StatusSeeOther},
		{name: "empty note", role: haki.RoleCaseworker, method: http.MethodPost, path: base + "/notes",
			form: url.Values{"body": {" "}}, wantStatus: http.StatusUnprocessableEntity, wantBody: []string{`class="field-error"`}},
		{name: "timeline filtered", role: haki.RoleCaseworker, method: http.MethodGet, path: base + "/timeline?kind=status", wantStatus: http.StatusOK,
			wantBody: []string{"She called back", "Lost to follow-up"}, notBody: []string{"Met at the hospital."}},
		{name: "case page after", role: haki.RoleCaseworker, method: http.MethodGet, path: base, wantStatus: http.StatusOK,
			wantBody: []string{"Met at the hospital.", "the OCS of Kayole", "Refused", base + "/timeline"}},
	})

	t.Run("assigned professional writes notes", func(t *testing.T) {
		prof := app.users[haki.RoleProfessional]
		got, err := app.store.FindCaseByID(storetest.As(admin), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		got.AssigneeIDs = append(got.AssigneeIDs, prof.ID)
		if err := app.store.UpdateCase(storetest.As(admin), got); err != nil {
			t.Fatal(err)
		}
		cl := app.sessionClient(t, haki.RoleProfessional)
		if res := cl.post(base+"/notes", url.Values{"body": {"Examined the client."}}); res.status != http.StatusSeeOther {
			t.Fatalf("note: %d", res.status)
		}
		page := cl.get(base)
		if !strings.Contains(page.body, "Examined the client.") || strings.Contains(page.body, `action="`+base+`/status"`) {
			t.Errorf("professional's case page: status form shown or note missing")
		}
	})
}

// TestPublicationOverrideField: the incident form offers the override only
// to administrators and shows the consent problem beside "publishable".
func TestPublicationOverrideField(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	admin := app.users[haki.RoleAdmin]
	inc := mustIncident(t, app.store, admin, "Shooting at Kayole")
	client := mustPerson(t, app.store, admin, "Amina Hassan")
	mustAct(t, app.store, admin, inc, client)
	cs := &haki.Case{ClientID: client.ID, ClientRelation: "survivor", IntakeDate: time.Now().AddDate(0, 0, -1), IntakeChannel: "walk_in",
		IncidentIDs: []string{inc.ID}}
	if err := app.store.CreateCase(storetest.As(admin), cs); err != nil {
		t.Fatal(err)
	}
	got, _ := app.store.FindIncidentByID(storetest.As(admin), inc.ID)
	form := url.Values{"title": {got.Title}, "types": got.Types, "occurred": {got.Occurred.String()}, "county_code": {got.CountyCode},
		"verification": {"verified"}, "publishable": {"1"}, "version": {"1"}}
	if res := app.sessionClient(t, haki.RoleDataManager).get("/incidents/" + inc.ID + "/edit"); strings.Contains(res.body, `name="override_reason"`) {
		t.Error("data manager is offered the override")
	}
	res := app.sessionClient(t, haki.RoleDataManager).post("/incidents/"+inc.ID, form)
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "publication") {
		t.Fatalf("without consent: %d", res.status)
	}
	form.Del("csrf") // post added the data manager's
	form.Set("override_reason", "The family asked for publication in court")
	if res := app.sessionClient(t, haki.RoleAdmin).post("/incidents/"+inc.ID, form); res.status != http.StatusSeeOther {
		t.Errorf("admin override: %d", res.status)
	}
}
