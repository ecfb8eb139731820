package api_test

import (
	"net/http"
	"testing"

	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

func TestVerifyPublicReportAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		path := "/api/v1/public-reports/{public_report}/verify"
		body := `{"version": 1, "reliability": "probably_true",
			"incident": {"title": "Man taken at Kilimani", "types": ["arbitrary_arrest"], "occurred": "2024-02-01", "county_code": "KE-047"},
			"victims": [{"person": {"full_name": "Baraka Mwangi", "sex": "male"}, "act": {"act_type": "arbitrary_detention", "victim_status": "detained"}}],
			"case": {"client_victim": 1, "client_relation": "survivor",
				"assessment": {"assessed_on": "2024-02-02", "threat_level": "low", "contact_method": "no_contact"}}}`
		// A monitor triages but may not verify; a victim who is no one is refused whole.
		if res := w.do(t, http.MethodPost, path, "monitor", body); res.status != http.StatusForbidden {
			t.Fatalf("monitor: %d %s", res.status, res.raw)
		}
		bad := `{"version": 1, "reliability": "probably_true", "incident_id": "{incident}",
			"victims": [{"person_id": "00000000-0000-0000-0000-000000000000", "act": {"act_type": "torture", "victim_status": "injured"}}]}`
		res := w.do(t, http.MethodPost, path, "datamanager", bad)
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("unknown victim: %d %s", res.status, res.raw)
		}
		if errs, _ := res.body["errors"].(map[string]any); errs["victims.0.person_id"] == nil {
			t.Errorf("unknown victim: %s", res.raw)
		}
		res = w.do(t, http.MethodPost, path, "datamanager", body)
		if res.status != http.StatusOK || res.body["status"] != "verified" || res.body["incident_id"] == "" || res.body["case_id"] == nil ||
			res.body["version"] != float64(2) {
			t.Fatalf("verify: %d %s", res.status, res.raw)
		}
		if res := w.do(t, http.MethodGet, "/api/v1/incidents/"+res.body["incident_id"].(string), "datamanager", ""); res.status != http.StatusOK ||
			res.body["verification"] != "verified" || res.body["victim_count"] != float64(1) {
			t.Errorf("incident: %d %s", res.status, res.raw)
		}
		if res := w.do(t, http.MethodPost, path, "datamanager", body); res.status != http.StatusConflict {
			t.Errorf("again: %d %s", res.status, res.raw)
		}
	})
}
