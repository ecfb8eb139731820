package cli

import (
	"context"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// demoCalendar fills a team's calendar for the demonstration:
// an eight-week weekly group therapy series with the clients of up to
// five of the cases (which must belong to the team, the caller able to see
// them), started three weeks before now, with attendance marked for the
// weeks past (one client missed twice, so a follow-up task and a drop-out
// flag show); a fortnightly team meeting; and a field visit. as must be a
// caseworker of the team, an administrator or a data manager. The lead
// calls it from the demo once the cases exist.
func demoCalendar(ctx context.Context, st *store.Store, as *haki.User, teamID string, cases []*haki.Case, now time.Time) error {
	ctx = haki.NewContextWithUser(ctx, as)
	day := now.In(haki.Nairobi)
	// The Tuesday three weeks ago, 14:00 Nairobi.
	back := (int(day.Weekday()) - int(time.Tuesday) + 7) % 7
	first := time.Date(day.Year(), day.Month(), day.Day(), 14, 0, 0, 0, haki.Nairobi).AddDate(0, 0, -back-21)
	group := &haki.CalendarEvent{Kind: haki.KindGroupSession, StartsAt: first, EndsAt: first.Add(90 * time.Minute), Location: "Counselling room 2",
		OwnerTeamID: teamID, Rule: "FREQ=WEEKLY;COUNT=8", Notes: "Trauma recovery group: grounding, sleep, safety planning.",
		Participants: []*haki.Participant{{UserID: as.ID}}}
	for i, c := range cases {
		if i == 5 {
			break
		}
		group.Participants = append(group.Participants, &haki.Participant{PersonID: c.ClientID, CaseID: c.ID})
	}
	if err := st.CreateEvent(ctx, group); err != nil {
		return err
	}
	for week := range 3 {
		rid := first.AddDate(0, 0, 7*week)
		occ, err := st.FindOccurrence(ctx, group.ID, rid)
		if err != nil {
			return err
		}
		for _, p := range occ.Participants {
			mark := haki.AttendAttended
			if p.PersonID == "" {
				continue
			}
			if len(cases) > 0 && p.PersonID == cases[0].ClientID && week > 0 {
				mark = haki.AttendMissed
			}
			if _, err := st.MarkOccurrenceAttendance(ctx, group.ID, rid, p.ID, mark); err != nil {
				return err
			}
		}
	}
	meeting := &haki.CalendarEvent{Kind: haki.KindMeeting, StartsAt: first.AddDate(0, 0, -1).Add(-5 * time.Hour), Location: "Board room",
		OwnerTeamID: teamID, Rule: "FREQ=WEEKLY;INTERVAL=2;COUNT=6", Notes: "Team case review."}
	meeting.EndsAt = meeting.StartsAt.Add(time.Hour)
	if err := st.CreateEvent(ctx, meeting); err != nil {
		return err
	}
	visit := &haki.CalendarEvent{Kind: haki.KindFieldVisit, StartsAt: time.Date(day.Year(), day.Month(), day.Day(), 10, 0, 0, 0, haki.Nairobi).AddDate(0, 0, 2),
		Location: "Kamiti Maximum Security Prison", OwnerUserID: as.ID, Notes: "Prison visit: follow up on complaints."}
	visit.EndsAt = visit.StartsAt.Add(3 * time.Hour)
	return st.CreateEvent(ctx, visit)
}
