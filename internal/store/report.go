package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// The standard reports are computed from one ordered scan of the period's
// incidents with their counted acts, victims and perpetrators (one row per
// act and involvement), aggregated here: a statement per breakdown would
// read the same rows ten times. Rows come grouped by incident, so an
// incident's victims are counted once per cell however many acts and
// perpetrators they have, in memory bounded by the largest incident.

// reportSpec says what a report counts.
type reportSpec struct {
	name  string
	types []string
	// acts is the condition (on alias a) of the acts counted as victims.
	acts string
	// dims are the breakdowns, in the order the report shows them.
	dims         []string
	consequences bool // join act_consequences
	byType       bool // read each incident's types, for the breakdown by type
}

var reportSpecs = map[string]reportSpec{
	haki.ReportExecutions: {
		name: haki.ReportExecutions, types: haki.ReportTypes[haki.ReportExecutions],
		acts: `(a.act_type IN ('killing', 'disappearance') OR a.victim_status IN ('killed', 'found_dead', 'missing', 'found_alive'))`,
		dims: []string{haki.ByMonth, haki.ByYear, haki.ByType, haki.ByCounty, haki.BySex, haki.ByAgeBand, haki.ByMethod,
			haki.ByContext, haki.ByService, haki.ByInstitution, haki.ByFate},
		byType: true,
	},
	haki.ReportTorture: {
		name: haki.ReportTorture, types: haki.ReportTypes[haki.ReportTorture], acts: `1 = 1`,
		dims:         []string{haki.ByCounty, haki.ByService, haki.ByInstitution, haki.ByMethod, haki.ByConsequence},
		consequences: true,
	},
}

// multiDims are the breakdowns by a property of acts or perpetrators.
var multiDims = map[string]bool{haki.ByMethod: true, haki.ByService: true, haki.ByInstitution: true,
	haki.ByFate: true, haki.ByConsequence: true, haki.ByType: true}

// ExecutionsReport computes the report on extrajudicial executions, deaths
// in custody and enforced disappearances. Victims are the acts of killing
// or disappearance (or whose victim was killed, is missing or was found).
func (s *Store) ExecutionsReport(ctx context.Context, f haki.ReportFilter) (*haki.Report, error) {
	return s.standardReport(ctx, reportSpecs[haki.ReportExecutions], f, true)
}

// TortureReport computes the report on torture and cruel, inhuman or
// degrading treatment. Victims are every act of those incidents.
func (s *Store) TortureReport(ctx context.Context, f haki.ReportFilter) (*haki.Report, error) {
	return s.standardReport(ctx, reportSpecs[haki.ReportTorture], f, true)
}

// Report computes the standard report of that name.
func (s *Store) Report(ctx context.Context, name string, f haki.ReportFilter) (*haki.Report, error) {
	if _, ok := caseReports[name]; ok { // services, litigation, network, indicators (report_services.go)
		return s.caseReport(ctx, name, f)
	}
	spec, ok := reportSpecs[name]
	if !ok {
		return nil, haki.Errorf(haki.EINVALID, "Unknown report; choose executions or torture.")
	}
	return s.standardReport(ctx, spec, f, true)
}

// standardReport checks the caller, computes the report in one snapshot,
// from the summary when it answers (useSummary; tests compare it with the
// records) or from the records, and hides small cells from roles that do
// not see identities. Aggregates count every record, hidden cases too: no
// figure names anyone.
func (s *Store) standardReport(ctx context.Context, spec reportSpec, f haki.ReportFilter, useSummary bool) (*haki.Report, error) {
	u := haki.UserFromContext(ctx)
	if !u.Can(haki.PermDashboard) {
		return nil, haki.Errorf(haki.EFORBIDDEN, "You may not see reports.")
	}
	return s.computeReport(ctx, spec, f, useSummary, u.Role.SeesIdentities())
}

