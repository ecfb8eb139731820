package store_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// The attacker of these tests holds a researcher's (or a viewer's) token
// and asks every report these roles may ask for over a small, realistic
// list of killings and torture cases in which most cells are small. They
// then subtract and add the answers two at a time. The tests fail if any
// small count (1 to 4 people) comes out: as the difference of two figures
// of which one holds the other (the total against one sex, a year against
// a quarter, a county row against a county filter), or as any sum or
// difference of two figures at all.

// diffWorld records about 60 incidents in 2024 and 2025 in three counties.
func diffWorld(t *testing.T, s *store.Store) *haki.User {
	t.Helper()
	admin := storetest.MustUser(t, s, "dfadmin", haki.RoleAdmin, "")
	ctx := storetest.As(admin)
	r := rand.New(rand.NewPCG(11, 11))
	for i := range 60 {
		year := 2024 + i%2
		inc := &haki.Incident{Title: "Incident", Types: []string{pick(r, "extrajudicial_execution", "extrajudicial_execution", "enforced_disappearance", "torture")},
			Occurred:   haki.MustFuzzyDate(fmt.Sprintf("%d-%02d-%02d", year, 1+r.IntN(12), 1+r.IntN(28))),
			CountyCode: pick(r, "KE-047", "KE-047", "KE-001", "KE-022"), Context: pick(r, "anti_crime", "anti_crime", "protest", ""),
			Verification: "unverified"}
		if i%10 == 9 { // known only to the month
			inc.Occurred = haki.MustFuzzyDate(fmt.Sprintf("%d-%02d", year, 1+r.IntN(12)))
		}
		if err := s.CreateIncident(ctx, inc); err != nil {
			t.Fatal(err)
		}
		for range 1 + r.IntN(3) {
			age := 12 + r.IntN(50)
			p := &haki.Person{FullName: "Victim", Sex: pick(r, "male", "male", "female", "unknown"), EstimatedAge: &age}
			if err := s.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
			act := &haki.Act{IncidentID: inc.ID, VictimID: p.ID, ActType: pick(r, "killing", "killing", "disappearance", "torture"),
				VictimStatus: pick(r, "killed", "injured", "missing")}
			if err := s.CreateAct(ctx, act); err != nil {
				t.Fatal(err)
			}
		}
	}
	return admin
}

// diffPeriods are the periods the attacker asks for: whole years, both
// years, every quarter and every month of 2024.
func diffPeriods() [][2]time.Time {
	d := func(y, m, day int) time.Time { return time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC) }
	out := [][2]time.Time{{d(2024, 1, 1), d(2024, 12, 31)}, {d(2025, 1, 1), d(2025, 12, 31)}, {d(2024, 1, 1), d(2025, 12, 31)}}
	for y := 2024; y <= 2025; y++ {
		for q := range 4 {
			out = append(out, [2]time.Time{d(y, 3*q+1, 1), d(y, 3*q+4, 1).AddDate(0, 0, -1)})
		}
	}
	for m := 1; m <= 12; m++ {
		out = append(out, [2]time.Time{d(2024, m, 1), d(2024, m+1, 1).AddDate(0, 0, -1)})
	}
	return out
}

// diffFilters are the filters the attacker combines with every period.
func diffFilters() []map[string]string {
	out := []map[string]string{{}}
	for _, c := range []string{"KE-047", "KE-001", "KE-022"} {
		out = append(out, map[string]string{"county": c})
		for _, sex := range []string{"male", "female"} {
			out = append(out, map[string]string{"county": c, "sex": sex})
		}
	}
	for _, sex := range []string{"male", "female", "unknown"} {
		out = append(out, map[string]string{"sex": sex})
	}
	for _, band := range []string{"0-17", "18-34", "35+"} {
		out = append(out, map[string]string{"age_band": band})
	}
	out = append(out, map[string]string{"context": "protest"}, map[string]string{"type": "enforced_disappearance"})
	return out
}

func applyFilter(f *haki.ReportFilter, m map[string]string) {
	f.CountyCode, f.Sex, f.AgeBand, f.Context, f.IncidentType = m["county"], m["sex"], m["age_band"], m["context"], m["type"]
}

// shownFigure is one count of one answer, with what it counts: the report,
// the measure, the period and the conditions (filters and the row).
type shownFigure struct {
	what     string // report and measure
	from, to time.Time
	cond     map[string]string
	shown    haki.Count
	truth    int
	where    string
}

