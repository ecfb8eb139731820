package haki

import "testing"

// TestEvaluationFiguresProtect: a small cell is hidden with the next
// smallest of its column, so that the total less the cells shown does not
// give it back; zeros stay; counts shown are rounded to the threshold.
func TestEvaluationFiguresProtect(t *testing.T) {
	e := &EvaluationFigures{Evaluations: Count{N: 13}, Findings: Count{N: 3}, Tables: NewEvaluationTables()}
	kinds := e.Table(EvalByKind)
	kinds.AddTo("physical", 0, 6)
	kinds.AddTo("psychological", 0, 1)
	kinds.AddTo("both", 0, 6)
	e.Table(EvalByOpinion).AddTo("consistent", 0, 3)
	methods := e.Table(EvalByMethod)
	methods.AddTo("beating", 1, 2)
	methods.AddTo("other", 1, 1)
	e.Protect(5)
	if e.Evaluations != (Count{N: 15}) || !e.Findings.Suppressed {
		t.Errorf("totals: %+v %+v", e.Evaluations, e.Findings)
	}
	hidden := 0
	for _, r := range kinds.Rows {
		if r.Values[0].Suppressed {
			hidden++
		} else if r.Values[0].N%5 != 0 {
			t.Errorf("%s shown unrounded: %d", r.Code, r.Values[0].N)
		}
	}
	if hidden != 2 {
		t.Errorf("kinds: %d hidden, want the small one and one more: %+v", hidden, kinds.Rows)
	}
	for _, r := range methods.Rows {
		for j, c := range r.Values {
			if j != 1 && (c.Suppressed || c.N != 0) {
				t.Errorf("%s column %d: %+v, want an empty zero", r.Code, j, c)
			}
		}
		if !r.Values[1].Suppressed {
			t.Errorf("%s consistent shown: %+v", r.Code, r.Values[1])
		}
	}
	if got := EvalNotes(ReportFilter{CountyCode: "KE-047", Sex: "female"}); len(got) != 3 {
		t.Errorf("notes: %v", got)
	}
}
