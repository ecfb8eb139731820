package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// countEvents counts a case's timeline lines of a kind, as the data manager.
func countEvents(t *testing.T, s *store.Store, dm context.Context, caseID, kind string) int {
	t.Helper()
	evs, err := s.FindCaseEvents(dm, caseID, kind)
	if err != nil {
		t.Fatal(err)
	}
	return len(evs)
}

func TestServices(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		dm, cwA, prof := storetest.As(w.dm), storetest.As(w.cwA), storetest.As(w.prof)
		doc := mustProfessional(t, s, dm, "Dr Achieng", "doctor", "available", w.prof.ID, "KE-047")
		day := time.Now().UTC().AddDate(0, 0, -1).Truncate(24 * time.Hour)

		sv := &haki.Service{CaseID: w.caseA.ID, Type: "counselling_individual", StaffID: w.cwA.ID, DeliveredOn: day,
			DurationMinutes: 60, CostKES: 1500, Outcome: "Sleeping better", Notes: "Spoke of the night at the station"}
		if err := s.CreateService(cwA, sv); err != nil {
			t.Fatal(err)
		}
		var notes string
		if err := s.DB().QueryRow(`SELECT notes FROM services WHERE id = '` + sv.ID + `'`).Scan(&notes); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(notes, "v1:") {
			t.Errorf("notes stored as %q", notes)
		}
		got, err := s.FindServiceByID(cwA, sv.ID)
		if err != nil || got.Notes != sv.Notes || got.Outcome != sv.Outcome || got.ProviderName == "" || got.CaseRef != w.caseA.Ref {
			t.Errorf("read back %+v %v", got, err)
		}
		if n := countEvents(t, s, dm, w.caseA.ID, haki.EventService); n != 1 {
			t.Errorf("%d service events", n)
		}
		if entries, err := s.FindAuditEntries(storetest.As(w.admin), haki.AuditFilter{Entity: "service", EntityID: sv.ID}); err != nil || len(entries) != 1 {
			t.Errorf("audit: %d %v", len(entries), err)
		}

		// A professional records on an assigned case; the provider is them.
		mine := &haki.Service{CaseID: w.caseB.ID, Type: "medico_legal_examination", DeliveredOn: day, DurationMinutes: 90}
		if err := s.CreateService(prof, mine); err != nil {
			t.Fatal(err)
		}
		if mine.ProfessionalID != doc.ID || mine.StaffID != "" {
			t.Errorf("provider %q/%q, want the professional's record", mine.StaffID, mine.ProfessionalID)
		}
		if err := s.CreateService(prof, &haki.Service{CaseID: w.caseA.ID, Type: "legal_advice", DeliveredOn: day}); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("professional on an unassigned case: %v", err)
		}
		for _, u := range []*haki.User{w.res, w.view, w.mon} {
			if err := s.CreateService(storetest.As(u), &haki.Service{CaseID: w.caseA.ID, Type: "legal_advice", StaffID: w.cwA.ID, DeliveredOn: day}); haki.ErrorCode(err) != haki.EFORBIDDEN {
				t.Errorf("%s records a service: %v", u.Role, err)
			}
			if _, err := s.FindServices(storetest.As(u), w.caseA.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
				t.Errorf("%s reads services: %v", u.Role, err)
			}
		}
		if _, err := s.FindServiceByID(prof, sv.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("professional reads a service of an unassigned case: %v", err)
		}

		// A professional may change only what they recorded.
		other := &haki.Service{CaseID: w.caseB.ID, Type: "legal_advice", StaffID: w.cwB.ID, DeliveredOn: day}
		if err := s.CreateService(storetest.As(w.cwB), other); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteService(prof, other.ID); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("professional deletes another's service: %v", err)
		}
		mine.Outcome, mine.Version = "Findings consistent with the account", 1
		if err := s.UpdateService(prof, mine); err != nil || mine.Version != 2 {
			t.Errorf("professional updates own service: %v", err)
		}
		mine.Version = 1
		if err := s.UpdateService(prof, mine); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Errorf("stale update: %v", err)
		}
		if err := s.DeleteService(prof, mine.ID); err != nil {
			t.Errorf("professional deletes own service: %v", err)
		}

		for name, bad := range map[string]haki.Service{
			"cost":     {CaseID: w.caseA.ID, Type: "legal_advice", StaffID: w.cwA.ID, DeliveredOn: day, CostKES: -1},
			"type":     {CaseID: w.caseA.ID, Type: "massage", StaffID: w.cwA.ID, DeliveredOn: day},
			"provider": {CaseID: w.caseA.ID, Type: "legal_advice", DeliveredOn: day},
			"both":     {CaseID: w.caseA.ID, Type: "legal_advice", StaffID: w.cwA.ID, ProfessionalID: doc.ID, DeliveredOn: day},
			"future":   {CaseID: w.caseA.ID, Type: "legal_advice", StaffID: w.cwA.ID, DeliveredOn: day.AddDate(0, 1, 0)},
			"staff":    {CaseID: w.caseA.ID, Type: "legal_advice", StaffID: w.res.ID, DeliveredOn: day},
		} {
			if err := s.CreateService(cwA, &bad); haki.ErrorCode(err) != haki.EINVALID {
				t.Errorf("%s: %v", name, err)
			}
		}
		if all, _ := s.FindServices(cwA, w.caseA.ID); len(all) != 1 {
			t.Errorf("failed writes left %d services on case A", len(all))
		}
	})
}

