package store_test

import (
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// fuAppointment schedules a counselling appointment of a case, starting at.
func fuAppointment(t *testing.T, s *store.Store, as *haki.User, caseID string, at time.Time) *haki.CalendarEvent {
	t.Helper()
	e := &haki.CalendarEvent{CaseID: caseID, Subtype: "counselling", StartsAt: at, Location: "Office", Notes: "Bring the P3 form"}
	if err := s.CreateAppointment(storetest.As(as), e); err != nil {
		t.Fatal(err)
	}
	return e
}

// fuClient returns the client's participation in an event.
func fuClient(t *testing.T, e *haki.CalendarEvent) *haki.Participant {
	t.Helper()
	for _, p := range e.Participants {
		if p.PersonID != "" {
			return p
		}
	}
	t.Fatal("no client participant")
	return nil
}

func TestAppointmentsAndDropout(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		cw := storetest.As(w.cwA)
		now := time.Now()
		a1 := fuAppointment(t, s, w.cwA, w.caseA.ID, now.Add(-50*time.Hour))
		if len(a1.Participants) != 2 || a1.OwnerUserID != w.cwA.ID {
			t.Fatalf("appointment %+v", a1)
		}
		a2 := fuAppointment(t, s, w.cwA, w.caseA.ID, now.Add(-26*time.Hour))
		future := fuAppointment(t, s, w.cwA, w.caseA.ID, now.Add(48*time.Hour))

		// Visibility and roles.
		if _, err := s.FindEventByID(storetest.As(w.cwB), a1.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("other team reads an appointment: %v", err)
		}
		if _, err := s.MarkAttendance(storetest.As(w.prof), fuClient(t, a1).ID, haki.AttendMissed); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("professional not assigned marks attendance: %v", err)
		}
		if err := s.CreateAppointment(storetest.As(w.res), &haki.CalendarEvent{CaseID: w.caseA.ID}); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("researcher schedules: %v", err)
		}
		// A colleague who does not work on the case cannot be a participant.
		bad := &haki.CalendarEvent{CaseID: w.caseA.ID, Subtype: "counselling", StartsAt: now, Participants: []*haki.Participant{{UserID: w.cwB.ID}}}
		if err := s.CreateAppointment(cw, bad); haki.ErrorFields(err)["participants"] == "" {
			t.Errorf("outsider as participant: %v", err)
		}

		risk, err := s.FindDropoutRisk(cw, w.caseA.ID)
		if err != nil || risk.AtRisk {
			t.Fatalf("before any miss: %+v, %v", risk, err)
		}
		// Two missed in a row: at risk, and each miss gives the caseworker a task.
		for _, e := range []*haki.CalendarEvent{a1, a2} {
			if _, err := s.MarkAttendance(cw, fuClient(t, e).ID, haki.AttendMissed); err != nil {
				t.Fatal(err)
			}
		}
		// The future appointment does not count, scheduled as it is.
		risk, err = s.FindDropoutRisk(cw, w.caseA.ID)
		if err != nil || !risk.AtRisk || risk.MissedInARow != 2 || risk.Reasons[0].Rule != "missed" {
			t.Fatalf("after two misses: %+v, %v", risk, err)
		}
		tasks, _, err := s.FindTasks(cw, haki.TaskFilter{Scope: "mine", Status: haki.TaskOpen})
		if err != nil || len(tasks) != 2 || tasks[0].Title != "Follow up missed appointment" || tasks[0].CaseID != w.caseA.ID {
			t.Fatalf("follow-up tasks %+v, %v", tasks, err)
		}
		if d := tasks[0].DueOn; d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || !d.After(haki.Today(now)) {
			t.Errorf("follow-up due %s, want the next working day", d.Format(time.DateOnly))
		}
		if n := fuCountEvents(t, s, w.dm, w.caseA.ID, haki.EventAppointment); n != 5 {
			t.Errorf("%d appointment lines, want 5 (3 scheduled, 2 missed)", n)
		}
		risks, err := s.FindDropoutRisks(cw, []string{w.caseA.ID, w.caseASensitive.ID, w.caseB.ID})
		if err != nil || len(risks) != 1 || risks[w.caseA.ID] == nil {
			t.Errorf("list risks %+v, %v", risks, err)
		}
		fus, err := s.FindFollowUps(cw, 0)
		if err != nil || len(fus) != 1 || fus[0].Case.ID != w.caseA.ID || fus[0].MayCall() {
			t.Fatalf("follow-ups %+v, %v", fus, err)
		}
		if fus, err := s.FindFollowUps(storetest.As(w.cwB), 0); err != nil || len(fus) != 0 {
			t.Errorf("other team's follow-ups: %d, %v", len(fus), err)
		}

		// Turning the rule off clears the flag; so does an attended appointment.
		rules, err := s.DropoutRules(cw)
		if err != nil || !rules.MissedOn || rules.MissedCount != 2 || rules.SilenceDays != 30 {
			t.Fatalf("default rules %+v, %v", rules, err)
		}
		if err := s.UpdateDropoutRules(cw, rules); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("caseworker changes the rules: %v", err)
		}
		off := *rules
		off.MissedOn = false
		if err := s.UpdateDropoutRules(storetest.As(w.admin), &off); err != nil {
			t.Fatal(err)
		}
		if risk, _ := s.FindDropoutRisk(cw, w.caseA.ID); risk.AtRisk {
			t.Errorf("rule off, still at risk: %+v", risk)
		}
		off.MissedOn = true
		if err := s.UpdateDropoutRules(storetest.As(w.admin), &off); err != nil {
			t.Fatal(err)
		}
		_ = future
		a3 := fuAppointment(t, s, w.cwA, w.caseA.ID, now.Add(-2*time.Hour))
		if _, err := s.MarkAttendance(cw, fuClient(t, a3).ID, haki.AttendAttended); err != nil {
			t.Fatal(err)
		}
		if risk, _ := s.FindDropoutRisk(cw, w.caseA.ID); risk.AtRisk {
			t.Errorf("attended last, still at risk: %+v", risk)
		}
		fuAudited(t, s, w.admin, "event_participant", fuClient(t, a1).ID, 1)
	})
}