// rowConditions maps a breakdown to the filter that selects its row.
var rowConditions = map[string]string{haki.ByCounty: "county", haki.BySex: "sex", haki.ByAgeBand: "age_band",
	haki.ByContext: "context", haki.ByMethod: "method", haki.ByFate: "fate", haki.ByConsequence: "consequence",
	haki.ByService: "service", haki.ByInstitution: "institution"}

// figures lists the counts of a report as the attacker sees them (shown)
// beside the truth the administrator sees (exact).
func shownFigures(name string, f haki.ReportFilter, filter map[string]string, shown, exact *haki.Report) []shownFigure {
	var out []shownFigure
	add := func(measure string, from, to time.Time, cond map[string]string, s haki.Count, truth int, where string) {
		out = append(out, shownFigure{what: name + "/" + measure, from: from, to: to, cond: cond, shown: s, truth: truth,
			where: fmt.Sprintf("%s %s..%s %v %s", name, from.Format("2006-01-02"), to.Format("2006-01-02"), filter, where)})
	}
	add("victims", f.From, f.To, filter, shown.Victims, exact.Victims.N, "total victims")
	add("incidents", f.From, f.To, filter, shown.Incidents, exact.Incidents.N, "total incidents")
	add("victims", shown.PrevFrom, shown.PrevTo, filter, shown.PrevVictims, exact.PrevVictims.N, "previous victims")
	add("incidents", shown.PrevFrom, shown.PrevTo, filter, shown.PrevIncidents, exact.PrevIncidents.N, "previous incidents")
	for ti, t := range shown.Tables {
		for ri, row := range t.Rows {
			from, to, cond := f.From, f.To, filter
			if t.By == haki.ByMonth {
				if row.Code == haki.MonthUnknown {
					continue
				}
				m, _ := time.Parse("2006-01", row.Code)
				from, to = m, m.AddDate(0, 1, -1)
			} else {
				key := rowConditions[t.By]
				if v, ok := filter[key]; ok && v != row.Code {
					continue // a row the filter empties
				}
				cond = map[string]string{key: row.Code}
				for k, v := range filter {
					cond[k] = v
				}
			}
			x := exact.Tables[ti].Rows[ri]
			where := "row " + t.By + "=" + row.Code
			add("victims", from, to, cond, row.Victims, x.Victims.N, where)
			add("incidents", from, to, cond, row.Incidents, x.Incidents.N, where)
		}
	}
	return out
}

func condKey(what string, from, to time.Time, cond map[string]string) string {
	keys := make([]string, 0, len(cond))
	for k, v := range cond {
		keys = append(keys, k+"="+v)
	}
	sort.Strings(keys)
	return what + " " + from.Format("20060102") + "-" + to.Format("20060102") + " " + strings.Join(keys, "&")
}

// interval is what the attacker knows of a true count from its shown
// value, by the published rule: hidden is anything; a multiple of t is
// the true count rounded, so within t/2 of it and at least t; any other
// value is exact.
func interval(c haki.Count, t int) (lo, hi int) {
	switch {
	case c.Suppressed:
		return 0, 1 << 30
	case c.N > 0 && c.N%t == 0:
		return max(t, c.N-t/2), c.N + (t-1)/2
	}
	return c.N, c.N
}

