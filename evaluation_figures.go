package haki

// The torture report counts, beside victims and incidents, the medico-legal
// evaluations made to the Istanbul Protocol: signed evaluations whose
// examination day falls in the report's period, and their findings, by the
// codes kept in the clear at signing (kind, overall level, each finding's
// alleged method and level), never by the sealed content. The tables are
// FigTables so that the exports lay them out as they do the case-work
// reports' tables.

// Tables (FigTable.By) of EvaluationFigures, in the order shown.
const (
	EvalByKind    = "eval_kind"    // evaluations by EvaluationKinds
	EvalByLevel   = "eval_level"   // evaluations by overall level (OpinionLevels)
	EvalByOpinion = "eval_opinion" // findings by their level (OpinionLevels)
	EvalByMethod  = "eval_method"  // findings by alleged method (a code, or "other" for free text), a column per level
	EvalByCounty  = "eval_county"  // evaluations by the county of the case's incidents (Multi)
	EvalByService = "eval_service" // evaluations by the perpetrators' service of the case's incidents (Multi)
)

// Columns (FigColumn.Key) of the evaluation tables: evaluations, findings,
// and for the table by method one column per level, "level_" and the level.
const (
	EvalColEvaluations = "evaluations"
	EvalColFindings    = "findings"
	EvalColLevel       = "level_"
)

// EvalMethodOther is the method of a finding whose alleged method was
// free text rather than an act type: the text is never counted.
const EvalMethodOther = "other"

// Notes (catalogue keys) that say which of the report's filters the
// evaluation figures follow.
const (
	EvalNoteCounted = "report.eval.note.counted" // signed evaluations examined in the period
	EvalNoteCounty  = "report.eval.note.county"  // the county filter: of the case's incidents
	EvalNoteIgnored = "report.eval.note.ignored" // the other filters do not narrow them
)

// EvaluationFigures are the torture report's counts of medico-legal
// evaluations and their findings.
type EvaluationFigures struct {
	Notes       []string   `json:"notes"`
	Evaluations Count      `json:"evaluations"`
	Findings    Count      `json:"findings"`
	Tables      []FigTable `json:"tables"`
}

// Table returns the table by, or nil.
func (e *EvaluationFigures) Table(by string) *FigTable {
	for i := range e.Tables {
		if e.Tables[i].By == by {
			return &e.Tables[i]
		}
	}
	return nil
}

// EvalNotes returns the notes for a report filter: what is counted, how
// the county applies, and whether filters that do not apply were set.
func EvalNotes(f ReportFilter) []string {
	notes := []string{EvalNoteCounted}
	if f.CountyCode != "" {
		notes = append(notes, EvalNoteCounty)
	}
	if f.IncidentType != "" || f.ServiceCode != "" || f.InstitutionID != "" || f.Context != "" || f.Sex != "" || f.AgeBand != "" {
		notes = append(notes, EvalNoteIgnored)
	}
	return notes
}

// NewEvaluationTables returns the empty tables, every row of a fixed list
// (kinds, levels) present with zeros; counties, services and methods get
// rows as they are counted.
func NewEvaluationTables() []FigTable {
	evals := []FigColumn{{Key: EvalColEvaluations}}
	fixed := func(by string, codes []string, cols []FigColumn) FigTable {
		t := FigTable{By: by, Columns: cols}
		for _, c := range codes {
			t.Rows = append(t.Rows, FigRow{Code: c, Values: make([]Count, len(cols))})
		}
		return t
	}
	var levels []FigColumn
	for _, l := range OpinionLevels {
		levels = append(levels, FigColumn{Key: EvalColLevel + l})
	}
	return []FigTable{
		fixed(EvalByKind, EvaluationKinds, evals),
		fixed(EvalByLevel, OpinionLevels, evals),
		fixed(EvalByOpinion, OpinionLevels, []FigColumn{{Key: EvalColFindings}}),
		{By: EvalByMethod, Columns: levels},
		{By: EvalByCounty, Columns: evals, Map: true, Multi: true},
		{By: EvalByService, Columns: evals, Multi: true},
	}
}

// AddTo adds n to the cell of row code, column col, adding the row when
// missing.
func (t *FigTable) AddTo(code string, col, n int) {
	r := t.Row(code)
	if r == nil {
		t.Rows = append(t.Rows, FigRow{Code: code, Values: make([]Count, len(t.Columns))})
		r = &t.Rows[len(t.Rows)-1]
	}
	r.Values[col].N += n
}

// Protect makes the figures fit for a reader who does not see identities,
// as Report.Protect does the rest of the report: every count under below
// hidden; in every column of a table, where exactly one cell would be
// hidden, the next smallest too, so that the total (or the sum of another
// table: the findings by level against the columns by method) less the
// cells shown does not give it back; then every count shown rounded to a
// multiple of below. The rows of the table by method have no total shown,
// so a row may hold a single hidden cell.
func (e *EvaluationFigures) Protect(below int) {
	suppressOne(&e.Evaluations, below)
	suppressOne(&e.Findings, below)
	f := &Figures{Tables: e.Tables}
	f.SuppressSmallCells(below)
	RoundCount(&e.Evaluations, below)
	RoundCount(&e.Findings, below)
	f.round(below)
}
