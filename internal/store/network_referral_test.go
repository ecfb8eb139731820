package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// mustConsent records the client's decision for a purpose on a case.
func mustConsent(t *testing.T, s *store.Store, ctx context.Context, caseID, purpose string) {
	t.Helper()
	c := &haki.Consent{CaseID: caseID, Purpose: purpose, Decision: "given", DecidedOn: time.Now().UTC().AddDate(0, 0, -1),
		Method: "verbal", Language: "sw"}
	if err := s.RecordConsent(ctx, c); err != nil {
		t.Fatalf("record consent: %v", err)
	}
}

func TestReferralConsentAndAssignment(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		dm, cwA, admin := storetest.As(w.dm), storetest.As(w.cwA), storetest.As(w.admin)
		docUser := storetest.MustUser(t, s, "doc", haki.RoleProfessional, "")
		doc := mustProfessional(t, s, dm, "Dr Achieng", "doctor", "available", docUser.ID, "KE-047")
		hospital := &haki.Partner{Name: "Kenyatta National Hospital", Kind: "hospital", CountyCode: "KE-047"}
		if err := s.CreatePartner(dm, hospital); err != nil {
			t.Fatal(err)
		}
		today := time.Now().UTC().Truncate(24 * time.Hour)
		ref := func(to string) *haki.Referral {
			r := &haki.Referral{CaseID: w.caseA.ID, Reason: "Medico-legal examination for the P3 form", SentOn: today}
			if to == "partner" {
				r.PartnerID = hospital.ID
			} else {
				r.ProfessionalID = doc.ID
			}
			return r
		}

		// No care consent: refused beside the consent field, nothing saved.
		if err := s.CreateReferral(cwA, ref("professional")); haki.ErrorFields(err)["consent"] == "" {
			t.Fatalf("referral without consent: %v", err)
		}
		if _, err := s.FindCaseByID(storetest.As(docUser), w.caseA.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("a refused referral assigned the doctor: %v", err)
		}
		// A caseworker cannot override; an administrator can, with a reason.
		r := ref("partner")
		r.OverrideReason = "Client in hospital, unconscious; family agreed by phone"
		if err := s.CreateReferral(cwA, r); haki.ErrorFields(err)["override_reason"] == "" {
			t.Errorf("caseworker override: %v", err)
		}
		r.OverrideReason = "too short"
		if err := s.CreateReferral(admin, r); haki.ErrorFields(err)["override_reason"] == "" {
			t.Errorf("short override: %v", err)
		}
		r.OverrideReason = "Client in hospital, unconscious; family agreed by phone"
		if err := s.CreateReferral(admin, r); err != nil {
			t.Fatalf("administrator's override: %v", err)
		}
		if entries, _ := s.FindAuditEntries(admin, haki.AuditFilter{Action: "consent_override", EntityID: w.caseA.ID}); len(entries) != 1 {
			t.Errorf("%d override entries", len(entries))
		}
		if r.DueOn.Sub(r.SentOn) != 14*24*time.Hour || r.Status != haki.ReferralSent {
			t.Errorf("due %v after %v, status %s", r.DueOn, r.SentOn, r.Status)
		}

		// With care consent the doctor is referred, and assigned: they see
		// this case and only it.
		mustConsent(t, s, cwA, w.caseA.ID, haki.ConsentCare)
		toDoc := ref("professional")
		if err := s.CreateReferral(cwA, toDoc); err != nil {
			t.Fatal(err)
		}
		docCtx := storetest.As(docUser)
		if cases, _, err := s.FindCases(docCtx, haki.CaseFilter{}); err != nil || len(cases) != 1 || cases[0].ID != w.caseA.ID {
			t.Fatalf("the referred doctor sees %v %v", cases, err)
		}
		if n := countEvents(t, s, dm, w.caseA.ID, haki.EventReferral); n != 2 {
			t.Errorf("%d referral events", n)
		}
		// Only the doctor, or the case's managers, may answer.
		if _, err := s.RespondReferral(storetest.As(w.prof), toDoc.ID, &haki.ReferralResponse{Action: "accept", On: today, Version: 1}); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("another professional answers: %v", err)
		}
		if _, err := s.RespondReferral(docCtx, r.ID, &haki.ReferralResponse{Action: "accept", On: today, Version: 1}); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("the doctor answers the hospital's referral: %v", err)
		}
		got, err := s.RespondReferral(docCtx, toDoc.ID, &haki.ReferralResponse{Action: "accept", On: today, Feedback: "Seeing her Monday", Version: 1})
		if err != nil || got.Status != haki.ReferralAccepted || got.RespondedOn.IsZero() {
			t.Fatalf("accept: %+v %v", got, err)
		}
		if _, err := s.RespondReferral(docCtx, toDoc.ID, &haki.ReferralResponse{Action: "decline", On: today, Version: 2}); haki.ErrorFields(err)["action"] == "" {
			t.Errorf("decline after accepting: %v", err)
		}
		got, err = s.RespondReferral(docCtx, toDoc.ID, &haki.ReferralResponse{Action: "complete", On: today, Feedback: "Report uploaded", Version: 2})
		if err != nil || got.Status != haki.ReferralCompleted || got.Feedback != "Report uploaded" {
			t.Fatalf("complete: %+v %v", got, err)
		}
		if _, err := s.FindCaseByID(docCtx, w.caseA.ID); err != nil {
			t.Errorf("after completing, the doctor still works on the case: %v", err)
		}

		// Sharing consent is needed for a partner.
		if err := s.CreateReferral(cwA, ref("partner")); haki.ErrorFields(err)["consent"] == "" {
			t.Errorf("partner referral without sharing consent: %v", err)
		}
	})
}

