package store

import (
	"context"
	"time"

	"github.com/haki-kenya/haki"
)

// Dashboard computes the home page's figures for today: for each standard
// report, victims and incidents of this year and this month so far beside
// the same days a year before, and this year's months. It counts as the
// reports do (report.go), from the report summary's month and day totals
// of the two years (report_summary.go), an incident known only to its
// month or year counting where the period holds the whole month or year.
// Roles that do not see identities get whole periods, small cells hidden
// and counts rounded, as in every report (report_protect.go at the root).
func (s *Store) Dashboard(ctx context.Context, today time.Time) (*haki.Dashboard, error) {
	u := haki.UserFromContext(ctx)
	if !u.Can(haki.PermDashboard) {
		return nil, haki.Errorf(haki.EFORBIDDEN, "You may not see reports.")
	}
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	yearFrom := time.Date(today.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	monthFrom := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	lastYear := today.AddDate(-1, 0, 0)
	if lastYear.Month() != today.Month() { // 29 February: the 28th a year before
		lastYear = time.Date(today.Year()-1, today.Month()+1, 0, 0, 0, 0, 0, time.UTC)
	}
	// Readers who do not see identities get whole periods (report_protect.go
	// at the root): this year and month whole, beside last year's whole.
	whole := !u.Role.SeesIdentities()
	to, prevYearTo, monthTo, prevMonthTo := today, lastYear, today, lastYear
	if whole {
		to, prevYearTo = time.Date(today.Year(), 12, 31, 0, 0, 0, 0, time.UTC), time.Date(today.Year()-1, 12, 31, 0, 0, 0, 0, time.UTC)
		monthTo, prevMonthTo = monthFrom.AddDate(0, 1, -1), monthFrom.AddDate(-1, 1, -1)
	}
	d := &haki.Dashboard{Today: today, Whole: whole}
	err := s.snapshotRead(ctx, func(tx *Tx) error {
		for _, name := range []string{haki.ReportExecutions, haki.ReportTorture} {
			days, err := tx.readTotals(name, yearFrom.AddDate(-1, 0, 0), to)
			if err != nil {
				return err
			}
			year := &haki.Report{Name: name, Counts: "victims", GeneratedAt: tx.now,
				Filter: haki.ReportFilter{From: yearFrom, To: to}, PrevFrom: yearFrom.AddDate(-1, 0, 0), PrevTo: prevYearTo}
			year.Victims, year.Incidents = days.sum(year.Filter.From, year.Filter.To)
			year.PrevVictims, year.PrevIncidents = days.sum(year.PrevFrom, year.PrevTo)
			months := haki.ReportTable{By: haki.ByMonth}
			for m := yearFrom; !m.After(today); m = m.AddDate(0, 1, 0) {
				row := haki.ReportRow{Code: m.Format("2006-01")}
				end := m.AddDate(0, 1, -1)
				if end.After(today) && !whole {
					end = today
				}
				row.Victims, row.Incidents = days.sum(m, end)
				months.Rows = append(months.Rows, row)
			}
			year.Tables = []haki.ReportTable{months}
			month := &haki.Report{Name: name, Counts: "victims", GeneratedAt: tx.now,
				Filter: haki.ReportFilter{From: monthFrom, To: monthTo}, PrevFrom: monthFrom.AddDate(-1, 0, 0), PrevTo: prevMonthTo}
			month.PrevVictims, month.PrevIncidents = days.sum(month.PrevFrom, month.PrevTo)
			d.Reports = append(d.Reports, haki.DashboardReport{Name: name, Year: year, Month: month})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, r := range d.Reports {
		if whole {
			r.Year.Protect(haki.DefaultSuppressBelow)
			r.Month.Protect(haki.DefaultSuppressBelow)
		}
		// This month is the last month row: shown and hidden with it.
		rows := r.Year.Tables[0].Rows
		r.Month.Victims, r.Month.Incidents = rows[len(rows)-1].Victims, rows[len(rows)-1].Incidents
	}
	return d, nil
}
