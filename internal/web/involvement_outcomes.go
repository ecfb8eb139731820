package web

import (
	"slices"
	"strconv"

	"github.com/haki-kenya/haki"
)

// The outcome rows of the involvement form: what became of the
// perpetrator. Rows are numbered fields (outcome_kind_0, ...) with their
// count in outcome_rows. An empty row is always shown for one more; the
// "add a row" button (after Save, so that Enter saves) posts the form and
// gets it back unsaved with another empty row; a row's "remove" box drops
// it on saving. No script is needed.

// readOutcomes reads the form's outcome rows, leaving out empty ones and
// those marked to remove. Each
// kept row's problems are keyed as the domain keys them,
// "outcomes[i].field", with i its place in the list.
func readOutcomes(f *form) []haki.Outcome {
	n, _ := strconv.Atoi(f.str("outcome_rows"))
	n = min(max(n, 0), haki.MaxOutcomes+1)
	out := []haki.Outcome{}
	for i := range n {
		field := func(name string) string { return f.str("outcome_" + name + "_" + strconv.Itoa(i)) }
		o := haki.Outcome{ID: field("id"), Kind: field("kind"), SourceKind: field("source_kind"),
			SourceRef: field("source_ref"), Notes: field("notes")}
		date := field("date")
		if f.bool("outcome_remove_" + strconv.Itoa(i)) {
			continue
		}
		if o.Kind == "" && o.SourceKind == "" && o.SourceRef == "" && o.Notes == "" && date == "" {
			continue
		}
		d, err := haki.ParseFuzzyDate(date)
		if err != nil {
			f.problems.Add("outcomes["+strconv.Itoa(len(out))+"].date", haki.ErrorMessage(err))
		}
		o.Date = d
		out = append(out, o)
	}
	return out
}

// applyOutcomeAction adds an empty outcome row if the form asks for one,
// and reports whether it did (the form is then shown again, unsaved).
func applyOutcomeAction(v *haki.Involvement, action string) bool {
	if action != "add_outcome" {
		return false
	}
	v.Outcomes = append(v.Outcomes, haki.Outcome{})
	return true
}

// outcomeRows returns the rows the form shows: the outcomes and an empty
// row to record one more.
func outcomeRows(v *haki.Involvement) []haki.Outcome {
	return append(slices.Clip(v.Outcomes), haki.Outcome{})
}
