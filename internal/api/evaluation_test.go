package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// clinician makes the world's professional (Dr Achieng Otieno of the
// directory, seedNetwork) a clinician of the team A case with a second
// factor, the store's clock fixed; code gives the authenticator's next code.
func (w *world) clinician(t *testing.T) (code func() string) {
	t.Helper()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	w.s.Now = func() time.Time { return now }
	admin := storetest.As(w.users["admin"])
	doc := w.users["professional"]
	c, err := w.s.FindCaseByID(admin, w.ids["case"])
	if err != nil {
		t.Fatal(err)
	}
	c.AssigneeIDs = append(c.AssigneeIDs, doc.ID)
	if err := w.s.UpdateCase(admin, c); err != nil {
		t.Fatal(err)
	}
	var secret string
	code = func() string {
		now = now.Add(time.Minute)
		c, err := totp.GenerateCodeCustom(secret, now, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	en, err := w.s.BeginTOTPEnrolment(storetest.As(doc), store.AccountProof{Password: storetest.Password})
	if err != nil {
		t.Fatal(err)
	}
	secret = en.Secret
	if _, err := w.s.ConfirmTOTP(storetest.As(doc), code()); err != nil {
		t.Fatal(err)
	}
	return code
}

// TestEvaluationsThroughTheAPI: the network doctor assigned to a case
// opens, saves and signs an evaluation through the API; the case's
// caseworker, who has no clinical access, learns only that it exists and
// cannot write it.
func TestEvaluationsThroughTheAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		code := w.clinician(t)
		res := w.do(t, "POST", "/api/v1/cases/{case}/evaluations", "professional", `{"kind": "physical", "examined_on": "2026-03-01",
			"place": "Kenyatta National Hospital", "account": "Beaten at the station", "exam_consent": "given", "uses": ["litigation"],
			"findings": [{"kind": "physical", "view": "back", "x": 0.5, "y": 0.4, "lesion_type": "bruise",
				"description": "Tramline bruises", "alleged_method": "beating", "opinion": "typical"}]}`)
		if res.status != http.StatusCreated {
			t.Fatalf("create: %d %s", res.status, res.raw)
		}
		w.ids["eval"] = res.body["id"].(string)
		if res := w.do(t, "GET", "/api/v1/evaluations/{eval}", "caseworker", ""); res.status != http.StatusOK ||
			res.body["restricted"] != true || bytes.Contains(res.raw, []byte("Tramline")) || bytes.Contains(res.raw, []byte("Beaten")) {
			t.Fatalf("caseworker read: %d %s", res.status, res.raw)
		}
		if res := w.do(t, "PUT", "/api/v1/evaluations/{eval}", "caseworker", `{"kind": "physical", "examined_on": "2026-03-01", "version": 1}`); res.status != http.StatusForbidden {
			t.Fatalf("caseworker wrote: %d %s", res.status, res.raw)
		}
		res = w.do(t, "PUT", "/api/v1/evaluations/{eval}", "professional", `{"kind": "physical", "examined_on": "2026-03-01", "version": 1,
			"place": "Kenyatta National Hospital", "account": "Beaten at the station", "exam_consent": "given", "uses": ["litigation"],
			"findings": [{"kind": "physical", "view": "back", "x": 0.5, "y": 0.4, "lesion_type": "bruise",
				"description": "Tramline bruises", "alleged_method": "beating", "opinion": "typical"}],
			"qualifications": "MB ChB (Nairobi); Istanbul Protocol training 2024", "interpretation": "Consistent as a whole.", "overall_level": "highly_consistent"}`)
		if res.status != http.StatusOK || res.body["version"] != float64(2) {
			t.Fatalf("save: %d %s", res.status, res.raw)
		}
		if res := w.do(t, "POST", "/api/v1/evaluations/{eval}/sign", "professional", `{"version": 2, "code": "000000"}`); res.status != http.StatusUnprocessableEntity {
			t.Fatalf("wrong code: %d %s", res.status, res.raw)
		}
		res = w.do(t, "POST", "/api/v1/evaluations/{eval}/sign", "professional", fmt.Sprintf(`{"version": 2, "code": %q}`, code()))
		if res.status != http.StatusOK || res.body["status"] != "signed" || len(res.body["hash"].(string)) != 64 {
			t.Fatalf("sign: %d %s", res.status, res.raw)
		}
		if res := w.do(t, "GET", "/api/v1/evaluations/{eval}", "caseworker_b", ""); res.status != http.StatusNotFound {
			t.Fatalf("another team's caseworker: %d %s", res.status, res.raw)
		}
	})
}
