package cli

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/config"
	"github.com/haki-kenya/haki/internal/demo"
	"github.com/haki-kenya/haki/internal/store"
)

// demoUsers are the accounts the generator makes, one per role.
var demoUsers = []string{"admin", "datamanager", "caseworker", "professional", "monitor", "researcher", "viewer"}

func (m *Main) demo(ctx context.Context, args []string) error {
	var cfg config.Config
	var size int
	var seed int64
	var password string
	var noServe bool
	fs := m.flags("demo", "demo [--addr HOST:PORT] [--data DIR | --database URL] [--size N] [--seed S] [--demo-password P]")
	fs.StringVar(&cfg.Addr, "addr", "127.0.0.1:8080", "address to listen on")
	m.dataFlags(fs, &cfg)
	fs.IntVar(&size, "size", 3000, "number of incidents to generate (1000000 for scale work)")
	fs.Int64Var(&seed, "seed", 1, "random seed; the same seed gives the same data")
	fs.StringVar(&password, "demo-password", "", "password of every demo account (default: a new random one, printed)")
	fs.BoolVar(&noServe, "no-serve", false, "generate, then exit without serving")
	if done, err := parse(fs, args); done {
		return err
	}
	if cfg.DataDir == "" && cfg.DatabaseURL == "" {
		dir, err := os.MkdirTemp("", "haki-demo-")
		if err != nil {
			return err
		}
		cfg.DataDir = dir
	}
	if password == "" {
		password = randomPassword()
	}
	if err := haki.ValidatePassword(password); err != nil {
		return fmt.Errorf("--demo-password: %s", haki.ErrorFields(err)["password"])
	}
	s, err := m.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	fresh, err := m.fillDemo(ctx, s, size, seed, password)
	if err != nil {
		return err
	}
	if noServe {
		return nil
	}
	if cfg.OrgName == "" {
		cfg.OrgName = "Haki demonstration organisation"
	}
	m.printLogins(&cfg, fresh, password)
	logger := m.logger()
	// The demo schedules reminders and queues notifications like a server,
	// but keeps every message on the outbox page instead of sending it.
	stopNotify, webOpt := startDemoNotify(ctx, s, logger)
	defer stopNotify()
	return m.listen(ctx, &cfg, s, logger, true, store.DefaultLockout, webOpt)
}

// fillDemo generates the data into an empty database. A database that
// already has accounts is served as it is.
func (m *Main) fillDemo(ctx context.Context, s *store.Store, size int, seed int64, password string) (fresh bool, err error) {
	sys := haki.SystemContext(ctx)
	users, err := s.FindUsers(sys)
	if err != nil {
		return false, err
	}
	if len(users) > 0 {
		fmt.Fprintln(m.Stdout, "The database already has data; serving it as it is (accounts keep their passwords).")
		return false, nil
	}
	start := time.Now()
	fmt.Fprintf(m.Stdout, "Generating %d incidents (seed %d)...\n", size, seed)
	loader, err := s.NewLoader(sys)
	if err != nil {
		return false, err
	}
	now := time.Now()
	rec := demo.NewRecorder(loader, demo.MaxCaseworkCases)
	stats, err := demo.Generate(ctx, demo.Options{Size: size, Seed: seed, Now: now, Password: password}, rec)
	if err != nil {
		loader.Abort()
		return false, fmt.Errorf("generate demo data: %w", err)
	}
	if err := loader.Close(); err != nil {
		return false, err
	}
	if err := s.Analyze(ctx); err != nil {
		return false, err
	}
	fmt.Fprintf(m.Stdout, "Generated in %s: %d incidents, %d persons, %d acts, %d perpetrator involvements, %d sources, %d cases, %d institutions, %d accounts.\n",
		time.Since(start).Round(time.Millisecond), stats.Incidents, stats.Persons, stats.Acts, stats.Involvements, stats.Sources, stats.Cases,
		stats.Institutions, stats.Users)
	// Big demos are for scale: their casework pass stays small, so that a
	// million incidents still load within five minutes.
	cases := demo.MaxCaseworkCases
	if size >= 100000 {
		cases = 150
	}
	if err := m.demoCasework(ctx, s, rec, seed, now, cases); err != nil {
		return true, err
	}
	if err := m.demoTeamCalendar(ctx, s, now); err != nil {
		return true, err
	}
	if err := m.demoPublicReports(ctx, s, seed, now, 40); err != nil {
		return true, err
	}
	if err := m.demoPortal(ctx, s, now); err != nil {
		return true, err
	}
	return true, m.demoEvaluations(ctx, s, password, now)
}

