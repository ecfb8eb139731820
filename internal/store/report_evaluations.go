package store

import (
	"cmp"
	"database/sql"
	"slices"

	"github.com/haki-kenya/haki"
)

// The torture report's medico-legal evaluations (haki.EvaluationFigures):
// signed evaluations whose examination day is in the period, read from
// the columns kept in the clear (evaluations.kind, overall_level,
// examined_on, status; evaluation_findings' kind, method and opinion),
// never from the sealed content. The county filter keeps the evaluations
// of cases with an incident in the county; the other filters of the report
// are about victims and acts, which an evaluation is not tied to in the
// clear (its acts are in the sealed content), so they do not narrow it.

// evalScope is the condition (on alias e) of the evaluations counted.
func evalScope(f haki.ReportFilter) (string, []any) {
	scope := `e.status = 'signed' AND e.examined_on >= ? AND e.examined_on <= ?`
	args := []any{fmtDate(f.From), fmtDate(f.To)}
	if f.CountyCode != "" {
		scope += ` AND EXISTS (SELECT 1 FROM case_incidents wci JOIN incidents wi ON wi.id = wci.incident_id
			WHERE wci.case_id = e.case_id AND wi.county_code = ?)`
		args = append(args, f.CountyCode)
	}
	return scope, args
}

// evaluationFigures counts the evaluations of the report's period.
func (tx *Tx) evaluationFigures(f haki.ReportFilter) (*haki.EvaluationFigures, error) {
	ef := &haki.EvaluationFigures{Notes: haki.EvalNotes(f), Tables: haki.NewEvaluationTables()}
	scope, args := evalScope(f)
	kinds, levels := ef.Table(haki.EvalByKind), ef.Table(haki.EvalByLevel)
	err := scanRows(tx, `SELECT e.kind, e.overall_level, COUNT(*) FROM evaluations e WHERE `+scope+`
		GROUP BY e.kind, e.overall_level`, args, func(rows *sql.Rows) error {
		var kind, level string
		var n int
		if err := rows.Scan(&kind, &level, &n); err != nil {
			return err
		}
		ef.Evaluations.N += n
		kinds.AddTo(kind, 0, n)
		levels.AddTo(level, 0, n)
		return nil
	})
	if err != nil {
		return nil, err
	}
	opinions, methods := ef.Table(haki.EvalByOpinion), ef.Table(haki.EvalByMethod)
	err = scanRows(tx, `SELECT ef.method, ef.opinion, COUNT(*) FROM evaluation_findings ef
		JOIN evaluations e ON e.id = ef.evaluation_id WHERE `+scope+` GROUP BY ef.method, ef.opinion`, args, func(rows *sql.Rows) error {
		var method, opinion string
		var n int
		if err := rows.Scan(&method, &opinion, &n); err != nil {
			return err
		}
		ef.Findings.N += n
		opinions.AddTo(opinion, 0, n)
		if col := slices.Index(haki.OpinionLevels, opinion); col >= 0 {
			methods.AddTo(method, col, n)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// An evaluation counts once in each county and each service of its
	// case's incidents, and in the row "not recorded" when there is none.
	for _, m := range []struct {
		by, expr, joins string
	}{
		{haki.EvalByCounty, `COALESCE(ei.county_code, '')`, `LEFT JOIN case_incidents eci ON eci.case_id = e.case_id
			LEFT JOIN incidents ei ON ei.id = eci.incident_id`},
		{haki.EvalByService, `COALESCE(ev.service_code, '')`, `LEFT JOIN case_incidents eci ON eci.case_id = e.case_id
			LEFT JOIN acts ea ON ea.incident_id = eci.incident_id LEFT JOIN involvements ev ON ev.act_id = ea.id`},
	} {
		t := ef.Table(m.by)
		err := scanRows(tx, `SELECT x.code, COUNT(*) FROM (SELECT DISTINCT `+m.expr+` AS code, e.id AS id
			FROM evaluations e `+m.joins+` WHERE `+scope+`) x GROUP BY x.code`, args, func(rows *sql.Rows) error {
			var code string
			var n int
			if err := rows.Scan(&code, &n); err != nil {
				return err
			}
			t.AddTo(code, 0, n)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for _, by := range []string{haki.EvalByMethod, haki.EvalByCounty, haki.EvalByService} {
		sortLargestFirst(ef.Table(by))
	}
	return ef, nil
}

// sortLargestFirst orders a table's rows by the sum of their counts,
// largest first, then by code.
func sortLargestFirst(t *haki.FigTable) {
	sum := func(r haki.FigRow) int {
		n := 0
		for _, v := range r.Values {
			n += v.N
		}
		return n
	}
	slices.SortFunc(t.Rows, func(a, b haki.FigRow) int {
		return cmp.Or(cmp.Compare(sum(b), sum(a)), cmp.Compare(a.Code, b.Code))
	})
}
