package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// calCases makes n cases of team A (caseworker cwA), for group sessions.
func calCases(t *testing.T, s *store.Store, w *world, n int) []*haki.Case {
	t.Helper()
	dm := storetest.As(w.dm)
	var out []*haki.Case
	for i := range n {
		p := &haki.Person{FullName: fmt.Sprintf("Group client %d", i), Sex: "female", CountyCode: "KE-047"}
		if err := s.CreatePerson(dm, p); err != nil {
			t.Fatal(err)
		}
		c := &haki.Case{ClientID: p.ID, ClientRelation: "survivor", IncidentIDs: []string{w.incA.ID}, IntakeDate: time.Now().AddDate(0, 0, -3),
			IntakeChannel: "walk_in", Status: "active", CaseworkerID: w.cwA.ID, TeamID: w.caseA.TeamID}
		if err := s.CreateCase(dm, c); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

// calGroup creates an eight-week weekly group therapy series on team A's
// calendar with the clients of cases and cwA as facilitator.
func calGroup(t *testing.T, s *store.Store, w *world, start time.Time, cases ...*haki.Case) *haki.CalendarEvent {
	t.Helper()
	e := &haki.CalendarEvent{Kind: haki.KindGroupSession, StartsAt: start, EndsAt: start.Add(90 * time.Minute), Location: "Room 2",
		OwnerTeamID: w.caseA.TeamID, Rule: "FREQ=WEEKLY;COUNT=8", Notes: "Bring the workbooks",
		Participants: []*haki.Participant{{UserID: w.cwA.ID}}}
	for _, c := range cases {
		e.Participants = append(e.Participants, &haki.Participant{PersonID: c.ClientID, CaseID: c.ID})
	}
	if err := s.CreateEvent(storetest.As(w.cwA), e); err != nil {
		t.Fatal(err)
	}
	return e
}

func calFind(t *testing.T, s *store.Store, ctx context.Context, q haki.CalendarQuery) []*haki.Occurrence {
	t.Helper()
	out, err := s.FindCalendar(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestCalendarGroupSeries(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		cw := storetest.As(w.cwA)
		cases := calCases(t, s, w, 4)
		cases = append(cases, w.caseASensitive) // cwA2 may not see this client
		// Tuesdays 10:00 Nairobi, the first three weeks ago.
		start := time.Date(2026, 3, 3, 10, 0, 0, 0, haki.Nairobi)
		g := calGroup(t, s, w, start, cases...)
		if g.Rule != "FREQ=WEEKLY;COUNT=8" || len(g.Participants) != 6 {
			t.Fatalf("series %+v", g)
		}
		window := haki.CalendarQuery{From: start.AddDate(0, 0, -1), To: start.AddDate(0, 3, 0), TeamID: w.caseA.TeamID}
		occ := calFind(t, s, cw, window)
		if len(occ) != 8 {
			t.Fatalf("want 8 occurrences, got %d", len(occ))
		}
		for i, o := range occ {
			want := start.AddDate(0, 0, 7*i).UTC()
			if !o.Start.Equal(want) || o.End.Sub(o.Start) != 90*time.Minute || o.SeriesID != g.ID || !o.RecurrenceID.Equal(want) ||
				o.Rule != g.Rule || o.Kind != haki.KindGroupSession || len(o.Participants) != 6 || o.Busy {
				t.Fatalf("occurrence %d: %+v", i, o)
			}
		}
		// A window of one week holds one occurrence; the facilitator's own calendar shows it too.
		if got := calFind(t, s, cw, haki.CalendarQuery{From: start.AddDate(0, 0, 14), To: start.AddDate(0, 0, 15)}); len(got) != 1 {
			t.Fatalf("one week, mine: %d", len(got))
		}
		// A team colleague sees the series, the sensitive case's client hidden.
		occ2 := calFind(t, s, storetest.As(w.cwA2), window)
		hidden := 0
		for _, p := range occ2[0].Participants {
			if p.Hidden {
				hidden++
				if p.PersonID != "" || p.Name != "" || p.CaseID != "" {
					t.Fatalf("hidden client shows %+v", p)
				}
			}
		}
		if len(occ2) != 8 || hidden != 1 {
			t.Fatalf("colleague: %d occurrences, %d hidden", len(occ2), hidden)
		}
		// Another team's caseworker: not their team's calendar; on the
		// organisation's it is busy, without place or participants.
		if _, err := s.FindCalendar(storetest.As(w.cwB), window); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Fatalf("other team reads team calendar: %v", err)
		}
		org := calFind(t, s, storetest.As(w.cwB), haki.CalendarQuery{From: window.From, To: window.To, Org: true})
		if len(org) != 8 || !org[0].Busy || org[0].Location != "" || len(org[0].Participants) != 0 || org[0].Rule != "" {
			t.Fatalf("org view for outsider: %d %+v", len(org), org[0])
		}
		for _, u := range []*haki.User{w.res, w.view, w.mon} {
			if _, err := s.FindCalendar(storetest.As(u), window); haki.ErrorCode(err) != haki.EFORBIDDEN {
				t.Errorf("%s reads a calendar: %v", u.Role, err)
			}
		}
		if _, err := s.FindCalendar(storetest.As(w.prof), haki.CalendarQuery{From: window.From, To: window.To, Org: true}); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("professional reads the organisation's calendar: %v", err)
		}
		if _, err := s.FindCalendar(storetest.As(w.cwB), haki.CalendarQuery{From: window.From, To: window.To, OwnerUserID: w.cwA.ID}); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("other team reads a colleague's calendar: %v", err)
		}
		if got := calFind(t, s, storetest.As(w.cwA2), haki.CalendarQuery{From: window.From, To: window.To, OwnerUserID: w.cwA.ID}); len(got) != 8 {
			t.Errorf("team colleague's calendar: %d", len(got))
		}
		// Filters: kind and case.
		if got := calFind(t, s, cw, haki.CalendarQuery{From: window.From, To: window.To, TeamID: w.caseA.TeamID, Kinds: []string{haki.KindMeeting}}); len(got) != 0 {
			t.Errorf("meetings only: %d", len(got))
		}
		if got := calFind(t, s, cw, haki.CalendarQuery{From: window.From, To: window.To, CaseID: cases[0].ID}); len(got) != 8 {
			t.Errorf("case filter: %d", len(got))
		}

		// Attendance per client per occurrence: client 0 misses weeks 1 and 2.
		client0 := func(ps []*haki.Participant) *haki.Participant {
			for _, p := range ps {
				if p.PersonID == cases[0].ClientID {
					return p
				}
			}
			t.Fatal("client 0 not a participant")
			return nil
		}
		for i := range 2 {
			if _, err := s.MarkOccurrenceAttendance(cw, g.ID, occ[i].RecurrenceID, client0(occ[i].Participants).ID, haki.AttendMissed); err != nil {
				t.Fatal(err)
			}
		}
		// Others attended week 1: one click each.
		for _, p := range occ[0].Participants[1:] {
			if p.PersonID != "" && p.PersonID != cases[0].ClientID {
				if _, err := s.MarkOccurrenceAttendance(cw, g.ID, occ[0].RecurrenceID, p.ID, haki.AttendAttended); err != nil {
					t.Fatal(err)
				}
			}
		}
		occ = calFind(t, s, cw, window)
		if len(occ) != 8 || occ[0].EventID == g.ID || occ[0].SeriesID != g.ID || client0(occ[0].Participants).Attendance != haki.AttendMissed ||
			client0(occ[1].Participants).Attendance != haki.AttendMissed || client0(occ[3].Participants).Attendance != haki.AttendScheduled {
			t.Fatalf("after marking: %d %+v", len(occ), occ[0])
		}
		// Two misses: the drop-out rule fires, and the caseworker has a follow-up task per miss.
		risk, err := s.FindDropoutRisk(cw, cases[0].ID)
		if err != nil || !risk.AtRisk || risk.MissedInARow != 2 {
			t.Fatalf("drop-out after two missed sessions: %+v, %v", risk, err)
		}
		if risk, _ := s.FindDropoutRisk(cw, cases[1].ID); risk.AtRisk {
			t.Fatalf("attending client at risk: %+v", risk)
		}
		tasks, _, err := s.FindTasks(cw, haki.TaskFilter{Scope: "case", Status: haki.TaskOpen, CaseID: cases[0].ID})
		if err != nil || len(tasks) != 2 {
			t.Fatalf("follow-up tasks %d, %v", len(tasks), err)
		}
		if n := fuCountEvents(t, s, w.dm, cases[0].ID, haki.EventAppointment); n < 3 {
			t.Fatalf("timeline lines for client 0: %d", n)
		}

		// A colleague who may not see a client's case may not mark them.
		if _, err := s.MarkOccurrenceAttendance(storetest.As(w.cwA2), g.ID, occ[7].RecurrenceID, occ2[7].Participants[len(occ2[7].Participants)-1].ID,
			haki.AttendAttended); err == nil {
			for _, p := range occ2[7].Participants {
				if p.Hidden {
					if _, err := s.MarkOccurrenceAttendance(storetest.As(w.cwA2), g.ID, occ[7].RecurrenceID, p.ID, haki.AttendAttended); haki.ErrorCode(err) != haki.ENOTFOUND {
						t.Fatalf("hidden client marked: %v", err)
					}
				}
			}
		}
		// Edit one occurrence alone: week 4 moves a day later.
		week4 := occ[3]
		moved := &haki.CalendarEvent{StartsAt: week4.Start.AddDate(0, 0, 1), EndsAt: week4.End.AddDate(0, 0, 1), Location: "Room 3"}
		if err := s.UpdateOccurrence(cw, g.ID, week4.RecurrenceID, moved); err != nil {
			t.Fatal(err)
		}
		// Cancel week 5.
		if _, err := s.CancelOccurrence(cw, g.ID, occ[4].RecurrenceID); err != nil {
			t.Fatal(err)
		}
		occ = calFind(t, s, cw, window)
		if len(occ) != 8 || !occ[3].Start.Equal(week4.Start.AddDate(0, 0, 1)) || occ[3].Location != "Room 3" || !occ[3].RecurrenceID.Equal(week4.RecurrenceID) ||
			occ[4].Status != haki.EventCancelled || occ[5].Status != haki.EventScheduled {
			t.Fatalf("after editing weeks 4 and 5: %d %+v %+v", len(occ), occ[3], occ[4])
		}
		// Edit the whole series: one hour later; occurrences edited alone move with it.
		head, err := s.FindEventByID(cw, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		if head.Notes != "Bring the workbooks" {
			t.Fatalf("notes %q", head.Notes)
		}
		head.StartsAt, head.EndsAt = head.StartsAt.Add(time.Hour), head.EndsAt.Add(time.Hour)
		if err := s.UpdateCalendarEvent(cw, head); err != nil {
			t.Fatal(err)
		}
		occ = calFind(t, s, cw, window)
		if len(occ) != 8 || !occ[7].Start.Equal(start.AddDate(0, 0, 49).Add(time.Hour)) || occ[3].Location != "Room 3" {
			t.Fatalf("after moving the series: %d", len(occ))
		}
		// A stale version conflicts.
		head.Version--
		if err := s.UpdateCalendarEvent(cw, head); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Fatalf("stale series edit: %v", err)
		}
		// Cancel the whole series.
		if _, err := s.CancelEvent(cw, g.ID, head.Version+1); err != nil {
			t.Fatal(err)
		}
		occ = calFind(t, s, cw, window)
		if occ[7].Status != haki.EventCancelled {
			t.Fatalf("series cancelled: %+v", occ[7])
		}
	})
}