// demoPortal publishes a handful of invented incidents and case stories on
// the public portal as the demo's data manager (demo/portal.go, demo/stories.go).
func (m *Main) demoPortal(ctx context.Context, s *store.Store, now time.Time) error {
	users, err := s.FindUsers(haki.SystemContext(ctx))
	if err != nil {
		return err
	}
	for _, u := range users {
		if u.Role == haki.RoleDataManager {
			n, err := demo.Portal(ctx, s, u, now)
			if err != nil {
				return fmt.Errorf("demo portal: %w", err)
			}
			fmt.Fprintf(m.Stdout, "Public portal: %d invented incidents published at /portal.\n", n)
			if n, err = demo.Stories(ctx, s, u, now); err != nil {
				return fmt.Errorf("demo stories: %w", err)
			}
			fmt.Fprintf(m.Stdout, "Public portal: %d invented case stories published at /portal/stories.\n", n)
			return nil
		}
	}
	return nil
}

// demoTeamCalendar fills the calendar of the demo caseworker's team: a
// weekly group therapy series with five of the team's active clients, a
// team meeting and a field visit (demo_calendar.go).
func (m *Main) demoTeamCalendar(ctx context.Context, s *store.Store, now time.Time) error {
	users, err := s.FindUsers(haki.SystemContext(ctx))
	if err != nil {
		return err
	}
	var cw *haki.User
	for _, u := range users {
		if u.Username == "caseworker" {
			cw = u
		}
	}
	if cw == nil || cw.TeamID == "" {
		return nil
	}
	var cases []*haki.Case
	for cursor := ""; len(cases) < 5; {
		page, next, err := s.FindCases(haki.NewContextWithUser(ctx, cw), haki.CaseFilter{Status: "active", Cursor: cursor, Limit: 100})
		if err != nil {
			return err
		}
		for _, c := range page {
			if c.TeamID == cw.TeamID && !c.Sensitive && len(cases) < 5 {
				cases = append(cases, c)
			}
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if err := demoCalendar(ctx, s, cw, cw.TeamID, cases, now); err != nil {
		return fmt.Errorf("demo calendar: %w", err)
	}
	fmt.Fprintf(m.Stdout, "Calendar: a weekly group therapy series with %d clients, a team meeting and a field visit on the caseworker's team calendar.\n", len(cases))
	return nil
}

// demoCasework works the most recent case files through the store's own
// calls, as the demo's colleagues, with the store's clock set to the moment
// of each action so that records, audit entries and timelines are dated then.
func (m *Main) demoCasework(ctx context.Context, s *store.Store, rec *demo.Recorder, seed int64, now time.Time, limit int) error {
	start := time.Now()
	users, err := s.FindUsers(haki.SystemContext(ctx))
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "Casework on the %d most recent case files, as the demo's colleagues...\n", min(rec.Total(), limit))
	clock := s.Now
	defer func() { s.Now = clock }()
	cs, err := demo.Casework(ctx, demo.CaseworkOptions{Seed: seed, Now: now, Users: users,
		Clock: func(t time.Time) { s.Now = func() time.Time { return t } }, Cases: limit}, rec, s)
	s.Now = clock
	if err != nil {
		return fmt.Errorf("demo casework: %w", err)
	}
	if rec.Total() > limit {
		fmt.Fprintf(m.Stdout, "Casework limited to the %d most recent of %d case files, to keep big demos quick.\n", limit, rec.Total())
	}
	fmt.Fprintf(m.Stdout, "Casework in %s on %d case files (those closed more than %d years ago left as loaded): %d professionals, %d partners, %d consents, %d assessments, %d services (%d group sessions), %d referrals, "+
		"%d legal matters, %d hearings, %d appointments, %d attendance marks, %d contact attempts, %d tasks, %d notes, %d intake.\n",
		time.Since(start).Round(time.Millisecond), cs.Cases, demo.CaseworkYears, cs.Professionals, cs.Partners, cs.Consents, cs.Assessments, cs.Services, cs.GroupSessions,
		cs.Referrals, cs.Matters, cs.Hearings, cs.Appointments, cs.Attendance, cs.Contacts, cs.Tasks, cs.Notes, cs.Intakes)
	if cs.Failed > 0 {
		fmt.Fprintf(m.Stdout, "Casework: %d of %d actions refused by the store (first: %s).\n", cs.Failed, cs.Actions, cs.Errors[0])
	}
	return nil
}

func (m *Main) printLogins(cfg *config.Config, fresh bool, password string) {
	fmt.Fprintf(m.Stdout, "\nDEMO — not for real data. Data: %s\n", cfg.String())
	fmt.Fprintf(m.Stdout, "Without an account: the public's reporting page http://%s/report and portal http://%s/portal\n", cfg.Addr, cfg.Addr)
	fmt.Fprintf(m.Stdout, "Open http://%s/ and sign in as one of:\n", cfg.Addr)
	if !fresh {
		fmt.Fprintf(m.Stdout, "  %s (with the passwords they were given)\n", strings.Join(demoUsers, ", "))
		return
	}
	for _, u := range demoUsers {
		fmt.Fprintf(m.Stdout, "  %-13s password: %s\n", u, password)
	}
	fmt.Fprintln(m.Stdout)
}

func randomPassword() string {
	b := make([]byte, 10)
	rand.Read(b)
	return "demo-" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}
