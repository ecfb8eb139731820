package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// reportWorld is generated data for the report tests: incidents of every
// kind over three years with day, month and year precision, several
// victims per incident, persons who are victims in several incidents,
// perpetrators of several services, consequences, and cases with matters.
type reportWorld struct {
	admin     *haki.User
	incidents []*haki.Incident
	acts      []*haki.Act
	invs      []*haki.Involvement
}

func rpID(r *rand.Rand) string {
	return fmt.Sprintf("%08x-%04x-7%03x-8%03x-%012x", r.Uint32(), r.Uint32()&0xffff, r.Uint32()&0xfff, r.Uint32()&0xfff, r.Uint64()&0xffffffffffff)
}

func pick[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

func newReportWorld(t *testing.T, s *store.Store) *reportWorld {
	t.Helper()
	ctx := haki.SystemContext(context.Background())
	r := rand.New(rand.NewPCG(6, 6))
	w := &reportWorld{admin: storetest.MustUser(t, s, "radmin", haki.RoleAdmin, "")}
	l, err := s.NewLoader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var insts []*haki.Institution
	for i, svc := range []string{"kps", "kps", "aps", "gsu", "dci"} {
		in := &haki.Institution{ID: rpID(r), ServiceCode: svc, Kind: "station", Name: fmt.Sprintf("Station %d", i), CountyCode: "KE-047"}
		insts = append(insts, in)
		if err := l.Institution(in); err != nil {
			t.Fatal(err)
		}
	}
	var persons []*haki.Person
	for i := range 120 {
		p := &haki.Person{ID: rpID(r), Ref: fmt.Sprintf("PER-2024-%06d", i+1), FullName: "Victim " + strconv.Itoa(i),
			Sex: pick(r, "male", "male", "female", "unknown"), CreatedAt: now, UpdatedAt: now}
		switch r.IntN(3) {
		case 0:
			p.BirthDate = haki.FuzzyDate{Date: time.Date(1960+r.IntN(55), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC), Precision: haki.PrecisionDay}
		case 1:
			p.BirthDate = haki.FuzzyDate{Date: time.Date(1960+r.IntN(55), 1, 1, 0, 0, 0, 0, time.UTC), Precision: haki.PrecisionYear}
		}
		persons = append(persons, p)
		if err := l.Person(p); err != nil {
			t.Fatal(err)
		}
	}
	types := [][]string{{"extrajudicial_execution"}, {"enforced_disappearance"}, {"death_in_custody", "torture"},
		{"torture"}, {"cidt"}, {"arbitrary_arrest"}, {"extrajudicial_execution", "excessive_force"}}
	for i := range 400 {
		d := time.Date(2023+r.IntN(3), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
		fd := haki.FuzzyDate{Date: d, Precision: haki.PrecisionDay}
		switch r.IntN(8) {
		case 0:
			fd = haki.FuzzyDate{Date: time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC), Precision: haki.PrecisionMonth}
		case 1:
			fd = haki.FuzzyDate{Date: time.Date(d.Year(), 1, 1, 0, 0, 0, 0, time.UTC), Precision: haki.PrecisionYear}
		}
		inc := &haki.Incident{ID: rpID(r), Ref: fmt.Sprintf("INC-%d-%06d", d.Year(), i+1), Title: "Incident " + strconv.Itoa(i),
			Types: pick(r, types...), Occurred: fd, CountyCode: pick(r, "KE-001", "KE-047", "KE-047", "KE-042", "KE-022"),
			Context: pick(r, "anti_crime", "protest", "custody", ""), Verification: "verified", CreatedAt: now, UpdatedAt: now}
		w.incidents = append(w.incidents, inc)
		if err := l.Incident(inc); err != nil {
			t.Fatal(err)
		}
		for range r.IntN(4) { // some incidents have no acts yet
			a := &haki.Act{ID: rpID(r), IncidentID: inc.ID, VictimID: pick(r, persons...).ID,
				ActType:      pick(r, "killing", "disappearance", "torture", "assault", "ill_treatment"),
				Method:       pick(r, "shooting", "beating", "abduction", ""),
				VictimStatus: pick(r, "killed", "missing", "found_alive", "found_dead", "injured", "released"),
				Consequences: []string{pick(r, "death", "fracture", "psychological"), pick(r, "fracture", "soft_tissue")}}
			if r.IntN(2) == 0 {
				age := r.IntN(70)
				a.VictimAge = &age
			}
			w.acts = append(w.acts, a)
			if err := l.Act(a); err != nil {
				t.Fatal(err)
			}
			for range r.IntN(3) {
				v := &haki.Involvement{ID: rpID(r), ActID: a.ID, ServiceCode: pick(r, "kps", "aps", "gsu", "unknown"), Degree: "direct"}
				if r.IntN(2) == 0 {
					in := pick(r, insts...)
					v.InstitutionID, v.ServiceCode = in.ID, in.ServiceCode
				}
				w.invs = append(w.invs, v)
				if err := l.Involvement(v); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return w
}

// rpRebind numbers placeholders for PostgreSQL.
func rpRebind(s *store.Store, q string) string {
	if s.Dialect() != "postgres" {
		return q
	}
	var b strings.Builder
	n := 0
	for _, c := range q {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Independent SQL: the incidents of 2024 of the executions report, and
// their counted victims, written without the store's query.
const (
	wantInc2024 = `SELECT i.id, i.county_code, i.context, CASE WHEN i.date_precision = 'year' THEN 'unknown' ELSE substr(i.occurred_on, 1, 7) END AS month,
		i.occurred_on, i.date_precision FROM incidents i
		WHERE i.occurred_year = 2024 AND i.id IN (SELECT incident_id FROM incident_types WHERE type_code IN (%s))`
	wantAge = `COALESCE(a.victim_age, CASE WHEN p.birth_date <> '' THEN CAST(substr(x.occurred_on, 1, 4) AS INTEGER) - CAST(substr(p.birth_date, 1, 4) AS INTEGER)
		- CASE WHEN p.birth_precision = 'day' AND x.date_precision = 'day' AND substr(x.occurred_on, 6, 5) < substr(p.birth_date, 6, 5) THEN 1 ELSE 0 END END)`
)

func wantVictims(types, acts string) string {
	return `SELECT x.*, a.id AS act_id, a.victim_id, a.method, a.victim_status, a.act_type, p.sex,
		CASE WHEN ` + wantAge + ` IS NULL THEN 'unknown' WHEN ` + wantAge + ` < 18 THEN '0-17' WHEN ` + wantAge + ` < 35 THEN '18-34' ELSE '35+' END AS band
		FROM (` + fmt.Sprintf(wantInc2024, types) + `) x JOIN acts a ON a.incident_id = x.id JOIN persons p ON p.id = a.victim_id WHERE ` + acts
}

// wantGroups runs a grouped query returning code, victims, incidents.
func wantGroups(t *testing.T, s *store.Store, q string) map[string][2]int {
	t.Helper()
	rows, err := s.DB().Query(rpRebind(s, q))
	if err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	defer rows.Close()
	out := map[string][2]int{}
	for rows.Next() {
		var code string
		var n [2]int
		if err := rows.Scan(&code, &n[0], &n[1]); err != nil {
			t.Fatal(err)
		}
		out[code] = n
	}
	return out
}

func gotGroups(tb *haki.ReportTable) map[string][2]int {
	out := map[string][2]int{}
	for _, r := range tb.Rows {
		if r.Victims.N != 0 || r.Incidents.N != 0 {
			out[r.Code] = [2]int{r.Victims.N, r.Incidents.N}
		}
	}
	return out
}

func compareGroups(t *testing.T, by string, got, want map[string][2]int) {
	t.Helper()
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s %q: got victims, incidents %v, want %v", by, k, got[k], w)
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s %q: got %v, want no row", by, k, g)
		}
	}
}

func year2024() haki.ReportFilter {
	return haki.ReportFilter{From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)}
}

const (
	execTypes = `'extrajudicial_execution', 'death_in_custody', 'enforced_disappearance'`
	execActs  = `(a.act_type IN ('killing', 'disappearance') OR a.victim_status IN ('killed', 'found_dead', 'missing', 'found_alive'))`
	victimKey = `x.id || '/' || v.victim_id`
)

func TestExecutionsReportMatchesIndependentSQL(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newReportWorld(t, s)
		r, err := s.ExecutionsReport(storetest.As(w.admin), year2024())
		if err != nil {
			t.Fatal(err)
		}
		v := wantVictims(execTypes, execActs)
		vv := strings.ReplaceAll(v, "x.*", "x.id AS iid, x.county_code, x.context, x.month")
		var victims, incidents int
		if err := s.DB().QueryRow(`SELECT COUNT(*) FROM (SELECT DISTINCT iid, victim_id FROM (` + vv + `) q) d`).Scan(&victims); err != nil {
			t.Fatal(err)
		}
		if err := s.DB().QueryRow(`SELECT COUNT(*) FROM (` + fmt.Sprintf(wantInc2024, execTypes) + `) x`).Scan(&incidents); err != nil {
			t.Fatal(err)
		}
		if r.Victims.N != victims || r.Incidents.N != incidents || victims == 0 {
			t.Errorf("totals: got %d victims, %d incidents; want %d, %d", r.Victims.N, r.Incidents.N, victims, incidents)
		}
		// Incident-level breakdowns count incidents without counted acts too.
		for _, col := range []string{"month", "county_code", "context"} {
			by := map[string]string{"county_code": haki.ByCounty, "month": haki.ByMonth, "context": haki.ByContext}[col]
			want := wantGroups(t, s, `SELECT x.`+col+`, COALESCE(vc.n, 0), COUNT(*) FROM (`+fmt.Sprintf(wantInc2024, execTypes)+`) x
				LEFT JOIN (SELECT `+col+` AS c, COUNT(DISTINCT iid || '/' || victim_id) AS n FROM (`+vv+`) q GROUP BY `+col+`) vc ON vc.c = x.`+col+`
				GROUP BY x.`+col+`, vc.n`)
			compareGroups(t, by, gotGroups(r.Table(by)), want)
		}
		for by, expr := range map[string]string{haki.BySex: "COALESCE(NULLIF(v.sex, ''), 'unknown')", haki.ByAgeBand: "v.band", haki.ByMethod: "v.method"} {
			want := wantGroups(t, s, `SELECT `+expr+`, COUNT(DISTINCT `+victimKey+`), COUNT(DISTINCT x.id) FROM (`+strings.ReplaceAll(v, "FROM (", "FROM (")+`) v
				JOIN (`+fmt.Sprintf(wantInc2024, execTypes)+`) x ON x.id = v.id GROUP BY `+expr)
			compareGroups(t, by, gotGroups(r.Table(by)), want)
		}
		want := wantGroups(t, s, `SELECT v.victim_status, COUNT(DISTINCT v.id || '/' || v.victim_id), COUNT(DISTINCT v.id) FROM (`+v+`) v
			WHERE v.act_type = 'disappearance' OR v.victim_status IN ('missing', 'found_alive', 'found_dead') GROUP BY v.victim_status`)
		compareGroups(t, haki.ByFate, gotGroups(r.Table(haki.ByFate)), want)
		for by, col := range map[string]string{haki.ByService: "service_code", haki.ByInstitution: "institution_id"} {
			want := wantGroups(t, s, `SELECT COALESCE(i.`+col+`, ''), COUNT(DISTINCT v.id || '/' || v.victim_id), COUNT(DISTINCT v.id) FROM (`+v+`) v
				LEFT JOIN involvements i ON i.act_id = v.act_id GROUP BY COALESCE(i.`+col+`, '')`)
			compareGroups(t, by, gotGroups(r.Table(by)), want)
		}
		// The previous period is 2023.
		var prev int
		if err := s.DB().QueryRow(strings.ReplaceAll(`SELECT COUNT(*) FROM (`+fmt.Sprintf(wantInc2024, execTypes)+`) x`, "2024", "2023")).Scan(&prev); err != nil {
			t.Fatal(err)
		}
		if r.PrevIncidents.N != prev || r.PrevFrom.Year() != 2023 || r.PrevTo.Format("01-02") != "12-31" {
			t.Errorf("previous: %d incidents from %s to %s, want %d in 2023", r.PrevIncidents.N, r.PrevFrom, r.PrevTo, prev)
		}
		if r.Accountability == nil || !r.Accountability.Available {
			t.Errorf("accountability missing: %+v", r.Accountability)
		}
	})
}

func TestTortureReportMatchesIndependentSQL(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newReportWorld(t, s)
		r, err := s.TortureReport(storetest.As(w.admin), year2024())
		if err != nil {
			t.Fatal(err)
		}
		v := wantVictims(`'torture', 'cidt'`, "1 = 1")
		want := wantGroups(t, s, `SELECT COALESCE(c.code, ''), COUNT(DISTINCT v.id || '/' || v.victim_id), COUNT(DISTINCT v.id) FROM (`+v+`) v
			JOIN act_consequences c ON c.act_id = v.act_id GROUP BY c.code`)
		compareGroups(t, haki.ByConsequence, gotGroups(r.Table(haki.ByConsequence)), want)
		want = wantGroups(t, s, `SELECT v.method, COUNT(DISTINCT v.id || '/' || v.victim_id), COUNT(DISTINCT v.id) FROM (`+v+`) v GROUP BY v.method`)
		compareGroups(t, haki.ByMethod, gotGroups(r.Table(haki.ByMethod)), want)
		want = wantGroups(t, s, `SELECT COALESCE(i.service_code, ''), COUNT(DISTINCT v.id || '/' || v.victim_id), COUNT(DISTINCT v.id) FROM (`+v+`) v
			LEFT JOIN involvements i ON i.act_id = v.act_id GROUP BY COALESCE(i.service_code, '')`)
		compareGroups(t, haki.ByService, gotGroups(r.Table(haki.ByService)), want)
	})
}