func TestCalendarEventsAndClashes(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		cw := storetest.As(w.cwA)
		at := time.Date(2026, 4, 7, 9, 0, 0, 0, haki.Nairobi)

		// Validation: nothing saved on error.
		if err := s.CreateEvent(cw, &haki.CalendarEvent{Kind: "party", StartsAt: at}); haki.ErrorFields(err)["kind"] == "" {
			t.Fatalf("bad kind: %v", err)
		}
		if err := s.CreateEvent(cw, &haki.CalendarEvent{Kind: haki.KindMeeting, StartsAt: at, Rule: "FREQ=WEEKLY"}); haki.ErrorFields(err)["rrule"] == "" {
			t.Fatalf("endless series: %v", err)
		}
		if err := s.CreateEvent(cw, &haki.CalendarEvent{Kind: haki.KindMeeting, StartsAt: at, OwnerUserID: w.cwB.ID}); haki.ErrorFields(err)["owner"] == "" {
			t.Fatalf("other team's calendar: %v", err)
		}
		if err := s.CreateEvent(cw, &haki.CalendarEvent{Kind: haki.KindGroupSession, StartsAt: at,
			Participants: []*haki.Participant{{PersonID: w.clientB.ID, CaseID: w.caseB.ID}}}); haki.ErrorFields(err)["participants"] == "" {
			t.Fatalf("client of a case not seen: %v", err)
		}
		if err := s.CreateEvent(storetest.As(w.res), &haki.CalendarEvent{Kind: haki.KindMeeting, StartsAt: at}); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Fatalf("researcher: %v", err)
		}
		if got := calFind(t, s, storetest.As(w.admin), haki.CalendarQuery{From: at.AddDate(0, 0, -1), To: at.AddDate(0, 0, 1), Org: true}); len(got) != 0 {
			t.Fatalf("failed writes left %d events", len(got))
		}

		// A meeting of no case, on cwA's calendar with cwA2; an appointment of the sensitive case.
		meeting := &haki.CalendarEvent{Kind: haki.KindMeeting, StartsAt: at, EndsAt: at.Add(time.Hour), Location: "Board room", Notes: "Budget",
			Participants: []*haki.Participant{{UserID: w.cwA2.ID}}}
		if err := s.CreateEvent(cw, meeting); err != nil {
			t.Fatal(err)
		}
		appt := &haki.CalendarEvent{Kind: haki.KindAppointment, Subtype: "counselling", CaseID: w.caseASensitive.ID, StartsAt: at.Add(3 * time.Hour),
			EndsAt: at.Add(4 * time.Hour), Location: "Room 1"}
		if err := s.CreateEvent(cw, appt); err != nil {
			t.Fatal(err)
		}
		if len(appt.Participants) != 1 || appt.Participants[0].PersonID != w.clientSensitive.ID {
			t.Fatalf("appointment's client: %+v", appt.Participants)
		}
		// cwA2 sees the meeting in full, the sensitive appointment as busy.
		got := calFind(t, s, storetest.As(w.cwA2), haki.CalendarQuery{From: at.AddDate(0, 0, -1), To: at.AddDate(0, 0, 1), TeamID: w.cwA.TeamID})
		if len(got) != 2 || got[0].Busy || got[0].Location != "Board room" || !got[1].Busy || got[1].CaseID != "" || got[1].Location != "" {
			t.Fatalf("team view: %+v %+v", got[0], got[1])
		}
		if _, err := s.FindEventByID(storetest.As(w.cwB), meeting.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Fatalf("outsider opens a meeting: %v", err)
		}

		// Hearings stand on the calendar, read from their matter.
		fuConsent(t, s, w.dm, w.caseA.ID, haki.ConsentLitigation, "given")
		m := &haki.LegalMatter{CaseID: w.caseA.ID, Court: "high_court", CourtStation: "Milimani", Kind: "constitutional_petition", Status: "filed",
			FiledOn: time.Now().AddDate(0, 0, -2), CounselUserID: w.cwA2.ID}
		if err := s.CreateMatter(storetest.As(w.dm), m, ""); err != nil {
			t.Fatal(err)
		}
		h := &haki.Hearing{MatterID: m.ID, StartsAt: at.Add(24 * time.Hour), Purpose: "mention"}
		if err := s.CreateHearing(storetest.As(w.dm), h); err != nil {
			t.Fatal(err)
		}
		got = calFind(t, s, storetest.As(w.cwA2), haki.CalendarQuery{From: at.AddDate(0, 0, -1), To: at.AddDate(0, 0, 3)})
		if len(got) != 2 || got[1].Kind != haki.KindHearing || got[1].EventID != h.ID || got[1].MatterID != m.ID || got[1].CaseRef == "" {
			t.Fatalf("mine with hearing: %+v", got)
		}
		if got := calFind(t, s, cw, haki.CalendarQuery{From: at.AddDate(0, 0, -1), To: at.AddDate(0, 0, 3), Kinds: []string{haki.KindHearing}}); len(got) != 1 {
			t.Fatalf("hearings only: %d", len(got))
		}

		// Double bookings: cwA2 in the meeting, the room, and cwA2 at the hearing.
		probe := &haki.CalendarEvent{Kind: haki.KindTraining, StartsAt: at.Add(30 * time.Minute), EndsAt: at.Add(90 * time.Minute), Location: " board  ROOM",
			OwnerUserID: w.cwB.ID, Participants: []*haki.Participant{{UserID: w.cwA2.ID}}}
		clashes, err := s.FindClashes(storetest.As(w.cwA2), probe)
		if err != nil {
			t.Fatal(err)
		}
		whos := map[string]bool{}
		for _, c := range clashes {
			whos[c.Who] = true
			if c.Other.EventID != meeting.ID {
				t.Fatalf("clash with %+v", c.Other)
			}
		}
		if !whos["user"] || !whos["location"] {
			t.Fatalf("clashes %+v", clashes)
		}
		// A weekly series whose third week falls on the hearing.
		series := &haki.CalendarEvent{Kind: haki.KindTraining, StartsAt: at.Add(24*time.Hour - 14*24*time.Hour), EndsAt: at.Add(25*time.Hour - 14*24*time.Hour),
			Rule: "FREQ=WEEKLY;COUNT=4", Participants: []*haki.Participant{{UserID: w.cwA2.ID}}}
		clashes, err = s.FindClashes(cw, series)
		if err != nil || len(clashes) != 1 || clashes[0].Other.Kind != haki.KindHearing || !clashes[0].At.Equal(h.StartsAt) {
			t.Fatalf("series on a hearing: %+v, %v", clashes, err)
		}
		// Saving anyway works: a warning, never a refusal.
		if err := s.CreateEvent(cw, series); err != nil {
			t.Fatal(err)
		}
		// The client of the sensitive appointment, booked again: warns, the other shows busy to cwA2.
		p2 := &haki.CalendarEvent{Kind: haki.KindAppointment, Subtype: "counselling", CaseID: w.caseASensitive.ID, StartsAt: at.Add(3 * time.Hour)}
		p2.EndsAt = p2.StartsAt.Add(time.Hour)
		if clashes, err := s.FindClashes(cw, p2); err != nil || len(clashes) == 0 || clashes[0].Who != "user" && clashes[0].Who != "person" {
			t.Fatalf("client twice: %+v, %v", clashes, err)
		}
		// Cancelled events do not clash.
		if _, err := s.CancelEvent(cw, meeting.ID, meeting.Version); err != nil {
			t.Fatal(err)
		}
		if clashes, _ := s.FindClashes(storetest.As(w.cwA2), probe); len(clashes) != 0 {
			t.Fatalf("cancelled meeting clashes: %+v", clashes)
		}
	})
}

