package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestCalendarNamesClients: a calendar names the client of an appointment
// to a reader who may see them, with the reference beside, and the read is
// recorded as a view of the person; a reader who may not see the case gets
// a busy entry with no one named.
func TestCalendarNamesClients(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		now := time.Date(2026, 3, 10, 6, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		e := &haki.CalendarEvent{CaseID: w.caseA.ID, Subtype: "counselling", StartsAt: now.Add(2 * time.Hour), Location: "Office"}
		if err := s.CreateAppointment(storetest.As(w.cwA), e); err != nil {
			t.Fatal(err)
		}
		q := haki.CalendarQuery{From: now, To: now.Add(24 * time.Hour), OwnerUserID: w.cwA.ID}
		occ, err := s.FindCalendar(storetest.As(w.cwA2), q)
		if err != nil || len(occ) != 1 {
			t.Fatalf("calendar: %v, %v", occ, err)
		}
		var named bool
		for _, p := range occ[0].Participants {
			if p.PersonID != "" {
				named = p.Name == w.clientA.FullName && p.Ref == w.clientA.Ref
			}
		}
		if !named {
			t.Errorf("client not named: %+v", occ[0].Participants)
		}
		entries, err := s.FindAuditEntries(storetest.As(w.admin), haki.AuditFilter{Action: "view", Entity: "person", UserID: w.cwA2.ID})
		if err != nil || len(entries) == 0 || !strings.Contains(string(entries[0].After), w.clientA.ID) {
			t.Errorf("no view recorded: %v, %v", entries, err)
		}
		q.OwnerUserID = ""
		q.Org = true
		occ, err = s.FindCalendar(storetest.As(w.cwB), q)
		if err != nil || len(occ) != 1 || !occ[0].Busy || len(occ[0].Participants) != 0 {
			t.Errorf("other team: %+v, %v", occ, err)
		}
	})
}
