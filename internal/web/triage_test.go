package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

var reportKeys atomic.Int64

// mustReport submits a full report from the public, naming Halima Abdi as
// harmed, with a call-back wish.
func mustReport(tb testing.TB, st *store.Store) *haki.PublicReport {
	tb.Helper()
	r := &haki.PublicReport{Channel: "web", Kind: "full", What: "beaten", Occurred: haki.MustFuzzyDate("2024-03-14"), CountyCode: "KE-047",
		PlaceName: "Near the bus stage", Account: "Two officers beat Halima Abdi at the bus stage.", WantsHelp: true,
		Harmed:      []haki.ReportedPerson{{Name: "Halima Abdi", Sex: "female", Age: "about 34", Fate: "injured"}},
		Perpetrator: haki.ReportedPerpetrator{Service: "kps", Station: "Central police post"},
		Contact:     haki.SafeContact{Method: "call", Address: "0711 222 333", When: "mornings only"}}
	if _, err := st.SubmitPublicReport(context.Background(), r, "web-test-"+strconv.FormatInt(reportKeys.Add(1), 10)); err != nil {
		tb.Fatalf("submit report: %v %v", err, haki.ErrorFields(err))
	}
	return r
}

// reportIDs gives the route walk a fresh report.
func reportIDs(tb testing.TB, app *testApp) map[string]string {
	return map[string]string{"id": mustReport(tb, app.store).ID}
}