func TestReportsResistDifferencing(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		admin := diffWorld(t, s)
		const below = haki.DefaultSuppressBelow
		for _, role := range []haki.Role{haki.RoleResearcher, haki.RoleViewer} {
			reader := storetest.MustUser(t, s, "df"+string(role), role, "")
			var figs []shownFigure
			smallTruths := 0
			for _, name := range haki.ReportNames {
				for _, p := range diffPeriods() {
					for _, filter := range diffFilters() {
						f := haki.ReportFilter{From: p[0], To: p[1], Bands: haki.DefaultAgeBands()}
						applyFilter(&f, filter)
						shown, err := s.Report(storetest.As(reader), name, f)
						if err != nil {
							t.Fatalf("%s %v %v: %v", name, p, filter, err)
						}
						exact, err := s.Report(storetest.As(admin), name, f)
						if err != nil {
							t.Fatal(err)
						}
						figs = append(figs, shownFigures(name, f, filter, shown, exact)...)
					}
				}
			}
			// The builder's cells, by county and sex over every period.
			for _, p := range diffPeriods() {
				q := haki.BuilderQuery{Records: haki.RecVictims, Dims: []string{haki.DimCounty, haki.DimSex}, Measure: haki.MeasureVictims,
					Filter: haki.ReportFilter{From: p[0], To: p[1], Bands: haki.DefaultAgeBands()}}
				shown, err := s.RunBuilder(storetest.As(reader), q)
				if err != nil {
					t.Fatal(err)
				}
				exact, err := s.RunBuilder(storetest.As(admin), q)
				if err != nil {
					t.Fatal(err)
				}
				where := "builder " + p[0].Format("2006-01-02") + ".." + p[1].Format("2006-01-02")
				add := func(c haki.Count, truth int, cond map[string]string) {
					figs = append(figs, shownFigure{what: "builder", from: p[0], to: p[1], cond: cond, shown: c, truth: truth,
						where: fmt.Sprintf("%s %v", where, cond)})
				}
				add(shown.Total, exact.Total.N, map[string]string{})
				for i, county := range shown.Rows {
					add(shown.RowTotals[i], exact.RowTotals[i].N, map[string]string{"county": county})
					for j, sex := range shown.Cols {
						add(shown.Cells[i][j], exact.Cells[i][j].N, map[string]string{"county": county, "sex": sex})
					}
				}
			}
			// Every count shown is 0, hidden, or a multiple of the threshold
			// within half of it of the truth.
			byKey := map[string][]int{}
			shownValues := map[int]string{}
			for i, g := range figs {
				if g.truth > 0 && g.truth < below {
					smallTruths++
				}
				if !g.shown.Suppressed {
					if lo, hi := interval(g.shown, below); g.truth < lo || g.truth > hi {
						t.Errorf("%s: %s shows %d for %d, outside the published rule", role, g.where, g.shown.N, g.truth)
					}
					shownValues[g.shown.N] = g.where
				}
				k := condKey(g.what, g.from, g.to, g.cond)
				byKey[k] = append(byKey[k], i)
			}
			if smallTruths < 100 {
				t.Fatalf("only %d small true counts: the data does not test suppression", smallTruths)
			}
			// Any two shown figures: their sum and difference are never a small count.
			vals := make([]int, 0, len(shownValues))
			for v := range shownValues {
				vals = append(vals, v)
			}
			slices.Sort(vals)
			for i, a := range vals {
				for _, b := range vals[i:] {
					if d := b - a; d > 0 && d < below {
						t.Errorf("%s: %d - %d = %d, a small count (%s; %s)", role, b, a, d, shownValues[b], shownValues[a])
					}
					if sum := a + b; sum > 0 && sum < below {
						t.Errorf("%s: %d + %d = %d, a small count (%s; %s)", role, a, b, sum, shownValues[a], shownValues[b])
					}
				}
			}
			// Figures of which one holds the other: the difference of their
			// shown values is never the true small difference, and what the
			// attacker can tell of it is never a single small number.
			periods := diffPeriods()
			derived, nested := 0, 0
			for _, b := range figs {
				for _, p := range periods {
					if p[0].After(b.from) || p[1].Before(b.to) {
						continue // A's period must hold B's
					}
					for _, cond := range subsets(b.cond) {
						for _, ai := range byKey[condKey(b.what, p[0], p[1], cond)] {
							a := figs[ai]
							d := a.truth - b.truth
							if d <= 0 || d >= below {
								continue
							}
							nested++
							if !a.shown.Suppressed && !b.shown.Suppressed && a.shown.N-b.shown.N == d {
								derived++
								if derived <= 10 {
									t.Errorf("%s: %d people worked out as %d (%s) - %d (%s)", role, d, a.shown.N, a.where, b.shown.N, b.where)
								}
							}
							alo, ahi := interval(a.shown, below)
							blo, bhi := interval(b.shown, below)
							if lo, hi := max(0, alo-bhi), ahi-blo; lo == hi && lo > 0 && lo < below {
								t.Errorf("%s: %d people pinned by %s and %s", role, lo, a.where, b.where)
							}
						}
					}
				}
			}
			if derived > 0 {
				t.Errorf("%s: %d small counts derived by differencing", role, derived)
			}
			if nested < 50 {
				t.Fatalf("%s: only %d nested pairs with a small difference: the attack is not exercised", role, nested)
			}
			t.Logf("%s: %d figures, %d small true counts, %d nested pairs with a small difference, none derived", role, len(figs), smallTruths, nested)
		}
	})
}

// subsets returns every subset of the conditions.
func subsets(cond map[string]string) []map[string]string {
	keys := make([]string, 0, len(cond))
	for k := range cond {
		keys = append(keys, k)
	}
	var out []map[string]string
	for mask := range 1 << len(keys) {
		m := map[string]string{}
		for i, k := range keys {
			if mask&(1<<i) != 0 {
				m[k] = cond[k]
			}
		}
		out = append(out, m)
	}
	return out
}

