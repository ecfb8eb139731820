package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/pdfsign"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestEvaluationReportThroughTheAPI: the doctor's draft prints unsigned;
// once signed, the caseworker without clinical access gets no PDF, the
// doctor is told the litigation consent is missing, then, with it, gets
// the signed report named after the case.
func TestEvaluationReportThroughTheAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		code := w.clinician(t)
		admin := storetest.As(w.users["admin"])
		c, err := s.FindCaseByID(admin, w.ids["case"])
		if err != nil {
			t.Fatal(err)
		}
		res := w.do(t, "POST", "/api/v1/cases/{case}/evaluations", "professional", `{"kind": "physical", "examined_on": "2026-03-01",
			"place": "Kenyatta National Hospital", "account": "Beaten at the station", "exam_consent": "given", "uses": ["litigation"],
			"qualifications": "MB ChB (Nairobi)", "interpretation": "Consistent as a whole.", "overall_level": "highly_consistent",
			"findings": [{"kind": "physical", "view": "back", "x": 0.5, "y": 0.4, "lesion_type": "bruise",
				"description": "Tramline bruises", "alleged_method": "beating", "opinion": "typical"}]}`)
		if res.status != http.StatusCreated {
			t.Fatalf("create: %d %s", res.status, res.raw)
		}
		w.ids["eval"] = res.body["id"].(string)
		if res := w.do(t, "GET", "/api/v1/evaluations/{eval}/report.pdf?use=draft&lang=sw", "professional", ""); res.status != http.StatusOK ||
			!bytes.HasPrefix(res.raw, []byte("%PDF")) || res.header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("draft: %d %.300s", res.status, res.raw)
		} else if _, err := pdfsign.Verify(res.raw); err == nil {
			t.Error("a draft carries a signature")
		}
		res = w.do(t, "POST", "/api/v1/evaluations/{eval}/sign", "professional", fmt.Sprintf(`{"version": 1, "code": %q}`, code()))
		if res.status != http.StatusOK {
			t.Fatalf("sign: %d %s", res.status, res.raw)
		}
		hash := res.body["hash"].(string)

		if res := w.do(t, "GET", "/api/v1/evaluations/{eval}/report.pdf?use=litigation", "caseworker", ""); (res.status != http.StatusForbidden &&
			res.status != http.StatusNotFound) || bytes.HasPrefix(res.raw, []byte("%PDF")) {
			t.Errorf("caseworker: %d %.200s", res.status, res.raw)
		}
		if res := w.do(t, "GET", "/api/v1/evaluations/{eval}/report.pdf?use=litigation", "professional", ""); res.status != http.StatusUnprocessableEntity ||
			!bytes.Contains(res.raw, []byte("not given consent to litigation")) {
			t.Errorf("no consent: %d %s", res.status, res.raw)
		}
		if res := w.do(t, "GET", "/api/v1/evaluations/{eval}/report.pdf?use=research", "professional", ""); res.status != http.StatusForbidden {
			t.Errorf("a use the client did not allow: %d %s", res.status, res.raw)
		}
		consent := &haki.Consent{CaseID: c.ID, Purpose: haki.ConsentLitigation, Decision: "given", DecidedOn: s.Now().AddDate(0, 0, -1), Method: "verbal", Language: "sw"}
		if err := s.RecordConsent(admin, consent); err != nil {
			t.Fatal(err)
		}
		res = w.do(t, "GET", "/api/v1/evaluations/{eval}/report.pdf?use=litigation", "professional", "")
		if res.status != http.StatusOK || !bytes.HasPrefix(res.raw, []byte("%PDF")) {
			t.Fatalf("signed report: %d %.300s", res.status, res.raw)
		}
		if cd := res.header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, "evaluation-"+c.Ref+"-") {
			t.Errorf("Content-Disposition %q", cd)
		}
		if _, err := pdfsign.Verify(res.raw); err != nil {
			t.Errorf("signature: %v", err)
		}
		if len(hash) != 64 {
			t.Errorf("signed hash %q", hash)
		}
	})
}