func TestTriagePages(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	r := mustReport(t, app.store)
	quiet := &haki.PublicReport{Channel: "web", Kind: "alert", What: "taken", CountyCode: "KE-001"}
	if _, err := app.store.SubmitPublicReport(context.Background(), quiet, "quiet"); err != nil {
		t.Fatal(err)
	}
	get := func(name string, role haki.Role, path string, status int, body ...string) scenario {
		return scenario{name: name, role: role, method: http.MethodGet, path: path, wantStatus: status, wantBody: body}
	}
	post := func(name string, role haki.Role, path string, form url.Values, status int, body ...string) scenario {
		return scenario{name: name, role: role, method: http.MethodPost, path: path, form: form, wantStatus: status, wantBody: body}
	}
	show := "/triage/" + r.ID
	runScenarios(t, app, []scenario{
		get("monitor sees the queue", haki.RoleMonitor, "/triage", http.StatusOK, r.Ref, quiet.Ref, "Someone beaten", "Nairobi", "Web"),
		{name: "the queue names no one", role: haki.RoleMonitor, method: http.MethodGet, path: "/triage", wantStatus: http.StatusOK,
			notBody: []string{"Halima", "0711"}},
		get("verified tab is empty", haki.RoleMonitor, "/triage?status=verified", http.StatusOK, `aria-current="page">Verified`),
		get("mine is empty", haki.RoleMonitor, "/triage?status=new&mine=1", http.StatusOK),
		get("caseworker may not", haki.RoleCaseworker, "/triage", http.StatusForbidden),
		get("caseworker learns nothing of a report", haki.RoleCaseworker, show, http.StatusForbidden),
		get("monitor opens it", haki.RoleMonitor, show, http.StatusOK, "Halima Abdi", "Two officers beat", "0711 222 333", "mornings only",
			"Central police post", `action="/triage/`+r.ID+`/contacts"`),
		{name: "monitor is not offered verification", role: haki.RoleMonitor, method: http.MethodGet, path: show, wantStatus: http.StatusOK,
			notBody: []string{`/verify"`}},
		get("data manager sees the verify form prefilled", haki.RoleDataManager, show, http.StatusOK, `action="/triage/`+r.ID+`/verify"`,
			`name="v0_name" value="Halima Abdi"`, `name="v0_age" value="34"`, `value="torture" checked`, `value="ill_treatment" selected`),
		post("note", haki.RoleMonitor, show+"/notes", url.Values{"text": {"Spoke to the chief."}}, http.StatusSeeOther),
		post("empty note", haki.RoleMonitor, show+"/notes", url.Values{"text": {""}}, http.StatusUnprocessableEntity, "Write the note."),
		post("contact the wrong way", haki.RoleMonitor, show+"/contacts", url.Values{"method": {"sms"}, "outcome": {"no_answer"}},
			http.StatusUnprocessableEntity, "only by call"),
		post("contact as wished", haki.RoleMonitor, show+"/contacts", url.Values{"method": {"call"}, "outcome": {"no_answer"}}, http.StatusSeeOther),
		post("take it", haki.RoleMonitor, show+"/assign", url.Values{"assigned_to": {"me"}, "version": {"1"}}, http.StatusSeeOther),
		get("mine has it", haki.RoleMonitor, "/triage?status=new&mine=1", http.StatusOK, r.Ref),
		post("stale version", haki.RoleMonitor, show+"/status", url.Values{"status": {"being_verified"}, "version": {"1"}}, http.StatusConflict),
		post("being verified", haki.RoleMonitor, show+"/status", url.Values{"status": {"being_verified"}, "version": {"2"}}, http.StatusSeeOther),
		post("reject without reason", haki.RoleMonitor, show+"/status", url.Values{"status": {"rejected"}, "version": {"3"}},
			http.StatusUnprocessableEntity, "Say why the report is rejected."),
		get("page shows note and contact", haki.RoleMonitor, show, http.StatusOK, "Spoke to the chief.", "No answer"),
		post("monitor may not verify", haki.RoleMonitor, show+"/verify", url.Values{"mode": {"new"}}, http.StatusForbidden),
		post("verify with a missing victim status", haki.RoleDataManager, show+"/verify", url.Values{"version": {"3"}, "mode": {"new"},
			"title": {"Beating at the bus stage"}, "types": {"torture"}, "occurred": {"2024-03-14"}, "county_code": {"KE-047"},
			"victims": {"1"}, "v0_include": {"1"}, "v0_name": {"Halima Abdi"}, "v0_act_type": {"ill_treatment"}, "reliability": {"probably_true"}},
			http.StatusUnprocessableEntity, `name="v0_name" value="Halima Abdi"`, "Choose what became of the victim."),
		post("verify into an unknown incident", haki.RoleDataManager, show+"/verify", url.Values{"version": {"3"}, "mode": {"source"},
			"incident_ref": {"INC-1999-000001"}, "reliability": {"probably_true"}, "victims": {"0"}},
			http.StatusUnprocessableEntity, "Choose an incident from the records."),
		post("verify", haki.RoleDataManager, show+"/verify", url.Values{"version": {"3"}, "mode": {"new"},
			"title": {"Beating at the bus stage"}, "types": {"torture"}, "occurred": {"2024-03-14"}, "county_code": {"KE-047"},
			"victims": {"2"}, "v0_include": {"1"}, "v0_name": {"Halima Abdi"}, "v0_sex": {"female"}, "v0_age": {"34"},
			"v0_act_type": {"ill_treatment"}, "v0_status": {"injured"}, "source_kind": {"public_report"}, "reliability": {"probably_true"},
			"open_case": {"1"}, "case_client": {"1"}, "client_relation": {"survivor"}, "threat_level": {"medium"},
			"contact_method": {"phone"}, "safe_to_call": {"1"}, "needs": {"medical"}}, http.StatusSeeOther),
		get("verified, linked", haki.RoleDataManager, show, http.StatusOK, "INC-", "CASE-"),
		{name: "no more forms once verified", role: haki.RoleDataManager, method: http.MethodGet, path: show, wantStatus: http.StatusOK,
			notBody: []string{`/verify"`, `/status"`}},
		get("verified tab has it", haki.RoleMonitor, "/triage?status=verified", http.StatusOK, r.Ref),
	})
}

func TestTriageHomeBlock(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	mustReport(t, app.store)
	runScenarios(t, app, []scenario{
		{name: "monitor is told", role: haki.RoleMonitor, method: http.MethodGet, path: "/", wantStatus: http.StatusOK,
			wantBody: []string{`id="reports-waiting"`, "Reports waiting: 1", `href="/triage"`}},
		{name: "caseworker is not", role: haki.RoleCaseworker, method: http.MethodGet, path: "/", wantStatus: http.StatusOK,
			notBody: []string{`id="reports-waiting"`, `href="/triage"`}},
	})
}