// Researchers and viewers ask only for periods of the lattice and the
// standard age bands; staff may ask for any.
func TestReportLatticeForAggregateRoles(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		admin := storetest.MustUser(t, s, "ltadmin", haki.RoleAdmin, "")
		d := func(y, m, day int) time.Time { return time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC) }
		i := 0
		for _, tc := range []struct {
			name     string
			from, to time.Time
			bands    haki.AgeBands
			field    string
		}{
			{"a few days", d(2024, 1, 1), d(2024, 6, 15), nil, "from"},
			{"one day", d(2024, 3, 5), d(2024, 3, 5), nil, "from"},
			{"months off the quarters", d(2024, 2, 1), d(2024, 4, 30), nil, "from"},
			{"two months", d(2024, 1, 1), d(2024, 2, 29), nil, "from"},
			{"a year from July", d(2024, 7, 1), d(2025, 6, 30), nil, "from"},
			{"other age bands", d(2024, 1, 1), d(2024, 12, 31), haki.AgeBands{18, 36}, "age_bands"},
		} {
			i++
			f := haki.ReportFilter{From: tc.from, To: tc.to, Bands: tc.bands}
			for _, role := range []haki.Role{haki.RoleResearcher, haki.RoleViewer} {
				ctx := storetest.As(storetest.MustUser(t, s, fmt.Sprintf("lt%s%d", role, i), role, ""))
				for _, name := range []string{haki.ReportExecutions, haki.ReportServices} {
					if _, err := s.Report(ctx, name, f); haki.ErrorCode(err) != haki.EINVALID || haki.ErrorFields(err)[tc.field] == "" {
						t.Errorf("%s, %s, %s: err %v, want invalid %s", tc.name, role, name, err, tc.field)
					}
				}
				q := haki.BuilderQuery{Records: haki.RecVictims, Measure: haki.MeasureVictims, Filter: f}
				if _, err := s.RunBuilder(ctx, q); haki.ErrorCode(err) != haki.EINVALID {
					t.Errorf("%s, %s, builder: err %v, want invalid", tc.name, role, err)
				}
			}
			if _, err := s.Report(storetest.As(admin), haki.ReportExecutions, f); err != nil {
				t.Errorf("%s: staff: %v", tc.name, err)
			}
		}
	})
}

// The home page's figures for researchers and viewers are whole periods,
// counted as the report of the same period counts them for these roles.
func TestDashboardWholePeriodsForAggregateRoles(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		diffWorld(t, s)
		today := time.Date(2024, 6, 15, 0, 0, 0, 0, time.UTC)
		d := func(y, m, day int) time.Time { return time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC) }
		for _, role := range []haki.Role{haki.RoleResearcher, haki.RoleViewer} {
			ctx := storetest.As(storetest.MustUser(t, s, "dd"+string(role), role, ""))
			dash, err := s.Dashboard(ctx, today)
			if err != nil {
				t.Fatal(err)
			}
			if !dash.Whole {
				t.Errorf("%s: the dashboard is not of whole periods", role)
			}
			for _, dr := range dash.Reports {
				y, m := dr.Year, dr.Month
				if y.Filter.To != d(2024, 12, 31) || y.PrevTo != d(2023, 12, 31) || m.Filter.To != d(2024, 6, 30) || m.PrevTo != d(2023, 6, 30) {
					t.Errorf("%s %s: periods %v..%v (%v), %v..%v (%v)", role, dr.Name, y.Filter.From, y.Filter.To, y.PrevTo, m.Filter.From, m.Filter.To, m.PrevTo)
				}
				for _, p := range []struct {
					from, to time.Time
					got      haki.Count
				}{{d(2024, 1, 1), d(2024, 12, 31), y.Victims}, {d(2024, 6, 1), d(2024, 6, 30), m.Victims}, {d(2023, 1, 1), d(2023, 12, 31), y.PrevVictims}} {
					rep, err := s.Report(ctx, dr.Name, haki.ReportFilter{From: p.from, To: p.to})
					if err != nil {
						t.Fatal(err)
					}
					if p.got != rep.Victims {
						t.Errorf("%s %s %v: dashboard %+v, report %+v", role, dr.Name, p.from, p.got, rep.Victims)
					}
				}
				for _, row := range y.Tables[0].Rows {
					if c := row.Victims; !c.Suppressed && c.N%haki.DefaultSuppressBelow != 0 {
						t.Errorf("%s %s: month %s shows %d, not rounded", role, dr.Name, row.Code, c.N)
					}
				}
			}
		}
	})
}
