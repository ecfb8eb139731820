package web

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestShownTimesInReadersZone: the pages that only show a time (the
// notification list, a task, a court matter's hearings, a calendar event,
// a case's appointments)
// show it in the reader's time zone, not always East Africa Time.
func TestShownTimesInReadersZone(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	st := app.store
	admin, cwUser := app.users[haki.RoleAdmin], app.users[haki.RoleCaseworker]
	cw := storetest.As(cwUser)
	if err := st.SetOwnTimeZone(cw, "UTC"); err != nil {
		t.Fatal(err)
	}
	utc := func(t time.Time) string { return haki.FormatTime(t, time.UTC) }

	// A notice, of a task handed over, and that task done.
	n := mustNotice(t, app)
	done, err := st.CompleteTask(cw, n.RefID)
	if err != nil {
		t.Fatal(err)
	}
	// A task the administrator passed on to the caseworker.
	own := &haki.Task{Title: "Collect the P3 form", DueOn: time.Now(), AssigneeUserID: admin.ID}
	if err := st.CreateTask(storetest.As(admin), own); err != nil {
		t.Fatal(err)
	}
	passed, err := st.DelegateTask(storetest.As(admin), own.ID, haki.Delegation{ToUserID: cwUser.ID, Note: "I am in court"})
	if err != nil {
		t.Fatal(err)
	}
	// A hearing and an event at 09:30 UTC (12:30 in Nairobi).
	at := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
	m := mustMatter(t, app)
	if err := st.CreateHearing(storetest.As(admin), &haki.Hearing{MatterID: m.ID, StartsAt: at, Purpose: "mention"}); err != nil {
		t.Fatal(err)
	}
	appt := &haki.CalendarEvent{CaseID: m.CaseID, Subtype: "counselling", StartsAt: at, Location: "Office"}
	if err := st.CreateAppointment(storetest.As(admin), appt); err != nil {
		t.Fatal(err)
	}
	e := &haki.CalendarEvent{Kind: haki.KindMeeting, StartsAt: at, EndsAt: at.Add(time.Hour), OwnerUserID: cwUser.ID, Location: "Office"}
	if err := st.CreateEvent(cw, e); err != nil {
		t.Fatal(err)
	}

	c := app.sessionClient(t, haki.RoleCaseworker)
	for _, tc := range []struct{ path, want string }{
		{"/notifications", utc(n.CreatedAt)},
		{"/tasks/" + done.ID, utc(done.DoneAt)},
		{"/tasks/" + passed.ID, utc(passed.DelegatedAt)},
		{"/matters/" + m.ID, "2026-03-14 09:30 UTC"},
		{"/calendar/events/" + e.ID, "2026-03-14 09:30 UTC – 10:30"},
		{"/cases/" + m.CaseID, "<strong>2026-03-14 09:30 UTC</strong>"},
		{"/cases/" + m.CaseID + "/appointments", "<strong>2026-03-14 09:30 UTC</strong>"},
	} {
		res := c.get(tc.path)
		if res.status != http.StatusOK || !strings.Contains(res.body, tc.want) {
			t.Errorf("%s: status %d, lacks %q", tc.path, res.status, tc.want)
		}
	}
}
