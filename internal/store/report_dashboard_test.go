package store_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// The dashboard counts as the reports do, for this year and month so far
// and the same days a year before.
func TestDashboardMatchesReports(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newReportWorld(t, s)
		ctx := storetest.As(w.admin)
		d, err := s.Dashboard(ctx, day("2024-08-15"))
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Reports) != 2 {
			t.Fatalf("got %d reports", len(d.Reports))
		}
		for _, dr := range d.Reports {
			for _, c := range []struct {
				what     string
				from, to string
				got      [2]haki.Count
			}{
				{"year", "2024-01-01", "2024-08-15", [2]haki.Count{dr.Year.Victims, dr.Year.Incidents}},
				{"last year", "2023-01-01", "2023-08-15", [2]haki.Count{dr.Year.PrevVictims, dr.Year.PrevIncidents}},
				{"month", "2024-08-01", "2024-08-15", [2]haki.Count{dr.Month.Victims, dr.Month.Incidents}},
				{"month last year", "2023-08-01", "2023-08-15", [2]haki.Count{dr.Month.PrevVictims, dr.Month.PrevIncidents}},
				{"march", "2024-03-01", "2024-03-31", [2]haki.Count{dr.Year.Tables[0].Rows[2].Victims, dr.Year.Tables[0].Rows[2].Incidents}},
			} {
				r, err := s.Report(ctx, dr.Name, haki.ReportFilter{From: day(c.from), To: day(c.to)})
				if err != nil {
					t.Fatal(err)
				}
				if c.got != [2]haki.Count{r.Victims, r.Incidents} {
					t.Errorf("%s %s: got %+v, want %+v %+v", dr.Name, c.what, c.got, r.Victims, r.Incidents)
				}
			}
			if n := len(dr.Year.Tables[0].Rows); n != 8 {
				t.Errorf("%s: %d month rows, want 8", dr.Name, n)
			}
		}
		if d.Reports[0].Year.Victims.N == 0 {
			t.Error("no victims this year: the test data do not test much")
		}
	})
}

// A viewer's dashboard hides small cells, and this month with its row.
func TestDashboardSuppressesForViewers(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newReportWorld(t, s)
		viewer := storetest.MustUser(t, s, "dview", haki.RoleViewer, "")
		d, err := s.Dashboard(storetest.As(viewer), day("2024-08-15"))
		if err != nil {
			t.Fatal(err)
		}
		hidden := 0
		for _, dr := range d.Reports {
			rows := dr.Year.Tables[0].Rows
			for _, row := range rows {
				for _, c := range []haki.Count{row.Victims, row.Incidents} {
					if c.N > 0 && c.N < haki.DefaultSuppressBelow {
						t.Errorf("%s %s: small cell %d shown", dr.Name, row.Code, c.N)
					}
					if c.Suppressed {
						hidden++
					}
				}
			}
			if dr.Month.Victims != rows[len(rows)-1].Victims {
				t.Errorf("%s: month %+v differs from its row %+v", dr.Name, dr.Month.Victims, rows[len(rows)-1].Victims)
			}
			for _, c := range []haki.Count{dr.Year.Victims, dr.Year.PrevVictims, dr.Month.PrevVictims, dr.Month.PrevIncidents} {
				if c.N > 0 && c.N < haki.DefaultSuppressBelow {
					t.Errorf("%s: small total %d shown", dr.Name, c.N)
				}
			}
		}
		if hidden == 0 {
			t.Error("nothing was hidden: the test data do not test suppression")
		}
		if _, err := s.Dashboard(context.Background(), day("2024-08-15")); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("anonymous: %v, want forbidden", err)
		}
	})
}

// Every row of every breakdown leads to the incidents it counts.
func TestReportDrillDownMatchesRows(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newReportWorld(t, s)
		ctx := storetest.As(w.admin)
		for _, name := range []string{haki.ReportExecutions, haki.ReportTorture} {
			for _, f := range []haki.ReportFilter{year2024(), {From: day("2023-02-10"), To: day("2024-05-20"), Sex: "male", Bands: haki.DefaultAgeBands()}} {
				r, err := s.Report(ctx, name, f)
				if err != nil {
					t.Fatal(err)
				}
				check := func(what string, q url.Values, want int) {
					t.Helper()
					var lf haki.IncidentFilter
					if err := lf.ReadDrill(q); err != nil {
						t.Fatalf("%s: %v", what, err)
					}
					if y := q.Get("year"); y != "" {
						lf.Year, lf.Month = atoi(y), atoi(q.Get("month"))
					}
					lf.CountyCode = q.Get("county")
					n := 0
					for {
						lf.Limit = 200
						page, next, err := s.FindIncidents(ctx, lf)
						if err != nil {
							t.Fatalf("%s: %v", what, err)
						}
						n += len(page)
						if next == "" {
							break
						}
						lf.Cursor = next
					}
					if n != want {
						t.Errorf("%s %s: the list has %d incidents, the report %d", name, what, n, want)
					}
				}
				q, _ := haki.DrillQuery(name, f, "", "")
				check("total", q, r.Incidents.N)
				rows := 0
				for _, tb := range r.Tables {
					for _, row := range tb.Rows {
						if q, ok := haki.DrillQuery(name, f, tb.By, row.Code); ok {
							check(tb.By+"="+row.Code, q, row.Incidents.N)
							rows++
						}
					}
				}
				if rows < 10 {
					t.Errorf("%s: only %d rows checked", name, rows)
				}
			}
		}
	})
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}
