package demo_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/demo"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// caseworkDemo loads a small demo and runs the casework pass on it, as
// `haki demo` does, with the store's clock and the demo's at now: the store
// is left at now, so what the test reads afterwards is seen from then.
func caseworkDemo(t *testing.T, s *store.Store, size int, now time.Time, cases int) demo.CaseworkStats {
	t.Helper()
	s.Now = func() time.Time { return now }
	ctx := haki.SystemContext(context.Background())
	l, err := s.NewLoader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rec := demo.NewRecorder(l, demo.MaxCaseworkCases)
	if _, err := demo.Generate(ctx, demo.Options{Size: size, Seed: 3, Now: now, Password: storetest.Password}, rec); err != nil {
		l.Abort()
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	users, err := s.FindUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st, err := demo.Casework(context.Background(), demo.CaseworkOptions{Seed: 3, Now: now, Users: users, Cases: cases,
		Clock: func(at time.Time) { s.Now = func() time.Time { return at } }}, rec, s)
	s.Now = func() time.Time { return now }
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// caseworkNow is the instant TestCaseworkPass runs the demo at; the
// demo's plans are made relative to it.
var caseworkNow = time.Date(2026, 12, 7, 7, 26, 0, 0, time.UTC)

// TestCaseworkPassAtAnyHour runs the casework pass at instants around
// midnight in Nairobi and in UTC, a month's and a year's end, and the hours
// at which the pass once failed (06:45 and 07:26 UTC, when the demo planned
// a contact later the same day and the domain read the wall clock): every
// action succeeds whatever the hour.
func TestCaseworkPassAtAnyHour(t *testing.T) {
	if testing.Short() {
		t.Skip("loads demos")
	}
	instants := []time.Time{
		time.Date(2026, 12, 7, 0, 5, 0, 0, time.UTC),
		time.Date(2026, 12, 7, 6, 45, 0, 0, time.UTC),
		time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 30, 20, 59, 0, 0, time.UTC), // 23:59 in Nairobi on a month's last day
		time.Date(2026, 12, 31, 23, 55, 0, 0, time.UTC), // the new year in Nairobi, the old in UTC
	}
	// Each instant loads a demo (a minute under -race): the domain's tests
	// (TestValidateDatesAtNow) try more instants, such as a leap day.
	// The rules that depend on the hour are Go's, not SQL's: SQLite is
	// enough here, and TestCaseworkPass runs the whole pass on both engines.
	for _, now := range instants {
		t.Run(now.Format("2006-01-02T15:04Z"), func(t *testing.T) {
			st := caseworkDemo(t, storetest.Open(t), 1500, now, 0)
			if st.Failed > 0 || st.Skipped > 0 || st.Actions == 0 {
				t.Errorf("%d of %d actions failed, %d skipped: %v", st.Failed, st.Actions, st.Skipped, st.Errors)
			}
		})
	}
}

func TestCaseworkPass(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a demo")
	}
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		st := caseworkDemo(t, s, 1500, caseworkNow, 0)
		t.Logf("casework: %+v", st)
		if st.Failed > 0 {
			t.Errorf("%d actions failed: %v", st.Failed, st.Errors)
		}
		if st.Skipped > 0 {
			t.Errorf("%d actions skipped", st.Skipped)
		}
		for name, n := range map[string]int{"cases": st.Cases, "professionals": st.Professionals, "partners": st.Partners, "consents": st.Consents,
			"assessments": st.Assessments, "services": st.Services, "group sessions": st.GroupSessions, "referrals": st.Referrals,
			"matters": st.Matters, "hearings": st.Hearings, "appointments": st.Appointments, "attendance": st.Attendance,
			"contacts": st.Contacts, "tasks": st.Tasks, "notes": st.Notes, "intakes": st.Intakes} {
			if n == 0 {
				t.Errorf("no %s", name)
			}
		}
		if st.Professionals < 300 || st.Partners < 20 {
			t.Errorf("network: %d professionals, %d partners", st.Professionals, st.Partners)
		}
		sys := haki.SystemContext(context.Background())
		user := func(name string) context.Context {
			u, err := s.FindUserByUsername(sys, name)
			if err != nil {
				t.Fatal(err)
			}
			return storetest.As(u)
		}
		admin, cw, prof := user("admin"), user("caseworker"), user("professional")
		me := haki.UserFromContext(prof)

		// The professional sees only the cases assigned to them, and has some.
		cases, _, err := s.FindCases(prof, haki.CaseFilter{Limit: 1000})
		if err != nil || len(cases) == 0 {
			t.Fatalf("professional's cases: %d, %v", len(cases), err)
		}
		for _, c := range cases {
			full, err := s.FindCaseByID(admin, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if full.CaseworkerID != me.ID && !slices.Contains(full.AssigneeIDs, me.ID) {
				t.Errorf("the professional sees %s, not assigned to them", c.Ref)
			}
		}
		if p, err := s.FindMyProfessional(prof); err != nil || p == nil || p.UserID != me.ID {
			t.Errorf("the professional's directory record: %v, %v", p, err)
		}

		// The caseworker and the professional have work on their home pages.
		for name, ctx := range map[string]context.Context{"caseworker": cw, "professional": prof} {
			tasks, _, err := s.FindTasks(ctx, haki.TaskFilter{Scope: "mine", Status: haki.TaskOpen, Limit: 200})
			if err != nil || len(tasks) == 0 {
				t.Errorf("%s: %d open tasks, %v", name, len(tasks), err)
			}
			overdue := 0
			for _, tk := range tasks {
				if tk.Overdue(haki.Today(caseworkNow)) {
					overdue++
				}
			}
			if overdue == 0 {
				t.Errorf("%s has no overdue task", name)
			}
			refs, err := s.FindOverdueReferrals(ctx)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d open tasks (%d overdue), %d overdue referrals", name, len(tasks), overdue, len(refs))
		}
		if refs, err := s.FindOverdueReferrals(cw); err != nil || len(refs) == 0 {
			t.Errorf("the caseworker has no overdue referral: %v", err)
		}
		if delegated, _, err := s.FindTasks(admin, haki.TaskFilter{Limit: 1000}); err != nil {
			t.Fatal(err)
		} else if !slices.ContainsFunc(delegated, func(tk *haki.Task) bool { return tk.DelegatedBy != "" }) {
			t.Error("no task was delegated")
		}

		// Cases at risk of dropping out, for both rules, on the caseworker's list.
		fus, err := s.FindFollowUps(cw, 500)
		if err != nil || len(fus) == 0 {
			t.Fatalf("the caseworker's follow-ups: %d, %v", len(fus), err)
		}
		all, err := s.FindFollowUps(admin, 500)
		if err != nil {
			t.Fatal(err)
		}
		rules := map[string]int{}
		for _, f := range all {
			for _, r := range f.Risk.Reasons {
				rules[r.Rule]++
			}
		}
		if rules["missed"] == 0 || rules["silence"] == 0 {
			t.Errorf("follow-up reasons: %v", rules)
		}

		// The directory shows gaps, and every state of a referral exists.
		cov, err := s.FindCoverage(admin)
		if err != nil {
			t.Fatal(err)
		}
		if gaps := cov.Gaps(); gaps["psychiatrist"] == 0 || gaps["lawyer"] == 0 {
			t.Errorf("coverage gaps: %v", gaps)
		}
		db := s.DB()
		for _, status := range haki.ReferralStatuses {
			var n int
			if err := db.QueryRow(`SELECT COUNT(*) FROM referrals WHERE status = '` + status + `'`).Scan(&n); err != nil || n == 0 {
				t.Errorf("referrals %s: %d, %v", status, n, err)
			}
		}
		// Every write was audited and told on its case's timeline.
		var services, serviceEvents, audits int
		db.QueryRow(`SELECT COUNT(*) FROM services`).Scan(&services)
		db.QueryRow(`SELECT COUNT(*) FROM case_events WHERE kind = 'service'`).Scan(&serviceEvents)
		db.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE entity = 'service'`).Scan(&audits)
		if services != st.Services || serviceEvents != services || audits != services {
			t.Errorf("services %d (counted %d), timeline %d, audit %d", services, st.Services, serviceEvents, audits)
		}
		// A minor's consent was given by her guardian.
		var guarded int
		db.QueryRow(`SELECT COUNT(*) FROM consents WHERE guardian_relation = 'Mother'`).Scan(&guarded)
		if guarded == 0 {
			t.Error("no consent given by a guardian")
		}
	})
}