func TestGroupSession(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		dm, cwA := storetest.As(w.dm), storetest.As(w.cwA)
		day := time.Now().UTC().AddDate(0, 0, -2).Truncate(24 * time.Hour)
		g := &haki.Service{CaseID: w.caseA.ID, Type: "counselling_group", StaffID: w.cwA.ID, DeliveredOn: day, DurationMinutes: 120,
			CostKES: 1000, Notes: "Group of survivors", AttendeeCaseIDs: []string{w.caseASensitive.ID, w.caseB.ID}}
		// Case B is not the caseworker's: the whole session is refused.
		if err := s.CreateService(cwA, g); haki.ErrorFields(err)["attendee_case_ids"] == "" {
			t.Fatalf("attendee outside the caller's cases: %v", err)
		}
		if n := countEvents(t, s, dm, w.caseA.ID, haki.EventService); n != 0 {
			t.Errorf("refused session left %d events", n)
		}
		g.AttendeeCaseIDs = []string{w.caseASensitive.ID, w.caseB.ID}
		if err := s.CreateService(dm, g); err != nil {
			t.Fatal(err)
		}
		if g.GroupID == "" || g.CostKES != 334 {
			t.Errorf("group %q, cost share %d", g.GroupID, g.CostKES)
		}
		var total int64
		for _, c := range []*haki.Case{w.caseA, w.caseASensitive, w.caseB} {
			svs, err := s.FindServices(dm, c.ID)
			if err != nil || len(svs) != 1 {
				t.Fatalf("case %s: %d services %v", c.Ref, len(svs), err)
			}
			if svs[0].GroupID != g.GroupID || svs[0].CaseID != c.ID || svs[0].Notes != "Group of survivors" {
				t.Errorf("case %s sees %+v", c.Ref, svs[0])
			}
			total += svs[0].CostKES
			if n := countEvents(t, s, dm, c.ID, haki.EventService); n != 1 {
				t.Errorf("case %s: %d service events", c.Ref, n)
			}
		}
		if total != 1000 {
			t.Errorf("shares add up to %d", total)
		}
		// The professional assigned to case B sees only case B's row.
		svs, err := s.FindServices(storetest.As(w.prof), w.caseB.ID)
		if err != nil || len(svs) != 1 || svs[0].CaseID != w.caseB.ID {
			t.Errorf("professional sees %v %v", svs, err)
		}
		if _, err := s.FindServiceByID(storetest.As(w.prof), g.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("professional opens case A's row: %v", err)
		}
	})
}
