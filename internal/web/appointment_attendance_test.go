package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// clientOf returns the id of the client's participation in an event.
func clientOf(tb testing.TB, e *haki.CalendarEvent) string {
	tb.Helper()
	for _, p := range e.Participants {
		if p.PersonID != "" {
			return p.ID
		}
	}
	tb.Fatal("no client participant")
	return ""
}

// TestAttendanceMarks: attended and missed wait for the appointment to
// begin (a clear 422 in the reader's language); rescheduling asks for the
// new time and books it; a group session the client missed is on the
// case's page under Past.
func TestAttendanceMarks(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		admin, cwUser := app.users[haki.RoleAdmin], app.users[haki.RoleCaseworker]
		c := mustCase(t, st, admin, cwUser.TeamID, false)
		cw := app.sessionClient(t, haki.RoleCaseworker)
		ctx := storetest.As(cwUser)
		future := &haki.CalendarEvent{CaseID: c.ID, Subtype: "counselling", StartsAt: time.Now().Add(30 * time.Hour), Location: "Office"}
		past := &haki.CalendarEvent{CaseID: c.ID, Subtype: "legal_consultation", StartsAt: time.Now().Add(-2 * time.Hour), Location: "Office"}
		for _, e := range []*haki.CalendarEvent{future, past} {
			if err := st.CreateAppointment(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		group := &haki.CalendarEvent{Kind: haki.KindGroupSession, StartsAt: time.Now().Add(-26 * time.Hour), Location: "Room 2",
			OwnerTeamID: cwUser.TeamID, Participants: []*haki.Participant{{PersonID: c.ClientID, CaseID: c.ID}}}
		if err := st.CreateEvent(ctx, group); err != nil {
			t.Fatal(err)
		}

		mark := func(e *haki.CalendarEvent, form url.Values) response {
			form.Set("participant", clientOf(t, e))
			return cw.post("/appointments/"+e.ID+"/attendance", form)
		}
		res := mark(future, url.Values{"attendance": {"missed"}})
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "has not begun yet") {
			t.Errorf("missed before it begins: %d", res.status)
		}
		cw.post("/lang", url.Values{"lang": {"sw"}, "next": {"/"}})
		res = mark(future, url.Values{"attendance": {"attended"}})
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Miadi hii bado haijaanza") {
			t.Errorf("attended before it begins, in Kiswahili: %d", res.status)
		}
		cw.post("/lang", url.Values{"lang": {"en"}, "next": {"/"}})
		if res = mark(past, url.Values{"attendance": {"rescheduled"}}); res.status != http.StatusUnprocessableEntity ||
			!strings.Contains(res.body, "Give the new date and time") {
			t.Errorf("rescheduled without a time: %d", res.status)
		}
		to := time.Now().Add(72 * time.Hour).Truncate(time.Minute)
		if res = mark(past, url.Values{"attendance": {"rescheduled"}, "starts_at": {nairobi(to)}}); res.status != http.StatusSeeOther {
			t.Fatalf("rescheduled: %d %s", res.status, res.body)
		}
		if res = mark(group, url.Values{"attendance": {"missed"}}); res.status != http.StatusSeeOther {
			t.Fatalf("missed the session: %d %s", res.status, res.body)
		}
		appts, err := st.FindAppointments(ctx, c.ID, 0)
		if err != nil || len(appts) != 4 {
			t.Fatalf("%d appointments, %v", len(appts), err)
		}
		booked := false
		for _, e := range appts {
			booked = booked || (e.StartsAt.Equal(to) && e.Subtype == "legal_consultation")
		}
		if !booked {
			t.Errorf("no appointment booked at the new time")
		}

		page := cw.get("/cases/" + c.ID).body
		past4 := page[strings.Index(page, "Past"):]
		if !strings.Contains(past4, "Group therapy session") || strings.Contains(page, "appointment.type.") {
			t.Errorf("the case page's past appointments lack the group session")
		}
		if !strings.Contains(page, `name="starts_at"`) {
			t.Errorf("no way to give the new time of an appointment")
		}
	})
}