// computeReport computes a report for a reader who does or does not see
// identities (exact figures, or the lattice and Protect of
// report_protect.go); the caller has checked who asks.
func (s *Store) computeReport(ctx context.Context, spec reportSpec, f haki.ReportFilter, useSummary, exact bool) (*haki.Report, error) {
	if f.AllDates {
		if err := s.allDatesSpan(ctx, &f); err != nil {
			return nil, err
		}
	}
	if f.From.IsZero() || f.To.IsZero() || f.To.Before(f.From) {
		return nil, haki.Errorf(haki.EINVALID, "Choose the period of the report.")
	}
	if len(f.Bands) == 0 {
		f.Bands = haki.DefaultAgeBands()
	}
	if !exact { // report_protect.go at the root
		if err := f.CheckLattice(); err != nil {
			return nil, err
		}
	}
	r := &haki.Report{Name: spec.name, Filter: f, Counts: "victims", AllDates: f.AllDates}
	// The unfiltered summary (report_summary.go), the summary of one filter
	// for the whole years of the period (report_summary_filter.go), or the
	// records; a read of the records beyond a few days waits its turn.
	filters, dim, code := summaryFilters(f)
	fromSummary := useSummary && filters == 0 && defaultBands(f)
	first, last, hasYear := wholeYearSpan(f.From, f.To)
	byFilter := useSummary && filters == 1 && defaultBands(f) && hasYear
	yearAligned := first == f.From.Year() && last == f.To.Year()
	if !fromSummary && !(byFilter && yearAligned) {
		release, err := s.heavyRead(ctx)
		if err != nil {
			return nil, err
		}
		defer release()
	}
	err := s.snapshotRead(ctx, func(tx *Tx) error {
		if err := tx.checkReportCodes(f, ""); err != nil {
			return err
		}
		r.GeneratedAt = tx.now
		r.PrevFrom, r.PrevTo = f.PreviousPeriod()
		var cur *tally
		var err error
		if fromSummary {
			if cur, err = tx.summaryTally(spec, f); err != nil {
				return err
			}
			prev, err := tx.readTotals(spec.name, r.PrevFrom, r.PrevTo)
			if err != nil {
				return err
			}
			r.PrevVictims, r.PrevIncidents = prev.sum(r.PrevFrom, r.PrevTo)
		} else if byFilter {
			if cur, err = tx.filterSummaryTally(spec, f, dim, code, true); err != nil {
				return err
			}
			pf := f
			pf.From, pf.To = r.PrevFrom, r.PrevTo
			prev, err := tx.filterSummaryTally(spec, pf, dim, code, false)
			if err != nil {
				return err
			}
			r.PrevVictims, r.PrevIncidents = haki.Count{N: prev.victims}, haki.Count{N: prev.incidents}
		} else {
			if cur, err = tx.scanReport(spec, f, f.From, f.To, true); err != nil {
				return err
			}
			prev, err := tx.scanReport(spec, f, r.PrevFrom, r.PrevTo, false)
			if err != nil {
				return err
			}
			r.PrevVictims, r.PrevIncidents = haki.Count{N: prev.victims}, haki.Count{N: prev.incidents}
		}
		// The incidents whose date is unknown, from the records (they are
		// few, and in no summary): counted into the figures over all
		// dates, else only those that may fall in the period, left out.
		scope, args := undatedScope(spec, f, !f.AllDates)
		undated := newTally(f)
		if err := tx.scanInto(undated, spec, f, scope, args, f.AllDates, byDate); err != nil {
			return err
		}
		r.Undated = haki.Undated{Counted: f.AllDates, Victims: haki.Count{N: undated.victims}, Incidents: haki.Count{N: undated.incidents}}
		if f.AllDates {
			cur.merge(undated)
			r.PrevFrom, r.PrevTo = time.Time{}, time.Time{}
			r.PrevVictims, r.PrevIncidents = haki.Count{}, haki.Count{}
		}
		r.Victims, r.Incidents = haki.Count{N: cur.victims}, haki.Count{N: cur.incidents}
		r.Tables = cur.tables(spec, f)
		if err := tx.labelInstitutions(r.Table(haki.ByInstitution)); err != nil {
			return err
		}
		if spec.name == haki.ReportTorture { // report_evaluations.go
			var err error
			if r.Evaluations, err = tx.evaluationFigures(f); err != nil {
				return err
			}
		}
		if spec.name == haki.ReportExecutions || spec.name == haki.ReportTorture {
			a, err := tx.accountability(spec, f)
			r.Accountability = a
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !exact {
		r.Protect(f.Threshold())
	}
	return r, nil
}

// snapshotRead is read under the options that give several statements one
// state of the database (repeatable read on PostgreSQL).
func (s *Store) snapshotRead(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := s.rdb.BeginTx(ctx, s.d.snapshot())
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer sqlTx.Rollback()
	tx := &Tx{s: s, tx: sqlTx, d: s.d, ctx: ctx, now: s.Now().UTC(), user: haki.UserFromContext(ctx)}
	if err := fn(tx); err != nil {
		return err
	}
	return sqlTx.Commit()
}

// allDatesSpan sets the period of a report over all dates: the whole
// years from the first dated incident's to the last's (this year when
// there is none), so that the summaries answer it.
func (s *Store) allDatesSpan(ctx context.Context, f *haki.ReportFilter) error {
	var first, last sql.NullString
	err := s.snapshotRead(ctx, func(tx *Tx) error {
		return tx.queryRow(`SELECT MIN(occurred_on), MAX(occurred_on) FROM incidents WHERE occurred_on <> ''`).Scan(&first, &last)
	})
	if err != nil {
		return err
	}
	y0, y1 := s.Now().UTC().Year(), s.Now().UTC().Year()
	if first.Valid && len(first.String) >= 4 && len(last.String) >= 4 {
		fmt.Sscanf(first.String[:4], "%d", &y0)
		fmt.Sscanf(last.String[:4], "%d", &y1)
	}
	f.From = time.Date(y0, 1, 1, 0, 0, 0, 0, time.UTC)
	f.To = time.Date(y1, 12, 31, 0, 0, 0, 0, time.UTC)
	return nil
}

// reportScope returns the condition (on alias i) of the incidents a
// report counts between from and to. An incident known only to the month
// or the year counts when the period holds all of that month or year. An
// incident whose date is unknown is in no period (undatedScope).
func reportScope(spec reportSpec, f haki.ReportFilter, from, to time.Time) (string, []any) {
	lastMonth := to
	if to.AddDate(0, 0, 1).Month() == to.Month() {
		lastMonth = time.Date(to.Year(), to.Month(), 0, 0, 0, 0, 0, time.UTC)
	}
	lastYear := to.Year()
	if !yearEnd(to) {
		lastYear--
	}
	return scopeWith(spec, f, `i.occurred_on >= ? AND i.occurred_on <= ? AND
		(i.date_precision = 'day' OR i.date_precision = 'month' AND i.occurred_year * 100 + i.occurred_month <= ?
			OR i.date_precision = 'year' AND i.occurred_year <= ?)`,
		[]any{fmtDate(from), fmtDate(to), lastMonth.Year()*100 + int(lastMonth.Month()), lastYear})
}

// undatedScope returns the condition (on alias i) of the report's
// incidents whose date is unknown (occurred_on ”, a prefix of the report
// index); with mayFall, only those that may lie in f's period
// (haki.FuzzyDate.MayFallIn): "before 2010" when it starts before 2010,
// "after 2015" when it ends after 2015. Bounds are "<" or ">" and four
// digits, so they compare as strings.
func undatedScope(spec reportSpec, f haki.ReportFilter, mayFall bool) (string, []any) {
	if !mayFall {
		return scopeWith(spec, f, `i.occurred_on = ''`, nil)
	}
	return scopeWith(spec, f, `i.occurred_on = '' AND (i.date_bound = ''
		OR substr(i.date_bound, 1, 1) = '<' AND i.date_bound > ? OR substr(i.date_bound, 1, 1) = '>' AND i.date_bound < ?)`,
		[]any{fmt.Sprintf("<%04d", f.From.Year()), fmt.Sprintf(">%04d", f.To.Year())})
}

// countedScope returns the condition of the incidents a report counts:
// those of its period and, over all dates, those whose date is unknown.
func countedScope(spec reportSpec, f haki.ReportFilter) (string, []any) {
	scope, args := reportScope(spec, f, f.From, f.To)
	if !f.AllDates {
		return scope, args
	}
	u, uargs := undatedScope(spec, f, false)
	return "((" + scope + ") OR (" + u + "))", append(args, uargs...)
}

// scopeWith returns the condition (on alias i) of the report's incidents
// that date (with its args) selects, with the filters on the incident.
func scopeWith(spec reportSpec, f haki.ReportFilter, date string, dateArgs []any) (string, []any) {
	types, typeArgs := typeScope(spec)
	where := []string{`i.merged_into IS NULL`, date, types}
	args := append(append([]any{}, dateArgs...), typeArgs...)
	if f.IncidentType != "" {
		where = append(where, `EXISTS (SELECT 1 FROM incident_types t2 WHERE t2.incident_id = i.id AND t2.type_code = ?)`)
		args = append(args, f.IncidentType)
	}
	if f.CountyCode != "" {
		where = append(where, `i.county_code = ?`)
		args = append(args, f.CountyCode)
	}
	if f.Context != "" {
		where = append(where, `i.context = ?`)
		args = append(args, f.Context)
	}
	return strings.Join(where, " AND "), args
}

// typeScope returns the condition (on alias i) of the incidents of the
// report's types.
func typeScope(spec reportSpec) (string, []any) {
	args := make([]any, len(spec.types))
	for i, t := range spec.types {
		args[i] = t
	}
	return `EXISTS (SELECT 1 FROM incident_types t WHERE t.incident_id = i.id AND t.type_code IN (` + placeholders(len(spec.types)) + `))`, args
}

// actScope returns the condition (on alias a) of the acts counted as victims.
func actScope(spec reportSpec, f haki.ReportFilter) (string, []any) {
	where, args := []string{spec.acts}, []any{}
	if f.Sex != "" {
		where = append(where, `EXISTS (SELECT 1 FROM persons ps WHERE ps.id = a.victim_id AND ps.sex = ?)`)
		args = append(args, f.Sex)
	}
	if f.ServiceCode != "" {
		where = append(where, `EXISTS (SELECT 1 FROM involvements vs WHERE vs.act_id = a.id AND vs.service_code = ?)`)
		args = append(args, f.ServiceCode)
	}
	if f.InstitutionID != "" {
		where = append(where, `EXISTS (SELECT 1 FROM involvements vi WHERE vi.act_id = a.id AND vi.institution_id = ?)`)
		args = append(args, f.InstitutionID)
	}
	return strings.Join(where, " AND "), args
}

// groupScope returns the condition (on alias a, a group of unnamed
// victims) of the groups counted as victims: the acts' condition, the sex
// filter on the group's sex (a mixed group's is unknown), and none when
// the filter is on a perpetrator, which a group does not record.
func groupScope(spec reportSpec, f haki.ReportFilter) (string, []any) {
	where, args := []string{spec.acts}, []any{}
	if f.Sex != "" {
		where = append(where, `CASE WHEN a.sex = 'mixed' THEN 'unknown' ELSE a.sex END = ?`)
		args = append(args, f.Sex)
	}
	if f.ServiceCode != "" || f.InstitutionID != "" {
		where = append(where, `1 = 0`)
	}
	return strings.Join(where, " AND "), args
}

// victimFiltered reports whether the filter narrows the victims, so that
// an incident counts only through a victim who passes.
func victimFiltered(f haki.ReportFilter) bool {
	return f.Sex != "" || f.ServiceCode != "" || f.InstitutionID != "" || f.AgeBand != ""
}

// cellKey is a cell of a breakdown; bucket is set only when the tally
// feeds the summary (report_summary.go), else empty.
type cellKey struct{ bucket, dim, code string }

// tally aggregates the scan: counts per cell, and the cells of the
// incident being read and of each of its victims.
type tally struct {
	bands      haki.AgeBands
	ageBand    string
	filtered   bool
	victims    int
	incidents  int
	counts     map[cellKey]*[2]int // victims, incidents
	incident   string
	counted    bool
	incCells   map[cellKey]struct{}
	victimSets map[string]map[cellKey]struct{}
	weights    map[string]int         // the members of a group of victims (victimSets' key "g:" and its id); 1 when absent
	spare      []map[cellKey]struct{} // emptied victim sets, for reuse
	// bucketed tallies each incident's cells under its month (its year
	// when known only to the year), adding the totals and the day as cells.
	bucketed bool
	bucket   string
	day      string
	buf      []cellKey // a row's cells
	incBuf   []cellKey // an incident's own cells
}

// merge adds u's counts (of other incidents) to t's.
func (t *tally) merge(u *tally) {
	t.victims += u.victims
	t.incidents += u.incidents
	for c, n := range u.counts {
		m := t.cell(c)
		m[0] += n[0]
		m[1] += n[1]
	}
}

func newTally(f haki.ReportFilter) *tally {
	return &tally{bands: f.Bands, ageBand: f.AgeBand, filtered: victimFiltered(f), counts: map[cellKey]*[2]int{},
		incCells: map[cellKey]struct{}{}, victimSets: map[string]map[cellKey]struct{}{}, weights: map[string]int{}}
}

// flush counts the incident read so far and its victims.
func (t *tally) flush() {
	if t.counted {
		t.incidents++
		victims := len(t.victimSets)
		for _, w := range t.weights {
			victims += w - 1
		}
		if t.bucketed {
			t.cell(cellKey{t.bucket, dimTotal, ""})[1]++
			t.cell(cellKey{t.bucket, dimTotal, ""})[0] += victims
			if t.day != "" {
				t.cell(cellKey{t.bucket, dimDay, t.day})[1]++
				t.cell(cellKey{t.bucket, dimDay, t.day})[0] += victims
			}
		}
		for c := range t.incCells {
			t.cell(c)[1]++
		}
		for key, cells := range t.victimSets {
			w := 1
			if n, ok := t.weights[key]; ok {
				w = n
			}
			t.victims += w
			for c := range cells {
				t.cell(c)[0] += w
			}
		}
	}
	clear(t.weights)
	clear(t.incCells)
	for _, cells := range t.victimSets {
		clear(cells)
		t.spare = append(t.spare, cells)
	}
	clear(t.victimSets)
	t.counted = false
}

func (t *tally) cell(c cellKey) *[2]int {
	n := t.counts[c]
	if n == nil {
		n = new([2]int)
		t.counts[c] = n
	}
	return n
}

// reportRow is one row of the scan.
type reportRow struct {
	incident, occurredOn, precision, county, context string
	month                                            int
	types                                            sql.NullString // ";"-joined, when the report breaks down by type
	groupCount                                       int            // a group of unnamed victims' count; 0 for an act
	groupBand                                        string         // and its age band
	act, victim, actType, method, status             sql.NullString
	age                                              sql.NullInt64
	sex, birth, birthPrecision                       sql.NullString
	service, institution, consequence                sql.NullString
}

// add reads one row into the tally.
func (t *tally) add(r *reportRow, full bool) {
	if r.incident != t.incident {
		t.flush()
		t.incident = r.incident
		if t.bucketed {
			t.bucket, t.day = summaryBucket(r.occurredOn, r.precision), ""
			if r.precision == string(haki.PrecisionDay) {
				t.day = r.occurredOn
			}
		}
	}
	if !r.act.Valid {
		if !t.filtered {
			t.counted = true
			if full {
				t.incBuf = incidentCells(t.incBuf[:0], t.bucket, r)
				for _, c := range t.incBuf {
					t.incCells[c] = struct{}{}
				}
			}
		}
		return
	}
	band := ageBand(t.bands, r)
	if t.ageBand != "" && band != t.ageBand {
		return
	}
	t.counted = true
	key := r.victim.String
	if r.groupCount > 0 {
		key = "g:" + r.act.String
		t.weights[key] = r.groupCount
	}
	cells := t.victimSets[key]
	if cells == nil {
		if n := len(t.spare); n > 0 {
			cells, t.spare = t.spare[n-1], t.spare[:n-1]
		} else {
			cells = map[cellKey]struct{}{}
		}
		t.victimSets[key] = cells
	}
	if !full {
		return
	}
	t.buf = rowCells(t.buf[:0], t.bucket, r, band)
	for _, c := range t.buf {
		cells[c] = struct{}{}
		t.incCells[c] = struct{}{}
	}
}

// end counts the last incident of a scan.
func (t *tally) end() {
	t.flush()
	t.incident = ""
}

// incidentCells appends the cells of an incident by itself: its month
// (or "unknown" when known only to the year), county, context, year and
// types (when read). An incident whose date is unknown is in the month
// and year haki.DateUnknown. The county and context are the second and
// third (filterTally reads them there).
func incidentCells(dst []cellKey, b string, r *reportRow) []cellKey {
	month, year := haki.DateUnknown, haki.DateUnknown
	switch {
	case r.precision == string(haki.PrecisionUnknown) || len(r.occurredOn) < 7:
	case r.precision == string(haki.PrecisionYear):
		month, year = haki.MonthUnknown, r.occurredOn[:4]
	default:
		month, year = r.occurredOn[:7], r.occurredOn[:4]
	}
	dst = append(dst, cellKey{b, haki.ByMonth, month}, cellKey{b, haki.ByCounty, r.county}, cellKey{b, haki.ByContext, r.context},
		cellKey{b, haki.ByYear, year})
	if r.types.Valid {
		for t := range strings.SplitSeq(r.types.String, ";") {
			if t != "" {
				dst = append(dst, cellKey{b, haki.ByType, t})
			}
		}
	}
	return dst
}

// rowCells appends the cells a row of a counted act puts its victim and
// incident in: the incident's, and those of the victim, act and perpetrator.
func rowCells(dst []cellKey, b string, r *reportRow, band string) []cellKey {
	dst = incidentCells(dst, b, r)
	dst = append(dst, cellKey{b, haki.BySex, cmp.Or(r.sex.String, "unknown")}, cellKey{b, haki.ByAgeBand, band},
		cellKey{b, haki.ByMethod, r.method.String}, cellKey{b, haki.ByService, r.service.String},
		cellKey{b, haki.ByInstitution, r.institution.String})
	switch s := r.status.String; {
	case r.actType.String == "disappearance", s == "missing", s == "found_alive", s == "found_dead":
		dst = append(dst, cellKey{b, haki.ByFate, s})
	}
	if r.consequence.Valid {
		dst = append(dst, cellKey{b, haki.ByConsequence, r.consequence.String})
	}
	return dst
}

// ageBand returns the victim's age band: the age recorded on the act, else
// the age from the birth date on the day of the incident.
//
// A group of unnamed victims has its band, one of the standard ones: in
// other bands (staff's custom reports) its members' ages are unknown, as
// are a mixed group's.
func ageBand(bands haki.AgeBands, r *reportRow) string {
	if r.groupCount > 0 {
		if r.groupBand == haki.AgeMixed || r.groupBand == "" || len(bands) > 0 && bands.String() != haki.DefaultAgeBands().String() {
			return haki.AgeUnknown
		}
		return r.groupBand
	}
	age := -1
	switch {
	case r.age.Valid:
		age = int(r.age.Int64)
	case len(r.birth.String) == 10 && len(r.occurredOn) == 10:
		var by, oy int
		fmt.Sscanf(r.birth.String[:4], "%d", &by)
		fmt.Sscanf(r.occurredOn[:4], "%d", &oy)
		age = oy - by
		if r.birthPrecision.String == string(haki.PrecisionDay) && r.precision == string(haki.PrecisionDay) && r.occurredOn[5:] < r.birth.String[5:] {
			age--
		}
	}
	if age < 0 || age > 120 {
		return haki.AgeUnknown
	}
	return bands.Band(age)
}

// scanReport reads the incidents of the period with their counted acts.
// full adds the perpetrators and the breakdowns; without it only the two
// totals are counted.
func (tx *Tx) scanReport(spec reportSpec, f haki.ReportFilter, from, to time.Time, full bool) (*tally, error) {
	t := newTally(f)
	scope, args := reportScope(spec, f, from, to)
	return t, tx.scanInto(t, spec, f, scope, args, full, byDate)
}

// The orders of a scan: rows must come grouped by incident. By date suits
// a period (the report index holds it); by id a list of incidents, which
// a planner would otherwise find by walking the dates.
// They are the positions of the columns (occurred_on, id), as the scan
// may be a union of acts and groups of victims.
const (
	byDate = "2, 1"
	byID   = "1"
)

// rowSink is what a scan reads its rows into: a tally, or the summary's
// tallies by filter (report_summary_filter.go). Rows come grouped by
// incident; end closes the last one.
type rowSink interface {
	add(r *reportRow, full bool)
	end()
}

// sinks reads the same rows into several sinks.
type sinks []rowSink

func (ss sinks) add(r *reportRow, full bool) {
	for _, s := range ss {
		s.add(r, full)
	}
}

func (ss sinks) end() {
	for _, s := range ss {
		s.end()
	}
}

// scanInto reads into t the incidents that scope (on alias i) selects.
func (tx *Tx) scanInto(t rowSink, spec reportSpec, f haki.ReportFilter, scope string, args []any, full bool, order string) error {
	acts, actArgs := actScope(spec, f)
	incCols := `i.id, i.occurred_on, i.date_precision, i.occurred_month, i.county_code, i.context`
	cols := incCols + `, a.id, a.victim_id, a.act_type, a.method, a.victim_status, a.victim_age, p.sex, p.birth_date, p.birth_precision, 0, ''`
	// A group of unnamed victims is a row of its own (alias a, as the
	// acts' condition reads it), its count and age band in the last two
	// columns; a mixed group's members are of unknown sex.
	gcols := incCols + `, a.id, CAST(NULL AS TEXT), a.act_type, a.method, a.victim_status, CAST(NULL AS INTEGER),
		CASE WHEN a.sex = 'mixed' THEN 'unknown' ELSE a.sex END, CAST(NULL AS TEXT), CAST(NULL AS TEXT), a.count, a.age_band`
	joins := ` LEFT JOIN acts a ON a.incident_id = i.id AND ` + acts + `
		LEFT JOIN persons p ON p.id = a.victim_id`
	if full && spec.byType {
		types := `, (SELECT ` + tx.d.joinCodes("ty.type_code") + ` FROM incident_types ty WHERE ty.incident_id = i.id)`
		cols += types
		gcols += types
	}
	if full {
		cols += `, v.service_code, v.institution_id`
		gcols += `, CAST(NULL AS TEXT), CAST(NULL AS TEXT)`
		joins += ` LEFT JOIN involvements v ON v.act_id = a.id`
		if spec.consequences {
			cols += `, c.code`
			gcols += `, CAST(NULL AS TEXT)`
			joins += ` LEFT JOIN act_consequences c ON c.act_id = a.id`
		}
	}
	// An incident merged into another counts only through its survivor.
	q := `SELECT ` + cols + ` FROM incidents i` + joins + ` WHERE i.merged_into IS NULL AND (` + scope + `)`
	qargs := append(append([]any{}, actArgs...), args...)
	// Only a database that holds groups pays for the union (and the sort
	// it may take instead of the index's order).
	var groups bool
	if err := tx.queryRow(`SELECT EXISTS (SELECT 1 FROM victim_groups)`).Scan(&groups); err != nil {
		return err
	}
	if groups {
		gacts, gargs := groupScope(spec, f)
		q += ` UNION ALL SELECT ` + gcols + ` FROM incidents i JOIN victim_groups a ON a.incident_id = i.id AND ` + gacts + ` WHERE i.merged_into IS NULL AND (` + scope + `)`
		qargs = append(append(qargs, gargs...), args...)
	}
	rows, err := tx.query(q+` ORDER BY `+order, qargs...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var r reportRow
	dst := []any{&r.incident, &r.occurredOn, &r.precision, &r.month, &r.county, &r.context,
		&r.act, &r.victim, &r.actType, &r.method, &r.status, &r.age, &r.sex, &r.birth, &r.birthPrecision, &r.groupCount, &r.groupBand}
	r.types = sql.NullString{}
	if full && spec.byType {
		dst = append(dst, &r.types)
	}
	if full {
		dst = append(dst, &r.service, &r.institution)
		if spec.consequences {
			dst = append(dst, &r.consequence)
		}
	}
	for rows.Next() {
		if err := rows.Scan(dst...); err != nil {
			return err
		}
		t.add(&r, full)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	t.end()
	return nil
}

// tables turns the tally into the report's breakdowns, rows in the order a
// reader expects: months in time order, bands in age order, the fate of the
// disappeared in its fixed order, the rest largest first.
func (t *tally) tables(spec reportSpec, f haki.ReportFilter) []haki.ReportTable {
	byDim := map[string][]haki.ReportRow{}
	for c, n := range t.counts {
		byDim[c.dim] = append(byDim[c.dim], haki.ReportRow{Code: c.code, Victims: haki.Count{N: n[0]}, Incidents: haki.Count{N: n[1]}})
	}
	var out []haki.ReportTable
	for _, dim := range spec.dims {
		rows := byDim[dim]
		var order []string
		switch dim {
		case haki.ByMonth:
			for m := time.Date(f.From.Year(), f.From.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(f.To); m = m.AddDate(0, 1, 0) {
				order = append(order, m.Format("2006-01"))
			}
			order = append(order, haki.MonthUnknown, haki.DateUnknown)
		case haki.ByYear:
			for y := f.From.Year(); y <= f.To.Year(); y++ {
				order = append(order, fmt.Sprintf("%04d", y))
			}
			order = append(order, haki.DateUnknown)
		case haki.ByType:
			order = slices.Clone(spec.types)
		case haki.ByAgeBand:
			order = append(f.Bands.Codes(), haki.AgeUnknown)
		case haki.ByFate:
			order = []string{"missing", "found_alive", "found_dead"}
		}
		rows = fillAndSort(rows, order, dim == haki.ByMonth || dim == haki.ByYear)
		out = append(out, haki.ReportTable{By: dim, Rows: rows, Multi: multiDims[dim]})
	}
	return out
}

// fillAndSort puts rows in order, adding a zero row for each code of order
// that has none (except an empty "unknown" month or unknown date); codes outside order
// follow, largest first.
func fillAndSort(rows []haki.ReportRow, order []string, month bool) []haki.ReportRow {
	slices.SortFunc(rows, func(a, b haki.ReportRow) int {
		return cmp.Or(cmp.Compare(b.Victims.N, a.Victims.N), cmp.Compare(b.Incidents.N, a.Incidents.N), cmp.Compare(a.Code, b.Code))
	})
	if len(order) == 0 {
		return rows
	}
	out := make([]haki.ReportRow, 0, len(order)+len(rows))
	for _, code := range order {
		i := slices.IndexFunc(rows, func(r haki.ReportRow) bool { return r.Code == code })
		switch {
		case i >= 0:
			out = append(out, rows[i])
			rows = slices.Delete(rows, i, i+1)
		case !(month && (code == haki.MonthUnknown || code == haki.DateUnknown)):
			out = append(out, haki.ReportRow{Code: code})
		}
	}
	return append(out, rows...)
}

// labelInstitutions names the stations and units of a breakdown.
func (tx *Tx) labelInstitutions(t *haki.ReportTable) error {
	if t == nil {
		return nil
	}
	var ids []any
	for _, r := range t.Rows {
		if r.Code != "" {
			ids = append(ids, r.Code)
		}
	}
	names := map[string]string{}
	for len(ids) > 0 {
		batch := ids[:min(len(ids), 500)]
		ids = ids[len(batch):]
		rows, err := tx.query(`SELECT id, name FROM institutions WHERE id IN (`+placeholders(len(batch))+`)`, batch...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id, name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return err
			}
			names[id] = name
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	for i := range t.Rows {
		t.Rows[i].Label = names[t.Rows[i].Code]
	}
	return nil
}

// accountability counts the perpetrators of the period's incidents accused
// in a filed criminal or private prosecution, those convicted, and the
// legal matters in court of cases linked to the incidents. Victim filters
// (sex, age band, perpetrator) do not narrow it: it follows the incidents.
// Matters are few beside incidents: the accused and the matters in court
// are read first, then those whose incident is in the report's scope are
// kept (joined the other way, a planner reads the whole period first).
func (tx *Tx) accountability(spec reportSpec, f haki.ReportFilter) (*haki.Accountability, error) {
	type accused struct {
		involvement, incident string
		convicted             bool
	}
	var charged []accused
	var inCourt [][2]string // matter, incident
	ids := map[string]bool{}
	err := scanRows(tx, `SELECT ma.involvement_id, a.incident_id, m.outcome
		FROM matter_accused ma
		JOIN legal_matters m ON m.id = ma.matter_id
		JOIN involvements v ON v.id = ma.involvement_id
		JOIN acts a ON a.id = v.act_id
		WHERE m.kind IN ('criminal_prosecution', 'private_prosecution') AND m.status <> 'preparing'`, nil, func(rows *sql.Rows) error {
		var c accused
		var outcome string
		if err := rows.Scan(&c.involvement, &c.incident, &outcome); err != nil {
			return err
		}
		c.convicted = outcome == "conviction"
		charged = append(charged, c)
		ids[c.incident] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	mattersOf := map[string][]string{} // case -> its matters in court
	err = scanRows(tx, `SELECT id, case_id FROM legal_matters WHERE status IN ('filed', 'ongoing', 'appeal')`, nil, func(rows *sql.Rows) error {
		var id, caseID string
		if err := rows.Scan(&id, &caseID); err != nil {
			return err
		}
		mattersOf[caseID] = append(mattersOf[caseID], id)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for batch := range slices.Chunk(slices.Sorted(maps.Keys(mattersOf)), 500) {
		err := scanRows(tx, `SELECT case_id, incident_id FROM case_incidents WHERE case_id IN (`+placeholders(len(batch))+`)`,
			anySlice(batch), func(rows *sql.Rows) error {
				var caseID, incident string
				if err := rows.Scan(&caseID, &incident); err != nil {
					return err
				}
				for _, m := range mattersOf[caseID] {
					inCourt = append(inCourt, [2]string{m, incident})
				}
				ids[incident] = true
				return nil
			})
		if err != nil {
			return nil, err
		}
	}
	inScope := map[string]bool{}
	scope, args := countedScope(spec, f)
	for batch := range slices.Chunk(slices.Sorted(maps.Keys(ids)), 500) {
		err := scanRows(tx, `SELECT i.id FROM incidents i WHERE i.id IN (`+placeholders(len(batch))+`) AND `+scope,
			append(anySlice(batch), args...), func(rows *sql.Rows) error {
				var id string
				if err := rows.Scan(&id); err != nil {
					return err
				}
				inScope[id] = true
				return nil
			})
		if err != nil {
			return nil, err
		}
	}
	a := &haki.Accountability{Available: true}
	officers, convicted, matters := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, c := range charged {
		if inScope[c.incident] {
			officers[c.involvement] = true
			if c.convicted {
				convicted[c.involvement] = true
			}
		}
	}
	for _, mi := range inCourt {
		if inScope[mi[1]] {
			matters[mi[0]] = true
		}
	}
	a.OfficersCharged.N, a.OfficersConvicted.N, a.MattersInCourt.N = len(officers), len(convicted), len(matters)
	if a.Outcomes, err = tx.outcomeCounts(spec, f); err != nil {
		return nil, err
	}
	return a, nil
}

// outcomeCounts counts, for each outcome kind, the perpetrators
// (involvements) of the report's incidents with at least one recorded
// outcome of that kind, whatever its source. Like the court figures it
// follows the incidents, not the victim filters.
func (tx *Tx) outcomeCounts(spec reportSpec, f haki.ReportFilter) ([]haki.OutcomeCount, error) {
	n := map[string]int{}
	scope, args := countedScope(spec, f)
	err := scanRows(tx, `SELECT o.kind, COUNT(DISTINCT o.involvement_id)
		FROM involvement_outcomes o
		JOIN involvements v ON v.id = o.involvement_id
		JOIN acts a ON a.id = v.act_id
		JOIN incidents i ON i.id = a.incident_id
		WHERE `+scope+` GROUP BY o.kind`, args, func(rows *sql.Rows) error {
		var kind string
		var c int
		if err := rows.Scan(&kind, &c); err != nil {
			return err
		}
		n[kind] = c
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("outcomeCounts: %w", err)
	}
	out := make([]haki.OutcomeCount, len(haki.OutcomeKinds))
	for i, k := range haki.OutcomeKinds {
		out[i] = haki.OutcomeCount{Kind: k, Perpetrators: haki.Count{N: n[k]}}
	}
	return out, nil
}

// anySlice returns the values as []any: strings as query arguments,
// records as lines to encode.
func anySlice[T any](vs []T) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

// scanRows runs a query and calls fn for each row.
func scanRows(tx *Tx, q string, args []any, fn func(*sql.Rows) error) error {
	rows, err := tx.query(q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
