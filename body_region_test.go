package haki

import (
	"slices"
	"strings"
	"testing"
)

func TestBodyRegions(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range BodyRegions {
		if seen[r] {
			t.Errorf("region %q listed twice", r)
		}
		seen[r] = true
		// A sided region has its twin, so a form can offer both.
		if base, ok := strings.CutSuffix(r, "_right"); ok && !slices.Contains(BodyRegions, base+"_left") {
			t.Errorf("region %q has no left twin", r)
		}
	}
	for _, tc := range []struct {
		code string
		want bool
	}{{"chest", true}, {"sole_left", true}, {"", false}, {"Chest", false}, {"wing", false}} {
		if got := ValidBodyRegion(tc.code); got != tc.want {
			t.Errorf("ValidBodyRegion(%q) = %v", tc.code, got)
		}
	}
	if !ValidChartView("feet") || ValidChartView("side") {
		t.Error("ValidChartView does not follow ChartViews")
	}
}
