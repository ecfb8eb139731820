package api_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// netReaders may read the directory of the network.
var netReaders = []string{"admin", "datamanager", "caseworker"}

// seedNetwork records, as the administrator, a professional (the
// "professional" account's record), a partner institution, two services on
// {case} and a referral of {case} to the partner (by an administrator's
// override: the seed records no consent, and assigns nobody).
func (w *world) seedNetwork(t *testing.T) {
	t.Helper()
	ctx := storetest.As(w.users["admin"])
	p := &haki.Professional{Name: "Dr Achieng Otieno", Profession: "doctor", Availability: "available", Counties: []string{"KE-047"},
		UserID: w.users["professional"].ID, Phone: "0722 000111"}
	if err := w.s.CreateProfessional(ctx, p); err != nil {
		t.Fatal(err)
	}
	pa := &haki.Partner{Name: "Kenyatta National Hospital", Kind: "hospital", CountyCode: "KE-047"}
	if err := w.s.CreatePartner(ctx, pa); err != nil {
		t.Fatal(err)
	}
	w.ids["professional"], w.ids["partner"] = p.ID, pa.ID
	for _, key := range []string{"service", "service_del"} {
		sv := &haki.Service{CaseID: w.ids["case"], Type: "legal_advice", StaffID: w.users["admin"].ID, DeliveredOn: time.Now().AddDate(0, 0, -2),
			CostKES: 500, Notes: "Advised on the P3 form"}
		if err := w.s.CreateService(ctx, sv); err != nil {
			t.Fatal(err)
		}
		w.ids[key] = sv.ID
	}
	rf := &haki.Referral{CaseID: w.ids["case"], PartnerID: pa.ID, Reason: "Treatment of injuries", SentOn: time.Now().AddDate(0, 0, -20),
		OverrideReason: "Seeded by the test world, not a real client"}
	if err := w.s.CreateReferral(ctx, rf); err != nil {
		t.Fatal(err)
	}
	w.ids["referral"] = rf.ID
	// A task handed to the caseworker tells them: {id} of the notifications.
	task := &haki.Task{Title: "Call back", DueOn: haki.Today(time.Now()), AssigneeUserID: w.users["caseworker"].ID}
	if err := w.s.CreateTask(ctx, task); err != nil {
		t.Fatal(err)
	}
	ns, err := w.s.FindNotifications(storetest.As(w.users["caseworker"]), 1, false)
	if err != nil || len(ns) != 1 {
		t.Fatalf("notice: %v, %v", ns, err)
	}
	w.ids["notification"] = ns[0].ID
}

// addProfessional makes a professional account with a token and its
// directory record; it returns the record's id.
func (w *world) addProfessional(t *testing.T, s *store.Store, name string) string {
	t.Helper()
	u := storetest.MustUser(t, s, name, haki.RoleProfessional, "")
	tok, err := s.CreateAPIToken(haki.SystemContext(context.Background()), u.ID, store.AccountProof{})
	if err != nil {
		t.Fatal(err)
	}
	w.users[name], w.tokens[name] = u, tok
	p := &haki.Professional{Name: "Dr " + name, Profession: "doctor", Availability: "available", Counties: []string{"KE-001"}, UserID: u.ID}
	if err := s.CreateProfessional(storetest.As(w.users["admin"]), p); err != nil {
		t.Fatal(err)
	}
	return p.ID
}

// uploadTo sends a multipart file to path as who.
func (w *world) uploadTo(t *testing.T, path, who string, parts map[string]string, file string) response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range parts {
		mw.WriteField(k, w.expand(v))
	}
	fw, _ := mw.CreateFormFile("file", "report.txt")
	fw.Write([]byte(file))
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, w.expand(path), &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+w.tokens[who])
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	return response{status: rec.Code, header: rec.Header(), raw: rec.Body.Bytes()}
}

func TestNetworkAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		for _, sc := range []scenario{
			{name: "directory by county", method: "GET", path: "/api/v1/professionals?county=KE-047&profession=doctor", role: "caseworker", status: 200,
				want: map[string]any{"items.0.name": "Dr Achieng Otieno", "items.0.phone": "0722 000111", "items.0.counties.0": "KE-047"}},
			{name: "no name in the URL", method: "GET", path: "/api/v1/professionals?q=Achieng", role: "caseworker", status: 400},
			{name: "name search", method: "POST", path: "/api/v1/professionals/search", role: "caseworker", body: `{"q": "achieng"}`, status: 200,
				want: map[string]any{"items.0.id": "{professional}"}},
			{name: "professional with engagements", method: "GET", path: "/api/v1/professionals/{professional}", role: "datamanager", status: 200,
				want: map[string]any{"engagements.services": 0, "engagements.referrals": 0, "user_id": present}},
			{name: "a professional cannot read the directory", method: "GET", path: "/api/v1/professionals/{professional}", role: "professional", status: 404},
			{name: "create professional", method: "POST", path: "/api/v1/professionals", role: "datamanager", status: 201,
				body: `{"name": "Mwangi Kamau", "profession": "lawyer", "availability": "limited", "counties": ["KE-001"], "languages": ["sw"],
					"trainings": [{"name": "Istanbul Protocol", "attended_on": "2024-05-01"}]}`,
				want: map[string]any{"trainings.0.attended_on": "2024-05-01", "version": 1}},
			{name: "professional without counties", method: "POST", path: "/api/v1/professionals", role: "admin", status: 422,
				body: `{"name": "X", "profession": "lawyer", "availability": "limited"}`, want: map[string]any{"errors.counties": present}},
			{name: "caseworker may not edit the directory", method: "POST", path: "/api/v1/professionals", role: "caseworker", status: 403,
				body: `{"name": "X", "profession": "lawyer", "availability": "limited", "counties": ["KE-001"]}`},
			{name: "stale professional", method: "PUT", path: "/api/v1/professionals/{professional}", role: "admin", status: 409,
				body: `{"name": "Dr A", "profession": "doctor", "availability": "available", "counties": ["KE-047"], "version": 9}`},
			{name: "coverage", method: "GET", path: "/api/v1/network/coverage", role: "caseworker", status: 200,
				want: map[string]any{"cells.KE-047.doctor.available": 1, "cells.KE-030.doctor.available": 0}},
			{name: "partners", method: "GET", path: "/api/v1/partners", role: "caseworker", status: 200,
				want: map[string]any{"items.0.kind": "hospital"}},
			{name: "partner without kind", method: "POST", path: "/api/v1/partners", role: "admin", status: 422, body: `{"name": "Shelter"}`,
				want: map[string]any{"errors.kind": present}},
			{name: "services of a case", method: "GET", path: "/api/v1/cases/{case}/services", role: "caseworker", status: 200,
				want: map[string]any{"items.0.notes": "Advised on the P3 form", "items.0.cost_kes": 500}},
			{name: "services hidden from team B", method: "GET", path: "/api/v1/cases/{case}/services", role: "caseworker_b", status: 404},
			{name: "services hidden from researchers", method: "GET", path: "/api/v1/services/{service}", role: "researcher", status: 404},
			{name: "service with a negative cost", method: "POST", path: "/api/v1/services", role: "caseworker", status: 422,
				body: `{"case_id": "{case}", "type": "legal_advice", "staff_id": "{user}", "delivered_on": "2024-06-01", "cost_kes": -1}`,
				want: map[string]any{"errors.cost_kes": present}},
			{name: "overdue referrals", method: "GET", path: "/api/v1/referrals/overdue", role: "caseworker", status: 200,
				want: map[string]any{"items.0.id": "{referral}", "items.0.overdue": true, "items.0.to_name": "Kenyatta National Hospital"}},
			{name: "no overdue for team B", method: "GET", path: "/api/v1/referrals/overdue", role: "caseworker_b", status: 200,
				want: map[string]any{"items.0": nil}},
			{name: "referral to a partner without sharing consent", method: "POST", path: "/api/v1/referrals", role: "caseworker", status: 422,
				body: `{"case_id": "{case}", "partner_id": "{partner}", "reason": "Treatment", "sent_on": "` + time.Now().Format("2006-01-02") + `"}`,
				want: map[string]any{"errors.consent": present}},
			{name: "a caseworker's override is refused", method: "POST", path: "/api/v1/referrals", role: "caseworker", status: 422,
				body: `{"case_id": "{case}", "partner_id": "{partner}", "reason": "Treatment", "sent_on": "` + time.Now().Format("2006-01-02") + `",
					"override_reason": "The client is in hospital and unconscious"}`,
				want: map[string]any{"errors.override_reason": present}},
		} {
			t.Run(sc.name, func(t *testing.T) { sc.run(t, w) })
		}
	})
}

