package web

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// calEventIDs gives the calendar routes a fresh weekly group session on
// the caseworkers' team calendar, with one client.
func calEventIDs(tb testing.TB, app *testApp) map[string]string {
	admin := app.users[haki.RoleAdmin]
	team := app.users[haki.RoleCaseworker].TeamID
	c := mustCase(tb, app.store, admin, team, false)
	start := time.Now().Add(48 * time.Hour).Truncate(time.Hour)
	e := &haki.CalendarEvent{Kind: haki.KindGroupSession, StartsAt: start, EndsAt: start.Add(time.Hour), OwnerTeamID: team, Rule: "FREQ=WEEKLY;COUNT=8",
		Participants: []*haki.Participant{{PersonID: c.ClientID, CaseID: c.ID}}}
	if err := app.store.CreateEvent(storetest.As(admin), e); err != nil {
		tb.Fatal(err)
	}
	return map[string]string{"id": e.ID}
}

// diaryIDs gives the diary routes a note of the caseworker's.
func diaryIDs(tb testing.TB, app *testApp) map[string]string {
	n := &haki.DiaryNote{Day: haki.Today(time.Now()), Body: "Buy airtime for the hotline"}
	if err := app.store.CreateDiaryNote(storetest.As(app.users[haki.RoleCaseworker]), n); err != nil {
		tb.Fatal(err)
	}
	return map[string]string{"id": n.ID}
}