func TestDiaryNotes(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		cw, other := storetest.As(w.cwA), storetest.As(w.cwA2)
		day := haki.Today(time.Now())
		if err := s.CreateDiaryNote(cw, &haki.DiaryNote{Day: day, Body: "  "}); haki.ErrorFields(err)["body"] == "" {
			t.Fatalf("empty note: %v", err)
		}
		if err := s.CreateDiaryNote(storetest.As(w.view), &haki.DiaryNote{Day: day, Body: "x"}); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Fatalf("viewer: %v", err)
		}
		n := &haki.DiaryNote{Day: day, Body: "Call the clinic about Tuesday"}
		if err := s.CreateDiaryNote(cw, n); err != nil {
			t.Fatal(err)
		}
		var sealed string
		if err := s.DB().QueryRow(`SELECT body FROM diary_notes WHERE id = '` + n.ID + `'`).Scan(&sealed); err != nil || sealed == n.Body {
			t.Fatalf("note stored in clear: %v", err)
		}
		notes, err := s.FindDiaryNotes(cw, day, day)
		if err != nil || len(notes) != 1 || notes[0].Body != n.Body {
			t.Fatalf("notes %+v, %v", notes, err)
		}
		// Nobody else reads it, not an administrator either.
		for _, ctx := range []context.Context{other, storetest.As(w.admin)} {
			if notes, _ := s.FindDiaryNotes(ctx, day, day); len(notes) != 0 {
				t.Fatal("another reads the note")
			}
			if _, err := s.FindDiaryNote(ctx, n.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
				t.Fatalf("another opens the note: %v", err)
			}
			if err := s.DeleteDiaryNote(ctx, n.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
				t.Fatalf("another deletes the note: %v", err)
			}
		}
		n.Body = "Call the clinic on Wednesday"
		if err := s.UpdateDiaryNote(cw, n); err != nil {
			t.Fatal(err)
		}
		n.Version = 1
		if err := s.UpdateDiaryNote(cw, n); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Fatalf("stale note: %v", err)
		}
		if err := s.DeleteDiaryNote(cw, n.ID); err != nil {
			t.Fatal(err)
		}
		if notes, _ := s.FindDiaryNotes(cw, day, day); len(notes) != 0 {
			t.Fatal("deleted note still there")
		}
	})
}
