package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// The report builder. A query names its records, up to two dimensions, a
// measure and filters; each name maps to SQL written here (bldRecords,
// bldDim) and is refused when unknown, so no request text reaches a
// statement: values travel as arguments. The statement reads the distinct
// (dimension values, unit) tuples and counts them, so a victim with two
// perpetrators' services counts once in each service's row and once in
// the total.

// bldDimSQL is a dimension of one records kind: its value and the joins it needs.
type bldDimSQL struct {
	expr  string
	joins []string
}

// bldRecordsSQL is one records kind.
type bldRecordsSQL struct {
	from string // FROM clause with the base joins
	// date is the column (YYYY-MM-DD) the period applies to; incidents use
	// their precision rules instead.
	date  string
	dims  map[string]bldDimSQL
	units map[string][]string // measure -> the columns that make one unit
	// measureJoins are joins a measure needs (victims of incidents).
	measureJoins map[string][]string
}

const (
	bldJoinTypes      = `JOIN incident_types bt ON bt.incident_id = i.id`
	bldJoinPerpInc    = `LEFT JOIN acts ba ON ba.incident_id = i.id LEFT JOIN involvements bv ON bv.act_id = ba.id`
	bldJoinPerpAct    = `LEFT JOIN involvements bv ON bv.act_id = a.id`
	bldJoinCaseInc    = `LEFT JOIN case_incidents bci ON bci.case_id = c.id LEFT JOIN incidents bi ON bi.id = bci.incident_id`
	bldJoinCaseTypes  = `LEFT JOIN case_incidents bci ON bci.case_id = c.id LEFT JOIN incident_types bct ON bct.incident_id = bci.incident_id`
	bldJoinProfession = `LEFT JOIN professionals bpr ON bpr.id = s.professional_id`
	bldJoinEvalPerp   = `LEFT JOIN acts ba ON ba.incident_id = bci.incident_id LEFT JOIN involvements bv ON bv.act_id = ba.id`
	bldIncMonth       = `CASE WHEN i.date_precision = 'year' THEN 'unknown' ELSE SUBSTR(i.occurred_on, 1, 7) END`
)

func bldIncidentDims(victims bool) map[string]bldDimSQL {
	d := map[string]bldDimSQL{
		haki.DimCounty:       {expr: `i.county_code`},
		haki.DimYear:         {expr: `SUBSTR(i.occurred_on, 1, 4)`},
		haki.DimMonth:        {expr: bldIncMonth},
		haki.DimIncidentType: {expr: `bt.type_code`, joins: []string{bldJoinTypes}},
		haki.DimContext:      {expr: `i.context`},
		haki.DimVerification: {expr: `i.verification`},
		haki.DimPerpetrator:  {expr: `COALESCE(bv.service_code, '')`, joins: []string{bldJoinPerpInc}},
	}
	if victims {
		d[haki.DimPerpetrator] = bldDimSQL{expr: `COALESCE(bv.service_code, '')`, joins: []string{bldJoinPerpAct}}
		d[haki.DimSex] = bldDimSQL{expr: `p.sex`}
		d[haki.DimActType] = bldDimSQL{expr: `a.act_type`}
		d[haki.DimMethod] = bldDimSQL{expr: `a.method`}
		d[haki.DimVictimStatus] = bldDimSQL{expr: `a.victim_status`}
		delete(d, haki.DimVerification)
	}
	return d
}

func bldServiceDims() map[string]bldDimSQL {
	return map[string]bldDimSQL{
		haki.DimYear:        {expr: `SUBSTR(s.delivered_on, 1, 4)`},
		haki.DimMonth:       {expr: `SUBSTR(s.delivered_on, 1, 7)`},
		haki.DimServiceType: {expr: `s.service_type`},
		haki.DimProvider:    {expr: `CASE WHEN s.professional_id IS NOT NULL THEN 'network' ELSE 'staff' END`},
		haki.DimProfession:  {expr: `COALESCE(bpr.profession, '')`, joins: []string{bldJoinProfession}},
		haki.DimSex:         {expr: `cp.sex`},
		haki.DimCounty:      {expr: `COALESCE(bi.county_code, '')`, joins: []string{bldJoinCaseInc}},
		haki.DimCaseStatus:  {expr: `c.status`},
	}
}

