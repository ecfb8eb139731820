package store_test

import (
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// undatedWorld records four executions: one on a day of 2024, one whose
// date is unknown, one known only as before 2010, one known only to 2022;
// each with one victim killed (the last disappeared).
func undatedWorld(t *testing.T, s *store.Store) (admin *haki.User, ids map[string]string) {
	t.Helper()
	admin = storetest.MustUser(t, s, "uadmin", haki.RoleAdmin, "")
	ctx := storetest.As(admin)
	ids = map[string]string{}
	for _, c := range []struct{ name, date, typ, act, status string }{
		{"day", "2024-03-10", "extrajudicial_execution", "killing", "killed"},
		{"unknown", "unknown", "extrajudicial_execution", "killing", "killed"},
		{"before", "before 2010", "death_in_custody", "killing", "killed"},
		{"year", "2022", "enforced_disappearance", "disappearance", "missing"},
	} {
		inc := &haki.Incident{Title: "Incident " + c.name, Types: []string{c.typ}, Occurred: haki.MustFuzzyDate(c.date),
			CountyCode: "KE-047", Verification: "verified"}
		if err := s.CreateIncident(ctx, inc); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		a := &haki.Act{IncidentID: inc.ID, ActType: c.act, VictimStatus: c.status}
		if err := s.CreateActWithPerson(ctx, a, &haki.Person{FullName: "Victim " + c.name, Sex: "male"}); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		ids[c.name] = inc.ID
	}
	return admin, ids
}

func rowOf(t *testing.T, r *haki.Report, by, code string) haki.ReportRow {
	t.Helper()
	tb := r.Table(by)
	if tb == nil {
		t.Fatalf("no table by %s", by)
	}
	for _, row := range tb.Rows {
		if row.Code == code {
			return row
		}
	}
	return haki.ReportRow{Code: code}
}

func TestUnknownDatesStoredAndCounted(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		admin, ids := undatedWorld(t, s)
		ctx := storetest.As(admin)

		// Stored and read back as written.
		for name, want := range map[string]string{"unknown": "unknown", "before": "<2010", "year": "2022"} {
			inc, err := s.FindIncidentByID(ctx, ids[name])
			if err != nil {
				t.Fatal(err)
			}
			if got := inc.Occurred.String(); got != want {
				t.Errorf("%s: date %q, want %q", name, got, want)
			}
		}
		// Listed, after the dated ones (newest first), one page after another.
		var listed []string
		f := haki.IncidentFilter{Limit: 2}
		for {
			page, next, err := s.FindIncidents(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, inc := range page {
				listed = append(listed, inc.Occurred.String())
			}
			if next == "" {
				break
			}
			f.Cursor = next
		}
		if len(listed) != 4 || listed[0] != "2024-03-10" || listed[1] != "2022" {
			t.Errorf("listed %q", listed)
		}

		// 2024: one incident; the unknown date is left out and said so,
		// the one before 2010 cannot fall in 2024 and is not.
		r, err := s.ExecutionsReport(ctx, haki.ReportFilter{From: day("2024-01-01"), To: day("2024-12-31")})
		if err != nil {
			t.Fatal(err)
		}
		if r.Incidents.N != 1 || r.Victims.N != 1 {
			t.Errorf("2024: %d incidents, %d victims, want 1, 1", r.Incidents.N, r.Victims.N)
		}
		if want := (haki.Undated{Counted: false, Victims: haki.Count{N: 1}, Incidents: haki.Count{N: 1}}); r.Undated != want {
			t.Errorf("2024: unknown dates %+v, want %+v", r.Undated, want)
		}
		// 2005-2009: both may fall in it.
		r, err = s.ExecutionsReport(ctx, haki.ReportFilter{From: day("2005-01-01"), To: day("2009-12-31")})
		if err != nil {
			t.Fatal(err)
		}
		if r.Incidents.N != 0 || r.Undated.Incidents.N != 2 || r.Undated.Counted {
			t.Errorf("2005-2009: %d incidents, unknown dates %+v", r.Incidents.N, r.Undated)
		}

		// All dates: every incident, with an unknown-date line in the
		// months and years; the years of the dated ones, 2022 to 2024.
		for _, fromRecords := range []bool{false, true} {
			f := haki.ReportFilter{AllDates: true}
			var r *haki.Report
			var err error
			if fromRecords {
				r, err = s.ReportFromRecords(ctx, haki.ReportExecutions, f)
			} else {
				r, err = s.ExecutionsReport(ctx, f)
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Incidents.N != 4 || r.Victims.N != 4 || !r.AllDates || !r.Undated.Counted || r.Undated.Incidents.N != 2 {
				t.Errorf("all dates: %d incidents, %d victims, %+v", r.Incidents.N, r.Victims.N, r.Undated)
			}
			if got := r.Filter.From.Format("2006-01-02") + ".." + r.Filter.To.Format("2006-01-02"); got != "2022-01-01..2024-12-31" {
				t.Errorf("all dates: period %s", got)
			}
			for _, c := range []struct {
				by, code string
				n        int
			}{
				{haki.ByMonth, haki.DateUnknown, 2}, {haki.ByMonth, haki.MonthUnknown, 1}, {haki.ByMonth, "2024-03", 1},
				{haki.ByYear, haki.DateUnknown, 2}, {haki.ByYear, "2022", 1}, {haki.ByYear, "2023", 0}, {haki.ByYear, "2024", 1},
				{haki.ByType, "extrajudicial_execution", 2}, {haki.ByType, "death_in_custody", 1}, {haki.ByType, "enforced_disappearance", 1},
				{haki.BySex, "male", 4},
			} {
				if row := rowOf(t, r, c.by, c.code); row.Incidents.N != c.n || row.Victims.N != c.n {
					t.Errorf("all dates (records %v) by %s %s: %+v, want %d", fromRecords, c.by, c.code, row, c.n)
				}
			}
			if yt := r.Table(haki.ByYear); yt.Rows[len(yt.Rows)-1].Code != haki.DateUnknown || yt.Rows[0].Code != "2022" {
				t.Errorf("years in order %+v", yt.Rows)
			}
		}

		// A reader who does not see identities: the small figures are hidden.
		res := storetest.MustUser(t, s, "ures", haki.RoleResearcher, "")
		r, err = s.ExecutionsReport(storetest.As(res), haki.ReportFilter{AllDates: true})
		if err != nil {
			t.Fatal(err)
		}
		if !r.Undated.Incidents.Suppressed || !rowOf(t, r, haki.ByYear, haki.DateUnknown).Incidents.Suppressed {
			t.Errorf("researcher: unknown dates shown %+v", r.Undated)
		}

		// The incident's date becomes known: it leaves the line.
		inc, err := s.FindIncidentByID(ctx, ids["unknown"])
		if err != nil {
			t.Fatal(err)
		}
		inc.Occurred = haki.MustFuzzyDate("2023-07")
		if err := s.UpdateIncident(ctx, inc); err != nil {
			t.Fatal(err)
		}
		r, err = s.ExecutionsReport(ctx, haki.ReportFilter{AllDates: true})
		if err != nil {
			t.Fatal(err)
		}
		if rowOf(t, r, haki.ByYear, "2023").Incidents.N != 1 || r.Undated.Incidents.N != 1 || r.Incidents.N != 4 {
			t.Errorf("after dating: %+v, %d incidents", r.Undated, r.Incidents.N)
		}
	})
}

func TestUnknownDateValidation(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		admin := storetest.MustUser(t, s, "vadmin", haki.RoleAdmin, "")
		ctx := storetest.As(admin)
		inc := &haki.Incident{Title: "Later", Types: []string{"torture"}, Occurred: haki.FuzzyDate{Precision: haki.PrecisionUnknown, After: 2099},
			CountyCode: "KE-047"}
		if err := s.CreateIncident(ctx, inc); haki.ErrorFields(err)["occurred"] == "" {
			t.Fatalf("after 2099: %v", err)
		}
		inc.Occurred = haki.FuzzyDate{}
		if err := s.CreateIncident(ctx, inc); haki.ErrorFields(err)["occurred"] == "" {
			t.Fatalf("no date: %v", err)
		}
	})
}
