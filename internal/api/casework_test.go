package api_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// errorField returns a problem's message for a field (field names hold dots).
func errorField(res response, field string) string {
	errs, _ := res.body["errors"].(map[string]any)
	s, _ := errs[field].(string)
	return s
}

func TestCaseworkAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		today := time.Now().Format("2006-01-02")
		consent := `{"purpose": "%s", "decision": "%s", "decided_on": "` + today + `", "method": "verbal", "language": "sw", "notes": "explained"}`
		scenarios := []scenario{
			{name: "record consent", method: "POST", path: "/api/v1/cases/{case}/consents", role: "caseworker",
				body: fmt.Sprintf(consent, "care", "given"), status: 201, want: map[string]any{"purpose": "care", "decided_on": today, "recorded_by": present}},
			{name: "consent refused by validation", method: "POST", path: "/api/v1/cases/{case}/consents", role: "caseworker",
				body: fmt.Sprintf(consent, "care", "perhaps"), status: 422, want: map[string]any{"errors.decision": present}},
			{name: "professional may not record consent", method: "POST", path: "/api/v1/cases/{case}/consents", role: "professional",
				body: fmt.Sprintf(consent, "care", "given"), status: 403},
			{name: "consents in force", method: "GET", path: "/api/v1/cases/{case}/consents", role: "caseworker", status: 200,
				want: map[string]any{"in_force.care.decision": "given", "in_force.publication": nil, "items.0.notes": "explained"}},
			{name: "unassigned professional", method: "GET", path: "/api/v1/cases/{case}/consents", role: "professional", status: 404},
			{name: "other team", method: "GET", path: "/api/v1/cases/{case}/consents", role: "caseworker_b", status: 404},
			{name: "researcher", method: "GET", path: "/api/v1/cases/{case}/timeline", role: "researcher", status: 404},
			{name: "viewer", method: "GET", path: "/api/v1/cases/{case}/assessments", role: "viewer", status: 404},

			{name: "record assessment", method: "POST", path: "/api/v1/cases/{case}/assessments", role: "caseworker",
				body:   `{"assessed_on": "` + today + `", "threat_level": "high", "threatened_by": "the OCS", "safe_to_text": true, "contact_method": "sms", "needs": ["legal"]}`,
				status: 201, want: map[string]any{"threat_level": "high", "assessed_on": today}},
			{name: "unsafe contact method", method: "POST", path: "/api/v1/cases/{case}/assessments", role: "caseworker",
				body: `{"assessed_on": "` + today + `", "threat_level": "high", "contact_method": "phone"}`, status: 422,
				want: map[string]any{"errors.contact_method": present}},
			{name: "assessments", method: "GET", path: "/api/v1/cases/{case}/assessments", role: "caseworker", status: 200,
				want: map[string]any{"items.0.threatened_by": "the OCS", "items.0.safe_to_call": false}},

			{name: "note", method: "POST", path: "/api/v1/cases/{case}/notes", role: "caseworker", body: `{"body": "Called her sister."}`,
				status: 201, want: map[string]any{"kind": "note", "summary": "Called her sister."}},
			{name: "empty note", method: "POST", path: "/api/v1/cases/{case}/notes", role: "caseworker", body: `{"body": " "}`,
				status: 422, want: map[string]any{"errors.body": present}},
			{name: "timeline by kind", method: "GET", path: "/api/v1/cases/{case}/timeline?kind=note", role: "caseworker", status: 200,
				want: map[string]any{"items.0.kind": "note", "items.1": nil}},
			{name: "timeline unknown kind", method: "GET", path: "/api/v1/cases/{case}/timeline?kind=gossip", role: "caseworker", status: 400},

			{name: "close without reason", method: "POST", path: "/api/v1/cases/{case}/status", role: "caseworker",
				body: `{"version": 1, "status": "closed"}`, status: 422, want: map[string]any{"errors.closure_reason": present}},
			{name: "status without version", method: "POST", path: "/api/v1/cases/{case}/status", role: "caseworker",
				body: `{"status": "active"}`, status: 422, want: map[string]any{"errors.version": present}},
			{name: "close", method: "POST", path: "/api/v1/cases/{case}/status", role: "caseworker",
				body: `{"version": 1, "status": "closed", "closure_reason": "withdrawn"}`, status: 200,
				want: map[string]any{"status": "closed", "closure_reason": "withdrawn", "version": 2}},
			{name: "stale version", method: "POST", path: "/api/v1/cases/{case}/status", role: "caseworker",
				body: `{"version": 1, "status": "active", "reason": "came back"}`, status: 409},
			{name: "reopen without reason", method: "POST", path: "/api/v1/cases/{case}/status", role: "caseworker",
				body: `{"version": 2, "status": "active"}`, status: 422, want: map[string]any{"errors.reason": present}},
			{name: "reopen", method: "POST", path: "/api/v1/cases/{case}/status", role: "caseworker",
				body: `{"version": 2, "status": "active", "reason": "She came back"}`, status: 200, want: map[string]any{"status": "active"}},
		}
		for _, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) { sc.run(t, w) })
		}
	})
}

