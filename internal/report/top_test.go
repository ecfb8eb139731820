package report

import (
	"slices"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/chart"
)

func TestSectionTop(t *testing.T) {
	vals := []chart.Value{{N: 3}, {Suppressed: true}, {N: 9}, {N: 1}, {N: 9}, {N: 4}}
	names := []string{"a", "b", "c", "d", "e", "f"}
	tests := []struct {
		by       string
		n        int
		want     []int
		wantMore int
	}{
		{haki.ByInstitution, 3, []int{2, 4, 5}, 3},          // largest first, ties in table order
		{haki.ByInstitution, 6, []int{0, 1, 2, 3, 4, 5}, 0}, // all fit: table order
		{haki.ByInstitution, 5, []int{2, 4, 5, 0, 3}, 1},    // a hidden count comes after every shown one
		{haki.ByMonth, 3, []int{0, 1, 2, 3, 4, 5}, 0},       // months keep their order, all of them
		{haki.ByAgeBand, 2, []int{0, 1, 2, 3, 4, 5}, 0},     // so do age bands
		{haki.ByCounty, 0, []int{0, 1, 2, 3, 4, 5}, 0},      // 0: no limit
	}
	for _, tc := range tests {
		s := Section{By: tc.by, Names: names, Victims: vals}
		got, more := s.Top(tc.n)
		if !slices.Equal(got, tc.want) || more != tc.wantMore {
			t.Errorf("%s top %d = %v, %d more; want %v, %d more", tc.by, tc.n, got, more, tc.want, tc.wantMore)
		}
	}
}

// The chart of a long breakdown draws the largest rows and says, in the
// page's language, how many the table adds.
func TestSectionTopBar(t *testing.T) {
	r := &haki.Report{Name: haki.ReportExecutions, SuppressBelow: 5, Tables: []haki.ReportTable{{By: haki.ByInstitution}}}
	for i := range 14 {
		r.Tables[0].Rows = append(r.Tables[0].Rows, haki.ReportRow{Code: "s" + string(rune('a'+i)), Label: "Station " + string(rune('A'+i)),
			Victims: haki.Count{N: i + 1}, Incidents: haki.Count{N: 1}})
	}
	d := Build(r, labelsReturning("x"))
	bar, note := d.Sections[0].TopBar(10)
	if len(bar.Categories) != 10 || bar.Categories[0] != "Station N" || bar.Series[0].Values[0].N != 14 {
		t.Errorf("chart categories %v", bar.Categories)
	}
	if !strings.HasPrefix(note, "report.more_rows") || !strings.HasSuffix(note, "4") {
		t.Errorf("note %q, want report.more_rows with 4", note)
	}
	if len(d.Sections[0].Table.Rows) != 14 {
		t.Errorf("the table lost rows: %d", len(d.Sections[0].Table.Rows))
	}
}
