package store_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// noticeKinds lists the kinds of a user's notifications, newest first.
func noticeKinds(t *testing.T, s *store.Store, u *haki.User) []string {
	t.Helper()
	ns, err := s.FindNotifications(storetest.As(u), 50, false)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range ns {
		out = append(out, n.Kind)
	}
	return out
}

// TestNotifications: each event tells the right colleague in the same
// transaction; a colleague reads and marks only their own; messages that
// leave Haki name no client, case or detail.
func TestNotifications(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		now := time.Date(2026, 3, 10, 7, 0, 0, 0, time.UTC) // 10:00 in Nairobi
		s.Now = func() time.Time { return now }
		s.BaseURL = "https://haki.example.org"
		cw, dm := storetest.As(w.cwA), storetest.As(w.dm)
		docUser := storetest.MustUser(t, s, "doc", haki.RoleProfessional, "")
		doc := mustProfessional(t, s, dm, "Dr Achieng", "doctor", "available", docUser.ID, "KE-047")

		// The doctor chooses email and SMS; bad settings are refused.
		docCtx := storetest.As(docUser)
		if err := s.UpdateNoticeSettings(docCtx, &haki.NoticeSettings{SMS: true}); haki.ErrorFields(err)["phone"] == "" {
			t.Errorf("SMS without a phone: %v", err)
		}
		if err := s.UpdateNoticeSettings(docCtx, &haki.NoticeSettings{Email: true}); haki.ErrorFields(err)["email"] == "" {
			t.Errorf("email without an address: %v", err)
		}
		if err := s.SetOwnEmail(docCtx, "doc@example.org"); err != nil {
			t.Fatal(err)
		}
		if err := s.UpdateNoticeSettings(docCtx, &haki.NoticeSettings{Email: true, SMS: true, Phone: " 0712 345 678 "}); err != nil {
			t.Fatal(err)
		}
		if got, err := s.FindNoticeSettings(docCtx); err != nil || !got.Email || !got.SMS || got.Phone != "0712 345 678" || got.Address != "doc@example.org" {
			t.Fatalf("settings %+v, %v", got, err)
		}

		// A referral to the doctor tells them, by list, email and SMS.
		c := &haki.Consent{CaseID: w.caseA.ID, Purpose: haki.ConsentCare, Decision: "given", DecidedOn: now.AddDate(0, 0, -1), Method: "verbal", Language: "sw"}
		if err := s.RecordConsent(cw, c); err != nil {
			t.Fatal(err)
		}
		ref := &haki.Referral{CaseID: w.caseA.ID, ProfessionalID: doc.ID, Reason: "Medico-legal examination", SentOn: now}
		if err := s.CreateReferral(cw, ref); err != nil {
			t.Fatal(err)
		}
		if got := noticeKinds(t, s, docUser); !slices.Equal(got, []string{haki.NoticeReferral}) {
			t.Fatalf("doctor told %v", got)
		}
		if got := noticeKinds(t, s, w.cwA); len(got) != 0 {
			t.Errorf("the caseworker was told of their own referral: %v", got)
		}
		ns, _ := s.FindNotifications(docCtx, 10, true)
		if n := ns[0]; n.CaseRef != w.caseA.Ref || n.Link != "/cases/"+w.caseA.ID+"#referrals" || n.ActorName == "" || !n.Unread() {
			t.Errorf("notice %+v", n)
		}
		msgs, err := s.ClaimOutbox(haki.SystemContext(t.Context()), 100, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		var sent int
		for _, opened := range msgs {
			if opened.Purpose != store.PurposeNotice {
				continue
			}
			sent++
			text := opened.Subject + " " + opened.Body
			for _, secret := range []string{w.clientA.FullName, w.clientA.Ref, w.caseA.Ref, w.caseA.ID, "Medico", "Dr Achieng"} {
				if strings.Contains(text, secret) {
					t.Errorf("%s message carries %q: %s", opened.Channel, secret, text)
				}
			}
			if !strings.Contains(text, "https://haki.example.org/notifications") {
				t.Errorf("no link: %s", text)
			}
		}
		if sent != 2 {
			t.Errorf("%d messages queued for the doctor, want email and SMS", sent)
		}

		// Marking read: only one's own; read all.
		if _, err := s.ReadNotification(cw, ns[0].ID); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("another's notice: %v", err)
		}
		later := now.Add(time.Hour)
		s.Now = func() time.Time { return later }
		if n, err := s.ReadNotification(docCtx, ns[0].ID); err != nil || !n.ReadAt.Equal(later) {
			t.Errorf("read: %+v, %v", n, err)
		}
		if n, _ := s.CountUnreadNotifications(docCtx); n != 0 {
			t.Errorf("%d unread after reading", n)
		}

		// A task made for, or handed to, a colleague tells them.
		task := &haki.Task{Title: "Call the client's sister", DueOn: haki.Today(now), AssigneeUserID: w.cwA.ID, CaseID: w.caseA.ID}
		if err := s.CreateTask(cw, task); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DelegateTask(cw, task.ID, haki.Delegation{ToUserID: w.cwA2.ID, Note: "I am in court"}); err != nil {
			t.Fatal(err)
		}
		if got := noticeKinds(t, s, w.cwA2); !slices.Equal(got, []string{haki.NoticeTask}) {
			t.Errorf("colleague told %v", got)
		}

		// A missed session tells the case's caseworker, when another marks it.
		e := &haki.CalendarEvent{CaseID: w.caseA.ID, Subtype: "counselling", StartsAt: later.Add(-3 * time.Hour), Location: "Office"}
		if err := s.CreateAppointment(cw, e); err != nil {
			t.Fatal(err)
		}
		var client string
		for _, p := range e.Participants {
			if p.PersonID != "" {
				client = p.ID
			}
		}
		if _, err := s.MarkAttendance(dm, client, haki.AttendMissed); err != nil {
			t.Fatal(err)
		}
		if got := noticeKinds(t, s, w.cwA); !slices.Equal(got, []string{haki.NoticeMissed}) {
			t.Errorf("caseworker told %v", got)
		}
		// Attended, then missed again: the one missed session, told once.
		for _, mark := range []string{haki.AttendAttended, haki.AttendMissed} {
			if _, err := s.MarkAttendance(dm, client, mark); err != nil {
				t.Fatal(err)
			}
		}
		if got := noticeKinds(t, s, w.cwA); !slices.Equal(got, []string{haki.NoticeMissed}) {
			t.Errorf("marked missed twice, the caseworker is told %v", got)
		}
		if n, err := s.ReadAllNotifications(cw); err != nil || n != 1 {
			t.Errorf("read all: %d, %v", n, err)
		}

		// A hearing tells the matter's counsel.
		lit := &haki.Consent{CaseID: w.caseA.ID, Purpose: haki.ConsentLitigation, Decision: "given", DecidedOn: now.AddDate(0, 0, -1), Method: "signed_form", Language: "sw"}
		if err := s.RecordConsent(dm, lit); err != nil {
			t.Fatal(err)
		}
		m := &haki.LegalMatter{CaseID: w.caseA.ID, Court: "high_court", CourtStation: "Milimani", CaseNumber: "Petition E12 of 2025",
			Kind: "constitutional_petition", Status: "filed", FiledOn: now.AddDate(0, 0, -2), CounselUserID: w.cwA2.ID}
		if err := s.CreateMatter(cw, m, ""); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateHearing(cw, &haki.Hearing{MatterID: m.ID, StartsAt: later.AddDate(0, 0, 7), Purpose: "mention"}); err != nil {
			t.Fatal(err)
		}
		if got := noticeKinds(t, s, w.cwA2); !slices.Equal(got, []string{haki.NoticeHearing, haki.NoticeTask}) {
			t.Errorf("counsel told %v", got)
		}
	})
}
