package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// caseWorld is generated case work for the case-work report tests: cases
// of clients who have several cases, group sessions, services by staff and
// network professionals, referrals in every state, matters with several
// hearings (some still to come) and compensation, closures with several
// status changes.
type caseWorld struct {
	admin *haki.User
	cases []*haki.Case
}

// cwWriter returns a function that writes generated rows straight into
// the tables, on a connection of its own (SQLite's read pool is query-only,
// so it is switched off there until done is called).
func cwWriter(t *testing.T, s *store.Store) (exec func(q string, args ...any), done func()) {
	ctx := context.Background()
	conn, err := s.DB().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Dialect() == "sqlite" {
		if _, err := conn.ExecContext(ctx, "PRAGMA query_only = 0"); err != nil {
			t.Fatal(err)
		}
	}
	exec = func(q string, args ...any) {
		t.Helper()
		if _, err := conn.ExecContext(ctx, rpRebind(s, q), args...); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
	}
	return exec, func() {
		if s.Dialect() == "sqlite" {
			conn.ExecContext(ctx, "PRAGMA query_only = 1")
		}
		conn.Close()
	}
}

func cwDate(r *rand.Rand, y0, years int) time.Time {
	return time.Date(y0+r.IntN(years), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
}

func newCaseWorld(t *testing.T, s *store.Store) *caseWorld {
	t.Helper()
	ctx := haki.SystemContext(context.Background())
	r := rand.New(rand.NewPCG(4, 6))
	w := &caseWorld{admin: storetest.MustUser(t, s, "cwadmin", haki.RoleAdmin, "")}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l, err := s.NewLoader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var persons []*haki.Person
	for i := range 30 {
		p := &haki.Person{ID: rpID(r), Ref: fmt.Sprintf("PER-2024-%06d", i+1), FullName: "Client " + strconv.Itoa(i),
			Sex: pick(r, "male", "female", "female", "unknown"), CreatedAt: now, UpdatedAt: now}
		if r.IntN(2) == 0 {
			p.BirthDate = haki.FuzzyDate{Date: cwDate(r, 1950, 60), Precision: haki.PrecisionDay}
		}
		persons = append(persons, p)
		if err := l.Person(p); err != nil {
			t.Fatal(err)
		}
	}
	var incs []*haki.Incident
	for i := range 25 {
		inc := &haki.Incident{ID: rpID(r), Ref: fmt.Sprintf("INC-2024-%06d", i+1), Title: "Incident", Types: [][]string{{"torture"},
			{"extrajudicial_execution"}, {"torture", "cidt"}}[r.IntN(3)], Occurred: haki.FuzzyDate{Date: cwDate(r, 2022, 3), Precision: haki.PrecisionDay},
			CountyCode: pick(r, "KE-001", "KE-047", "KE-047", "KE-022"), Context: pick(r, "protest", "custody", ""), Verification: "verified",
			CreatedAt: now, UpdatedAt: now}
		incs = append(incs, inc)
		if err := l.Incident(inc); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 60 {
		c := &haki.Case{ID: rpID(r), Ref: fmt.Sprintf("CASE-2024-%06d", i+1), ClientID: pick(r, persons...).ID, ClientRelation: "survivor",
			IntakeDate: cwDate(r, 2023, 3), IntakeChannel: pick(r, "walk_in", "hotline"), Status: pick(r, "active", "active", "closed", "closed", "intake"),
			Sensitive: r.IntN(5) == 0, CreatedAt: now, UpdatedAt: now}
		if c.Status == "closed" {
			c.ClosureReason = pick(r, "services_completed", "lost_to_follow_up", "lost_to_follow_up", "withdrawn")
		}
		for range r.IntN(3) {
			c.IncidentIDs = append(c.IncidentIDs, pick(r, incs...).ID)
		}
		w.cases = append(w.cases, c)
		if err := l.Case(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	exec, done := cwWriter(t, s)
	defer done()
	cwExec := func(_ *testing.T, _ *store.Store, q string, args ...any) { exec(q, args...) }
	ts := func(d time.Time) string { return d.Format("2006-01-02T15:04:05.000000Z") }
	// Closures: one to three status changes, the last one counts.
	for i, c := range w.cases {
		cwExec(t, s, `UPDATE cases SET updated_at = ? WHERE id = ?`, ts(cwDate(r, 2023, 3)), c.ID)
		if c.Status != "closed" || i%7 == 0 { // some closed cases have no status line: updated_at counts
			continue
		}
		for range 1 + r.IntN(3) {
			cwExec(t, s, `INSERT INTO case_events (id, case_id, kind, occurred_at, summary, created_at) VALUES (?, ?, 'status', ?, '', ?)`,
				rpID(r), c.ID, ts(cwDate(r, 2023, 3).Add(time.Duration(r.IntN(86400))*time.Second)), ts(now))
		}
	}
	// The network.
	var pros []string
	for i := range 14 {
		id := rpID(r)
		pros = append(pros, id)
		cwExec(t, s, `INSERT INTO professionals (id, name, profession, availability, created_at, updated_at) VALUES (?, ?, ?, 'available', ?, ?)`,
			id, "Pro "+strconv.Itoa(i), pick(r, "doctor", "counsellor", "counsellor", "lawyer", "psychiatrist"), ts(now), ts(now))
		for _, county := range []string{pick(r, "KE-047", "KE-001"), pick(r, "KE-022", "KE-047", "KE-030")} {
			cwExec(t, s, `INSERT INTO professional_counties (professional_id, county_code) VALUES (?, ?) ON CONFLICT DO NOTHING`, id, county)
		}
	}
	var partners []string
	for i := range 3 {
		id := rpID(r)
		partners = append(partners, id)
		cwExec(t, s, `INSERT INTO partners (id, name, kind, county_code, created_at, updated_at) VALUES (?, ?, 'hospital', ?, ?, ?)`,
			id, "Partner "+strconv.Itoa(i), pick(r, "KE-047", "KE-001"), ts(now), ts(now))
	}
	addService := func(caseID, group string, d time.Time, cost int) {
		var staff, pro any
		if r.IntN(2) == 0 {
			staff = w.admin.ID
		} else {
			pro = pick(r, pros...)
		}
		cwExec(t, s, `INSERT INTO services (id, case_id, group_id, service_type, staff_id, professional_id, delivered_on, cost_kes, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, rpID(r), caseID, group, pick(r, haki.ServiceTypes...), staff, pro, d.Format(time.DateOnly), cost, ts(now), ts(now))
	}
	for range 160 {
		addService(pick(r, w.cases...).ID, "", cwDate(r, 2023, 3), r.IntN(5)*1500)
	}
	for range 10 { // group sessions: one row per attendee's case
		g, d := rpID(r), cwDate(r, 2023, 3)
		for range 2 + r.IntN(3) {
			addService(pick(r, w.cases...).ID, g, d, 700)
		}
	}
	for range 60 {
		sent := cwDate(r, 2023, 3)
		st := pick(r, haki.ReferralStatuses...)
		var pro, partner any = pick(r, pros...), nil
		if r.IntN(3) == 0 {
			pro, partner = nil, pick(r, partners...)
		}
		resp, done := "", ""
		if st != "sent" {
			resp = sent.AddDate(0, 0, 3).Format(time.DateOnly)
		}
		if st == "completed" {
			done = sent.AddDate(0, 0, 10).Format(time.DateOnly)
		}
		due := sent.AddDate(0, 0, 14)
		if r.IntN(4) == 0 {
			due = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC) // not yet due
		}
		cwExec(t, s, `INSERT INTO referrals (id, case_id, professional_id, partner_id, status, sent_on, due_on, responded_on, completed_on, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, rpID(r), pick(r, w.cases...).ID, pro, partner, st, sent.Format(time.DateOnly),
			due.Format(time.DateOnly), resp, done, ts(now), ts(now))
	}
	for range 60 {
		id, c := rpID(r), pick(r, w.cases...)
		status := pick(r, "preparing", "filed", "ongoing", "concluded", "appeal")
		filed := ""
		if status != "preparing" {
			filed = cwDate(r, 2023, 3).Format(time.DateOnly)
		}
		outcome := pick(r, append([]string{"compensation"}, haki.MatterOutcomes...)...)
		comp := 0
		if outcome == "compensation" {
			comp = 100000 * (1 + r.IntN(20))
		}
		cwExec(t, s, `INSERT INTO legal_matters (id, case_id, court, kind, status, filed_on, outcome, compensation_kes, created_at, updated_at)
			VALUES (?, ?, 'high_court', ?, ?, ?, ?, ?, ?, ?)`, id, c.ID, pick(r, haki.MatterKinds...), status, filed, outcome, comp, ts(now), ts(now))
		for range r.IntN(5) {
			at := cwDate(r, 2023, 5).Add(9 * time.Hour) // 2023 to 2027: some still to come
			cwExec(t, s, `INSERT INTO hearings (id, matter_id, case_id, starts_at, court, purpose, created_at, updated_at) VALUES (?, ?, ?, ?, 'high_court', ?, ?, ?)`,
				rpID(r), id, c.ID, ts(at), pick(r, haki.HearingPurposes...), ts(now), ts(now))
		}
	}
	return w
}

// cwInt runs a query returning one number.
func cwInt(t *testing.T, s *store.Store, q string, args ...any) int {
	t.Helper()
	var n sql.NullInt64
	if err := s.DB().QueryRow(rpRebind(s, q), args...).Scan(&n); err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	return int(n.Int64)
}

// cwGroups runs a query returning code and one number.
func cwGroups(t *testing.T, s *store.Store, q string, args ...any) map[string]int {
	t.Helper()
	rows, err := s.DB().Query(rpRebind(s, q), args...)
	if err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var code sql.NullString
		var n int
		if err := rows.Scan(&code, &n); err != nil {
			t.Fatal(err)
		}
		out[code.String] = n
	}
	return out
}

func figure(t *testing.T, r *haki.Report, key string) haki.Figure {
	t.Helper()
	g := r.Figures.Figure(key)
	if g == nil {
		t.Fatalf("no figure %s", key)
	}
	return *g
}

func checkFigure(t *testing.T, r *haki.Report, key string, want int) {
	t.Helper()
	if got := figure(t, r, key).Value; got.N != want || got.Suppressed {
		t.Errorf("%s: got %+v, want %d", key, got, want)
	}
}

// checkColumn compares column col of table by with want (code -> n),
// zero rows ignored.
func checkColumn(t *testing.T, r *haki.Report, by, col string, want map[string]int) {
	t.Helper()
	tb := r.Figures.Table(by)
	if tb == nil {
		t.Fatalf("no table %s", by)
	}
	c := tb.Col(col)
	got := map[string]int{}
	for _, row := range tb.Rows {
		if row.Values[c].N != 0 {
			got[row.Code] = row.Values[c].N
		}
	}
	for k, n := range want {
		if n != 0 && got[k] != n {
			t.Errorf("%s/%s %q: got %d, want %d", by, col, k, got[k], n)
		}
	}
	for k, n := range got {
		if want[k] != n {
			t.Errorf("%s/%s %q: got %d, want %d", by, col, k, n, want[k])
		}
	}
}

const cwIn2024 = `BETWEEN '2024-01-01' AND '2024-12-31'`

func TestServicesReportMatchesIndependentSQL(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newCaseWorld(t, s)
		for _, tc := range []struct {
			name  string
			f     func(*haki.ReportFilter)
			cases string // the cases counted, as a condition on c
		}{
			{"all", func(*haki.ReportFilter) {}, `1 = 1`},
			{"county", func(f *haki.ReportFilter) { f.CountyCode = "KE-047" },
				`c.id IN (SELECT ci.case_id FROM case_incidents ci, incidents i WHERE i.id = ci.incident_id AND i.county_code = 'KE-047')`},
			{"sex", func(f *haki.ReportFilter) { f.Sex = "female" }, `c.client_id IN (SELECT id FROM persons WHERE sex = 'female')`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				f := year2024()
				tc.f(&f)
				rep, err := s.Report(storetest.As(w.admin), haki.ReportServices, f)
				if err != nil {
					t.Fatal(err)
				}
				svc := `FROM services s, cases c WHERE c.id = s.case_id AND s.delivered_on ` + cwIn2024 + ` AND ` + tc.cases
				checkFigure(t, rep, "survivors_served", cwInt(t, s, `SELECT COUNT(DISTINCT c.client_id) `+svc))
				checkFigure(t, rep, "services", cwInt(t, s, `SELECT COUNT(*) `+svc))
				checkFigure(t, rep, "group_sessions", cwInt(t, s, `SELECT COUNT(DISTINCT s.group_id) `+svc+` AND s.group_id <> ''`))
				checkFigure(t, rep, "cost_kes", cwInt(t, s, `SELECT SUM(s.cost_kes) `+svc))
				checkColumn(t, rep, "service_type", "services", cwGroups(t, s, `SELECT s.service_type, COUNT(*) `+svc+` GROUP BY s.service_type`))
				checkColumn(t, rep, "service_type", "survivors_served", cwGroups(t, s, `SELECT s.service_type, COUNT(DISTINCT c.client_id) `+svc+` GROUP BY s.service_type`))
				checkColumn(t, rep, "service_type", "cost_kes", cwGroups(t, s, `SELECT s.service_type, SUM(s.cost_kes) `+svc+` GROUP BY s.service_type`))
				checkColumn(t, rep, "provider", "services", map[string]int{
					"staff": cwInt(t, s, `SELECT COUNT(*) `+svc+` AND s.staff_id IS NOT NULL`), "network": cwInt(t, s, `SELECT COUNT(*) `+svc+` AND s.staff_id IS NULL`)})
				checkColumn(t, rep, "profession", "survivors_served", cwGroups(t, s, `SELECT p.profession, COUNT(DISTINCT c.client_id) FROM services s, cases c, professionals p
					WHERE c.id = s.case_id AND p.id = s.professional_id AND s.delivered_on `+cwIn2024+` AND `+tc.cases+` GROUP BY p.profession`))

				ref := `FROM referrals r, cases c WHERE c.id = r.case_id AND r.sent_on ` + cwIn2024 + ` AND ` + tc.cases
				checkFigure(t, rep, "referrals_made", cwInt(t, s, `SELECT COUNT(*) `+ref))
				checkFigure(t, rep, "referrals_completed", cwInt(t, s, `SELECT COUNT(*) `+ref+` AND r.completed_on <> ''`))
				checkFigure(t, rep, "referrals_declined", cwInt(t, s, `SELECT COUNT(*) `+ref+` AND r.status = 'declined'`))
				checkFigure(t, rep, "referrals_overdue", cwInt(t, s, `SELECT COUNT(*) `+ref+` AND r.completed_on = '' AND r.status <> 'declined' AND r.due_on < ?`,
					haki.Today(s.Now()).Format(time.DateOnly)))
				checkColumn(t, rep, "referral_status", "referrals", cwGroups(t, s, `SELECT r.status, COUNT(*) `+ref+` GROUP BY r.status`))

				// Days from intake to first service, worked out here.
				rows, err := s.DB().Query(rpRebind(s, `SELECT c.intake_date, (SELECT MIN(s.delivered_on) FROM services s WHERE s.case_id = c.id) FROM cases c WHERE `+tc.cases))
				if err != nil {
					t.Fatal(err)
				}
				var days []int
				bands := map[string]int{}
				for rows.Next() {
					var intake string
					var first sql.NullString
					if err := rows.Scan(&intake, &first); err != nil {
						t.Fatal(err)
					}
					if !first.Valid || first.String < "2024-01-01" || first.String > "2024-12-31" {
						continue
					}
					a, _ := time.Parse(time.DateOnly, intake)
					b, _ := time.Parse(time.DateOnly, first.String)
					d := max(0, int(b.Sub(a).Hours()/24))
					days = append(days, d)
					switch {
					case d == 0:
						bands["0"]++
					case d <= 7:
						bands["1-7"]++
					case d <= 30:
						bands["8-30"]++
					case d <= 90:
						bands["31-90"]++
					default:
						bands["91+"]++
					}
				}
				rows.Close()
				slices.Sort(days)
				checkFigure(t, rep, "first_service_cases", len(days))
				if len(days) > 0 {
					checkFigure(t, rep, "median_days", days[(len(days)-1)/2])
				}
				checkColumn(t, rep, "days", "cases", bands)

				// Drop-out, with the closing day worked out here.
				rows, err = s.DB().Query(rpRebind(s, `SELECT c.closure_reason, c.updated_at,
					(SELECT e.occurred_at FROM case_events e WHERE e.case_id = c.id AND e.kind = 'status' ORDER BY e.occurred_at DESC LIMIT 1)
					FROM cases c WHERE c.status = 'closed' AND `+tc.cases))
				if err != nil {
					t.Fatal(err)
				}
				closed, lost := 0, 0
				for rows.Next() {
					var reason, updated string
					var last sql.NullString
					if err := rows.Scan(&reason, &updated, &last); err != nil {
						t.Fatal(err)
					}
					on := updated[:10]
					if last.Valid {
						on = last.String[:10]
					}
					if on >= "2024-01-01" && on <= "2024-12-31" {
						closed++
						if reason == "lost_to_follow_up" {
							lost++
						}
					}
				}
				rows.Close()
				checkFigure(t, rep, "cases_closed", closed)
				checkFigure(t, rep, "cases_lost", lost)
				if closed == 0 || lost == 0 {
					t.Fatalf("generated data too thin: %d closed, %d lost", closed, lost)
				}
				if got, want := figure(t, rep, "dropout_rate").Pct, haki.Percent(lost, closed); got != want {
					t.Errorf("drop-out rate %v, want %v", got, want)
				}
			})
		}
	})
}

func TestLitigationReportMatchesIndependentSQL(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newCaseWorld(t, s)
		for _, f := range []haki.ReportFilter{year2024(),
			{From: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)}} {
			rep, err := s.Report(storetest.As(w.admin), haki.ReportLitigation, f)
			if err != nil {
				t.Fatal(err)
			}
			from, to := f.From.Format(time.DateOnly), f.To.Format(time.DateOnly)
			filed := `FROM legal_matters m WHERE m.status <> 'preparing' AND m.filed_on >= '` + from + `' AND m.filed_on <= '` + to + `'`
			checkFigure(t, rep, "matters_filed", cwInt(t, s, `SELECT COUNT(*) `+filed))
			checkColumn(t, rep, "matter_kind", "matters", cwGroups(t, s, `SELECT m.kind, COUNT(*) `+filed+` GROUP BY m.kind`))
			checkColumn(t, rep, "outcome", "matters", cwGroups(t, s, `SELECT m.outcome, COUNT(*) `+filed+` GROUP BY m.outcome`))
			checkFigure(t, rep, "outcome_conviction", cwInt(t, s, `SELECT COUNT(*) `+filed+` AND m.outcome = 'conviction'`))
			checkFigure(t, rep, "outcome_pending", cwInt(t, s, `SELECT COUNT(*) `+filed+` AND m.outcome = 'pending'`))
			comp := cwInt(t, s, `SELECT SUM(m.compensation_kes) `+filed+` AND m.outcome = 'compensation'`)
			if comp == 0 {
				t.Fatal("generated data too thin: no compensation")
			}
			checkFigure(t, rep, "compensation_kes", comp)
			now := s.Now().UTC().Format("2006-01-02T15:04:05")
			held := `FROM hearings h WHERE h.starts_at >= '` + from + `' AND h.starts_at < '` + f.To.AddDate(0, 0, 1).Format(time.DateOnly) + `' AND h.starts_at <= '` + now + `'`
			checkFigure(t, rep, "hearings_held", cwInt(t, s, `SELECT COUNT(*) `+held))
			checkFigure(t, rep, "matters_heard", cwInt(t, s, `SELECT COUNT(DISTINCT h.matter_id) `+held))
			checkColumn(t, rep, "purpose", "hearings", cwGroups(t, s, `SELECT h.purpose, COUNT(*) `+held+` GROUP BY h.purpose`))
			reg := `FROM cases c WHERE c.intake_date >= '` + from + `' AND c.intake_date <= '` + to + `'`
			n, in := cwInt(t, s, `SELECT COUNT(*) `+reg), cwInt(t, s, `SELECT COUNT(*) `+reg+` AND c.id IN (SELECT case_id FROM legal_matters WHERE status <> 'preparing')`)
			checkFigure(t, rep, "cases_registered", n)
			checkFigure(t, rep, "cases_in_court", in)
			if got := figure(t, rep, "share_in_court").Pct; got != haki.Percent(in, n) {
				t.Errorf("share %v, want %v", got, haki.Percent(in, n))
			}
		}
	})
}