// bldEvalDims are the dimensions of evaluations and of their findings: the
// examination day, and the counties and perpetrators' services of the
// case's incidents (an evaluation in each; "" when the case has none).
func bldEvalDims(findings bool) map[string]bldDimSQL {
	d := map[string]bldDimSQL{
		haki.DimYear:        {expr: `SUBSTR(e.examined_on, 1, 4)`},
		haki.DimMonth:       {expr: `SUBSTR(e.examined_on, 1, 7)`},
		haki.DimCounty:      {expr: `COALESCE(bi.county_code, '')`, joins: []string{bldJoinCaseInc}},
		haki.DimPerpetrator: {expr: `COALESCE(bv.service_code, '')`, joins: []string{bldJoinCaseInc, bldJoinEvalPerp}},
	}
	if findings {
		// A finding's alleged method: a code of the vocabularies, or
		// "other" for free text, which is never counted as text.
		d[haki.DimMethod] = bldDimSQL{expr: `ef.method`}
		d[haki.DimOpinionLevel] = bldDimSQL{expr: `ef.opinion`}
		d[haki.DimFindingKind] = bldDimSQL{expr: `ef.kind`}
	} else {
		d[haki.DimEvalKind] = bldDimSQL{expr: `e.kind`}
		d[haki.DimOverallLevel] = bldDimSQL{expr: `e.overall_level`}
	}
	return d
}

var bldRecords = map[string]bldRecordsSQL{
	haki.RecIncidents: {from: `incidents i`, dims: bldIncidentDims(false),
		units:        map[string][]string{haki.MeasureIncidents: {"i.id"}, haki.MeasureVictims: {"i.id", "bm.victim_id"}},
		measureJoins: map[string][]string{haki.MeasureVictims: {`JOIN acts bm ON bm.incident_id = i.id`}}},
	haki.RecVictims: {from: `acts a JOIN incidents i ON i.id = a.incident_id JOIN persons p ON p.id = a.victim_id`, dims: bldIncidentDims(true),
		units: map[string][]string{haki.MeasureVictims: {"i.id", "a.victim_id"}, haki.MeasureIncidents: {"i.id"},
			haki.MeasurePersons: {"a.victim_id"}, haki.MeasureCount: {"a.id"}}},
	haki.RecServices: {from: `services s JOIN cases c ON c.id = s.case_id JOIN persons cp ON cp.id = c.client_id`, date: `s.delivered_on`,
		dims:  bldServiceDims(),
		units: map[string][]string{haki.MeasureCount: {"s.id"}, haki.MeasurePersons: {"c.client_id"}, haki.MeasureCost: {"s.id", "s.cost_kes"}}},
	haki.RecPersonsServed: {from: `services s JOIN cases c ON c.id = s.case_id JOIN persons cp ON cp.id = c.client_id`, date: `s.delivered_on`,
		dims: bldServiceDims(), units: map[string][]string{haki.MeasurePersons: {"c.client_id"}}},
	haki.RecCases: {from: `cases c JOIN persons cp ON cp.id = c.client_id`, date: `c.intake_date`,
		dims: map[string]bldDimSQL{
			haki.DimYear:          {expr: `SUBSTR(c.intake_date, 1, 4)`},
			haki.DimMonth:         {expr: `SUBSTR(c.intake_date, 1, 7)`},
			haki.DimCaseStatus:    {expr: `c.status`},
			haki.DimIntakeChannel: {expr: `c.intake_channel`},
			haki.DimClosureReason: {expr: `c.closure_reason`},
			haki.DimSex:           {expr: `cp.sex`},
			haki.DimCounty:        {expr: `COALESCE(bi.county_code, '')`, joins: []string{bldJoinCaseInc}},
			haki.DimIncidentType:  {expr: `COALESCE(bct.type_code, '')`, joins: []string{bldJoinCaseTypes}},
		},
		units: map[string][]string{haki.MeasureCount: {"c.id"}, haki.MeasurePersons: {"c.client_id"}}},
	// Signed evaluations only, by the codes kept in the clear; drafts never.
	haki.RecEvaluations: {from: `evaluations e JOIN cases c ON c.id = e.case_id AND e.status = 'signed'`, date: `e.examined_on`,
		dims: bldEvalDims(false), units: map[string][]string{haki.MeasureCount: {"e.id"}, haki.MeasurePersons: {"c.client_id"}}},
	haki.RecFindings: {from: `evaluation_findings ef JOIN evaluations e ON e.id = ef.evaluation_id AND e.status = 'signed'
		JOIN cases c ON c.id = e.case_id`, date: `e.examined_on`,
		dims: bldEvalDims(true), units: map[string][]string{haki.MeasureCount: {"ef.evaluation_id", "ef.no"}}},
}

