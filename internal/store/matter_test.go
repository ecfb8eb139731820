package store_test

import (
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// fuConsent records the client's decision for a purpose on a case.
func fuConsent(t *testing.T, s *store.Store, as *haki.User, caseID, purpose, decision string) {
	t.Helper()
	c := &haki.Consent{CaseID: caseID, Purpose: purpose, Decision: decision, DecidedOn: time.Now().AddDate(0, 0, -1), Method: "signed_form", Language: "sw"}
	if err := s.RecordConsent(storetest.As(as), c); err != nil {
		t.Fatal(err)
	}
}

// fuInvolvement adds a named officer to an incident, through an act on a new victim.
func fuInvolvement(t *testing.T, s *store.Store, as *haki.User, incidentID, officer string) *haki.Involvement {
	t.Helper()
	ctx := storetest.As(as)
	p := &haki.Person{FullName: "Victim of " + officer, Sex: "male"}
	if err := s.CreatePerson(ctx, p); err != nil {
		t.Fatal(err)
	}
	a := &haki.Act{IncidentID: incidentID, VictimID: p.ID, ActType: "torture", VictimStatus: "injured"}
	if err := s.CreateAct(ctx, a); err != nil {
		t.Fatal(err)
	}
	v := &haki.Involvement{ActID: a.ID, ServiceCode: "kps", Degree: "direct", OfficerName: officer, OfficerRank: "Corporal"}
	if err := s.CreateInvolvement(ctx, v); err != nil {
		t.Fatal(err)
	}
	return v
}

func fuCountEvents(t *testing.T, s *store.Store, as *haki.User, caseID, kind string) int {
	t.Helper()
	evs, err := s.FindCaseEvents(storetest.As(as), caseID, kind)
	if err != nil {
		t.Fatal(err)
	}
	return len(evs)
}

func TestLegalMatters(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		cw := storetest.As(w.cwA)
		inv := fuInvolvement(t, s, w.dm, w.incA.ID, "Officer Kiprono")
		other := fuInvolvement(t, s, w.dm, w.incB.ID, "Officer Elsewhere")
		m := &haki.LegalMatter{CaseID: w.caseA.ID, Court: "high_court", CourtStation: "Milimani", CaseNumber: "Petition E12 of 2025",
			Kind: "constitutional_petition", Status: "filed", FiledOn: time.Now().AddDate(0, 0, -2), CounselName: "Advocate Wambui",
			AccusedIDs: []string{inv.ID}}

		// No litigation consent: refused, and nothing is saved.
		if err := s.CreateMatter(cw, m, ""); haki.ErrorCode(err) != haki.EINVALID || haki.ErrorFields(err)["consent"] == "" {
			t.Fatalf("without consent: %v", err)
		}
		// A caseworker may not override; an administrator may, with a reason.
		if err := s.CreateMatter(cw, m, "The client is in hiding; lawyer acts."); haki.ErrorFields(err)["override_reason"] == "" {
			t.Fatalf("caseworker override: %v", err)
		}
		if n := fuCountEvents(t, s, w.dm, w.caseA.ID, haki.EventMatter); n != 0 {
			t.Fatalf("failed writes left %d timeline lines", n)
		}
		fuConsent(t, s, w.dm, w.caseA.ID, haki.ConsentLitigation, "given")

		// Accused must be perpetrators of the case's own incidents.
		bad := *m
		bad.AccusedIDs = []string{other.ID}
		if err := s.CreateMatter(cw, &bad, ""); haki.ErrorFields(err)["accused_ids"] == "" {
			t.Fatalf("accused of another case: %v", err)
		}
		choices, err := s.FindAccusedChoices(cw, w.caseA.ID)
		if err != nil || len(choices) != 1 || choices[0].OfficerName != "Officer Kiprono" {
			t.Fatalf("choices = %+v, %v", choices, err)
		}
		if err := s.CreateMatter(cw, m, ""); err != nil {
			t.Fatal(err)
		}

		got, err := s.FindMatterByID(cw, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.CaseNumber != "Petition E12 of 2025" || got.CounselName != "Advocate Wambui" || len(got.Accused) != 1 || got.Accused[0].OfficerName != "Officer Kiprono" {
			t.Fatalf("read back %+v", got)
		}
		// Visibility: another team's caseworker, a professional not
		// assigned, a researcher get "not found".
		for _, u := range []*haki.User{w.cwB, w.prof, w.res, w.view} {
			if _, err := s.FindMatterByID(storetest.As(u), m.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
				t.Errorf("%s: %v, want not found", u.Username, err)
			}
		}
		if err := s.CreateMatter(storetest.As(w.prof), &haki.LegalMatter{CaseID: w.caseB.ID}, ""); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("professional creating a matter: %v", err)
		}

		// The outcome: a conviction needs the sentence.
		got.Status, got.Outcome = "concluded", "conviction"
		if err := s.UpdateMatter(cw, got); haki.ErrorFields(err)["sentence"] == "" {
			t.Fatalf("conviction without sentence: %v", err)
		}
		got.Sentence = "Ten years"
		if err := s.UpdateMatter(cw, got); err != nil {
			t.Fatal(err)
		}
		stale := *got
		stale.Version = 1
		if err := s.UpdateMatter(cw, &stale); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Errorf("stale version: %v", err)
		}

		// Hearings, in Nairobi time stored as UTC.
		at := time.Date(2025, 3, 4, 9, 30, 0, 0, haki.Nairobi)
		h := &haki.Hearing{MatterID: m.ID, StartsAt: at, Purpose: "mention"}
		if err := s.CreateHearing(cw, h); err != nil {
			t.Fatal(err)
		}
		if h.Court != "high_court" || h.CourtStation != "Milimani" {
			t.Errorf("hearing court %q %q, want the matter's", h.Court, h.CourtStation)
		}
		h2 := &haki.Hearing{MatterID: m.ID, StartsAt: at.AddDate(0, 1, 0), Purpose: "hearing", Court: "high_court"}
		if err := s.CreateHearing(cw, h2); err != nil {
			t.Fatal(err)
		}
		h.WhatHappened, h.NextDate = "Adjourned; the state asked for time.", time.Date(2025, 4, 4, 0, 0, 0, 0, time.UTC)
		if err := s.UpdateHearing(cw, h); err != nil {
			t.Fatal(err)
		}
		hs, err := s.FindHearings(cw, m.ID)
		if err != nil || len(hs) != 2 || hs[1].WhatHappened != "Adjourned; the state asked for time." || !hs[1].StartsAt.Equal(at) {
			t.Fatalf("hearings %+v, %v", hs, err)
		}
		if hs[1].StartsAt.Location() != time.UTC {
			t.Errorf("hearing time not UTC")
		}
		if _, err := s.FindHearingByID(storetest.As(w.cwB), h.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("other team reads a hearing: %v", err)
		}
		if n := fuCountEvents(t, s, w.dm, w.caseA.ID, haki.EventHearing); n != 3 {
			t.Errorf("%d hearing lines, want 3", n)
		}
		if n := fuCountEvents(t, s, w.dm, w.caseA.ID, haki.EventMatter); n != 3 {
			t.Errorf("%d matter lines, want 3 (created, changed, outcome)", n)
		}
		fuAudited(t, s, w.admin, "legal_matter", m.ID, 2)
		fuAudited(t, s, w.admin, "hearing", h.ID, 2)
	})
}

// fuAudited checks a record has n audit entries.
func fuAudited(t *testing.T, s *store.Store, admin *haki.User, entity, id string, n int) {
	t.Helper()
	es, err := s.FindAuditEntries(storetest.As(admin), haki.AuditFilter{Entity: entity, EntityID: id})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != n {
		t.Errorf("%s %s: %d audit entries, want %d", entity, id, len(es), n)
	}
}