func TestNetworkReportMatchesIndependentSQL(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newCaseWorld(t, s)
		for _, county := range []string{"", "KE-047"} {
			f := year2024()
			f.CountyCode = county
			rep, err := s.Report(storetest.As(w.admin), haki.ReportNetwork, f)
			if err != nil {
				t.Fatal(err)
			}
			pro := `1 = 1`
			if county != "" {
				pro = `p.id IN (SELECT professional_id FROM professional_counties WHERE county_code = 'KE-047')`
			}
			checkFigure(t, rep, "professionals", cwInt(t, s, `SELECT COUNT(*) FROM professionals p WHERE `+pro))
			svc := `FROM services s, professionals p WHERE p.id = s.professional_id AND s.delivered_on ` + cwIn2024 + ` AND ` + pro
			ref := `FROM referrals r, professionals p WHERE p.id = r.professional_id AND r.sent_on ` + cwIn2024 + ` AND ` + pro
			ns, nr := cwInt(t, s, `SELECT COUNT(*) `+svc), cwInt(t, s, `SELECT COUNT(*) `+ref)
			checkFigure(t, rep, "network_services", ns)
			checkFigure(t, rep, "referrals_received", nr)
			checkFigure(t, rep, "engagements", ns+nr)
			checkFigure(t, rep, "cost_kes", cwInt(t, s, `SELECT SUM(s.cost_kes) `+svc))
			checkColumn(t, rep, "profession", "cost_kes", cwGroups(t, s, `SELECT p.profession, SUM(s.cost_kes) `+svc+` GROUP BY p.profession`))
			checkColumn(t, rep, "profession", "professionals", cwGroups(t, s, `SELECT p.profession, COUNT(*) FROM professionals p WHERE `+pro+` GROUP BY p.profession`))
			byCounty := cwGroups(t, s, `SELECT pc.county_code, COUNT(*) FROM professional_counties pc, professionals p WHERE p.id = pc.professional_id AND `+pro+` GROUP BY pc.county_code`)
			checkColumn(t, rep, "county", "professionals", byCounty)
			checkColumn(t, rep, "county", "profession.counsellor", cwGroups(t, s, `SELECT pc.county_code, COUNT(*) FROM professional_counties pc, professionals p
				WHERE p.id = pc.professional_id AND p.profession = 'counsellor' AND `+pro+` GROUP BY pc.county_code`))
			if got, want := figure(t, rep, "counties_without").Value.N, 47-len(byCounty); got != want {
				t.Errorf("counties without: %d, want %d", got, want)
			}
			if len(rep.Figures.Table("county").Rows) != 47 {
				t.Errorf("county rows: %d", len(rep.Figures.Table("county").Rows))
			}
		}
	})
}