// bldDim returns the SQL of dimension d of the records, with the query's
// age bands; ok is false for a dimension the records do not have.
func bldDim(q haki.BuilderQuery, d string) (bldDimSQL, bool) {
	if !slices.Contains(haki.BuilderDims[q.Records], d) {
		return bldDimSQL{}, false
	}
	if d == haki.DimAgeBand {
		if q.Records == haki.RecVictims {
			return bldDimSQL{expr: figBand(figVictimAge, q.Filter.Bands)}, true
		}
		return bldDimSQL{expr: figBand(figClientAge, q.Filter.Bands)}, true
	}
	ds, ok := bldRecords[q.Records].dims[d]
	return ds, ok
}

// bldCheck refuses a query that names anything outside the lists.
func bldCheck(q haki.BuilderQuery) error {
	rec, ok := bldRecords[q.Records]
	if !ok {
		return haki.Errorf(haki.EINVALID, "Choose the records to count: incidents, victims, persons served, services, cases, evaluations or findings.")
	}
	if len(q.Dims) > 2 {
		return haki.Errorf(haki.EINVALID, "Choose at most two dimensions.")
	}
	for i, d := range q.Dims {
		if _, ok := bldDim(q, d); !ok {
			return haki.Errorf(haki.EINVALID, "Unknown dimension for these records; choose one from the list.")
		}
		if slices.Contains(q.Dims[:i], d) {
			return haki.Errorf(haki.EINVALID, "Choose two different dimensions.")
		}
	}
	if _, ok := rec.units[q.Measure]; !ok || !slices.Contains(haki.BuilderMeasures[q.Records], q.Measure) {
		return haki.Errorf(haki.EINVALID, "Unknown measure for these records; choose one from the list.")
	}
	f := q.Filter
	used := map[string]bool{"county": f.CountyCode != "", "type": f.IncidentType != "", "context": f.Context != "",
		"service": f.ServiceCode != "", "sex": f.Sex != "", "age_band": f.AgeBand != "", "service_type": q.ServiceType != "",
		"provider": q.Provider != "", "profession": q.Profession != "", "status": q.Status != "", "court": q.InCourt,
		"institution": f.InstitutionID != ""}
	for k, on := range used {
		if on && !slices.Contains(haki.BuilderFilters[q.Records], k) {
			return haki.Errorf(haki.EINVALID, "This filter does not apply to these records.")
		}
	}
	return nil
}

