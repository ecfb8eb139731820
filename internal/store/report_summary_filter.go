package store

import (
	"cmp"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// report_filter_cells is the summary of the reports with one filter: for
// each report, filter (county, incident type, context, victim's sex, age
// band, perpetrator's service or station) and its code, year, breakdown
// and code, the victims and incidents a report with that filter counts
// there, and the year's totals (dim ''). It is kept with report_cells:
// applyReportFigures takes an incident's figures out of both and puts
// them back from one scan, so it is never stale either.
//
// It is kept by year, not month: an incident counts in up to a dozen
// filters, and by month the cells of the stations would be as many as the
// incidents. A report with one filter reads it for the whole years of its
// period (its months are a breakdown of the year) and reads the records
// for the days outside them; a period with no whole year, two filters or
// other age bands read the records (report.go).

// Filter kinds of the summary (report_filter_cells.fdim).
const (
	filterCounty      = "county"
	filterType        = "type"
	filterContext     = "context"
	filterSex         = "sex"
	filterAgeBand     = "age_band"
	filterService     = "service"
	filterInstitution = "institution"
)

// summaryFilters counts the filters f sets (those a summary can answer)
// and returns the kind and code of the one, when it sets one.
func summaryFilters(f haki.ReportFilter) (n int, dim, code string) {
	for _, c := range [][2]string{{filterCounty, f.CountyCode}, {filterType, f.IncidentType}, {filterContext, f.Context},
		{filterSex, f.Sex}, {filterAgeBand, f.AgeBand}, {filterService, f.ServiceCode}, {filterInstitution, f.InstitutionID}} {
		if c[1] != "" {
			dim, code = c[0], c[1]
			n++
		}
	}
	if n != 1 {
		dim, code = "", ""
	}
	return n, dim, code
}

// defaultBands reports whether f counts ages in the default bands, the
// only ones the summaries hold.
func defaultBands(f haki.ReportFilter) bool {
	return len(f.Bands) == 0 || f.Bands.String() == haki.DefaultAgeBands().String()
}

// yearEnd reports whether a day is the last of its year.
func yearEnd(t time.Time) bool {
	return t.Month() == time.December && t.Day() == 31
}

// wholeYearSpan returns the first and last years lying wholly between
// from and to, and false when there is none.
func wholeYearSpan(from, to time.Time) (first, last int, ok bool) {
	first, last = from.Year(), to.Year()
	if from.YearDay() != 1 {
		first++
	}
	if !yearEnd(to) {
		last--
	}
	return first, last, first <= last
}

// filterSummaryTally computes a report with f's one filter, dim=code, for
// f's period: its whole years from the summary, the days outside them
// from the records; a period with no whole year, from the records.
func (tx *Tx) filterSummaryTally(spec reportSpec, f haki.ReportFilter, dim, code string, full bool) (t *tally, err error) {
	first, last, ok := wholeYearSpan(f.From, f.To)
	if !ok {
		return tx.scanReport(spec, f, f.From, f.To, full)
	}
	t = newTally(f)
	if err := tx.scanEdges(t, spec, f, time.Date(first, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(last, 12, 31, 0, 0, 0, 0, time.UTC), full); err != nil {
		return nil, err
	}
	years := wholeYears(f.From, f.To)
	cond := `dim = ''`
	if full {
		cond = `1 = 1`
	}
	return t, tx.sumCellsInto(t, `SELECT dim, code, SUM(victims), SUM(incidents) FROM report_filter_cells
		WHERE report = ? AND fdim = ? AND fcode = ? AND bucket IN (`+placeholders(len(years))+`) AND `+cond+`
		GROUP BY dim, code`, append([]any{spec.name, dim, code}, years...))
}

// filterKey is a cell of report_filter_cells (its report aside).
type filterKey struct{ fdim, fcode, bucket, dim, code string }

// actFacts is what the filters need of one counted act of an incident.
type actFacts struct {
	victim, sex, band string
	services, insts   []string
	cells             map[cellKey]struct{}
}

// filterTally aggregates a scan of whole incidents (grouped by incident,
// all their counted acts and perpetrators) into the cells of every filter
// each incident passes: the incident's own filters (county, type,
// context) count it as the unfiltered report does; a victim's filters
// (sex, age band, service, station) count it through the acts that pass,
// as the report filtered on the records does.
type filterTally struct {
	bands  haki.AgeBands
	types  map[string][]string // incident -> its types
	counts map[filterKey]*[2]int

	incident, bucket string
	inc              []cellKey // the incident's own cells, when it has no counted act
	acts             map[string]*actFacts
	spare            []*actFacts
	buf              []cellKey
	// per flush, reused
	victims  map[string]map[cellKey]struct{}
	incCells map[cellKey]struct{}
	codes    map[string]bool
	weights  map[string]int // the members of a group of victims, by its victim key; 1 when absent
}

func newFilterTally(types map[string][]string) *filterTally {
	return &filterTally{bands: haki.DefaultAgeBands(), types: types, counts: map[filterKey]*[2]int{},
		acts: map[string]*actFacts{}, victims: map[string]map[cellKey]struct{}{}, incCells: map[cellKey]struct{}{},
		codes: map[string]bool{}, weights: map[string]int{}}
}

func (t *filterTally) add(r *reportRow, full bool) {
	if r.incident != t.incident {
		t.flush()
		t.incident, t.bucket = r.incident, summaryYear(r.occurredOn)
		t.inc = incidentCells(t.inc[:0], "", r)
	}
	if !r.act.Valid {
		return
	}
	a := t.acts[r.act.String]
	if a == nil {
		if n := len(t.spare); n > 0 {
			a, t.spare = t.spare[n-1], t.spare[:n-1]
		} else {
			a = &actFacts{cells: map[cellKey]struct{}{}}
		}
		a.victim, a.sex, a.band = r.victim.String, r.sex.String, ageBand(t.bands, r)
		if r.groupCount > 0 {
			a.victim = "g:" + r.act.String
			t.weights[a.victim] = r.groupCount
		}
		t.acts[r.act.String] = a
	}
	if s := r.service.String; s != "" && !slices.Contains(a.services, s) {
		a.services = append(a.services, s)
	}
	if s := r.institution.String; s != "" && !slices.Contains(a.insts, s) {
		a.insts = append(a.insts, s)
	}
	t.buf = rowCells(t.buf[:0], "", r, a.band)
	for _, c := range t.buf {
		a.cells[c] = struct{}{}
	}
}

func (t *filterTally) end() {
	t.flush()
	t.incident = ""
}

// flush counts the incident read so far under each filter it passes.
func (t *filterTally) flush() {
	if t.incident == "" {
		return
	}
	// The incident's own filters: all its counted acts, or none.
	var own [][2]string
	if c := t.inc[1].code; c != "" {
		own = append(own, [2]string{filterCounty, c})
	}
	if c := t.inc[2].code; c != "" {
		own = append(own, [2]string{filterContext, c})
	}
	for _, c := range t.types[t.incident] {
		own = append(own, [2]string{filterType, c})
	}
	if t.combine(func(*actFacts) bool { return true }) {
		for _, o := range own {
			t.count(o[0], o[1])
		}
	} else if len(t.acts) == 0 {
		clear(t.incCells)
		for _, c := range t.inc {
			t.incCells[c] = struct{}{}
		}
		for _, o := range own {
			t.count(o[0], o[1])
		}
	}
	// The victim's filters: the acts that pass.
	for _, fd := range []string{filterSex, filterAgeBand, filterService, filterInstitution} {
		clear(t.codes)
		for _, a := range t.acts {
			switch fd {
			case filterSex:
				if a.sex != "" {
					t.codes[a.sex] = true
				}
			case filterAgeBand:
				t.codes[a.band] = true
			case filterService:
				for _, s := range a.services {
					t.codes[s] = true
				}
			case filterInstitution:
				for _, s := range a.insts {
					t.codes[s] = true
				}
			}
		}
		for code := range t.codes {
			t.combine(func(a *actFacts) bool {
				switch fd {
				case filterSex:
					return a.sex == code
				case filterAgeBand:
					return a.band == code
				case filterService:
					return slices.Contains(a.services, code)
				default:
					return slices.Contains(a.insts, code)
				}
			})
			t.count(fd, code)
		}
	}
	clear(t.weights)
	for id, a := range t.acts {
		clear(a.cells)
		a.services, a.insts = a.services[:0], a.insts[:0]
		t.spare = append(t.spare, a)
		delete(t.acts, id)
	}
	t.incident = ""
}

// combine gathers, into victims and incCells, the cells of the acts that
// pass, each victim's cells once however many of their acts pass; it
// reports whether any did.
func (t *filterTally) combine(pass func(*actFacts) bool) bool {
	for _, cells := range t.victims {
		clear(cells)
	}
	clear(t.victims)
	clear(t.incCells)
	passed := false
	for _, a := range t.acts {
		if !pass(a) {
			continue
		}
		passed = true
		vs := t.victims[a.victim]
		if vs == nil {
			vs = map[cellKey]struct{}{}
			t.victims[a.victim] = vs
		}
		for c := range a.cells {
			vs[c] = struct{}{}
			t.incCells[c] = struct{}{}
		}
	}
	return passed
}

// count adds the combined incident to the filter's cells.
func (t *filterTally) count(fdim, fcode string) {
	total := t.cell(filterKey{fdim, fcode, t.bucket, dimTotal, ""})
	total[1]++
	for c := range t.incCells {
		t.cell(filterKey{fdim, fcode, t.bucket, c.dim, c.code})[1]++
	}
	for v, cells := range t.victims {
		w := 1
		if n, ok := t.weights[v]; ok {
			w = n
		}
		total[0] += w
		for c := range cells {
			t.cell(filterKey{fdim, fcode, t.bucket, c.dim, c.code})[0] += w
		}
	}
}

func (t *filterTally) cell(k filterKey) *[2]int {
	n := t.counts[k]
	if n == nil {
		n = new([2]int)
		t.counts[k] = n
	}
	return n
}

// incidentTypes reads into out the types of the incidents that cond (on
// alias i) selects.
func (tx *Tx) incidentTypes(out map[string][]string, cond string, args []any) error {
	return scanRows(tx, `SELECT t.incident_id, t.type_code FROM incident_types t JOIN incidents i ON i.id = t.incident_id
		WHERE `+cond, args, func(rows *sql.Rows) error {
		var id, code string
		if err := rows.Scan(&id, &code); err != nil {
			return err
		}
		out[id] = append(out[id], code)
		return nil
	})
}

// addFilterCells adds the counts, times sign, to the report's filter
// cells and drops the cells that no longer count anything: those the
// statements lowered to nothing, by key.
func (tx *Tx) addFilterCells(report string, counts map[filterKey]*[2]int, sign int) error {
	var spent []filterKey // cells lowered to nothing, to drop
	returning := ""
	if sign < 0 {
		returning = `fdim, fcode, bucket, dim, code, incidents`
	}
	err := addCounts(tx, "report_filter_cells", []string{"fdim", "fcode", "bucket", "dim", "code"}, report, counts, sign,
		func(a, b filterKey) int {
			return cmp.Or(strings.Compare(a.fdim, b.fdim), strings.Compare(a.fcode, b.fcode), strings.Compare(a.bucket, b.bucket),
				strings.Compare(a.dim, b.dim), strings.Compare(a.code, b.code))
		},
		func(k filterKey) []any { return []any{k.fdim, k.fcode, k.bucket, k.dim, k.code} },
		returning, func(rows *sql.Rows) error {
			var k filterKey
			var incidents int
			if err := rows.Scan(&k.fdim, &k.fcode, &k.bucket, &k.dim, &k.code, &incidents); err != nil {
				return err
			}
			if incidents <= 0 {
				spent = append(spent, k)
			}
			return nil
		})
	if err != nil {
		return err
	}
	for batch := range slices.Chunk(spent, 100) {
		conds := make([]string, len(batch))
		args := []any{report}
		for i, k := range batch {
			conds[i] = `(fdim = ? AND fcode = ? AND bucket = ? AND dim = ? AND code = ?)`
			args = append(args, k.fdim, k.fcode, k.bucket, k.dim, k.code)
		}
		if _, err := tx.exec(`DELETE FROM report_filter_cells WHERE report = ? AND incidents <= 0 AND (`+
			strings.Join(conds, " OR ")+`)`, args...); err != nil {
			return err
		}
	}
	return nil
}

// summaryFigures reads a report's incidents from the records a year at a
// time, so that memory stays bounded, in one pass for both summaries:
// into cells, when not nil (report_cells' tally, by month, small), and,
// when each is not nil, into a filterTally of the year's own that each
// then takes.
func (tx *Tx) summaryFigures(name string, years []int, cells *tally, each func(year int, ft *filterTally) error) error {
	spec := reportSpecs[name]
	typeCond, typeArgs := typeScope(spec)
	scope := `i.occurred_on >= ? AND i.occurred_on <= ? AND ` + typeCond // never an unknown date ('')
	for _, y := range years {
		args := append([]any{fmt.Sprintf("%04d-01-01", y), fmt.Sprintf("%04d-12-31", y)}, typeArgs...)
		var sink sinks
		if cells != nil {
			sink = append(sink, cells)
		}
		var ft *filterTally
		if each != nil {
			types := map[string][]string{}
			if err := tx.incidentTypes(types, scope, args); err != nil {
				return err
			}
			ft = newFilterTally(types)
			sink = append(sink, ft)
		}
		if err := tx.scanInto(sink, spec, haki.ReportFilter{}, scope, args, true, byDate); err != nil {
			return err
		}
		if each != nil {
			if err := each(y, ft); err != nil {
				return err
			}
		}
	}
	return nil
}

// summaryYears returns the years of the incidents, oldest first.
func (tx *Tx) summaryYears() ([]int, error) {
	var years []int
	err := scanRows(tx, `SELECT DISTINCT occurred_year FROM incidents WHERE occurred_on <> '' ORDER BY occurred_year`, nil, func(rows *sql.Rows) error {
		var y int
		if err := rows.Scan(&y); err != nil {
			return err
		}
		years = append(years, y)
		return nil
	})
	return years, err
}

// rebuildSummary makes the summary again from the records, in one pass
// a year at a time: report_cells with cells (migration 017),
// report_filter_cells with filters (migration 024), both on an
// administrator's request.
func (tx *Tx) rebuildSummary(cells, filters bool) error {
	if cells {
		if _, err := tx.exec(`DELETE FROM report_cells`); err != nil {
			return err
		}
	}
	if filters {
		if _, err := tx.exec(`DELETE FROM report_filter_cells`); err != nil {
			return err
		}
	}
	years, err := tx.summaryYears()
	if err != nil {
		return err
	}
	for _, name := range summaryReports {
		var t *tally
		var each func(int, *filterTally) error
		if cells {
			t = newSummaryTally()
		}
		if filters {
			each = func(_ int, ft *filterTally) error { return tx.addFilterCells(name, ft.counts, 1) }
		}
		if err := tx.summaryFigures(name, years, t, each); err != nil {
			return err
		}
		if cells {
			if err := tx.addCells(name, t.counts, 1); err != nil {
				return err
			}
		}
	}
	return nil
}

// rebuildReportCells makes report_cells again from the records, when it
// is first made (migration 017).
func (tx *Tx) rebuildReportCells() error { return tx.rebuildSummary(true, false) }

// rebuildFilterSummary makes report_filter_cells again from the records,
// when they are first made (migration 024).
func (tx *Tx) rebuildFilterSummary() error { return tx.rebuildSummary(false, true) }

// verifyFilterCells compares a report's filter cells of a year (of the
// years without incidents, for year -1) with want, the records' figures,
// and returns the number of cells and the lines that differ.
func (tx *Tx) verifyFilterCells(name string, years []int, year int, want map[filterKey]*[2]int) (cells int, problems []string, err error) {
	cond, args := `report = ? AND bucket = ?`, []any{name, fmt.Sprintf("%04d", year)}
	if year < 0 && len(years) == 0 {
		cond, args = `report = ?`, []any{name}
	} else if year < 0 { // the cells of years without incidents
		cond, args = `report = ? AND bucket NOT IN (`+placeholders(len(years))+`)`, []any{name}
		for _, y := range years {
			args = append(args, fmt.Sprintf("%04d", y))
		}
	}
	line := func(k filterKey) string {
		return fmt.Sprintf("%s %s filtered by %s=%q: %s=%q", name, k.bucket, k.fdim, k.fcode, cmp.Or(k.dim, "total"), k.code)
	}
	err = scanRows(tx, `SELECT fdim, fcode, bucket, dim, code, victims, incidents FROM report_filter_cells WHERE `+cond, args,
		func(rows *sql.Rows) error {
			var k filterKey
			var n [2]int
			if err := rows.Scan(&k.fdim, &k.fcode, &k.bucket, &k.dim, &k.code, &n[0], &n[1]); err != nil {
				return err
			}
			cells++
			w := want[k]
			switch {
			case w == nil:
				problems = append(problems, fmt.Sprintf("%s: kept %d victims, %d incidents; the records give none", line(k), n[0], n[1]))
			case *w != n:
				problems = append(problems, fmt.Sprintf("%s: kept %d victims, %d incidents; the records give %d, %d", line(k), n[0], n[1], w[0], w[1]))
			}
			delete(want, k)
			return nil
		})
	if err != nil {
		return 0, nil, err
	}
	for k, w := range want {
		problems = append(problems, fmt.Sprintf("%s: missing; the records give %d victims, %d incidents", line(k), w[0], w[1]))
	}
	return cells, problems, nil
}
