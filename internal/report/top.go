package report

import (
	"cmp"
	"slices"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/chart"
)

// ordinal lists the breakdowns whose rows have an order of their own
// (time, age, days waited, indicators as defined): their charts keep it.
var ordinal = map[string]bool{haki.ByMonth: true, haki.ByAgeBand: true, "days": true, "indicator": true}

// Ordinal reports whether the section's rows keep their order in a chart.
func (s Section) Ordinal() bool { return ordinal[s.By] }

// Top returns the rows a chart of at most n bars draws and how many it
// leaves to the table: the n largest by the first figure, largest first,
// hidden counts after every shown one (their size is not known). An
// ordinal section keeps all its rows in their order; n <= 0 keeps all.
func (s Section) Top(n int) (rows []int, more int) {
	rows = make([]int, len(s.Names))
	for i := range rows {
		rows[i] = i
	}
	if s.Ordinal() || n <= 0 || len(rows) <= n {
		return rows, 0
	}
	slices.SortStableFunc(rows, func(a, b int) int {
		va, vb := s.Victims[a], s.Victims[b]
		if va.Suppressed != vb.Suppressed {
			if va.Suppressed {
				return 1
			}
			return -1
		}
		return cmp.Compare(vb.N, va.N)
	})
	return rows[:n], len(rows) - n
}

// TopBar returns the section's chart of at most n bars (see Top) and the
// note that names what it leaves out: "and 37 more: see the table", or "".
func (s Section) TopBar(n int) (chart.Bar, string) {
	rows, more := s.Top(n)
	bar := s.Bar()
	bar.Categories, bar.Series[0].Values = nil, nil
	for _, i := range rows {
		bar.Categories = append(bar.Categories, s.Names[i])
		bar.Series[0].Values = append(bar.Series[0].Values, s.Victims[i])
	}
	bar.Horizontal = true
	bar.FewerText = s.labels.T("report.fewer_than", s.below)
	note := ""
	if more > 0 {
		note = s.labels.T("report.more_rows", more)
	}
	return bar, note
}