// bldWhere returns the conditions of the query's period and filters.
func bldWhere(q haki.BuilderQuery) (string, []any) {
	f := q.Filter
	var where []string
	var args []any
	add := func(cond string, a ...any) { where, args = append(where, cond), append(args, a...) }
	incidents := q.Records == haki.RecIncidents || q.Records == haki.RecVictims
	if !q.AllTime() {
		if incidents {
			cond, a := figIncidentPeriod(f.From, f.To)
			add(cond, a...)
		} else {
			add(bldRecords[q.Records].date+` >= ? AND `+bldRecords[q.Records].date+` <= ?`, fmtDate(f.From), fmtDate(f.To))
		}
	}
	if incidents {
		add(`i.merged_into IS NULL`) // a merged incident counts only through its survivor
		if f.CountyCode != "" {
			add(`i.county_code = ?`, f.CountyCode)
		}
		if f.IncidentType != "" {
			add(`EXISTS (SELECT 1 FROM incident_types wt WHERE wt.incident_id = i.id AND wt.type_code = ?)`, f.IncidentType)
		}
		if f.Context != "" {
			add(`i.context = ?`, f.Context)
		}
		if q.Records == haki.RecVictims {
			if f.ServiceCode != "" {
				add(`EXISTS (SELECT 1 FROM involvements wv WHERE wv.act_id = a.id AND wv.service_code = ?)`, f.ServiceCode)
			}
			if f.Sex != "" {
				add(`p.sex = ?`, f.Sex)
			}
			if f.AgeBand != "" {
				add(figBand(figVictimAge, f.Bands)+` = ?`, f.AgeBand)
			}
		} else if f.ServiceCode != "" {
			add(`EXISTS (SELECT 1 FROM acts wa JOIN involvements wv ON wv.act_id = wa.id WHERE wa.incident_id = i.id AND wv.service_code = ?)`, f.ServiceCode)
		}
		return strings.Join(append(where, "1 = 1"), " AND "), args
	}
	// Services and cases: the case's incidents and client.
	cf := haki.ReportFilter{CountyCode: f.CountyCode, IncidentType: f.IncidentType, Bands: f.Bands}
	scope, sargs := figCaseScope(cf)
	add(scope, sargs...)
	if f.Sex != "" {
		add(`cp.sex = ?`, f.Sex)
	}
	if f.AgeBand != "" {
		add(figBand(figClientAge, f.Bands)+` = ?`, f.AgeBand)
	}
	if q.ServiceType != "" {
		add(`s.service_type = ?`, q.ServiceType)
	}
	switch q.Provider {
	case "staff":
		add(`s.professional_id IS NULL`)
	case "network":
		add(`s.professional_id IS NOT NULL`)
	}
	if q.Profession != "" {
		add(`EXISTS (SELECT 1 FROM professionals wp WHERE wp.id = s.professional_id AND wp.profession = ?)`, q.Profession)
	}
	if q.Status != "" {
		add(`c.status = ?`, q.Status)
	}
	if q.InCourt {
		add(`EXISTS (SELECT 1 FROM legal_matters wm WHERE wm.case_id = c.id AND wm.status <> 'preparing')`)
	}
	return strings.Join(where, " AND "), args
}

// figIncidentPeriod is the condition (on alias i) of the incidents of a
// period, with the incident reports' rule: an incident known only to the
// month or the year counts when the period holds all of that month or year.
func figIncidentPeriod(from, to time.Time) (string, []any) {
	lastMonth := to
	if to.AddDate(0, 0, 1).Month() == to.Month() {
		lastMonth = time.Date(to.Year(), to.Month(), 0, 0, 0, 0, 0, time.UTC)
	}
	lastYear := to.Year()
	if to.Month() != time.December || to.Day() != 31 {
		lastYear--
	}
	return `i.occurred_on >= ? AND i.occurred_on <= ? AND (i.date_precision = 'day'
		OR i.date_precision = 'month' AND i.occurred_year * 100 + i.occurred_month <= ?
		OR i.date_precision = 'year' AND i.occurred_year <= ?)`,
		[]any{fmtDate(from), fmtDate(to), lastMonth.Year()*100 + int(lastMonth.Month()), lastYear}
}

