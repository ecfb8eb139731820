package store_test

import (
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// attendanceClock sets the store's clock to a fixed Wednesday morning in
// Nairobi and returns it.
func attendanceClock(s *store.Store) time.Time {
	now := time.Date(2026, 12, 2, 7, 0, 0, 0, time.UTC) // 10:00 EAT
	s.Now = func() time.Time { return now }
	return now
}

// fuMissedTasks counts the follow-up tasks of missed appointments of a case.
func fuMissedTasks(t *testing.T, s *store.Store, as *haki.User, caseID string) int {
	t.Helper()
	tasks, _, err := s.FindTasks(storetest.As(as), haki.TaskFilter{Scope: "case", CaseID: caseID, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, tk := range tasks {
		if tk.RefKind == "event" {
			n++
		}
	}
	return n
}

func TestAttendanceRules(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		now := attendanceClock(s)
		cw := storetest.As(w.cwA)
		past := fuAppointment(t, s, w.cwA, w.caseA.ID, now.Add(-3*time.Hour))
		future := fuAppointment(t, s, w.cwA, w.caseA.ID, now.Add(26*time.Hour))

		// Nobody came to, or missed, what has not begun.
		for _, mark := range []string{haki.AttendAttended, haki.AttendMissed} {
			if _, err := s.MarkAttendance(cw, fuClient(t, future).ID, mark); haki.ErrorFields(err)["attendance"] == "" {
				t.Errorf("%s before it begins: %v", mark, err)
			}
		}
		if _, err := s.MarkAttendance(cw, fuClient(t, future).ID, haki.AttendCancelled); err != nil {
			t.Errorf("cancelled beforehand: %v", err)
		}
		if n := fuMissedTasks(t, s, w.cwA, w.caseA.ID); n != 0 {
			t.Fatalf("%d follow-up tasks after refused marks", n)
		}

		// Missed, then attended, then missed again: one follow-up task.
		for _, mark := range []string{haki.AttendMissed, haki.AttendAttended, haki.AttendMissed} {
			if _, err := s.MarkAttendance(cw, fuClient(t, past).ID, mark); err != nil {
				t.Fatal(err)
			}
		}
		if n := fuMissedTasks(t, s, w.cwA, w.caseA.ID); n != 1 {
			t.Errorf("%d follow-up tasks for one missed appointment, want 1", n)
		}
		// The follow-up list shows the case the task is about, though one
		// miss does not flag it.
		fus, err := s.FindFollowUps(cw, 0)
		if err != nil || len(fus) != 1 || fus[0].Case.ID != w.caseA.ID {
			t.Fatalf("follow-ups %+v, %v", fus, err)
		}
		if r := fus[0].Risk.Reasons; len(r) != 1 || r[0].Rule != "task" || r[0].Count != 1 {
			t.Errorf("reasons %+v, want one open task", r)
		}
		if fus, err := s.FindFollowUps(storetest.As(w.cwB), 0); err != nil || len(fus) != 0 {
			t.Errorf("other team sees %d follow-ups, %v", len(fus), err)
		}

		// Rescheduling the client asks for a new time still to come, and
		// books the appointment again then.
		if _, err := s.MarkAttendance(cw, fuClient(t, past).ID, haki.AttendRescheduled); haki.ErrorFields(err)["starts_at"] == "" {
			t.Errorf("rescheduled without a new time: %v", err)
		}
		if _, err := s.RescheduleAppointment(cw, fuClient(t, past).ID, now.Add(-time.Hour)); haki.ErrorFields(err)["starts_at"] == "" {
			t.Errorf("rescheduled into the past: %v", err)
		}
		to := now.Add(48 * time.Hour)
		moved, err := s.RescheduleAppointment(cw, fuClient(t, past).ID, to)
		if err != nil {
			t.Fatal(err)
		}
		if !moved.StartsAt.Equal(to) || moved.CaseID != w.caseA.ID || moved.Subtype != past.Subtype || moved.Location != past.Location ||
			moved.EndsAt.Sub(moved.StartsAt) != past.EndsAt.Sub(past.StartsAt) || len(moved.Participants) != len(past.Participants) {
			t.Errorf("moved %+v", moved)
		}
		appts, err := s.FindAppointments(cw, w.caseA.ID, 0)
		if err != nil || len(appts) != 3 {
			t.Fatalf("%d appointments, %v", len(appts), err)
		}
		for _, e := range appts {
			if e.ID == past.ID && fuClient(t, e).Attendance != haki.AttendRescheduled {
				t.Errorf("old appointment marked %q", fuClient(t, e).Attendance)
			}
		}

		// Rescheduled once is enough: a second time books nothing more.
		if again, err := s.RescheduleAppointment(cw, fuClient(t, past).ID, to.Add(24*time.Hour)); haki.ErrorCode(err) != haki.EINVALID ||
			haki.ErrorFields(err)["attendance"] == "" || again != nil {
			t.Errorf("rescheduled twice: %+v, %v", again, err)
		}
		if _, err := s.MarkAttendance(cw, fuClient(t, past).ID, haki.AttendRescheduled); haki.ErrorFields(err)["attendance"] == "" {
			t.Errorf("marked rescheduled again: %v", err)
		}
		if appts, err := s.FindAppointments(cw, w.caseA.ID, 0); err != nil || len(appts) != 3 {
			t.Errorf("%d appointments after rescheduling twice, %v", len(appts), err)
		}
	})
}

func TestAppointmentsListGroupSessions(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		now := attendanceClock(s)
		cw := storetest.As(w.cwA)
		// Two sessions the client missed, each its own event (no series).
		for _, at := range []time.Time{now.Add(-8 * 24 * time.Hour), now.Add(-24 * time.Hour)} {
			g := &haki.CalendarEvent{Kind: haki.KindGroupSession, StartsAt: at, EndsAt: at.Add(90 * time.Minute), Location: "Room 2",
				OwnerTeamID: w.caseA.TeamID, Participants: []*haki.Participant{{UserID: w.cwA.ID}, {PersonID: w.caseA.ClientID, CaseID: w.caseA.ID}}}
			if err := s.CreateEvent(cw, g); err != nil {
				t.Fatal(err)
			}
			if _, err := s.MarkAttendance(cw, fuClient(t, g).ID, haki.AttendMissed); err != nil {
				t.Fatal(err)
			}
		}
		risk, err := s.FindDropoutRisk(cw, w.caseA.ID)
		if err != nil || risk.MissedInARow != 2 {
			t.Fatalf("risk %+v, %v", risk, err)
		}
		appts, err := s.FindAppointments(cw, w.caseA.ID, 0)
		if err != nil || len(appts) != 2 || appts[0].Kind != haki.KindGroupSession {
			t.Fatalf("the case's appointments leave out the sessions it missed: %d, %v", len(appts), err)
		}
		if appts, err := s.FindAppointments(storetest.As(w.dm), w.caseB.ID, 0); err != nil || len(appts) != 0 {
			t.Errorf("another case lists %d sessions, %v", len(appts), err)
		}
		if n := fuMissedTasks(t, s, w.cwA, w.caseA.ID); n != 2 {
			t.Errorf("%d follow-up tasks, want one per missed session", n)
		}
	})
}
