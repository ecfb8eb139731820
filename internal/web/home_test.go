package web

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// section returns the text of the home page's section with the id, or "".
func section(body, id string) string {
	i := strings.Index(body, `<section id="`+id+`"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], "</section>")
	return body[i : i+j]
}

// TestHomeShowsTheDay: at a fixed instant, the caseworker's home shows
// today's appointment (time and place), the monitor's their own incident
// with its verification, the data manager the verification queue and the
// administrator the outbox; figures come last.
func TestHomeShowsTheDay(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		now := time.Date(2026, 3, 10, 6, 0, 0, 0, time.UTC) // 09:00 in Nairobi
		clock := func() time.Time { return now }
		st.Now, app.server.now = clock, clock
		cw := app.users[haki.RoleCaseworker]
		e := &haki.CalendarEvent{Kind: haki.KindMeeting, StartsAt: now.Add(5 * time.Hour), EndsAt: now.Add(6 * time.Hour),
			Location: "Kisumu office", OwnerUserID: cw.ID}
		if err := st.CreateEvent(storetest.As(cw), e); err != nil {
			t.Fatal(err)
		}
		tomorrow := &haki.CalendarEvent{Kind: haki.KindMeeting, StartsAt: now.Add(22 * time.Hour), EndsAt: now.Add(23 * time.Hour),
			Location: "Tomorrow's place", OwnerUserID: cw.ID}
		if err := st.CreateEvent(storetest.As(cw), tomorrow); err != nil {
			t.Fatal(err)
		}
		inc := mustIncident(t, st, app.users[haki.RoleMonitor], "Seen at the market")
		task := &haki.Task{Title: "Call the Kisumu clinic back", DueOn: haki.Today(now), AssigneeUserID: cw.ID}
		if err := st.CreateTask(storetest.As(cw), task); err != nil {
			t.Fatal(err)
		}
		// A message the gateway refused for good: the administrator's trouble.
		sys := haki.SystemContext(t.Context())
		if ok, err := st.Enqueue(sys, &store.OutboxMessage{Channel: store.ChannelSMS, To: "0712000001", Body: "Reminder",
			Purpose: "reminder", RefKind: "event", RefID: e.ID}); err != nil || !ok {
			t.Fatalf("enqueue: %v %v", ok, err)
		}
		claimed, err := st.ClaimOutbox(sys, 1, time.Minute)
		if err != nil || len(claimed) != 1 {
			t.Fatalf("claim: %d, %v", len(claimed), err)
		}
		if err := st.MarkFailed(sys, claimed[0].ID, false, "refused by the gateway"); err != nil {
			t.Fatal(err)
		}

		for _, tc := range []struct {
			role      haki.Role
			section   string
			want, not []string
		}{
			{haki.RoleCaseworker, "today", []string{"14:00", "Kisumu office"}, []string{"Tomorrow's place"}},
			{haki.RoleCaseworker, "my-tasks-due", []string{task.Title}, nil},
			{haki.RoleMonitor, "my-submissions", []string{inc.Ref, "Unverified"}, nil},
			{haki.RoleDataManager, "verification-queue", []string{inc.Ref}, nil},
			{haki.RoleAdmin, "attention", []string{"/settings/outbox?status=failed"}, nil},
		} {
			res := app.sessionClient(t, tc.role).get("/")
			if res.status != http.StatusOK {
				t.Fatalf("%s: %d", tc.role, res.status)
			}
			sec := section(res.body, tc.section)
			if sec == "" {
				t.Errorf("%s: no section %s", tc.role, tc.section)
				continue
			}
			for _, w := range tc.want {
				if !strings.Contains(sec, w) {
					t.Errorf("%s: %s lacks %q: %s", tc.role, tc.section, w, sec)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(sec, w) {
					t.Errorf("%s: %s shows %q", tc.role, tc.section, w)
				}
			}
			if strings.Index(res.body, `id="figures"`) < strings.Index(res.body, `<section id="`+tc.section+`"`) {
				t.Errorf("%s: figures before %s", tc.role, tc.section)
			}
		}
	})
}
