package store

import (
	"context"

	"github.com/haki-kenya/haki"
)

// litigationReport: matters filed by kind, hearings held, the outcomes of
// the matters filed in the period with the compensation awarded, and the
// share of the period's registered cases with a matter in court.
func (tx *Tx) litigationReport(f haki.ReportFilter) (*haki.Figures, error) {
	scope, sargs := figCaseScope(f)
	from, to := fmtDate(f.From), fmtDate(f.To)
	fig := &haki.Figures{Rules: []string{"report.litigation.rule.filed", "report.litigation.rule.hearings",
		"report.litigation.rule.outcomes", "report.litigation.rule.share"}}
	period := append([]any{from, to}, sargs...)
	filed := ` FROM legal_matters m JOIN cases c ON c.id = m.case_id WHERE m.filed_on <> '' AND m.status <> 'preparing'
		AND m.filed_on >= ? AND m.filed_on <= ? AND ` + scope
	byKind, err := tx.figRows(`SELECT m.kind, COUNT(*)`+filed+` GROUP BY m.kind`, period, 1)
	if err != nil {
		return nil, err
	}
	total := 0
	for _, r := range byKind {
		total += r.Values[0].N
	}
	fig.Summary = append(fig.Summary, figCount("matters_filed", total))
	fig.Tables = append(fig.Tables, haki.FigTable{By: "matter_kind", Columns: []haki.FigColumn{{Key: "matters"}},
		Rows: figOrder(byKind, haki.MatterKinds, 1)})

	// Hearings held: sittings of the period that have taken place.
	held := ` FROM hearings h JOIN cases c ON c.id = h.case_id WHERE SUBSTR(h.starts_at, 1, 10) >= ? AND SUBSTR(h.starts_at, 1, 10) <= ?
		AND h.starts_at <= ? AND ` + scope
	hargs := append([]any{from, to, fmtTime(tx.now)}, sargs...)
	byPurpose, err := tx.figRows(`SELECT h.purpose, COUNT(*)`+held+` GROUP BY h.purpose`, hargs, 1)
	if err != nil {
		return nil, err
	}
	var hearings, heardMatters int
	if err := tx.queryRow(`SELECT COUNT(*), COUNT(DISTINCT h.matter_id)`+held, hargs...).Scan(&hearings, &heardMatters); err != nil {
		return nil, err
	}
	fig.Summary = append(fig.Summary, figCount("hearings_held", hearings), figCount("matters_heard", heardMatters))
	fig.Tables = append(fig.Tables, haki.FigTable{By: "purpose", Columns: []haki.FigColumn{{Key: "hearings"}},
		Rows: figOrder(byPurpose, haki.HearingPurposes, 1)})

	// Outcomes of the matters filed in the period, as they stand now.
	byOutcome, err := tx.figRows(`SELECT m.outcome, COUNT(*), COALESCE(SUM(CASE WHEN m.outcome = 'compensation' THEN m.compensation_kes ELSE 0 END), 0)`+
		filed+` GROUP BY m.outcome`, period, 2)
	if err != nil {
		return nil, err
	}
	byOutcome = figOrder(byOutcome, haki.MatterOutcomes, 2)
	fig.Tables = append(fig.Tables, haki.FigTable{By: "outcome",
		Columns: []haki.FigColumn{{Key: "matters"}, {Key: "compensation_kes", Unit: haki.UnitKES, Of: 0}}, Rows: byOutcome})
	for _, r := range byOutcome {
		switch r.Code {
		case "conviction", "acquittal", "withdrawn", "pending":
			fig.Summary = append(fig.Summary, figCount("outcome_"+r.Code, r.Values[0].N))
		case "compensation":
			fig.Summary = append(fig.Summary, figCount("outcome_compensation", r.Values[0].N),
				haki.Figure{Key: "compensation_kes", Unit: haki.UnitKES, Value: r.Values[1], Of: []string{"outcome_compensation"}})
		}
	}

	// The share of cases registered in the period with a matter in court.
	var registered, inCourt int
	if err := tx.queryRow(`SELECT COUNT(*), COUNT(CASE WHEN EXISTS (SELECT 1 FROM legal_matters m WHERE m.case_id = c.id AND m.status <> 'preparing') THEN 1 END)
		FROM cases c WHERE c.intake_date >= ? AND c.intake_date <= ? AND `+scope, period...).Scan(&registered, &inCourt); err != nil {
		return nil, err
	}
	fig.Summary = append(fig.Summary, figCount("cases_registered", registered), figCount("cases_in_court", inCourt),
		haki.Figure{Key: "share_in_court", Unit: haki.UnitPercent, Value: haki.Count{N: inCourt}, Pct: haki.Percent(inCourt, registered),
			Of: []string{"cases_registered", "cases_in_court"}})
	return fig, nil
}

// LitigationReport computes the litigation report.
func (s *Store) LitigationReport(ctx context.Context, f haki.ReportFilter) (*haki.Report, error) {
	return s.caseReport(ctx, haki.ReportLitigation, f)
}
