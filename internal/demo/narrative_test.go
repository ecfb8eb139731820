package demo

import (
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
)

func TestDateWords(t *testing.T) {
	d := time.Date(2017, 8, 9, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   haki.FuzzyDate
		want string
	}{
		{haki.FuzzyDate{Date: d, Precision: haki.PrecisionDay}, "on 9 August 2017"},
		{haki.FuzzyDate{Date: d, Precision: haki.PrecisionMonth}, "in August 2017"},
		{haki.FuzzyDate{Date: d, Precision: haki.PrecisionYear}, "in 2017"},
		{haki.FuzzyDate{Date: d, Precision: haki.PrecisionMonth, Approx: true}, "around August 2017"},
	}
	for _, tc := range tests {
		if got := dateWords(tc.in); got != tc.want {
			t.Errorf("dateWords(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestWords(t *testing.T) {
	tests := []struct{ got, want string }{
		{ageWords(23), "a 23-year-old"},
		{ageWords(18), "an 18-year-old"},
		{ageWords(8), "an 8-year-old"},
		{slug("Torture at Lang'ata Police Station"), "torture-at-lang-ata-police-station"},
		{slug("  Death in custody (Nairobi) "), "death-in-custody-nairobi"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	var b strings.Builder
	expand(&b, "{When}, {who} lost {his} way; {He} is {him}.", &vars{when: "on 1 May 2020", who: "Amina Hassan,"})
	if want := "On 1 May 2020, Amina Hassan, lost her way; She is her."; b.String() != want {
		t.Errorf("expand = %q, want %q", b.String(), want)
	}
}

// Titles are shown in lists: they never name a victim.
func TestTitlesNameNoVictim(t *testing.T) {
	rc, _ := mustGenerate(t, 3000, 5, testNow)
	names := map[string]string{}
	for _, p := range rc.persons {
		names[p.ID] = p.FullName
	}
	titles := map[string]string{}
	for _, inc := range rc.incidents {
		titles[inc.ID] = inc.Title
	}
	for _, a := range rc.acts {
		if n := names[a.VictimID]; n != "Unknown" && strings.Contains(titles[a.IncidentID], n) {
			t.Errorf("title %q names victim %q", titles[a.IncidentID], n)
		}
	}
}
