package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/storetest"
)

// intakeIDs gives the intake routes a fresh draft of the administrator's.
func intakeIDs(tb testing.TB, app *testApp) map[string]string {
	d := &haki.IntakeDraft{Step: 1, Data: "{}"}
	if err := app.store.CreateIntakeDraft(storetest.As(app.users[haki.RoleAdmin]), d); err != nil {
		tb.Fatal(err)
	}
	return map[string]string{"id": d.ID}
}

var draftAction = regexp.MustCompile(`action="/intakes/([0-9a-f-]{36})"`)

// TestIntakeJourney walks a caseworker through the five screens: the person
// found under another spelling, an incident by reference, consents, the
// assessment (with a way back), and the case.
func TestIntakeJourney(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	admin := app.users[haki.RoleAdmin]
	person := mustPerson(t, app.store, admin, "Wanjiru Kamau")
	inc := mustIncident(t, app.store, admin, "Beating at Kilimani station")
	today := time.Now().Format("2006-01-02")
	cw := app.sessionClient(t, haki.RoleCaseworker)

	for _, path := range []string{"/cases", "/"} {
		if res := cw.get(path); !strings.Contains(res.body, `href="/intakes/new"`) {
			t.Errorf("%s has no link to a new intake", path)
		}
	}
	if res := cw.get("/intakes/new"); res.status != http.StatusOK || !strings.Contains(res.body, `name="q"`) {
		t.Fatalf("new intake: %d", res.status)
	}
	res := cw.post("/intakes", url.Values{"step": {"1"}, "nav": {"search"}, "q": {"Wanjiro Kamau"}})
	if res.status != http.StatusOK || !strings.Contains(res.body, person.Ref) {
		t.Fatalf("search under another spelling: %d, found %v", res.status, strings.Contains(res.body, person.Ref))
	}
	m := draftAction.FindStringSubmatch(res.body)
	if m == nil {
		t.Fatal("no draft in the form")
	}
	draft := "/intakes/" + m[1]
	step := func(n int, nav string, kv ...string) response {
		t.Helper()
		v := url.Values{"step": {string(rune('0' + n))}, "nav": {nav}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Add(kv[i], kv[i+1])
		}
		return cw.post(draft, v)
	}
	expect := func(res response, status int, want ...string) {
		t.Helper()
		if res.status != status {
			t.Fatalf("status %d, want %d: %.400s", res.status, status, res.body)
		}
		for _, w := range want {
			if !strings.Contains(res.body+res.location, w) {
				t.Errorf("answer lacks %q", w)
			}
		}
	}
	expect(step(1, "next"), http.StatusUnprocessableEntity, `class="field-error"`)
	expect(step(1, "next", "client_id", person.ID), http.StatusSeeOther, "?step=2")
	expect(step(2, "next"), http.StatusUnprocessableEntity, `class="field-error"`)
	expect(step(2, "next", "incident_refs", "INC-1999-000001"), http.StatusUnprocessableEntity, "INC-1999-000001")
	expect(step(2, "next", "incident_refs", inc.Ref), http.StatusSeeOther, "?step=3")
	expect(step(3, "next", "consent.care.decision", "given", "consent.publication.decision", "refused", "consent.decided_on", today,
		"consent.method", "thumbprint", "consent.language", "sw", "assessment.needs", "medical", "assessment.needs", "legal"), http.StatusSeeOther, "?step=4")
	// Going back keeps what was entered.
	expect(step(4, "back", "assessment.threat_level", "high"), http.StatusSeeOther, "?step=3")
	page := cw.get(draft + "?step=3")
	expect(page, http.StatusOK, `value="thumbprint" selected`, `value="medical" checked`)
	if res := cw.get(draft + "?step=4"); !strings.Contains(res.body, `value="high" selected`) {
		t.Error("step 4 forgot the threat level")
	}
	expect(step(4, "next", "assessment.assessed_on", today, "assessment.threat_level", "high", "assessment.contact_method", "phone"),
		http.StatusUnprocessableEntity, `class="field-error"`)
	expect(step(4, "next", "assessment.assessed_on", today, "assessment.threat_level", "high", "assessment.contact_method", "in_person",
		"assessment.threatened_by", "the OCS of Kilimani"), http.StatusSeeOther, "?step=5")

	// Left for later, it is listed for its author only.
	expect(step(5, "save", "case.intake_channel", "hotline"), http.StatusSeeOther, "/intakes")
	if res := cw.get("/intakes"); !strings.Contains(res.body, person.Ref) || !strings.Contains(res.body, draft) {
		t.Errorf("my unfinished intakes: %.300s", res.body)
	}
	if res := app.sessionClientFor(t, storetest.MustUser(t, app.store, "other", haki.RoleCaseworker, "")).get(draft); res.status != http.StatusNotFound {
		t.Errorf("another caseworker opens the draft: %d", res.status)
	}
	if res := app.sessionClient(t, haki.RoleProfessional).get(draft); res.status != http.StatusForbidden {
		t.Errorf("professional: %d", res.status)
	}
	expect(cw.get(draft), http.StatusOK, `value="hotline" selected`)

	res = step(5, "finish", "case.client_relation", "survivor", "case.intake_date", today, "case.intake_channel", "hotline",
		"case.summary", "Came with her sister.")
	expect(res, http.StatusSeeOther, "/cases/")
	casePage := cw.get(res.location)
	expect(casePage, http.StatusOK, person.Ref, inc.Ref, "Came with her sister.", "the OCS of Kilimani")
	if res := cw.get("/intakes"); strings.Contains(res.body, draft) {
		t.Error("the finished intake is still listed")
	}
	if res := cw.get(draft); res.status != http.StatusNotFound {
		t.Errorf("finished draft: %d", res.status)
	}
}

func TestIntakeNewPersonAndDiscard(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	cw := app.sessionClient(t, haki.RoleCaseworker)
	res := cw.post("/intakes", url.Values{"step": {"1"}, "nav": {"next"}, "client_id": {"new"}, "person.full_name": {""}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, `class="field-error"`) {
		t.Fatalf("new person without a name: %d", res.status)
	}
	draft := "/intakes/" + draftAction.FindStringSubmatch(res.body)[1]
	res = cw.post(draft, url.Values{"step": {"1"}, "nav": {"next"}, "client_id": {"new"}, "person.full_name": {"Otieno Odhiambo"},
		"person.birth_date": {"1990"}, "person.sex": {"male"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("new person: %d", res.status)
	}
	if res := cw.post(draft+"/delete", nil); res.status != http.StatusSeeOther {
		t.Fatalf("discard: %d", res.status)
	}
	if res := cw.get("/intakes"); strings.Contains(res.body, draft) {
		t.Error("the discarded intake is listed")
	}
	// Nothing was registered by the draft.
	if found, _, _ := app.store.FindPersons(storetest.As(app.users[haki.RoleAdmin]), haki.PersonFilter{Text: "Otieno"}); len(found) != 0 {
		t.Errorf("a draft registered a person: %d", len(found))
	}
}
