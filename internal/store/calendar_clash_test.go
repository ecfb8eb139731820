package store_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestClashesHideWhatCallerMayNotSee checks that a clash check tells a
// caller nothing of a client or case hidden from them: a hidden id is
// refused exactly as an unknown one, and another's booking they may not see
// shows only as busy.
func TestClashesHideWhatCallerMayNotSee(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		at := time.Date(2026, 4, 7, 9, 0, 0, 0, haki.Nairobi)
		appt := &haki.CalendarEvent{Kind: haki.KindAppointment, Subtype: "counselling", CaseID: w.caseASensitive.ID, StartsAt: at,
			EndsAt: at.Add(time.Hour), Location: "Room 1"}
		if err := s.CreateEvent(storetest.As(w.cwA), appt); err != nil {
			t.Fatal(err)
		}
		probe := func(caseID, personID string) *haki.CalendarEvent {
			e := &haki.CalendarEvent{Kind: haki.KindAppointment, CaseID: caseID, StartsAt: at.Add(30 * time.Minute), EndsAt: at.Add(90 * time.Minute)}
			if personID != "" {
				e.Kind, e.Participants = haki.KindGroupSession, []*haki.Participant{{PersonID: personID}}
			}
			return e
		}
		const unknown = "00000000-0000-4000-8000-000000000000"
		refused := []struct {
			name          string
			who           *haki.User
			hidden, ghost *haki.CalendarEvent
		}{
			{"other team, sensitive client", w.cwB, probe("", w.clientSensitive.ID), probe("", unknown)},
			{"other team, sensitive case", w.cwB, probe(w.caseASensitive.ID, ""), probe(unknown, "")},
			{"teammate, sensitive case", w.cwA2, probe(w.caseASensitive.ID, ""), probe(unknown, "")},
			{"unassigned professional, client", w.prof, probe("", w.clientA.ID), probe("", unknown)},
		}
		for _, c := range refused {
			t.Run(c.name, func(t *testing.T) {
				got, err := s.FindClashes(storetest.As(c.who), c.hidden)
				if haki.ErrorCode(err) != haki.EINVALID || len(got) != 0 {
					t.Fatalf("hidden id: %+v, %v", got, err)
				}
				_, ghost := s.FindClashes(storetest.As(c.who), c.ghost)
				if a, b := errJSON(t, err), errJSON(t, ghost); a != b {
					t.Fatalf("hidden id answers %s, an unknown id %s", a, b)
				}
			})
		}
		// The assigned caseworker is warned of the client's appointment.
		got, err := s.FindClashes(storetest.As(w.cwA), probe("", w.clientSensitive.ID))
		if err != nil || len(got) != 1 || got[0].PersonID != w.clientSensitive.ID || got[0].Other.CaseID != w.caseASensitive.ID {
			t.Fatalf("assigned caseworker: %+v, %v", got, err)
		}
		// A teammate booking the same room learns it is busy, not who or why.
		room := &haki.CalendarEvent{Kind: haki.KindMeeting, StartsAt: at, EndsAt: at.Add(time.Hour), Location: "room 1"}
		got, err = s.FindClashes(storetest.As(w.cwA2), room)
		if err != nil || len(got) != 1 || !got[0].Other.Busy || got[0].Other.CaseID != "" || got[0].Other.CaseRef != "" ||
			len(got[0].Other.Participants) != 0 || got[0].Other.Location != "" {
			t.Fatalf("room: %+v, %v", got, err)
		}
		if b, _ := json.Marshal(got); strings.Contains(string(b), w.clientSensitive.Ref) || strings.Contains(string(b), w.clientSensitive.ID) {
			t.Fatalf("the room's clash names the hidden client: %s", b)
		}
	})
}

// errJSON is what a caller is told of err.
func errJSON(t *testing.T, err error) string {
	t.Helper()
	b, jerr := json.Marshal(map[string]any{"code": haki.ErrorCode(err), "message": haki.ErrorMessage(err), "fields": haki.ErrorFields(err)})
	if jerr != nil {
		t.Fatal(jerr)
	}
	return string(b)
}