func TestReportFiltersAndPermissions(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newReportWorld(t, s)
		ctx := storetest.As(w.admin)
		all, err := s.ExecutionsReport(ctx, year2024())
		if err != nil {
			t.Fatal(err)
		}
		sum := 0
		for _, sex := range []string{"male", "female", "unknown"} {
			f := year2024()
			f.Sex = sex
			r, err := s.ExecutionsReport(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			sum += r.Victims.N
			if got := gotGroups(all.Table(haki.BySex))[sex][0]; got != r.Victims.N {
				t.Errorf("sex %s: filtered %d victims, breakdown says %d", sex, r.Victims.N, got)
			}
		}
		if sum != all.Victims.N {
			t.Errorf("victims by sex filter add up to %d, want %d", sum, all.Victims.N)
		}
		f := year2024()
		f.AgeBand = "0-17"
		r, err := s.ExecutionsReport(ctx, f)
		if err != nil || r.Victims.N != gotGroups(all.Table(haki.ByAgeBand))["0-17"][0] {
			t.Errorf("age band filter: %v victims, %v", r, err)
		}
		// A quarter: incidents known only to the month or year of 2024 are outside it.
		q := haki.ReportFilter{From: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)}
		rq, err := s.ExecutionsReport(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if got := gotGroups(rq.Table(haki.ByMonth)); got[haki.MonthUnknown] != [2]int{} || len(rq.Table(haki.ByMonth).Rows) != 3 {
			t.Errorf("quarter months: %+v", rq.Table(haki.ByMonth).Rows)
		}
		// Every role with the dashboard may see aggregates; small cells are
		// hidden from those who do not see identities.
		for _, role := range []haki.Role{haki.RoleResearcher, haki.RoleViewer} {
			u := storetest.MustUser(t, s, "r"+string(role), role, "")
			r, err := s.ExecutionsReport(storetest.As(u), year2024())
			if err != nil {
				t.Fatal(err)
			}
			if r.SuppressBelow != haki.DefaultSuppressBelow {
				t.Errorf("%s: suppression not applied", role)
			}
			for _, tb := range r.Tables {
				for _, row := range tb.Rows {
					if !row.Victims.Suppressed && row.Victims.N > 0 && row.Victims.N < 5 {
						t.Errorf("%s: %s %s shows %d", role, tb.By, row.Code, row.Victims.N)
					}
				}
			}
		}
		if _, err := s.ExecutionsReport(context.Background(), year2024()); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("anonymous: %v", err)
		}
		if _, err := s.Report(ctx, "hospitals", year2024()); haki.ErrorCode(err) != haki.EINVALID {
			t.Errorf("unknown report: %v", err)
		}
	})
}

