package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// The executions and torture reports and the home page read report_cells,
// a summary of every incident's figures by month: for each report, month
// (or year, for incidents known only to their year), breakdown and code,
// the victims and incidents counted there, with the month's totals and
// each day's totals as cells of their own. A write never leaves it stale:
// before a statement changes what an incident counts (its date, county,
// context or types; its acts, their victims' sex or birth date, their
// perpetrators or consequences), the write takes the incident's figures
// out with touchIncidents, and the transaction puts them back, as they
// now are, just before it commits (settleReports). A failed write rolls
// both back. TestReportWritesTouch holds every such statement to it.
//
// The summary answers a report with no filter on the records and the
// default age bands, for its whole months and years; days at either end
// of a period that does not start or end on a month boundary are read
// from the records. A report with one filter reads report_filter_cells
// (report_summary_filter.go); with more, the records (report.go).

const (
	dimTotal = ""    // the incidents and victims of the bucket
	dimDay   = "day" // those of one day, for incidents known to the day
)

// summaryReports are the reports the summary holds.
var summaryReports = []string{haki.ReportExecutions, haki.ReportTorture}

// summaryBucket is an incident's month ("2024-03"), or its year ("2024")
// when only that is known. Incidents whose date is unknown are in no
// summary (applyReportFigures leaves them out; the reports read them from
// the records), so never reach here; were one to, it would be "".
func summaryBucket(occurredOn, precision string) string {
	if len(occurredOn) < 7 {
		return ""
	}
	if precision == string(haki.PrecisionYear) {
		return occurredOn[:4]
	}
	return occurredOn[:7]
}

// summaryYear is the year bucket of report_filter_cells.
func summaryYear(occurredOn string) string {
	if len(occurredOn) < 4 {
		return ""
	}
	return occurredOn[:4]
}

// summarised reports whether the summary answers the filter: no filter,
// the default age bands.
func summarised(f haki.ReportFilter) bool {
	n, _, _ := summaryFilters(f)
	return n == 0 && defaultBands(f)
}

// wholeMonths returns the first and last months that lie wholly between
// from and to, and false when there is none.
func wholeMonths(from, to time.Time) (first, last time.Time, ok bool) {
	first = time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
	if from.Day() != 1 {
		first = first.AddDate(0, 1, 0)
	}
	last = time.Date(to.Year(), to.Month(), 1, 0, 0, 0, 0, time.UTC)
	if to.AddDate(0, 0, 1).Month() == to.Month() {
		last = last.AddDate(0, -1, 0)
	}
	return first, last, !first.After(last)
}

// wholeYears returns the buckets of the years that lie wholly between
// from and to.
func wholeYears(from, to time.Time) []any {
	first, last, _ := wholeYearSpan(from, to)
	var out []any
	for y := first; y <= last; y++ {
		out = append(out, fmt.Sprintf("%04d", y))
	}
	return out
}

// summaryTally computes a report's breakdowns and totals for f's period
// from the summary and, for the days at either end outside its whole
// months, from the records.
func (tx *Tx) summaryTally(spec reportSpec, f haki.ReportFilter) (*tally, error) {
	first, last, ok := wholeMonths(f.From, f.To)
	if !ok {
		return tx.scanReport(spec, f, f.From, f.To, true)
	}
	t := newTally(f)
	if err := tx.scanEdges(t, spec, f, first, last.AddDate(0, 1, -1), true); err != nil {
		return nil, err
	}
	cond := `length(bucket) = 7 AND bucket >= ? AND bucket <= ?`
	args := []any{spec.name, first.Format("2006-01"), last.Format("2006-01")}
	if years := wholeYears(f.From, f.To); len(years) > 0 {
		cond += ` OR bucket IN (` + placeholders(len(years)) + `)`
		args = append(args, years...)
	}
	return t, tx.sumCellsInto(t, `SELECT dim, code, SUM(victims), SUM(incidents) FROM report_cells
		WHERE report = ? AND dim <> 'day' AND (`+cond+`) GROUP BY dim, code`, args)
}

