package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
	"golang.org/x/net/html"
)

// clinicians remembers, per test app, that its professional is already a
// doctor of the directory (an account is linked to one record only).
var clinicians sync.Map

// mustClinician makes the app's professional a doctor of the directory,
// once.
func mustClinician(tb testing.TB, app *testApp) *haki.User {
	tb.Helper()
	doc := app.users[haki.RoleProfessional]
	if _, done := clinicians.LoadOrStore(app, true); !done {
		mustProfessional(tb, app.store, app.users[haki.RoleAdmin], "Dr Wanjiru Kamau", doc.ID)
	}
	return doc
}

// mustEvaluationCase is a case of the caseworkers' team with the doctor
// assigned.
func mustEvaluationCase(tb testing.TB, app *testApp) *haki.Case {
	tb.Helper()
	admin := app.users[haki.RoleAdmin]
	doc := mustClinician(tb, app)
	c := mustCase(tb, app.store, admin, app.users[haki.RoleCaseworker].TeamID, false)
	c.AssigneeIDs = append(c.AssigneeIDs, doc.ID)
	if err := app.store.UpdateCase(storetest.As(admin), c); err != nil {
		tb.Fatalf("assign the doctor: %v", err)
	}
	return c
}

// evaluationIDs gives the evaluation routes a fresh draft by the doctor.
func evaluationIDs(tb testing.TB, app *testApp) map[string]string {
	c := mustEvaluationCase(tb, app)
	e := &haki.Evaluation{CaseID: c.ID, Kind: "both", ExaminedOn: time.Now().AddDate(0, 0, -1),
		EvaluationContent: haki.EvaluationContent{Place: "Clinic", Account: "Beaten with batons at the station."}}
	if err := app.store.CreateEvaluation(storetest.As(app.users[haki.RoleProfessional]), e); err != nil {
		tb.Fatalf("create evaluation: %v", err)
	}
	return map[string]string{"id": e.ID}
}

// evaluationForm is the form of a draft as a clinician fills it.
func evaluationForm(version int, extra ...string) url.Values {
	v := url.Values{"version": {strconv.Itoa(version)}, "kind": {"both"}, "examined_on": {"2026-03-01"}, "place": {"Kenyatta National Hospital"},
		"exam_consent": {"given"}, "exam_consent_method": {"signed_form"}, "uses": {"litigation"},
		"qualifications": {"MBChB; Istanbul Protocol training (2024)"},
		"account":        {"Beaten with batons at the station for two days."}, "interpretation": {"The findings correspond to the account."},
		"overall_level": {"highly_consistent"}, "finding_rows": {"1"}, "finding_kind_1": {"physical"}, "finding_view_1": {"back"},
		"finding_x_1": {"0.5"}, "finding_y_1": {"0.4"}, "finding_lesion_type_1": {"bruise"},
		"finding_description_1": {"Tramline bruises across the back"}, "finding_alleged_method_1": {"beating"}, "finding_opinion_1": {"highly_consistent"}}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return v
}

// fieldErrorOf returns the text of the field-error beside the input named field.
func fieldErrorOf(tb testing.TB, body, field string) string {
	tb.Helper()
	for _, in := range htmlNodes(tb, body, func(n *html.Node) bool { return htmlAttr(n, "name") == field }) {
		for sib := in.NextSibling; sib != nil; sib = sib.NextSibling {
			if sib.Type == html.ElementNode && strings.Contains(htmlAttr(sib, "class"), "field-error") {
				return htmlText(sib)
			}
		}
	}
	return ""
}

// errorIn returns the text of the field-error in the element with the id.
func errorIn(tb testing.TB, body, id string) string {
	tb.Helper()
	for _, n := range htmlNodes(tb, body, func(n *html.Node) bool { return htmlAttr(n, "id") == id }) {
		for _, e := range htmlAll(n, "span", "field-error") {
			return htmlText(e)
		}
	}
	return ""
}

func TestEvaluationPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		c := mustEvaluationCase(t, app)
		doc := app.client(t, haki.RoleProfessional)
		cw := app.client(t, haki.RoleCaseworker)

		// Only a clinician of the directory opens one: the store's refusal is shown.
		if res := cw.post("/evaluations/new?case="+c.ID, url.Values{"kind": {"both"}, "examined_on": {"2026-03-01"}}); res.status != http.StatusForbidden ||
			!strings.Contains(res.body, "network directory") {
			t.Errorf("caseworker opens an evaluation: %d", res.status)
		}
		res := doc.post("/evaluations/new?case="+c.ID, url.Values{"kind": {"both"}, "examined_on": {"2026-03-01"}})
		if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/evaluations/") {
			t.Fatalf("doctor opens an evaluation: %d %q", res.status, res.location)
		}
		path := res.location
		if res := doc.get(path); res.status != 200 || len(htmlNodes(t, res.body, func(n *html.Node) bool { return htmlAttr(n, "id") == "evaluation-form" })) != 1 {
			t.Fatalf("the evaluator's draft is not the form: %d", res.status)
		}
		if res := doc.get("/cases/" + c.ID); !strings.Contains(res.body, `href="`+path+`"`) || !strings.Contains(res.body, `href="/evaluations/new?case=`) {
			t.Error("the case page does not list the evaluation, or offers the doctor no new one")
		}
		if res := cw.get("/cases/" + c.ID); !strings.Contains(res.body, `href="`+path+`"`) || strings.Contains(res.body, `href="/evaluations/new?case=`) {
			t.Error("the caseworker's case page does not list the evaluation, or offers them a new one")
		}

		// Add a finding, then fill it in; a stale version is refused plainly.
		if res := doc.post(path, evaluationForm(1, "finding_rows", "0", "action", "add_finding")); res.status != http.StatusSeeOther || res.location != path+"#finding-1" {
			t.Fatalf("add a finding: %d %q", res.status, res.location)
		}
		if res := doc.post(path, evaluationForm(2)); res.status != http.StatusSeeOther {
			t.Fatalf("save: %d %s", res.status, res.body)
		}
		if res := doc.post(path, evaluationForm(2, "account", "Typed on the other tablet")); res.status != http.StatusConflict ||
			!strings.Contains(res.body, "saved elsewhere") || !strings.Contains(res.body, "Typed on the other tablet") {
			t.Errorf("stale save: %d", res.status)
		}
		// A background save answers JSON with the new version.
		form := evaluationForm(3, "detention", "Held in a cell without light.")
		form.Set("csrf", doc.csrf)
		req, _ := http.NewRequest(http.MethodPost, app.srv.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set(autosaveHeader, "1")
		if res := doc.do(req); res.status != 200 || !strings.Contains(res.body, `"version":4`) {
			t.Errorf("background save: %d %s", res.status, res.body)
		}

		// The caseworker sees that it exists, not what it says, and cannot write it.
		res = cw.get(path)
		if res.status != 200 || !strings.Contains(res.body, "Content restricted to clinicians") || strings.Contains(res.body, "Tramline") {
			t.Errorf("caseworker's view: %d", res.status)
		}
		if res := cw.post(path, evaluationForm(4)); res.status != http.StatusForbidden && res.status != http.StatusNotFound {
			t.Errorf("caseworker saves: %d", res.status)
		}
		if res := cw.post(path+"/sign", evaluationForm(4, "current_code", "123456")); res.status != http.StatusForbidden && res.status != http.StatusNotFound {
			t.Errorf("caseworker signs: %d", res.status)
		}

		// Signing needs the fields ReadyToSign asks for, and a second factor.
		res = doc.post(path+"/sign", evaluationForm(4, "interpretation", "", "finding_opinion_1", ""))
		if res.status != http.StatusUnprocessableEntity || fieldErrorOf(t, res.body, "interpretation") == "" || fieldErrorOf(t, res.body, "current_code") == "" {
			t.Errorf("sign an incomplete draft: %d", res.status)
		}
		res = doc.post(path+"/sign", evaluationForm(5, "current_code", "123456"))
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(fieldErrorOf(t, res.body, "current_code"), "two-step") {
			t.Errorf("sign without a second factor: %d %q", res.status, fieldErrorOf(t, res.body, "current_code"))
		}
		secret := enrolTOTP(t, app, app.users[haki.RoleProfessional])
		res = doc.post(path+"/sign", evaluationForm(6, "current_code", code(t, secret, time.Now())))
		if res.status != http.StatusSeeOther {
			t.Fatalf("sign: %d %s", res.status, res.body)
		}
		res = doc.get(path)
		hashes := htmlAll(htmlNodes(t, res.body, func(n *html.Node) bool { return n.Data == "body" })[0], "code", "evaluation-hash")
		if len(hashes) != 1 || len(strings.Fields(htmlText(hashes[0]))) != 8 {
			t.Errorf("the signed view shows no hash")
		}
		if res := doc.post(path+"/addenda", url.Values{"reason": {"Photograph added"}, "text": {"Photograph 2 shows the bruise."},
			"current_code": {code(t, secret, time.Now().Add(30*time.Second))}}); res.status != http.StatusSeeOther {
			t.Fatalf("addendum: %d %s", res.status, res.body)
		}
		if res := doc.get(path); !strings.Contains(res.body, "Photograph 2 shows the bruise.") {
			t.Error("the addendum is not shown")
		}
	})
}

// enrolTOTP gives u a second factor and returns its secret.
func enrolTOTP(tb testing.TB, app *testApp, u *haki.User) string {
	tb.Helper()
	ctx := storetest.As(u)
	e, err := app.store.BeginTOTPEnrolment(ctx, store.AccountProof{Password: storetest.Password})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := app.store.ConfirmTOTP(ctx, code(tb, e.Secret, time.Now().Add(-30*time.Second))); err != nil {
		tb.Fatalf("confirm: %v", err)
	}
	return e.Secret
}