func TestContactAttemptsAndSilence(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		cw := storetest.As(w.cwA)
		call := &haki.ContactAttempt{CaseID: w.caseA.ID, AttemptedAt: time.Now().Add(-time.Hour), Method: haki.ContactCall, Outcome: haki.ContactReached}
		// No assessment: no call, no text.
		if err := s.RecordContactAttempt(cw, call); haki.ErrorFields(err)["method"] == "" {
			t.Fatalf("call without assessment: %v", err)
		}
		a := &haki.Assessment{CaseID: w.caseA.ID, AssessedOn: time.Now(), ThreatLevel: "high", SafeToCall: false, SafeToText: true,
			SafeTimes: "weekdays 9-12", ContactMethod: "sms"}
		if err := s.RecordAssessment(storetest.As(w.dm), a); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordContactAttempt(cw, call); haki.ErrorFields(err)["method"] == "" {
			t.Fatalf("call when calling is unsafe: %v", err)
		}
		// Recording that an unsafe call was not made is allowed.
		notTried := *call
		notTried.Outcome = haki.ContactUnsafeNotTried
		if err := s.RecordContactAttempt(cw, &notTried); err != nil {
			t.Fatal(err)
		}
		sms := &haki.ContactAttempt{CaseID: w.caseA.ID, AttemptedAt: time.Now().Add(-time.Hour), Method: haki.ContactSMS, Outcome: "no_answer",
			Notes: "Sent a neutral text"}
		if err := s.RecordContactAttempt(cw, sms); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordContactAttempt(storetest.As(w.cwB), sms); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("other team logs an attempt: %v", err)
		}
		got, err := s.FindContactAttempts(cw, w.caseA.ID, 0)
		if err != nil || len(got) != 2 || got[0].Notes == "" && got[1].Notes == "" {
			t.Fatalf("attempts %+v, %v", got, err)
		}
		if n := fuCountEvents(t, s, w.dm, w.caseA.ID, haki.EventContact); n != 2 {
			t.Errorf("%d contact lines, want 2", n)
		}

		// Silence: with the rule at 2 days, a case opened 3 days ago with no
		// contact since is at risk; a contact that reached the client clears it.
		rules, _ := s.DropoutRules(cw)
		rules.SilenceDays = 2
		if err := s.UpdateDropoutRules(storetest.As(w.admin), rules); err != nil {
			t.Fatal(err)
		}
		risk, err := s.FindDropoutRisk(cw, w.caseA.ID)
		if err != nil || !risk.AtRisk || risk.Reasons[0].Rule != "silence" || risk.Reasons[0].Count < 2 {
			t.Fatalf("silent case: %+v, %v", risk, err)
		}
		fus, err := s.FindFollowUps(cw, 0)
		if err != nil || len(fus) != 2 { // caseA and the sensitive case of team A, which cwA holds
			t.Fatalf("follow-ups %d, %v", len(fus), err)
		}
		reached := &haki.ContactAttempt{CaseID: w.caseA.ID, AttemptedAt: time.Now().Add(-time.Minute), Method: "visit", Outcome: haki.ContactReached}
		if err := s.RecordContactAttempt(cw, reached); err != nil {
			t.Fatal(err)
		}
		if risk, _ := s.FindDropoutRisk(cw, w.caseA.ID); risk.AtRisk {
			t.Errorf("reached, still at risk: %+v", risk)
		}
	})
}
