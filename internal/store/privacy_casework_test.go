package store_test

import (
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestExportPersonCasework checks an access request's export carries the
// work done on the person's cases: assessments, services, referrals and
// legal matters, with their sealed words opened.
func TestExportPersonCasework(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		dm := storetest.As(w.dm)
		today := time.Now().UTC().Truncate(24 * time.Hour)
		for _, purpose := range []string{haki.ConsentCare, haki.ConsentLitigation} {
			mustConsent(t, s, dm, w.caseB.ID, purpose)
		}
		if err := s.RecordAssessment(dm, &haki.Assessment{CaseID: w.caseB.ID, AssessedOn: today, ThreatLevel: "high",
			ThreatenedBy: "Officers of the local station", ContactMethod: "in_person"}); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateService(dm, &haki.Service{CaseID: w.caseB.ID, Type: "legal_advice", StaffID: w.cwB.ID, DeliveredOn: today,
			DurationMinutes: 60, Outcome: "Advised on the P3 form"}); err != nil {
			t.Fatal(err)
		}
		doc := mustProfessional(t, s, dm, "Dr Export", "doctor", "available", "", "KE-047")
		if err := s.CreateReferral(dm, &haki.Referral{CaseID: w.caseB.ID, ProfessionalID: doc.ID, Reason: "Examination of injuries", SentOn: today}); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateMatter(dm, &haki.LegalMatter{CaseID: w.caseB.ID, Court: "high_court", Kind: "constitutional_petition",
			Status: "filed", FiledOn: today, Outcome: "pending"}, ""); err != nil {
			t.Fatal(err)
		}
		x, err := s.ExportPerson(dm, w.clientB.ID, "json")
		if err != nil {
			t.Fatal(err)
		}
		if len(x.Assessments) != 1 || x.Assessments[0].ThreatenedBy != "Officers of the local station" {
			t.Errorf("assessments: %+v", x.Assessments)
		}
		if len(x.Services) != 1 || x.Services[0].Outcome != "Advised on the P3 form" {
			t.Errorf("services: %+v", x.Services)
		}
		if len(x.Referrals) != 1 || x.Referrals[0].Reason != "Examination of injuries" {
			t.Errorf("referrals: %+v", x.Referrals)
		}
		if len(x.Matters) != 1 || x.Matters[0].Kind != "constitutional_petition" {
			t.Errorf("legal matters: %+v", x.Matters)
		}
		if len(x.Consents) != 2 {
			t.Errorf("consents: %d, want 2", len(x.Consents))
		}
		// Another client's export holds none of it.
		y, err := s.ExportPerson(dm, w.clientA.ID, "json")
		if err != nil {
			t.Fatal(err)
		}
		if len(y.Assessments)+len(y.Services)+len(y.Referrals)+len(y.Matters) != 0 {
			t.Errorf("client A's export holds client B's casework")
		}
	})
}