func TestCaseReportsSuppressionAndRoles(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newCaseWorld(t, s)
		viewer := storetest.MustUser(t, s, "cwviewer", haki.RoleViewer, "")
		for _, name := range haki.CaseReportNames {
			full, err := s.Report(storetest.As(w.admin), name, year2024())
			if err != nil {
				t.Fatal(name, err)
			}
			hid, err := s.Report(storetest.As(viewer), name, year2024())
			if err != nil {
				t.Fatal(name, err)
			}
			if hid.SuppressBelow != haki.DefaultSuppressBelow || full.SuppressBelow != 0 {
				t.Errorf("%s: suppress below %d / %d", name, hid.SuppressBelow, full.SuppressBelow)
			}
			for i, g := range hid.Figures.Summary {
				if g.Unit == haki.UnitCount && !g.Value.Suppressed && g.Value.N > 0 && g.Value.N < 5 {
					t.Errorf("%s %s: small count shown", name, g.Key)
				}
				if g.Unit == haki.UnitCount && g.Value.Suppressed != (full.Figures.Summary[i].Value.N > 0 && full.Figures.Summary[i].Value.N < 5) {
					t.Errorf("%s %s: hidden %v for %d", name, g.Key, g.Value.Suppressed, full.Figures.Summary[i].Value.N)
				}
			}
			for _, tb := range hid.Figures.Tables {
				for c, col := range tb.Columns {
					hidden := 0
					for _, row := range tb.Rows {
						v := row.Values[c]
						if col.Unit == haki.UnitCount && !v.Suppressed && v.N > 0 && v.N < 5 {
							t.Errorf("%s %s %s: small cell shown", name, tb.By, row.Code)
						}
						if v.Suppressed {
							hidden++
						}
						if col.Unit == haki.UnitKES && row.Values[col.Of].Suppressed && !v.Suppressed {
							t.Errorf("%s %s %s: money of a hidden count shown", name, tb.By, row.Code)
						}
					}
					if col.Unit == haki.UnitCount && hidden == 1 && !tb.Independent {
						t.Errorf("%s %s %s: a lone hidden cell", name, tb.By, col.Key)
					}
				}
			}
		}
		if _, err := s.Report(storetest.As(&haki.User{ID: "x", Role: ""}), haki.ReportServices, year2024()); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("anonymous: %v", err)
		}
		if _, err := s.Report(storetest.As(w.admin), haki.ReportServices, haki.ReportFilter{}); haki.ErrorCode(err) != haki.EINVALID {
			t.Errorf("no period: %v", err)
		}
	})
}