// scanEdges reads into t, from the records, the days of f's period
// outside its whole stretch start..end: none, one or two stretches.
func (tx *Tx) scanEdges(t *tally, spec reportSpec, f haki.ReportFilter, start, end time.Time, full bool) error {
	for _, edge := range [][2]time.Time{{f.From, start.AddDate(0, 0, -1)}, {end.AddDate(0, 0, 1), f.To}} {
		if edge[1].Before(edge[0]) {
			continue
		}
		scope, args := reportScope(spec, f, edge[0], edge[1])
		if err := tx.scanInto(t, spec, f, scope, args, full, byDate); err != nil {
			return err
		}
	}
	return nil
}

// sumCellsInto adds to t the rows (dim, code, victims, incidents) of a
// summary's query: the totals (dimTotal) and the cells of the breakdowns.
func (tx *Tx) sumCellsInto(t *tally, q string, args []any) error {
	return scanRows(tx, q, args, func(rows *sql.Rows) error {
		var dim, code string
		var victims, incidents int
		if err := rows.Scan(&dim, &code, &victims, &incidents); err != nil {
			return err
		}
		if dim == dimTotal {
			t.victims += victims
			t.incidents += incidents
			return nil
		}
		n := t.cell(cellKey{"", dim, code})
		n[0] += victims
		n[1] += incidents
		return nil
	})
}

// summaryCell is a total or day cell of the summary.
type summaryCell struct {
	bucket, dim, code  string
	victims, incidents int
	// first and last are the first and last days of the bucket, set by
	// readTotals once rather than by each sum.
	first, last string
}

// summaryTotals holds the totals and day cells of a stretch of months.
type summaryTotals []summaryCell

