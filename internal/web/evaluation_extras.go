package web

import "github.com/haki-kenya/haki"

// The body charts' views and regions, for the findings' selects.
var (
	chartViews  = []string{"front", "back", "left", "right", "head", "hands", "feet"}
	bodyRegions = []string{"head", "neck", "chest", "abdomen", "upper_back", "lower_back"}
)

// readEvaluationExtras reads the instruments and clinical forms of the
// evaluation form.
func readEvaluationExtras(f *form, e *haki.Evaluation) {}
