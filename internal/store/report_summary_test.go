package store_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"hash/fnv"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// summaryPeriods are the periods on which the summary and the records must
// agree: whole months and years, a period with days at both ends, days
// inside one month, and three whole years (incidents known only to their
// year count).
var summaryPeriods = [][2]string{
	{"2024-01-01", "2024-12-31"}, {"2024-04-01", "2024-06-30"}, {"2023-02-10", "2024-05-20"},
	{"2024-03-05", "2024-03-20"}, {"2023-01-01", "2025-12-31"}, {"2024-02-01", "2024-02-29"},
}

// filterPeriods are the periods of the reports with one filter: one year,
// three, one with days either side of its whole year, and one with days
// after it only. (A period holding no whole year is read from the records
// by both sides of the comparison, so it would prove nothing here.)
var filterPeriods = [][2]string{
	{"2024-01-01", "2024-12-31"}, {"2023-01-01", "2025-12-31"}, {"2023-06-10", "2025-03-31"}, {"2024-01-01", "2025-02-28"},
}

// sampleCases keeps two codes of each kind of filter, chosen by the step's
// name: each step checks a different two, every kind at every step.
func sampleCases(cases []filterCase, step string) []filterCase {
	h := fnv.New32a()
	h.Write([]byte(step))
	start := int(h.Sum32())
	byKind := map[string][]filterCase{}
	var kinds []string
	for _, fc := range cases {
		kind := fc.name[:strings.LastIndexByte(fc.name, ' ')]
		if byKind[kind] == nil {
			kinds = append(kinds, kind)
		}
		byKind[kind] = append(byKind[kind], fc)
	}
	var out []filterCase
	for _, k := range kinds {
		codes := byKind[k]
		for i := range min(2, len(codes)) {
			out = append(out, codes[(start+i)%len(codes)])
		}
	}
	return out
}

// filterCase is a report filter on one code of one kind.
type filterCase struct {
	name string
	f    haki.ReportFilter
}

// filterCases returns a filter for every county, incident type, context,
// sex, age band, service and station the records hold.
func filterCases(t *testing.T, s *store.Store) []filterCase {
	t.Helper()
	var out []filterCase
	for _, q := range []struct {
		kind, query string
		set         func(f *haki.ReportFilter, code string)
	}{
		{"county", `SELECT DISTINCT county_code FROM incidents WHERE county_code <> ''`, func(f *haki.ReportFilter, c string) { f.CountyCode = c }},
		{"type", `SELECT DISTINCT type_code FROM incident_types`, func(f *haki.ReportFilter, c string) { f.IncidentType = c }},
		{"context", `SELECT DISTINCT context FROM incidents WHERE context <> ''`, func(f *haki.ReportFilter, c string) { f.Context = c }},
		{"sex", `SELECT DISTINCT sex FROM persons WHERE sex <> ''`, func(f *haki.ReportFilter, c string) { f.Sex = c }},
		{"service", `SELECT DISTINCT service_code FROM involvements`, func(f *haki.ReportFilter, c string) { f.ServiceCode = c }},
		{"station", `SELECT DISTINCT institution_id FROM involvements WHERE institution_id IS NOT NULL`, func(f *haki.ReportFilter, c string) { f.InstitutionID = c }},
	} {
		rows, err := s.DB().Query(q.query)
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				t.Fatal(err)
			}
			codes = append(codes, c)
		}
		rows.Close()
		if len(codes) == 0 {
			t.Fatalf("the records hold no %s", q.kind)
		}
		for _, c := range codes {
			fc := filterCase{name: q.kind + " " + c}
			q.set(&fc.f, c)
			out = append(out, fc)
		}
	}
	for _, band := range append(haki.DefaultAgeBands().Codes(), haki.AgeUnknown) {
		out = append(out, filterCase{"age band " + band, haki.ReportFilter{AgeBand: band}})
	}
	return out
}

