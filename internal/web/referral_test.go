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

// TestReferralJourney follows a referral from the caseworker to a network
// doctor, who then sees that case only and records an examination on it.
func TestReferralJourney(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	admin, profUser := app.users[haki.RoleAdmin], app.users[haki.RoleProfessional]
	team := app.users[haki.RoleCaseworker].TeamID
	doc := mustProfessional(t, app.store, admin, "Dr Achieng Otieno", profUser.ID)
	c := mustCase(t, app.store, admin, team, false)
	other := mustCase(t, app.store, admin, team, false)
	cw, prof := app.sessionClient(t, haki.RoleCaseworker), app.sessionClient(t, haki.RoleProfessional)
	today := time.Now().Format("2006-01-02")
	refer := func() url.Values {
		return url.Values{"to": {"professional:" + doc.ID}, "reason": {"Medico-legal examination"}, "sent_on": {today}}
	}

	// Without the client's consent to care, the form comes back with the refusal beside the field.
	res := cw.post("/cases/"+c.ID+"/referrals", refer())
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "has not given consent to care") ||
		strings.Contains(res.body, `name="override_reason"`) {
		t.Fatalf("referral without consent: %d", res.status)
	}
	if res := app.sessionClient(t, haki.RoleAdmin).post("/cases/"+c.ID+"/referrals", refer()); res.status != http.StatusUnprocessableEntity ||
		!strings.Contains(res.body, `name="override_reason"`) {
		t.Errorf("administrator's form has no override field: %d", res.status)
	}
	if res := prof.get("/cases/" + c.ID); res.status != http.StatusNotFound {
		t.Fatalf("the doctor sees the case before the referral: %d", res.status)
	}

	mustGiveConsent(t, app.store, admin, c.ID, haki.ConsentCare)
	if res := cw.post("/cases/"+c.ID+"/referrals", refer()); res.status != http.StatusSeeOther {
		t.Fatalf("send referral: %d %s", res.status, res.body)
	}
	page := cw.get("/cases/" + c.ID)
	if !strings.Contains(page.body, "Dr Achieng Otieno") || !strings.Contains(page.body, "Medico-legal examination") {
		t.Errorf("the case page does not show the referral")
	}

	// The doctor now sees this case, only this one, with the forms to work on it.
	page = prof.get("/cases/" + c.ID)
	if page.status != http.StatusOK {
		t.Fatalf("the referred doctor opens the case: %d", page.status)
	}
	for _, want := range []string{"/cases/" + c.ID + "/services/new", `action="/cases/` + c.ID + `/evidence"`, "/referrals/"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the doctor's case page lacks %q", want)
		}
	}
	if res := prof.get("/cases/" + other.ID); res.status != http.StatusNotFound {
		t.Errorf("the doctor sees another case: %d", res.status)
	}
	if list := prof.get("/cases"); strings.Contains(list.body, other.Ref) || !strings.Contains(list.body, c.Ref) {
		t.Errorf("the doctor's case list is wrong")
	}
	form := prof.get("/cases/" + c.ID + "/services/new")
	if form.status != http.StatusOK || !strings.Contains(form.body, `value="professional:`+doc.ID+`" selected`) {
		t.Errorf("service form does not default to the doctor: %d", form.status)
	}
	refs, err := app.store.FindReferrals(storetest.As(admin), c.ID)
	if err != nil || len(refs) != 1 {
		t.Fatal(refs, err)
	}
	if res := prof.post("/cases/"+c.ID+"/referrals/"+refs[0].ID+"/respond", url.Values{"action": {"accept"}, "on": {today},
		"feedback": {"Seeing her on Monday"}, "version": {"1"}}); res.status != http.StatusSeeOther {
		t.Fatalf("accept: %d %s", res.status, res.body)
	}
	if res := prof.post("/cases/"+c.ID+"/services", url.Values{"type": {"medico_legal_examination"}, "delivered_on": {today},
		"duration_minutes": {"90"}, "cost_kes": {"3500"}, "outcome": {"Findings consistent with the account"}}); res.status != http.StatusSeeOther {
		t.Fatalf("record service: %d %s", res.status, res.body)
	}
	svs, err := app.store.FindServices(storetest.As(admin), c.ID)
	if err != nil || len(svs) != 1 || svs[0].ProfessionalID != doc.ID || svs[0].CostKES != 3500 {
		t.Fatalf("services: %+v %v", svs, err)
	}
	page = cw.get("/cases/" + c.ID)
	for _, want := range []string{"Findings consistent with the account", "Seeing her on Monday", "Accepted"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the caseworker's case page lacks %q", want)
		}
	}
	runScenarios(t, app, []scenario{
		{name: "bad cost", role: haki.RoleCaseworker, method: http.MethodPost, path: "/cases/" + c.ID + "/services",
			form:       url.Values{"type": {"legal_advice"}, "provider": {"staff:" + app.users[haki.RoleCaseworker].ID}, "delivered_on": {today}, "cost_kes": {"-5"}},
			wantStatus: http.StatusUnprocessableEntity, wantBody: []string{`class="field-error"`, `value="-5"`}},
		{name: "unknown attendee", role: haki.RoleCaseworker, method: http.MethodPost, path: "/cases/" + c.ID + "/services",
			form: url.Values{"type": {"counselling_group"}, "provider": {"staff:" + app.users[haki.RoleCaseworker].ID}, "delivered_on": {today},
				"attendee_refs": {"CASE-1999-000001"}}, wantStatus: http.StatusUnprocessableEntity, wantBody: []string{"CASE-1999-000001"}},
		{name: "group session", role: haki.RoleCaseworker, method: http.MethodPost, path: "/cases/" + c.ID + "/services",
			form: url.Values{"type": {"counselling_group"}, "provider": {"staff:" + app.users[haki.RoleCaseworker].ID}, "delivered_on": {today},
				"attendee_refs": {other.Ref}, "cost_kes": {"2000"}}, wantStatus: http.StatusSeeOther},
		{name: "the other attendee's case lists the session", role: haki.RoleCaseworker, method: http.MethodGet, path: "/cases/" + other.ID + "/services",
			wantStatus: http.StatusOK, wantBody: []string{"Psychological counselling (group)"}, notBody: []string{"Findings consistent"}},
		{name: "service of another case", role: haki.RoleCaseworker, method: http.MethodGet,
			path: "/cases/" + other.ID + "/services/" + svs[0].ID + "/edit", wantStatus: http.StatusNotFound},
		{name: "the doctor may not refer", role: haki.RoleProfessional, method: http.MethodGet, path: "/cases/" + c.ID + "/referrals/new",
			wantStatus: http.StatusForbidden},
	})
}

