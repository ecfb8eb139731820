package store_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// reminderWorld is a team with two caseworkers who have email addresses
// (one reads Kiswahili), a professional without one, and three clients,
// each with a case: one who may be texted (consent to care given, safe to
// text, a phone), one without consent, one not safe to text.
type reminderWorld struct {
	clock                  *fixedClock
	admin, dm, cw, res     context.Context
	cwUser, cw2User, prof  *haki.User
	ok, noConsent, notSafe *haki.Case
}

// fixedClock is a store clock tests move by hand.
type fixedClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fixedClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fixedClock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

func newReminderWorld(t *testing.T, s *store.Store) *reminderWorld {
	t.Helper()
	w := &reminderWorld{clock: &fixedClock{t: time.Now().UTC().Truncate(time.Minute)}}
	s.Now = w.clock.Now
	team := storetest.MustTeam(t, s, "Nairobi")
	w.admin = storetest.As(storetest.MustUser(t, s, "admin", haki.RoleAdmin, ""))
	w.dm = storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
	w.res = storetest.As(storetest.MustUser(t, s, "researcher", haki.RoleResearcher, ""))
	w.cwUser = storetest.MustUser(t, s, "cw", haki.RoleCaseworker, team.ID)
	w.cw2User = storetest.MustUser(t, s, "cw2", haki.RoleCaseworker, team.ID)
	w.prof = storetest.MustUser(t, s, "prof", haki.RoleProfessional, "")
	for _, u := range []*haki.User{w.cwUser, w.cw2User} {
		u.Email = u.Username + "@haki.example"
		if u == w.cw2User {
			u.Language = "sw"
		}
		if err := s.UpdateUser(w.admin, u, store.AccountProof{Password: storetest.Password}); err != nil {
			t.Fatal(err)
		}
	}
	w.cw = storetest.As(w.cwUser)
	inc := mustIncident(t, s, w.dm, "Beating at Kilimani", "KE-047", "2024-06-25")
	client := func(name, phone string, consentGiven, safe bool) *haki.Case {
		p := &haki.Person{FullName: name, Sex: "female", Phone: phone}
		if err := s.CreatePerson(w.dm, p); err != nil {
			t.Fatal(err)
		}
		c := &haki.Case{ClientID: p.ID, ClientRelation: "survivor", IncidentIDs: []string{inc.ID}, IntakeDate: time.Now().AddDate(0, 0, -10),
			IntakeChannel: "walk_in", Status: "active", TeamID: team.ID, CaseworkerID: w.cwUser.ID, AssigneeIDs: []string{w.cw2User.ID}}
		if err := s.CreateCase(w.dm, c); err != nil {
			t.Fatal(err)
		}
		if consentGiven {
			mustConsent(t, s, w.dm, c.ID, haki.ConsentCare)
		}
		a := &haki.Assessment{CaseID: c.ID, AssessedOn: time.Now().UTC().AddDate(0, 0, -1), ThreatLevel: "low", SafeToCall: safe, SafeToText: safe,
			ContactMethod: "sms"}
		if !safe {
			a.ContactMethod = "in_person"
		}
		if err := s.RecordAssessment(w.dm, a); err != nil {
			t.Fatal(err)
		}
		return c
	}
	w.ok = client("Wanjiru Kamau", "0712345678", true, true)
	w.noConsent = client("Akinyi Odhiambo", "0722000111", false, true)
	w.notSafe = client("Njeri Wambui", "0733000222", true, false)
	return w
}

// appointment schedules an appointment of a case at start, with cw2 too.
func (w *reminderWorld) appointment(t *testing.T, s *store.Store, c *haki.Case, start time.Time) *haki.CalendarEvent {
	t.Helper()
	e := &haki.CalendarEvent{CaseID: c.ID, Subtype: "counselling", StartsAt: start, EndsAt: start.Add(time.Hour), Location: "Room 2",
		Participants: []*haki.Participant{{UserID: w.cw2User.ID}}}
	if err := s.CreateAppointment(w.cw, e); err != nil {
		t.Fatal(err)
	}
	return e
}

func mustSchedule(t *testing.T, s *store.Store, ctx context.Context) store.ReminderRun {
	t.Helper()
	run, err := s.ScheduleReminders(ctx, store.ReminderOptions{BaseURL: "https://haki.example"})
	if err != nil {
		t.Fatal(err)
	}
	return run
}