// compareReports compares a report read from a summary with the same read
// from the records.
func compareReports(t *testing.T, where string, got, want *haki.Report) {
	t.Helper()
	if got.Victims != want.Victims || got.Incidents != want.Incidents || got.PrevVictims != want.PrevVictims || got.PrevIncidents != want.PrevIncidents {
		t.Errorf("%s: totals %v %v (before %v %v), from the records %v %v (%v %v)", where, got.Victims, got.Incidents,
			got.PrevVictims, got.PrevIncidents, want.Victims, want.Incidents, want.PrevVictims, want.PrevIncidents)
	}
	if got.Undated != want.Undated || !got.Filter.From.Equal(want.Filter.From) || !got.Filter.To.Equal(want.Filter.To) {
		t.Errorf("%s: unknown dates %+v (%s..%s), from the records %+v (%s..%s)", where, got.Undated, got.Filter.From, got.Filter.To,
			want.Undated, want.Filter.From, want.Filter.To)
	}
	if len(got.Tables) != len(want.Tables) {
		t.Fatalf("%s: %d tables, want %d", where, len(got.Tables), len(want.Tables))
	}
	for i := range want.Tables {
		compareGroups(t, where+" by "+want.Tables[i].By, gotGroups(&got.Tables[i]), gotGroups(&want.Tables[i]))
	}
}

// checkSummary compares the kept summary with the records, and every
// standard report read from it with the same report read from the records.
func checkSummary(t *testing.T, s *store.Store, u *haki.User, step string) {
	t.Helper()
	ctx := storetest.As(u)
	cells, problems, err := s.VerifyReportSummary(ctx)
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	for _, p := range problems {
		t.Errorf("%s: %s", step, p)
	}
	if cells == 0 {
		t.Errorf("%s: the summary is empty", step)
	}
	for _, name := range []string{haki.ReportExecutions, haki.ReportTorture} {
		for _, p := range append(summaryPeriods, [2]string{"all", "all"}) {
			f := haki.ReportFilter{AllDates: p[0] == "all"}
			if !f.AllDates {
				f.From, f.To = day(p[0]), day(p[1])
			}
			got, err := s.Report(ctx, name, f)
			if err != nil {
				t.Fatalf("%s: %s %v: %v", step, name, p, err)
			}
			want, err := s.ReportFromRecords(ctx, name, f)
			if err != nil {
				t.Fatalf("%s: %s %v from the records: %v", step, name, p, err)
			}
			compareReports(t, fmt.Sprintf("%s: %s %s..%s", step, name, p[0], p[1]), got, want)
		}
	}
	// Every report with one filter, for every code the records hold (two
	// codes of each kind, a different two at each step, after the single
	// writes, so that the test stays within CI's time under -race): whole
	// years, and whole years with days beside them.
	cases := filterCases(t, s)
	if step != "after the bulk load" && step != "after a rebuild" {
		cases = sampleCases(cases, step)
	}
	for _, name := range []string{haki.ReportExecutions, haki.ReportTorture} {
		for _, fc := range cases {
			for _, p := range append(filterPeriods, [2]string{"all", "all"}) {
				f := fc.f
				if f.AllDates = p[0] == "all"; !f.AllDates {
					f.From, f.To = day(p[0]), day(p[1])
				}
				got, err := s.Report(ctx, name, f)
				if err != nil {
					t.Fatalf("%s: %s %s: %v", step, name, fc.name, err)
				}
				want, err := s.ReportFromRecords(ctx, name, f)
				if err != nil {
					t.Fatal(err)
				}
				compareReports(t, fmt.Sprintf("%s: %s %s %s..%s", step, name, fc.name, p[0], p[1]), got, want)
			}
		}
	}
	// The home page on a day in the data: this year and this month so far.
	d, err := s.Dashboard(ctx, day("2024-08-17"))
	if err != nil {
		t.Fatal(err)
	}
	for _, dr := range d.Reports {
		for _, c := range []struct {
			r        *haki.Report
			from, to string
		}{{dr.Year, "2024-01-01", "2024-08-17"}, {dr.Month, "2024-08-01", "2024-08-17"}} {
			want, err := s.ReportFromRecords(ctx, dr.Name, haki.ReportFilter{From: day(c.from), To: day(c.to)})
			if err != nil {
				t.Fatal(err)
			}
			// The home page's "before" is the same days a year earlier.
			before, err := s.ReportFromRecords(ctx, dr.Name, haki.ReportFilter{From: c.r.PrevFrom, To: c.r.PrevTo})
			if err != nil {
				t.Fatal(err)
			}
			want.PrevVictims, want.PrevIncidents = before.Victims, before.Incidents
			if c.r.Victims != want.Victims || c.r.Incidents != want.Incidents || c.r.PrevVictims != want.PrevVictims || c.r.PrevIncidents != want.PrevIncidents {
				t.Errorf("%s: home page %s from %s: %v %v (before %v %v), from the records %v %v (%v %v)", step, dr.Name, c.from,
					c.r.Victims, c.r.Incidents, c.r.PrevVictims, c.r.PrevIncidents, want.Victims, want.Incidents, want.PrevVictims, want.PrevIncidents)
			}
		}
	}
}