func TestReferralDecline(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		dm := storetest.As(w.dm)
		today := time.Now().UTC().Truncate(24 * time.Hour)
		newDoc := storetest.MustUser(t, s, "newdoc", haki.RoleProfessional, "")
		fresh := mustProfessional(t, s, dm, "Dr Fresh", "doctor", "available", newDoc.ID, "KE-047")
		// w.prof is assigned to case B otherwise.
		assigned := mustProfessional(t, s, dm, "Dr Assigned", "psychiatrist", "available", w.prof.ID, "KE-047")
		mustConsent(t, s, dm, w.caseB.ID, haki.ConsentCare)
		send := func(p *haki.Professional) *haki.Referral {
			r := &haki.Referral{CaseID: w.caseB.ID, ProfessionalID: p.ID, Reason: "Assessment", SentOn: today}
			if err := s.CreateReferral(storetest.As(w.cwB), r); err != nil {
				t.Fatal(err)
			}
			return r
		}
		r1, r2 := send(fresh), send(assigned)
		if _, err := s.FindCaseByID(storetest.As(newDoc), w.caseB.ID); err != nil {
			t.Fatalf("referred doctor: %v", err)
		}
		// An edit of the case that keeps its assignees keeps the referral's
		// assignment as the referral's, so declining still ends it.
		c, err := s.FindCaseByID(dm, w.caseB.ID)
		if err != nil {
			t.Fatal(err)
		}
		c.Summary = "Edited while the referral is open."
		if err := s.UpdateCase(dm, c); err != nil {
			t.Fatalf("edit: %v", err)
		}
		for _, tc := range []struct {
			who *haki.User
			r   *haki.Referral
		}{{newDoc, r1}, {w.prof, r2}} {
			if _, err := s.RespondReferral(storetest.As(tc.who), tc.r.ID, &haki.ReferralResponse{Action: "decline", On: today, Feedback: "Away", Version: 1}); err != nil {
				t.Fatalf("decline: %v", err)
			}
		}
		if _, err := s.FindCaseByID(storetest.As(newDoc), w.caseB.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("the doctor who declined still sees the case: %v", err)
		}
		if _, err := s.FindCaseByID(storetest.As(w.prof), w.caseB.ID); err != nil {
			t.Errorf("a professional assigned otherwise lost the case: %v", err)
		}
	})
}

