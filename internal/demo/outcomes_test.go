package demo

import (
	"testing"

	"github.com/haki-kenya/haki"
)

// TestGenerateOutcomes checks that some perpetrators of the demo have a
// recorded fate, few as in life, each valid and none after the clock.
func TestGenerateOutcomes(t *testing.T) {
	rc, _ := mustGenerate(t, 5000, 1, testNow)
	with, kinds := 0, map[string]int{}
	for _, v := range rc.involvements {
		if len(v.Outcomes) > 0 {
			with++
		}
		for _, o := range v.Outcomes {
			kinds[o.Kind]++
			if o.Date.Date.After(testNow) {
				t.Errorf("outcome %s on %s after the clock", o.Kind, o.Date)
			}
		}
		if err := v.Validate(testNow); err != nil {
			t.Errorf("involvement %s: %v", v.ID, haki.ErrorFields(err))
		}
	}
	t.Logf("%d of %d involvements with outcomes: %v", with, len(rc.involvements), kinds)
	if s := share(with, len(rc.involvements)); s < 0.03 || s > 0.2 {
		t.Errorf("share with an outcome %.3f, want 0.03-0.2", s)
	}
	for _, k := range []string{haki.OutcomeArrested, haki.OutcomeCharged, haki.OutcomeConvicted, haki.OutcomeDisciplined} {
		if kinds[k] == 0 {
			t.Errorf("no perpetrator %s", k)
		}
	}
}