// TestReportSummaryStaysCurrent changes incidents, acts, victims and
// perpetrators through the store, one kind of write after another, and
// checks after each that the summary still equals the records.
func TestReportSummaryStaysCurrent(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newReportWorld(t, s)
		checkSummary(t, s, w.admin, "after the bulk load")
		ctx := storetest.As(w.admin)
		must := func(step string, err error) {
			t.Helper()
			if err != nil {
				t.Fatalf("%s: %v", step, err)
			}
		}

		// A new execution with two victims, one of them also in the world.
		inc := &haki.Incident{Title: "Shooting", Types: []string{"extrajudicial_execution"}, Occurred: haki.MustFuzzyDate("2024-03-15"),
			CountyCode: "KE-047", Context: "protest", Verification: "verified"}
		must("create incident", s.CreateIncident(ctx, inc))
		victim := &haki.Person{FullName: "New victim", Sex: "female", BirthDate: haki.MustFuzzyDate("2010-06-01")}
		a1 := &haki.Act{IncidentID: inc.ID, ActType: "killing", Method: "shooting", VictimStatus: "killed"}
		must("create act with person", s.CreateActWithPerson(ctx, a1, victim))
		a2 := &haki.Act{IncidentID: inc.ID, VictimID: w.acts[0].VictimID, ActType: "torture", VictimStatus: "missing",
			Consequences: []string{"fracture"}}
		must("create act", s.CreateAct(ctx, a2))
		v := &haki.Involvement{ActID: a1.ID, ServiceCode: "gsu", Degree: "direct"}
		must("create involvement", s.CreateInvolvement(ctx, v))
		checkSummary(t, s, w.admin, "after new records")

		// The incident moves to another month and county, known to the month.
		got, err := s.FindIncidentByID(ctx, inc.ID)
		must("find incident", err)
		got.Occurred, got.CountyCode, got.Context = haki.MustFuzzyDate("2024-05"), "KE-001", "custody"
		must("update incident", s.UpdateIncident(ctx, got))
		checkSummary(t, s, w.admin, "after moving the incident")

		// Its date becomes unknown, then known only as after 2020 (so it
		// may fall in 2024): it leaves the summary and is counted over all
		// dates, or as left out of the periods it may fall in. Another
		// incident is known only as before 2010.
		got, err = s.FindIncidentByID(ctx, inc.ID)
		must("find incident", err)
		got.Occurred = haki.UnknownDate()
		must("unknown date", s.UpdateIncident(ctx, got))
		checkSummary(t, s, w.admin, "after the date became unknown")
		got, err = s.FindIncidentByID(ctx, inc.ID)
		must("find incident", err)
		got.Occurred = haki.MustFuzzyDate(">2020")
		must("bounded date", s.UpdateIncident(ctx, got))
		before := &haki.Incident{Title: "Old killing", Types: []string{"extrajudicial_execution", "torture"}, Occurred: haki.MustFuzzyDate("before 2010"),
			CountyCode: "KE-047", Verification: "verified"}
		must("create undated incident", s.CreateIncident(ctx, before))
		must("act of undated incident", s.CreateAct(ctx, &haki.Act{IncidentID: before.ID, VictimID: w.acts[1].VictimID, ActType: "killing", VictimStatus: "killed"}))
		checkSummary(t, s, w.admin, "after bounded unknown dates")

		// Groups of unnamed victims: created, changed, one member replaced
		// by a named person; one on the incident whose date is unknown.
		grp := &haki.VictimGroup{IncidentID: w.incidents[3].ID, Count: 12, Sex: "male", AgeBand: "18-34", ActType: "killing", VictimStatus: "killed"}
		must("create group", s.CreateVictimGroup(ctx, grp))
		must("create mixed group", s.CreateVictimGroup(ctx, &haki.VictimGroup{IncidentID: before.ID, Count: 3, Sex: haki.SexMixed,
			ActType: "disappearance", VictimStatus: "missing"}))
		checkSummary(t, s, w.admin, "after groups of victims")
		grp.Count, grp.Sex, grp.AgeBand = 7, "female", "35+"
		must("update group", s.UpdateVictimGroup(ctx, grp))
		_, err = s.ReplaceGroupMember(ctx, grp.ID, grp.Version, w.acts[2].VictimID)
		must("replace a member", err)
		checkSummary(t, s, w.admin, "after changing a group and replacing a member")

		// Acts change kind and fate; a victim's sex and birth date change.
		act, err := s.FindActByID(ctx, a2.ID)
		must("find act", err)
		act.ActType, act.VictimStatus, act.Method, act.Consequences = "disappearance", "found_dead", "abduction", []string{"death", "psychological"}
		must("update act", s.UpdateAct(ctx, act))
		p, err := s.FindPersonByID(ctx, w.acts[0].VictimID)
		must("find person", err)
		p.Sex, p.BirthDate = "female", haki.MustFuzzyDate("2008-02-03")
		must("update person", s.UpdatePerson(ctx, p))
		checkSummary(t, s, w.admin, "after changing acts and a victim")

		// A write that fails leaves the summary as it was.
		act.Version = 1
		if err := s.UpdateAct(ctx, act); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Fatalf("stale act update: %v", err)
		}
		checkSummary(t, s, w.admin, "after a failed write")

		// Perpetrators change and go; the incident changes type.
		inv, err := s.FindInvolvementByID(ctx, v.ID)
		must("find involvement", err)
		inv.ServiceCode = "kps"
		must("update involvement", s.UpdateInvolvement(ctx, inv))
		must("delete involvement", s.DeleteInvolvement(ctx, w.invs[0].ID))
		old, err := s.FindIncidentByID(ctx, w.incidents[1].ID)
		must("find incident", err)
		old.Types = []string{"torture"}
		must("change types", s.UpdateIncident(ctx, old))
		checkSummary(t, s, w.admin, "after changing perpetrators and types")

		// Erasure keeps only the year of birth; acts and incidents go.
		must("erase", s.ErasePerson(ctx, victim.ID, "data subject's request"))
		must("delete act", s.DeleteAct(ctx, a1.ID))
		must("delete incident", s.DeleteIncident(ctx, w.incidents[2].ID))
		checkSummary(t, s, w.admin, "after erasure and deletions")

		// A rebuild gives the same summary.
		must("rebuild", s.RebuildReportSummary(ctx))
		checkSummary(t, s, w.admin, "after a rebuild")
	})
}