// RunBuilder answers a builder query. Roles that do not see identities
// get small cells hidden. Anyone with the dashboard may ask: the answer
// holds counts only, and counts every record.
func (s *Store) RunBuilder(ctx context.Context, q haki.BuilderQuery) (*haki.BuilderResult, error) {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermDashboard); err != nil {
		return nil, err
	}
	if len(q.Filter.Bands) == 0 {
		q.Filter.Bands = haki.DefaultAgeBands()
	}
	if err := bldCheck(q); err != nil {
		return nil, err
	}
	if !u.Role.SeesIdentities() {
		if err := q.Filter.CheckLattice(); err != nil {
			return nil, err
		}
	}
	var res, basis *haki.BuilderResult
	err := s.snapshotRead(ctx, func(tx *Tx) error {
		if err := tx.checkReportCodes(q.Filter, q.Status); err != nil {
			return err
		}
		var err error
		if res, err = tx.runBuilder(q); err != nil {
			return err
		}
		if q.Measure == haki.MeasureCost && !u.Role.SeesIdentities() {
			c := q
			c.Measure = haki.MeasureCount
			basis, err = tx.runBuilder(c)
			basis = bldAlign(basis, res)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if !u.Role.SeesIdentities() {
		res.Protect(q.Filter.Threshold(), basis)
	}
	return res, nil
}

// runBuilder computes the cells and the totals.
func (tx *Tx) runBuilder(q haki.BuilderQuery) (*haki.BuilderResult, error) {
	res := &haki.BuilderResult{Query: q, GeneratedAt: tx.now}
	grouped := func(dims []string) (map[[2]string]int, error) { return tx.bldGroup(q, dims) }
	total, err := grouped(nil)
	if err != nil {
		return nil, err
	}
	res.Total = haki.Count{N: total[[2]string{}]}
	if len(q.Dims) == 0 {
		return res, nil
	}
	byRow, err := grouped(q.Dims[:1])
	if err != nil {
		return nil, err
	}
	res.Rows = bldOrder(q, q.Dims[0], byRow, 0)
	if len(res.Rows) > haki.MaxBuilderCategories {
		return nil, haki.Errorf(haki.EINVALID, "Too many rows; narrow the period or choose another dimension.")
	}
	if len(q.Dims) == 1 {
		res.Cells = make([][]haki.Count, len(res.Rows))
		for i, r := range res.Rows {
			res.Cells[i] = []haki.Count{{N: byRow[[2]string{r}]}}
		}
		return res, nil
	}
	byCol, err := grouped(q.Dims[1:2])
	if err != nil {
		return nil, err
	}
	res.Cols = bldOrder(q, q.Dims[1], byCol, 0)
	if len(res.Cols) > haki.MaxBuilderCategories {
		return nil, haki.Errorf(haki.EINVALID, "Too many columns; narrow the period or choose another dimension.")
	}
	cells, err := grouped(q.Dims)
	if err != nil {
		return nil, err
	}
	res.Cells = make([][]haki.Count, len(res.Rows))
	for i, r := range res.Rows {
		res.Cells[i] = make([]haki.Count, len(res.Cols))
		for j, c := range res.Cols {
			res.Cells[i][j] = haki.Count{N: cells[[2]string{r, c}]}
		}
		res.RowTotals = append(res.RowTotals, haki.Count{N: byRow[[2]string{r}]})
	}
	for _, c := range res.Cols {
		res.ColTotals = append(res.ColTotals, haki.Count{N: byCol[[2]string{c}]})
	}
	return res, nil
}

// bldGroup counts the measure per value of dims (none, one or two).
func (tx *Tx) bldGroup(q haki.BuilderQuery, dims []string) (map[[2]string]int, error) {
	rec := bldRecords[q.Records]
	var sel, keys, joins []string
	addJoins := func(js []string) {
		for _, j := range js {
			if !slices.Contains(joins, j) {
				joins = append(joins, j)
			}
		}
	}
	for k, d := range dims {
		ds, _ := bldDim(q, d)
		name := []string{"d1", "d2"}[k]
		sel = append(sel, ds.expr+" AS "+name)
		keys = append(keys, "x."+name)
		addJoins(ds.joins)
	}
	addJoins(rec.measureJoins[q.Measure])
	units := rec.units[q.Measure]
	for k, u := range units {
		sel = append(sel, u+" AS u"+string(rune('1'+k)))
	}
	agg := "COUNT(*)"
	if q.Measure == haki.MeasureCost {
		agg = "COALESCE(SUM(x.u2), 0)"
	}
	where, args := bldWhere(q)
	inner := `SELECT DISTINCT ` + strings.Join(sel, ", ") + ` FROM ` + rec.from + " " + strings.Join(joins, " ") + ` WHERE ` + where
	outer := `SELECT ` + strings.Join(append(slices.Clone(keys), agg), ", ") + ` FROM (` + inner + `) x`
	if len(keys) > 0 {
		outer += ` GROUP BY ` + strings.Join(keys, ", ")
	}
	rows, err := tx.query(outer, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[[2]string]int{}
	for rows.Next() {
		var k [2]sql.NullString
		var n int
		dst := []any{}
		for i := range dims {
			dst = append(dst, &k[i])
		}
		if err := rows.Scan(append(dst, &n)...); err != nil {
			return nil, err
		}
		out[[2]string{k[0].String, k[1].String}] += n
	}
	return out, rows.Err()
}

// bldOrder orders a dimension's values: time in order, age bands in age
// order, the rest largest first.
func bldOrder(q haki.BuilderQuery, dim string, counts map[[2]string]int, _ int) []string {
	var codes []string
	for k := range counts {
		codes = append(codes, k[0])
	}
	switch dim {
	case haki.DimYear, haki.DimMonth:
		slices.Sort(codes) // "unknown" sorts after the digits
	case haki.DimAgeBand:
		order := append(q.Filter.Bands.Codes(), haki.AgeUnknown)
		slices.SortFunc(codes, func(a, b string) int { return slices.Index(order, a) - slices.Index(order, b) })
	default:
		slices.SortFunc(codes, func(a, b string) int {
			if counts[[2]string{a}] != counts[[2]string{b}] {
				return counts[[2]string{b}] - counts[[2]string{a}]
			}
			return strings.Compare(a, b)
		})
	}
	return codes
}

// bldAlign lays basis out in the rows and columns of res.
func bldAlign(basis, res *haki.BuilderResult) *haki.BuilderResult {
	if basis == nil {
		return nil
	}
	out := &haki.BuilderResult{Total: basis.Total}
	ri := map[string]int{}
	for i, r := range basis.Rows {
		ri[r] = i
	}
	ci := map[string]int{}
	for j, c := range basis.Cols {
		ci[c] = j
	}
	for i, r := range res.Rows {
		bi, ok := ri[r]
		row := make([]haki.Count, len(res.Cells[i]))
		for j := range row {
			bj := 0
			if len(res.Cols) > 0 {
				bj = ci[res.Cols[j]]
			}
			if ok {
				row[j] = basis.Cells[bi][bj]
			}
		}
		out.Cells = append(out.Cells, row)
		if i < len(res.RowTotals) && ok && bi < len(basis.RowTotals) {
			out.RowTotals = append(out.RowTotals, basis.RowTotals[bi])
		} else if i < len(res.RowTotals) {
			out.RowTotals = append(out.RowTotals, haki.Count{})
		}
	}
	for _, c := range res.Cols {
		j := ci[c]
		if j < len(basis.ColTotals) {
			out.ColTotals = append(out.ColTotals, basis.ColTotals[j])
		} else {
			out.ColTotals = append(out.ColTotals, haki.Count{})
		}
	}
	return out
}
