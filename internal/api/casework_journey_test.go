package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestCaseworkJourneyAPI checks through the API what the caseworker's
// browser journey (TestBrowserCasework) relies on: consent is enforced on referrals (care for a network
// professional, sharing for a partner institution), a referral shows the
// case to that professional only, and researchers and viewers see nothing
// of case management.
func TestCaseworkJourneyAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		// newWorld's seed holds the partner {partner} and the directory
		// record of the "professional" account, assigned to no case.
		w.ids["doc"] = w.addProfessional(t, s, "doc")
		today := time.Now().Format("2006-01-02")
		toDoc := `{"case_id": "{case}", "professional_id": "{doc}", "reason": "Medico-legal examination", "sent_on": "` + today + `"}`
		toPartner := `{"case_id": "{case}", "partner_id": "{partner}", "reason": "Treatment of injuries", "sent_on": "` + today + `"}`
		refusedFor := func(name, body, purpose string) {
			t.Helper()
			res := w.do(t, "POST", "/api/v1/referrals", "caseworker", body)
			msg := errorField(res, "consent")
			if res.status != 422 || !strings.Contains(msg, "consent") || !strings.Contains(msg, purpose) {
				t.Errorf("%s: %d, consent error %q, want 422 naming consent to %s", name, res.status, msg, purpose)
			}
		}
		refusedFor("doctor without consent to care", toDoc, "care")
		refusedFor("partner without consent to sharing", toPartner, "shar")

		// Consent to care and litigation, as the intake records them: the
		// doctor may be referred to, the partner still may not.
		for _, purpose := range []string{haki.ConsentCare, haki.ConsentLitigation} {
			c := &haki.Consent{CaseID: w.ids["case"], Purpose: purpose, Decision: "given", DecidedOn: time.Now(), Method: "signed_form", Language: "sw"}
			if err := s.RecordConsent(storetest.As(w.users["caseworker"]), c); err != nil {
				t.Fatal(err)
			}
		}
		refusedFor("partner with consent to care only", toPartner, "shar")
		if res := w.do(t, "GET", "/api/v1/cases/{case}", "doc", ""); res.status != 404 {
			t.Fatalf("the doctor sees the case before the referral: %d", res.status)
		}
		if res := w.do(t, "POST", "/api/v1/referrals", "caseworker", toDoc); res.status != 201 {
			t.Fatalf("referral to the doctor: %d %s", res.status, res.raw)
		}

		// The referred doctor sees this case; another professional, the
		// researcher and the viewer see nothing of it.
		paths := []string{"/api/v1/cases/{case}", "/api/v1/cases/{case}/timeline", "/api/v1/cases/{case}/services",
			"/api/v1/cases/{case}/referrals", "/api/v1/cases/{case}/consents", "/api/v1/cases/{case}/matters",
			"/api/v1/cases/{case}/appointments", "/api/v1/cases/{case}/dropout"}
		for _, p := range paths {
			if res := w.do(t, "GET", p, "doc", ""); res.status != 200 {
				t.Errorf("referred doctor GET %s: %d", p, res.status)
			}
			if res := w.do(t, "GET", p, "professional", ""); res.status != 404 {
				t.Errorf("another professional GET %s: %d, want 404", p, res.status)
			}
			for _, who := range []string{"researcher", "viewer"} {
				if res := w.do(t, "GET", p, who, ""); res.status != 403 && res.status != 404 {
					t.Errorf("%s GET %s: %d, want 403 or 404", who, p, res.status)
				}
			}
		}
		if res := w.do(t, "GET", "/api/v1/cases/{case_b}", "doc", ""); res.status != 404 {
			t.Errorf("the doctor sees another case: %d", res.status)
		}
		res := w.do(t, "GET", "/api/v1/cases", "doc", "")
		if res.status != 200 || !strings.Contains(string(res.raw), w.ids["case"]) || strings.Contains(string(res.raw), w.ids["case_b"]) {
			t.Errorf("the doctor's case list should hold the referred case only: %d %s", res.status, res.raw)
		}
		for _, who := range []string{"researcher", "viewer"} {
			if res := w.do(t, "GET", "/api/v1/cases", who, ""); res.status != 403 && (res.status != 200 || strings.Contains(string(res.raw), w.ids["case"])) {
				t.Errorf("%s lists cases: %d", who, res.status)
			}
			if res := w.do(t, "POST", "/api/v1/referrals", who, toDoc); res.status != 403 {
				t.Errorf("%s sends a referral: %d, want 403", who, res.status)
			}
		}
	})
}
