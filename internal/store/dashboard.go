package store

import (
	"context"
	"time"

	"github.com/haki-kenya/haki"
)

// Dashboard computes the home page's figures for today: for each standard
// report, victims and incidents of this year and this month so far beside
// the same days a year before, and this year's months. It counts as the
// reports do (report.go), in one statement per report that reads the two
// years' incidents once, grouped by day; each period then sums the days it
// covers, an incident known only to its month or year counting where the
// period holds the whole month or year. Roles that do not see identities
// get small cells hidden.
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
	d := &haki.Dashboard{Today: today}
	err := s.snapshotRead(ctx, func(tx *Tx) error {
		for _, name := range []string{haki.ReportExecutions, haki.ReportTorture} {
			days, err := tx.dashboardDays(reportSpecs[name], yearFrom.AddDate(-1, 0, 0), today)
			if err != nil {
				return err
			}
			year := &haki.Report{Name: name, Counts: "victims", GeneratedAt: tx.now,
				Filter: haki.ReportFilter{From: yearFrom, To: today}, PrevFrom: yearFrom.AddDate(-1, 0, 0), PrevTo: lastYear}
			year.Victims, year.Incidents = days.sum(year.Filter.From, year.Filter.To)
			year.PrevVictims, year.PrevIncidents = days.sum(year.PrevFrom, year.PrevTo)
			months := haki.ReportTable{By: haki.ByMonth}
			for m := yearFrom; !m.After(today); m = m.AddDate(0, 1, 0) {
				row := haki.ReportRow{Code: m.Format("2006-01")}
				end := m.AddDate(0, 1, -1)
				if end.After(today) {
					end = today
				}
				row.Victims, row.Incidents = days.sum(m, end)
				months.Rows = append(months.Rows, row)
			}
			year.Tables = []haki.ReportTable{months}
			month := &haki.Report{Name: name, Counts: "victims", GeneratedAt: tx.now,
				Filter: haki.ReportFilter{From: monthFrom, To: today}, PrevFrom: monthFrom.AddDate(-1, 0, 0), PrevTo: lastYear}
			month.PrevVictims, month.PrevIncidents = days.sum(month.PrevFrom, month.PrevTo)
			d.Reports = append(d.Reports, haki.DashboardReport{Name: name, Year: year, Month: month})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, r := range d.Reports {
		if !u.Role.SeesIdentities() {
			r.Year.SuppressSmallCells(haki.DefaultSuppressBelow)
			r.Month.SuppressSmallCells(haki.DefaultSuppressBelow)
		}
		// This month so far is the last month row: shown and hidden with it.
		rows := r.Year.Tables[0].Rows
		r.Month.Victims, r.Month.Incidents = rows[len(rows)-1].Victims, rows[len(rows)-1].Incidents
	}
	return d, nil
}

// dashDay is the count of the incidents of one day (the first day of the
// month or year for those known only to it) and one date precision.
type dashDay struct {
	on, precision      string
	incidents, victims int
}

type dashDays []dashDay

// sum adds the days that the period from..to covers.
func (ds dashDays) sum(from, to time.Time) (victims, incidents haki.Count) {
	f, t := fmtDate(from), fmtDate(to)
	for _, d := range ds {
		last := d.on
		switch d.precision {
		case string(haki.PrecisionMonth):
			last = fmtDate(mustDate(d.on).AddDate(0, 1, -1))
		case string(haki.PrecisionYear):
			last = d.on[:4] + "-12-31"
		}
		if d.on >= f && last <= t {
			victims.N += d.victims
			incidents.N += d.incidents
		}
	}
	return victims, incidents
}

func mustDate(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

// dashboardDays counts a report's incidents and victims from..to by day.
func (tx *Tx) dashboardDays(spec reportSpec, from, to time.Time) (dashDays, error) {
	scope, args := reportScope(spec, haki.ReportFilter{}, from, to)
	acts, actArgs := actScope(spec, haki.ReportFilter{})
	rows, err := tx.query(`SELECT x.occurred_on, x.date_precision, COUNT(*), CAST(SUM(x.victims) AS INTEGER) FROM (
		SELECT i.occurred_on, i.date_precision,
			(SELECT COUNT(DISTINCT a.victim_id) FROM acts a WHERE a.incident_id = i.id AND `+acts+`) AS victims
		FROM incidents i WHERE `+scope+`) x GROUP BY x.occurred_on, x.date_precision`, append(actArgs, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out dashDays
	for rows.Next() {
		var d dashDay
		if err := rows.Scan(&d.on, &d.precision, &d.incidents, &d.victims); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