func TestOverdueReferrals(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		dm, cwA := storetest.As(w.dm), storetest.As(w.cwA)
		hospital := &haki.Partner{Name: "Hospital", Kind: "hospital"}
		if err := s.CreatePartner(dm, hospital); err != nil {
			t.Fatal(err)
		}
		mustConsent(t, s, cwA, w.caseA.ID, haki.ConsentSharing)
		today := time.Now().UTC().Truncate(24 * time.Hour)
		late := &haki.Referral{CaseID: w.caseA.ID, PartnerID: hospital.ID, Reason: "Treatment", SentOn: today.AddDate(0, 0, -30)}
		soon := &haki.Referral{CaseID: w.caseA.ID, PartnerID: hospital.ID, Reason: "Review", SentOn: today.AddDate(0, 0, -30), DueOn: today.AddDate(0, 0, 3)}
		done := &haki.Referral{CaseID: w.caseA.ID, PartnerID: hospital.ID, Reason: "X-ray", SentOn: today.AddDate(0, 0, -30)}
		for _, r := range []*haki.Referral{late, soon, done} {
			if err := s.CreateReferral(cwA, r); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.RespondReferral(cwA, done.ID, &haki.ReferralResponse{Action: "complete", On: today, Version: 1}); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindOverdueReferrals(cwA)
		if err != nil || len(got) != 1 || got[0].ID != late.ID || !got[0].Overdue || got[0].Reason != "Treatment" || got[0].CaseRef != w.caseA.Ref {
			t.Fatalf("overdue: %+v %v", got, err)
		}
		if got, err := s.FindOverdueReferrals(storetest.As(w.cwB)); err != nil || len(got) != 0 {
			t.Errorf("team B's caseworker sees %d overdue (%v)", len(got), err)
		}
		if _, err := s.FindOverdueReferrals(storetest.As(w.res)); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("researcher: %v", err)
		}
		all, err := s.FindReferrals(cwA, w.caseA.ID)
		if err != nil || len(all) != 3 {
			t.Fatalf("case referrals: %d %v", len(all), err)
		}
		if bad := (&haki.Referral{CaseID: w.caseA.ID, PartnerID: hospital.ID, Reason: "X", SentOn: today, DueOn: today.AddDate(0, 0, -1)}); s.CreateReferral(cwA, bad) == nil {
			t.Error("a due date before sending was accepted")
		}
		if err := s.CreateReferral(storetest.As(w.prof), &haki.Referral{CaseID: w.caseB.ID, PartnerID: hospital.ID, Reason: "X", SentOn: today}); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("a professional sends a referral: %v", err)
		}
	})
}

// TestOverdueReferralsByNairobiDay: a referral due on a day is overdue once
// that day has ended in Nairobi, three hours before it ends in UTC, in the
// list, on the referral and in the services report alike.
func TestOverdueReferralsByNairobiDay(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		due := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return due.Add(12 * time.Hour) }
		w := newWorld(t, s)
		dm, cwA := storetest.As(w.dm), storetest.As(w.cwA)
		hospital := &haki.Partner{Name: "Hospital", Kind: "hospital"}
		if err := s.CreatePartner(dm, hospital); err != nil {
			t.Fatal(err)
		}
		mustConsent(t, s, cwA, w.caseA.ID, haki.ConsentSharing)
		r := &haki.Referral{CaseID: w.caseA.ID, PartnerID: hospital.ID, Reason: "Treatment", SentOn: due.AddDate(0, 0, -14), DueOn: due}
		if err := s.CreateReferral(cwA, r); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			now     time.Time
			overdue bool
		}{
			{time.Date(2026, 12, 7, 20, 59, 0, 0, time.UTC), false}, // 23:59 on the 7th in Nairobi
			{time.Date(2026, 12, 7, 21, 0, 0, 0, time.UTC), true},   // the 8th in Nairobi, still the 7th in UTC
			{time.Date(2026, 12, 8, 0, 5, 0, 0, time.UTC), true},
		} {
			s.Now = func() time.Time { return tc.now }
			got, err := s.FindOverdueReferrals(cwA)
			if err != nil || (len(got) == 1) != tc.overdue {
				t.Errorf("at %s: %d overdue, %v; want overdue %v", tc.now, len(got), err, tc.overdue)
			}
			if all, err := s.FindReferrals(cwA, w.caseA.ID); err != nil || len(all) != 1 || all[0].Overdue != tc.overdue {
				t.Errorf("at %s: the case's referral overdue %v, %v; want %v", tc.now, len(all) == 1 && all[0].Overdue, err, tc.overdue)
			}
			rep, err := s.Report(dm, haki.ReportServices, haki.ReportFilter{From: due.AddDate(0, 0, -30), To: due, Bands: haki.DefaultAgeBands()})
			if err != nil {
				t.Fatal(err)
			}
			if n := figure(t, rep, "referrals_overdue").Value.N; (n == 1) != tc.overdue {
				t.Errorf("at %s: the services report counts %d overdue; want overdue %v", tc.now, n, tc.overdue)
			}
		}
	})
}