// reportTables are the tables whose rows are in the reports' figures.
var reportTables = regexp.MustCompile(`(?i)\b(INSERT INTO|UPDATE|DELETE FROM)\s+(incidents|incident_types|acts|act_consequences|involvements|persons|victim_groups)\b`)

// untouched are the functions that write those tables without touching
// the summary, each with its reason.
var untouched = map[string]string{
	"insertPerson":        "a new person is the victim of no act yet",
	"insertIncidentTypes": "called by insertIncident (touchNewIncident) and setIncidentTypes (touchIncidents)",
	"insertConsequences":  "called by insertAct and setConsequences, which touch the act's incident",
}

// TestReportWritesTouch holds every function of the store that writes a
// table in the reports' figures to touching the incidents it changes
// (report_summary.go), so that no new write path leaves the summary stale.
func TestReportWritesTouch(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	seen := map[string]bool{}
	for _, name := range files {
		if matched, _ := filepath.Match("*_test.go", name); matched {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			fname := fn.Name.Name
			if fn.Recv != nil && len(fn.Recv.List) == 1 {
				typ := fn.Recv.List[0].Type
				if st, ok := typ.(*ast.StarExpr); ok {
					typ = st.X
				}
				if id, ok := typ.(*ast.Ident); ok && id.Name != "Tx" && id.Name != "Store" {
					fname = id.Name + "." + fname
				}
			}
			writes, touches := "", false
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.BasicLit:
					if n.Kind == token.STRING {
						if s, err := strconv.Unquote(n.Value); err == nil && reportTables.MatchString(s) {
							writes = reportTables.FindString(s)
						}
					}
				case *ast.SelectorExpr:
					if n.Sel.Name == "touchIncidents" || n.Sel.Name == "touchIncidentsOf" || n.Sel.Name == "touchNewIncident" {
						touches = true
					}
				}
				return true
			})
			if writes == "" {
				continue
			}
			seen[fname] = true
			if _, ok := untouched[fname]; ok {
				continue
			}
			if !touches {
				t.Errorf("%s (%s) writes %q without touching the incidents it changes in the report summary", fname, name, writes)
			}
		}
	}
	for fname := range untouched {
		if !seen[fname] {
			t.Errorf("untouched lists %s, which writes none of those tables any more", fname)
		}
	}
}