func reminders(t *testing.T, s *store.Store, ctx context.Context, status string) []*store.OutboxEntry {
	t.Helper()
	out, err := s.FindOutbox(ctx, store.OutboxFilter{Purpose: store.PurposeReminder, Status: status})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestScheduleReminders(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newReminderWorld(t, s)
		sys := haki.SystemContext(context.Background())
		now := w.clock.Now()
		start := now.Add(24*time.Hour + 30*time.Minute)
		e := w.appointment(t, s, w.ok, start)
		w.appointment(t, s, w.noConsent, start.Add(2*time.Hour))
		w.appointment(t, s, w.notSafe, start.Add(-time.Hour))
		far := w.appointment(t, s, w.ok, start.Add(72*time.Hour))

		// Two emails for each appointment due (cw and cw2), one SMS for the
		// only client who may be texted; nothing yet for the far one.
		if run := mustSchedule(t, s, sys); run.Queued != 5 || run.Cancelled != 0 {
			t.Fatalf("first run: %+v", run)
		}
		if run := mustSchedule(t, s, sys); run.Queued != 0 || run.Cancelled != 0 {
			t.Fatalf("second run queued again: %+v", run)
		}
		got, err := s.FindEventReminders(w.cw, e.ID)
		if err != nil || len(got) != 3 {
			t.Fatalf("event reminders: %v %d", err, len(got))
		}
		kinds := map[string]int{}
		for _, r := range got {
			kinds[r.Channel+"/"+r.Recipient]++
			if !r.Start.Equal(start) || r.Status != store.OutboxQueued || !r.NextAttemptAt.Equal(start.Add(-24*time.Hour)) {
				t.Errorf("reminder %+v", r)
			}
		}
		if kinds["email/user"] != 2 || kinds["sms/client"] != 1 {
			t.Errorf("kinds %v", kinds)
		}
		if _, err := s.FindEventReminders(w.res, e.ID); haki.ErrorCode(err) != haki.ENOTFOUND && haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("researcher: %v", err)
		}
		if _, err := s.ScheduleReminders(w.cw, store.ReminderOptions{}); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("caseworker scheduling: %v", err)
		}

		// Moved three days on: its reminders are withdrawn; moved back,
		// they are queued again.
		move := func(to time.Time) {
			t.Helper()
			cur, err := s.FindEventByID(w.cw, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			cur.StartsAt, cur.EndsAt = to, to.Add(time.Hour)
			if err := s.UpdateCalendarEvent(w.cw, cur); err != nil {
				t.Fatal(err)
			}
		}
		move(start.Add(96 * time.Hour))
		if run := mustSchedule(t, s, sys); run.Queued != 0 || run.Cancelled != 3 {
			t.Fatalf("after moving: %+v", run)
		}
		move(start)
		if run := mustSchedule(t, s, sys); run.Queued != 3 || run.Cancelled != 0 {
			t.Fatalf("after moving back: %+v", run)
		}
		// Consent withdrawn: the SMS goes, the emails stay.
		c := &haki.Consent{CaseID: w.ok.ID, Purpose: haki.ConsentCare, Decision: "withdrawn", DecidedOn: now, Method: "verbal", Language: "sw"}
		if err := s.RecordConsent(w.dm, c); err != nil {
			t.Fatal(err)
		}
		if run := mustSchedule(t, s, sys); run.Queued != 0 || run.Cancelled != 1 {
			t.Fatalf("after consent withdrawn: %+v", run)
		}
		c.Decision, c.ID = "given", ""
		if err := s.RecordConsent(w.dm, c); err != nil {
			t.Fatal(err)
		}
		if run := mustSchedule(t, s, sys); run.Queued != 1 {
			t.Fatalf("after consent given again: %+v", run)
		}
		// Cancelled: every queued reminder of it is withdrawn.
		cur, err := s.FindEventByID(w.cw, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CancelEvent(w.cw, e.ID, cur.Version); err != nil {
			t.Fatal(err)
		}
		if run := mustSchedule(t, s, sys); run.Queued != 0 || run.Cancelled != 3 {
			t.Fatalf("after cancelling: %+v", run)
		}

		// Two days later the far one is due, and sent with nothing sensitive.
		w.clock.Set(far.StartsAt.Add(-24*time.Hour + time.Minute))
		if run := mustSchedule(t, s, sys); run.Queued != 3 {
			t.Fatalf("far one: %+v", run)
		}
		msgs, err := s.ClaimOutbox(sys, 100, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		var sms, mails int
		for _, m := range msgs {
			if strings.Contains(m.Body+m.Subject, "Wanjiru") || strings.Contains(m.Body+m.Subject, "Kamau") {
				t.Errorf("a client's name in a reminder: %q %q", m.Subject, m.Body)
			}
			switch m.Channel {
			case store.ChannelSMS:
				sms++
				want, _ := haki.ClientReminderText("sw", far.StartsAt, w.clock.Now())
				if m.Body != want || m.To != "0712345678" || !strings.HasPrefix(m.Body, "Kumbusho: miadi yako ni kesho saa ") {
					t.Errorf("sms %q to %q, want %q", m.Body, m.To, want)
				}
			case store.ChannelEmail:
				mails++
				for _, want := range []string{w.ok.Ref, "Room 2", "https://haki.example/calendar/events/" + far.ID} {
					if !strings.Contains(m.Body, want) {
						t.Errorf("email to %s lacks %q:\n%s", m.To, want, m.Body)
					}
				}
				if m.To == "cw2@haki.example" && !strings.HasPrefix(m.Subject, "Kumbusho: Miadi ya ushauri nasaha") {
					t.Errorf("cw2 reads Kiswahili: %q", m.Subject)
				}
			}
		}
		if sms != 1 || mails != 2 {
			t.Errorf("claimed %d sms, %d emails", sms, mails)
		}
	})
}

func TestOwnEmail(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newReminderWorld(t, s)
		if err := s.SetOwnEmail(storetest.As(w.prof), "not an address"); haki.ErrorFields(err)["email"] == "" {
			t.Fatalf("bad address: %v", err)
		}
		if err := s.SetOwnEmail(storetest.As(w.prof), "prof@haki.example"); err != nil {
			t.Fatal(err)
		}
		if u, err := s.FindUserByID(w.admin, w.prof.ID); err != nil || u.Email != "prof@haki.example" {
			t.Fatalf("admin sees %v %v", u, err)
		}
		if u, err := s.FindUserByID(w.cw, w.prof.ID); err != nil || u.Email != "" {
			t.Fatalf("a colleague sees the address: %v %v", u, err)
		}
		if err := s.SetOwnEmail(context.Background(), "x@haki.example"); haki.ErrorCode(err) != haki.EUNAUTHORIZED {
			t.Fatalf("anonymous: %v", err)
		}
	})
}