func TestReportAccountability(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newReportWorld(t, s)
		ctx := storetest.As(w.admin)
		// A case on the first 2024 execution incident with a perpetrator,
		// and a prosecution of that perpetrator ending in conviction.
		var inc *haki.Incident
		var inv *haki.Involvement
		for _, in := range w.incidents {
			if in.Occurred.Year() != 2024 || in.Types[0] != "extrajudicial_execution" {
				continue
			}
			for _, a := range w.acts {
				for _, v := range w.invs {
					if a.IncidentID == in.ID && v.ActID == a.ID && inv == nil {
						inc, inv = in, v
					}
				}
			}
		}
		if inv == nil {
			t.Fatal("no 2024 execution with a perpetrator")
		}
		client := &haki.Person{FullName: "Mother of the victim", Sex: "female"}
		if err := s.CreatePerson(ctx, client); err != nil {
			t.Fatal(err)
		}
		c := &haki.Case{ClientID: client.ID, ClientRelation: "parent", IncidentIDs: []string{inc.ID}, IntakeDate: time.Now().AddDate(0, -1, 0),
			IntakeChannel: "walk_in", Status: "active", CaseworkerID: w.admin.ID}
		if err := s.CreateCase(ctx, c); err != nil {
			t.Fatal(err)
		}
		fuConsent(t, s, w.admin, c.ID, haki.ConsentLitigation, "given")
		m := &haki.LegalMatter{CaseID: c.ID, Court: "high_court", Kind: "criminal_prosecution", Status: "ongoing",
			FiledOn: time.Now().AddDate(0, 0, -3), AccusedIDs: []string{inv.ID}, Outcome: "conviction", Sentence: "Ten years"}
		if err := s.CreateMatter(ctx, m, ""); err != nil {
			t.Fatal(err)
		}
		r, err := s.ExecutionsReport(ctx, year2024())
		if err != nil {
			t.Fatal(err)
		}
		a := r.Accountability
		if a.OfficersCharged.N != 1 || a.OfficersConvicted.N != 1 || a.MattersInCourt.N != 1 {
			t.Errorf("accountability %+v, want 1 charged, 1 convicted, 1 in court", a)
		}
	})
}