// TestPublicationConsentAPI: publishing an incident whose victim is a
// client without publication consent is refused with a problem naming
// "consent"; only an administrator's written reason overrides it.
func TestPublicationConsentAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		publish := func(who, override string) response {
			t.Helper()
			res := w.do(t, "GET", "/api/v1/incidents/{incident}", "admin", "")
			inc := res.body
			inc["verification"], inc["publishable"] = "verified", true
			if override != "" {
				inc["override_reason"] = override
			}
			for _, k := range []string{"id", "ref", "created_by", "created_at", "updated_at", "victim_count"} {
				delete(inc, k)
			}
			b, _ := json.Marshal(inc)
			return w.do(t, "PUT", "/api/v1/incidents/{incident}", who, string(b))
		}
		res := publish("datamanager", "")
		if res.status != 422 || errorField(res, "consent") == "" {
			t.Fatalf("without consent: %d %s", res.status, res.raw)
		}
		if res := publish("datamanager", "The family asked for it"); res.status != 422 || errorField(res, "override_reason") == "" {
			t.Errorf("data manager override: %d %s", res.status, res.raw)
		}
		if res := publish("admin", "Court ordered the publication"); res.status != 200 {
			t.Errorf("admin override: %d %s", res.status, res.raw)
		}
		// The other incident's client gives consent: no override needed.
		today := time.Now().Format("2006-01-02")
		if res := w.do(t, "POST", "/api/v1/cases/{case_del}/consents", "admin",
			`{"purpose": "publication", "decision": "given", "decided_on": "`+today+`", "method": "signed_form", "language": "en"}`); res.status != 201 {
			t.Fatalf("consent: %d %s", res.status, res.raw)
		}
		res = w.do(t, "GET", "/api/v1/incidents/{incident_del}", "admin", "")
		inc := res.body
		inc["verification"], inc["publishable"] = "verified", true
		for _, k := range []string{"id", "ref", "created_by", "created_at", "updated_at", "victim_count"} {
			delete(inc, k)
		}
		b, _ := json.Marshal(inc)
		if res := w.do(t, "PUT", "/api/v1/incidents/{incident_del}", "datamanager", string(b)); res.status != 200 {
			t.Errorf("with consent: %d %s", res.status, res.raw)
		}
	})
}

func TestIntakeAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		today := time.Now().Format("2006-01-02")
		intake := func(channel string) string {
			return `{"new_client": {"full_name": "Akinyi Odhiambo", "sex": "female", "birth_date": "1985"},
				"incident_ids": ["{incident}"],
				"new_incident": {"title": "Beaten at Kayole post", "types": ["torture"], "occurred": "2024-05", "county_code": "KE-047"},
				"consents": [{"purpose": "care", "decision": "given", "decided_on": "` + today + `", "method": "signed_form", "language": "sw"}],
				"assessment": {"assessed_on": "` + today + `", "threat_level": "medium", "safe_to_text": true, "contact_method": "sms"},
				"case": {"client_relation": "survivor", "intake_date": "` + today + `", "intake_channel": "` + channel + `"}}`
		}
		res := w.do(t, "POST", "/api/v1/intakes", "caseworker", intake("carrier_pigeon"))
		if res.status != 422 || errorField(res, "case.intake_channel") == "" {
			t.Fatalf("bad channel: %d %s", res.status, res.raw)
		}
		if res := w.do(t, "POST", "/api/v1/persons/search", "admin", `{"q": "Akinyi"}`); res.status != 200 || len(res.body["items"].([]any)) != 0 {
			t.Errorf("a refused intake left a person: %s", res.raw)
		}
		res = w.do(t, "POST", "/api/v1/intakes", "caseworker", intake("hotline"))
		if res.status != 201 || res.body["client_name"] != "Akinyi Odhiambo" || res.body["status"] != "intake" {
			t.Fatalf("intake: %d %s", res.status, res.raw)
		}
		id := res.body["id"].(string)
		if got := w.do(t, "GET", "/api/v1/cases/"+id+"/timeline", "caseworker", ""); len(got.body["items"].([]any)) != 3 {
			t.Errorf("timeline of the intake: %s", got.raw)
		}
		if res := w.do(t, "POST", "/api/v1/intakes", "professional", intake("hotline")); res.status != 403 {
			t.Errorf("professional: %d", res.status)
		}
	})
}