// readTotals reads a report's totals and day cells for the months and
// years from..to touches.
func (tx *Tx) readTotals(report string, from, to time.Time) (summaryTotals, error) {
	rows, err := tx.query(`SELECT bucket, dim, code, victims, incidents FROM report_cells
		WHERE report = ? AND dim IN ('', 'day') AND (length(bucket) = 7 AND bucket >= ? AND bucket <= ?
			OR length(bucket) = 4 AND bucket >= ? AND bucket <= ?)`,
		report, from.Format("2006-01"), to.Format("2006-01"), from.Format("2006"), to.Format("2006"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out summaryTotals
	for rows.Next() {
		var c summaryCell
		if err := rows.Scan(&c.bucket, &c.dim, &c.code, &c.victims, &c.incidents); err != nil {
			return nil, err
		}
		if len(c.bucket) == 4 {
			c.first, c.last = c.bucket+"-01-01", c.bucket+"-12-31"
		} else {
			c.first, c.last = c.bucket+"-01", monthEnd(c.bucket)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// sum counts the victims and incidents of from..to as the reports do: a
// month or year wholly inside by its total, a month partly inside by the
// days inside (its incidents known only to the month do not count).
func (ts summaryTotals) sum(from, to time.Time) (victims, incidents haki.Count) {
	f, t := fmtDate(from), fmtDate(to)
	inside := func(first, last string) bool { return first >= f && last <= t }
	for _, c := range ts {
		var take bool
		switch {
		case len(c.bucket) == 4, c.dim == dimTotal:
			take = inside(c.first, c.last)
		default: // a day, when its month is not wholly inside
			take = !inside(c.first, c.last) && c.code >= f && c.code <= t
		}
		if take {
			victims.N += c.victims
			incidents.N += c.incidents
		}
	}
	return victims, incidents
}

// monthEnd returns the last day of a month bucket.
func monthEnd(bucket string) string {
	t, _ := time.Parse("2006-01", bucket)
	return fmtDate(t.AddDate(0, 1, -1))
}

// touchIncidents takes the incidents' figures out of the summary before
// the transaction changes what they count; settleReports puts them back.
// An incident is taken out once per transaction.
func (tx *Tx) touchIncidents(ids ...string) error {
	var fresh []string
	for _, id := range ids {
		if id == "" || tx.touched[id] {
			continue
		}
		if tx.touched == nil {
			tx.touched = map[string]bool{}
		}
		tx.touched[id] = true
		fresh = append(fresh, id)
	}
	return tx.applyFigures(fresh, -1)
}

// touchNewIncident marks an incident the transaction creates: it has no
// figures to take out yet, only to put in before commit.
func (tx *Tx) touchNewIncident(id string) {
	if tx.touched == nil {
		tx.touched = map[string]bool{}
	}
	tx.touched[id] = true
}

// touchIncidentsOf touches the incidents whose ids the query returns.
func (tx *Tx) touchIncidentsOf(q string, args ...any) error {
	rows, err := tx.query(q, args...)
	if err != nil {
		return err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	return tx.touchIncidents(ids...)
}

// settleReports puts the touched incidents' figures back as they now are.
func (tx *Tx) settleReports() error {
	if len(tx.touched) == 0 {
		return nil
	}
	ids := make([]string, 0, len(tx.touched))
	for id := range tx.touched {
		ids = append(ids, id)
	}
	tx.touched = nil
	return tx.applyFigures(ids, 1)
}

// applyFigures adds (sign 1) or takes out (sign -1) the incidents' figures.
func (tx *Tx) applyFigures(ids []string, sign int) error {
	if len(ids) == 0 {
		return nil
	}
	types, err := tx.typesOf(ids)
	if err != nil {
		return err
	}
	for _, name := range summaryReports {
		if err := tx.applyReportFigures(name, ids, types, sign); err != nil {
			return err
		}
	}
	return nil
}

// typesOf reads the types of the incidents.
func (tx *Tx) typesOf(ids []string) (map[string][]string, error) {
	types := map[string][]string{}
	for batch := range slices.Chunk(ids, 500) {
		if err := tx.incidentTypes(types, `i.id IN (`+placeholders(len(batch))+`)`, anySlice(batch)); err != nil {
			return nil, err
		}
	}
	return types, nil
}

// applyReportFigures adds or takes out the incidents' figures in one
// report, in both summaries (report_cells and report_filter_cells), from
// one scan; types are the incidents' types (typesOf).
func (tx *Tx) applyReportFigures(name string, ids []string, types map[string][]string, sign int) error {
	if len(ids) == 0 {
		return nil
	}
	spec := reportSpecs[name]
	t := newSummaryTally()
	ft := newFilterTally(types)
	typeCond, typeArgs := typeScope(spec)
	for batch := range slices.Chunk(ids, 500) {
		// An incident whose date is unknown is in no summary.
		scope := `i.id IN (` + placeholders(len(batch)) + `) AND i.occurred_on <> '' AND ` + typeCond
		args := append(anySlice(batch), typeArgs...)
		if err := tx.scanInto(sinks{t, ft}, spec, haki.ReportFilter{}, scope, args, true, byID); err != nil {
			return err
		}
	}
	if err := tx.addCells(name, t.counts, sign); err != nil {
		return err
	}
	return tx.addFilterCells(name, ft.counts, sign)
}

func newSummaryTally() *tally {
	t := newTally(haki.ReportFilter{Bands: haki.DefaultAgeBands()})
	t.bucketed = true
	return t
}

// addCells adds the counts, times sign, to the report's cells and drops
// the cells that no longer count anything.
func (tx *Tx) addCells(report string, counts map[cellKey]*[2]int, sign int) error {
	err := addCounts(tx, "report_cells", []string{"bucket", "dim", "code"}, report, counts, sign,
		func(a, b cellKey) int {
			return cmp.Or(strings.Compare(a.bucket, b.bucket), strings.Compare(a.dim, b.dim), strings.Compare(a.code, b.code))
		},
		func(k cellKey) []any { return []any{k.bucket, k.dim, k.code} }, "", nil)
	if err != nil || sign > 0 || len(counts) == 0 {
		return err
	}
	buckets := map[string]bool{}
	for k := range counts {
		buckets[k.bucket] = true
	}
	args := []any{report}
	for b := range buckets {
		args = append(args, b)
	}
	_, err = tx.exec(`DELETE FROM report_cells WHERE report = ? AND incidents <= 0 AND bucket IN (`+placeholders(len(buckets))+`)`, args...)
	return err
}

// addCounts adds the counts, times sign, to a summary table's cells
// (report, the key columns, victims, incidents), a new cell taking them,
// in key order so that concurrent writers lock rows in the same order,
// 200 to a statement. When returning is set, each statement returns those
// columns of the cells it wrote to fn.
func addCounts[K comparable](tx *Tx, table string, keyCols []string, report string, counts map[K]*[2]int, sign int,
	compare func(a, b K) int, key func(K) []any, returning string, fn func(*sql.Rows) error) error {
	keys := make([]K, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, compare)
	cols := "report, " + strings.Join(keyCols, ", ")
	row := "(" + placeholders(len(keyCols)+3) + "), "
	for batch := range slices.Chunk(keys, 200) {
		args := make([]any, 0, (len(keyCols)+3)*len(batch))
		for _, k := range batch {
			n := counts[k]
			args = append(append(append(args, report), key(k)...), sign*n[0], sign*n[1])
		}
		q := `INSERT INTO ` + table + ` (` + cols + `, victims, incidents) VALUES ` +
			strings.TrimSuffix(strings.Repeat(row, len(batch)), ", ") + `
			ON CONFLICT (` + cols + `) DO UPDATE SET victims = ` + table + `.victims + excluded.victims,
				incidents = ` + table + `.incidents + excluded.incidents`
		if returning == "" {
			if _, err := tx.exec(q, args...); err != nil {
				return err
			}
			continue
		}
		if err := scanRows(tx, q+` RETURNING `+returning, args, fn); err != nil {
			return err
		}
	}
	return nil
}

// rebuildReportSummary makes the whole summary again from the records, on
// an administrator's request: report_cells and report_filter_cells.
func (tx *Tx) rebuildReportSummary() error { return tx.rebuildSummary(true, true) }

// VerifyReportSummary computes the summary from the records, in one
// snapshot and one pass a year at a time, and compares it with the one
// kept: it returns the number of cells and a line for each that differs
// (codes and counts, never a name).
func (s *Store) VerifyReportSummary(ctx context.Context) (cells int, problems []string, err error) {
	if !haki.UserFromContext(ctx).Can(haki.PermAudit) {
		return 0, nil, haki.Errorf(haki.EFORBIDDEN, "Only an administrator can check the report summary.")
	}
	err = s.snapshotRead(ctx, func(tx *Tx) error {
		years, err := tx.summaryYears()
		if err != nil {
			return err
		}
		filterCells := func(name string, year int, want map[filterKey]*[2]int) error {
			n, p, err := tx.verifyFilterCells(name, years, year, want)
			cells += n
			problems = append(problems, p...)
			return err
		}
		want := map[string]map[cellKey][2]int{}
		for _, name := range summaryReports {
			t := newSummaryTally()
			err := tx.summaryFigures(name, years, t, func(y int, ft *filterTally) error { return filterCells(name, y, ft.counts) })
			if err != nil {
				return err
			}
			if err := filterCells(name, -1, nil); err != nil {
				return err
			}
			want[name] = map[cellKey][2]int{}
			for k, n := range t.counts {
				want[name][k] = *n
			}
		}
		rows, err := tx.query(`SELECT report, bucket, dim, code, victims, incidents FROM report_cells`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var report string
			var k cellKey
			var n [2]int
			if err := rows.Scan(&report, &k.bucket, &k.dim, &k.code, &n[0], &n[1]); err != nil {
				return err
			}
			cells++
			w, ok := want[report][k]
			if !ok || w != n {
				problems = append(problems, fmt.Sprintf("%s %s %s=%q: kept %d victims, %d incidents; the records give %d, %d",
					report, k.bucket, cmp.Or(k.dim, "total"), k.code, n[0], n[1], w[0], w[1]))
			}
			delete(want[report], k)
		}
		for report, cells := range want {
			for k, w := range cells {
				problems = append(problems, fmt.Sprintf("%s %s %s=%q: missing; the records give %d victims, %d incidents",
					report, k.bucket, cmp.Or(k.dim, "total"), k.code, w[0], w[1]))
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		slices.Sort(problems)
		return nil
	})
	return cells, problems, err
}

// RebuildReportSummary makes the summary again from the records.
func (s *Store) RebuildReportSummary(ctx context.Context) error {
	if !haki.UserFromContext(ctx).Can(haki.PermSettings) {
		return haki.Errorf(haki.EFORBIDDEN, "Only an administrator can rebuild the report summary.")
	}
	return s.write(ctx, func(tx *Tx) error {
		if err := tx.rebuildReportSummary(); err != nil {
			return err
		}
		return tx.audit("rebuild", "report_summary", "", nil, nil)
	})
}