// TestCalendarJourney: a caseworker schedules an eight-week group therapy
// series with five clients, marks attendance, sees the month, is warned of
// a double booking, and keeps a diary note.
func TestCalendarJourney(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		admin, cw := app.users[haki.RoleAdmin], app.users[haki.RoleCaseworker]
		c := app.client(t, haki.RoleCaseworker)
		var refs []string
		var cases []*haki.Case
		for range 5 {
			k := mustCase(t, st, admin, cw.TeamID, false)
			cases, refs = append(cases, k), append(refs, k.Ref)
		}
		start := time.Date(2026, 9, 1, 14, 0, 0, 0, haki.Nairobi) // a Tuesday
		form := url.Values{"kind": {"group_session"}, "starts_at": {"2026-09-01T14:00"}, "minutes": {"90"}, "location": {"Room 2"},
			"owner": {"team"}, "clients": {strings.Join(refs, "\n")}, "staff": {cw.ID}, "freq": {"WEEKLY"}, "interval": {"1"}, "count": {"8"}}
		res := c.post("/calendar/events", form)
		if res.status != 303 || !strings.HasPrefix(res.location, "/calendar/events/") {
			t.Fatalf("create series: %d %s", res.status, res.body)
		}
		id := strings.TrimPrefix(res.location, "/calendar/events/")
		// The month shows the series on four Tuesdays of September.
		res = c.get("/calendar?view=month&date=2026-09&who=team")
		if res.status != 200 || strings.Count(res.body, "/calendar/events/"+id+"?at=") != 5 {
			t.Fatalf("month view: %d, %d links", res.status, strings.Count(res.body, "/calendar/events/"+id+"?at="))
		}
		for _, v := range []string{"week", "day", "agenda"} {
			if res := c.get("/calendar?view=" + v + "&date=2026-09-08&who=team&kind=group_session"); res.status != 200 || !strings.Contains(res.body, "cal-group_session") {
				t.Fatalf("%s view: %d", v, res.status)
			}
		}
		// One occurrence, attendance in one click per client.
		at := start.AddDate(0, 0, 7).UTC().Format("20060102T150405Z")
		res = c.get("/calendar/events/" + id + "?at=" + at)
		if res.status != 200 || strings.Count(res.body, `name="attendance" value="missed"`) != 6 {
			t.Fatalf("occurrence page: %d", res.status)
		}
		occ, err := st.FindOccurrence(storetest.As(cw), id, start.AddDate(0, 0, 7))
		if err != nil {
			t.Fatal(err)
		}
		var client string
		for _, p := range occ.Participants {
			if p.PersonID == cases[0].ClientID {
				client = p.ID
			}
		}
		res = c.post("/calendar/events/"+id+"/attendance", url.Values{"at": {at}, "participant": {client}, "attendance": {"missed"}})
		if res.status != 303 {
			t.Fatalf("mark missed: %d %s", res.status, res.body)
		}
		tasks, _, err := st.FindTasks(storetest.As(admin), haki.TaskFilter{Scope: "case", CaseID: cases[0].ID})
		if err != nil || len(tasks) != 1 {
			t.Fatalf("follow-up task: %d, %v", len(tasks), err)
		}
		res = c.get(res.location)
		if !strings.Contains(res.body, `value="missed" aria-pressed="true"`) {
			t.Fatal("the missed mark does not show")
		}
		// A meeting in the same room at the same time warns; "save anyway" saves.
		clash := url.Values{"kind": {"meeting"}, "starts_at": {"2026-09-08T14:30"}, "minutes": {"60"}, "location": {"room 2"}, "owner": {"me"}}
		res = c.post("/calendar/events", clash)
		if res.status != 200 || !strings.Contains(res.body, `name="confirm"`) || !strings.Contains(res.body, `value="room 2"`) {
			t.Fatalf("double booking: %d", res.status)
		}
		clash.Set("confirm", "1")
		if res := c.post("/calendar/events", clash); res.status != 303 {
			t.Fatalf("save anyway: %d", res.status)
		}
		// Edit one occurrence; then the whole series.
		res = c.get("/calendar/events/" + id + "/edit?at=" + at)
		if res.status != 200 {
			t.Fatalf("edit occurrence form: %d", res.status)
		}
		if res := c.post("/calendar/events/"+id, url.Values{"at": {at}, "version": {"1"}, "starts_at": {"2026-09-09T14:00"}, "minutes": {"90"}, "location": {"Room 3"},
			"confirm": {"1"}}); res.status != 303 {
			t.Fatalf("edit occurrence: %d %s", res.status, res.body)
		}
		head, err := st.FindEventByID(storetest.As(cw), id)
		if err != nil {
			t.Fatal(err)
		}
		res = c.get("/calendar/events/" + id + "/edit")
		if res.status != 200 || !strings.Contains(res.body, cases[4].Ref) {
			t.Fatalf("edit series form: %d", res.status)
		}
		form.Set("version", "1")
		form.Set("location", "Room 4")
		form.Set("confirm", "1")
		_ = head
		if res := c.post("/calendar/events/"+id, form); res.status != 303 {
			t.Fatalf("edit series: %d %s", res.status, res.body)
		}
		occs, err := st.FindCalendar(storetest.As(cw), haki.CalendarQuery{From: start, To: start.AddDate(0, 3, 0), TeamID: cw.TeamID,
			Kinds: []string{haki.KindGroupSession}})
		if err != nil || len(occs) != 8 || occs[0].Location != "Room 4" || occs[1].Location != "Room 3" {
			t.Fatalf("after edits: %d, %v", len(occs), err)
		}
		// A personal day with a diary note.
		if res := c.post("/calendar/notes", url.Values{"day": {"2026-09-09"}, "body": {"Ask about transport money"}}); res.status != 303 {
			t.Fatalf("diary note: %d", res.status)
		}
		res = c.get("/calendar/day?date=2026-09-09")
		if res.status != 200 || !strings.Contains(res.body, "Ask about transport money") || !strings.Contains(res.body, "cal-group_session") {
			t.Fatalf("day page: %d", res.status)
		}
		if res := c.post("/calendar/notes", url.Values{"day": {"2026-09-08"}, "body": {" "}}); res.status != 422 {
			t.Fatalf("empty note: %d", res.status)
		}
		// Another team's caseworker gets nothing of the team's calendar.
		other := storetest.MustTeam(t, st, "Mombasa")
		outsider := storetest.MustUser(t, st, "mombasa", haki.RoleCaseworker, other.ID)
		oc := app.sessionClientFor(t, outsider)
		if res := oc.get("/calendar/events/" + id); res.status != 404 {
			t.Fatalf("outsider opens the series: %d", res.status)
		}
		if res := oc.get("/calendar?view=month&date=2026-09&who=org"); res.status != 200 || !strings.Contains(res.body, "cal-busy") || strings.Contains(res.body, cases[0].Ref) {
			t.Fatalf("outsider's organisation view: %d", res.status)
		}
	})
}

// TestCalendarMonthMore: a crowded day shows the first entries and "+k more".
func TestCalendarMonthMore(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	cw := app.users[haki.RoleCaseworker]
	day := time.Date(2026, 10, 14, 8, 0, 0, 0, haki.Nairobi)
	for i := range 7 {
		e := &haki.CalendarEvent{Kind: haki.KindMeeting, StartsAt: day.Add(time.Duration(i) * time.Hour), EndsAt: day.Add(time.Duration(i)*time.Hour + 30*time.Minute)}
		if err := app.store.CreateEvent(storetest.As(cw), e); err != nil {
			t.Fatal(err)
		}
	}
	res := app.client(t, haki.RoleCaseworker).get("/calendar?view=month&date=2026-10")
	if res.status != 200 || !strings.Contains(res.body, "&#43;4 more") || !strings.Contains(res.body, "/calendar?date=2026-10-14&amp;view=day") {
		t.Fatalf("month with a crowded day: %d %s", res.status, res.body[strings.Index(res.body, "<table"):])
	}
}