// TestProfessionalWorksOnAssignedCase: a referral assigns a network doctor
// to one case, on which they record a service, answer the referral and
// upload a document, and see nothing else.
func TestProfessionalWorksOnAssignedCase(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		w.ids["doc"] = w.addProfessional(t, s, "doc")
		today := time.Now().Format("2006-01-02")
		refer := `{"case_id": "{case}", "professional_id": "{doc}", "reason": "Medico-legal examination", "sent_on": "` + today + `"}`
		if res := w.do(t, "POST", "/api/v1/referrals", "caseworker", refer); res.status != 422 || res.body["errors"].(map[string]any)["consent"] == nil {
			t.Fatalf("referral without care consent: %d %s", res.status, res.raw)
		}
		if res := w.do(t, "GET", "/api/v1/cases/{case}", "doc", ""); res.status != 404 {
			t.Fatalf("the doctor sees the case before the referral: %d", res.status)
		}
		c := &haki.Consent{CaseID: w.ids["case"], Purpose: haki.ConsentCare, Decision: "given", DecidedOn: time.Now().AddDate(0, 0, -1), Method: "verbal", Language: "sw"}
		if err := s.RecordConsent(storetest.As(w.users["caseworker"]), c); err != nil {
			t.Fatal(err)
		}
		res := w.do(t, "POST", "/api/v1/referrals", "caseworker", refer)
		if res.status != 201 || res.body["status"] != "sent" || res.body["due_on"] != time.Now().AddDate(0, 0, 14).Format("2006-01-02") {
			t.Fatalf("referral: %d %s", res.status, res.raw)
		}
		w.ids["ref"] = res.body["id"].(string)
		for _, sc := range []scenario{
			{name: "the doctor sees the case", method: "GET", path: "/api/v1/cases/{case}", role: "doc", status: 200},
			{name: "and no other", method: "GET", path: "/api/v1/cases/{case_b}", role: "doc", status: 404},
			{name: "only that one in the list", method: "GET", path: "/api/v1/cases", role: "doc", status: 200,
				want: map[string]any{"items.0.id": "{case}", "items.1": nil}},
			{name: "accepts", method: "POST", path: "/api/v1/referrals/{ref}/respond", role: "doc", status: 200,
				body: `{"action": "accept", "on": "` + today + `", "feedback": "Seeing her Monday", "version": 1}`,
				want: map[string]any{"status": "accepted", "responded_on": today, "feedback": "Seeing her Monday"}},
			{name: "another professional cannot answer", method: "POST", path: "/api/v1/referrals/{ref}/respond", role: "professional", status: 404,
				body: `{"action": "complete", "on": "` + today + `", "version": 2}`},
			{name: "records an examination as themselves", method: "POST", path: "/api/v1/services", role: "doc", status: 201,
				body: `{"case_id": "{case}", "type": "medico_legal_examination", "delivered_on": "` + today + `", "duration_minutes": 90, "cost_kes": 3500}`,
				want: map[string]any{"professional_id": "{doc}", "staff_id": nil}},
			{name: "cannot record on another case", method: "POST", path: "/api/v1/services", role: "doc", status: 404,
				body: `{"case_id": "{case_b}", "type": "legal_advice", "delivered_on": "` + today + `"}`},
			{name: "cannot delete a service they did not record", method: "DELETE", path: "/api/v1/services/{service}", role: "doc", status: 403},
			{name: "cannot upload through the incident route", method: "POST", path: "/api/v1/evidence", role: "doc", status: 403, body: `{}`},
			{name: "completes", method: "POST", path: "/api/v1/referrals/{ref}/respond", role: "doc", status: 200,
				body: `{"action": "complete", "on": "` + today + `", "feedback": "Report attached", "version": 2}`,
				want: map[string]any{"status": "completed", "completed_on": today}},
			{name: "no second answer", method: "POST", path: "/api/v1/referrals/{ref}/respond", role: "doc", status: 422,
				body: `{"action": "decline", "on": "` + today + `", "version": 3}`, want: map[string]any{"errors.action": present}},
		} {
			t.Run(sc.name, func(t *testing.T) { sc.run(t, w) })
		}
		res = w.uploadTo(t, "/api/v1/cases/{case}/evidence", "doc", map[string]string{"kind": "medical_report"}, "Medico-legal report")
		if res.status != 201 {
			t.Fatalf("the doctor uploads a report: %d %s", res.status, res.raw)
		}
		if res := w.uploadTo(t, "/api/v1/cases/{case_b}/evidence", "doc", map[string]string{"kind": "medical_report"}, "x"); res.status != 404 {
			t.Errorf("the doctor uploads to another case: %d", res.status)
		}
		if res := w.uploadTo(t, "/api/v1/cases/{case}/evidence", "researcher", map[string]string{"kind": "medical_report"}, "x"); res.status != 403 {
			t.Errorf("a researcher uploads: %d", res.status)
		}
	})
}