func TestOverdueOnHome(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	admin := app.users[haki.RoleAdmin]
	c := mustCase(t, app.store, admin, app.users[haki.RoleCaseworker].TeamID, false)
	mustGiveConsent(t, app.store, admin, c.ID, haki.ConsentSharing)
	hosp := mustPartner(t, app.store, admin, "Kenyatta National Hospital")
	// The home page shows the caller's own overdue referrals: the
	// caseworker sent this one; the administrator's own are not theirs.
	r := &haki.Referral{CaseID: c.ID, PartnerID: hosp.ID, Reason: "Treatment", SentOn: time.Now().AddDate(0, 0, -20)}
	if err := app.store.CreateReferral(storetest.As(app.users[haki.RoleCaseworker]), r); err != nil {
		t.Fatal(err)
	}
	runScenarios(t, app, []scenario{
		{name: "caseworker's home", role: haki.RoleCaseworker, method: http.MethodGet, path: "/", wantStatus: http.StatusOK,
			wantBody: []string{"Your referrals past their due date", c.Ref, "Kenyatta National Hospital"}},
		{name: "professional's home", role: haki.RoleProfessional, method: http.MethodGet, path: "/", wantStatus: http.StatusOK,
			notBody: []string{"Your referrals past their due date"}},
		{name: "overdue page", role: haki.RoleCaseworker, method: http.MethodGet, path: "/referrals/overdue", wantStatus: http.StatusOK,
			wantBody: []string{c.Ref}},
		{name: "case page", role: haki.RoleCaseworker, method: http.MethodGet, path: "/cases/" + c.ID, wantStatus: http.StatusOK,
			wantBody: []string{"badge-overdue"}},
	})
}