func TestSuppressSmallCells(t *testing.T) {
	rows := func(ns ...int) []haki.ReportRow {
		var out []haki.ReportRow
		for i, n := range ns {
			out = append(out, haki.ReportRow{Code: strconv.Itoa(i), Victims: haki.Count{N: n}, Incidents: haki.Count{N: n}})
		}
		return out
	}
	for _, tc := range []struct {
		name string
		in   []int
		want string // S for suppressed, else the number
	}{
		{"none small", []int{10, 7, 5, 0}, "10 7 5 0"},
		{"one small hides the next smallest", []int{10, 7, 3, 0, 20}, "10 S S 0 20"},
		{"two small stay two", []int{10, 2, 3, 8}, "10 S S 8"},
		{"one small and only zeros beside", []int{3, 0, 0}, "S S 0"},
		{"all small", []int{1, 2, 4}, "S S S"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &haki.Report{Victims: haki.Count{N: 3}, Tables: []haki.ReportTable{{By: "x", Rows: rows(tc.in...)}}}
			r.SuppressSmallCells(5)
			var got []string
			for _, row := range r.Tables[0].Rows {
				if row.Victims.Suppressed != row.Incidents.Suppressed {
					t.Errorf("columns differ: %+v", row)
				}
				if row.Victims.Suppressed {
					if row.Victims.N != 0 {
						t.Errorf("suppressed cell keeps its value %d", row.Victims.N)
					}
					got = append(got, "S")
				} else {
					got = append(got, strconv.Itoa(row.Victims.N))
				}
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("got %s, want %s", strings.Join(got, " "), tc.want)
			}
			if !r.Victims.Suppressed {
				t.Errorf("a total of 3 is shown")
			}
		})
	}
}
