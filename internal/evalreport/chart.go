package evalreport

import "github.com/haki-kenya/haki/internal/bodychart"

// drawChart draws view with marks in the box at x, y of w by h millimetres,
// with the chart's captions in the report's language: the one place the
// report draws a body chart.
func (r *report) drawChart(view string, x, y, w, h float64, marks []bodychart.Mark) {
	label := func(key string) string { return r.o.Catalog.T(r.o.Lang, key) }
	bodychart.Draw(r.d, view, x, y, w, h, marks, label)
}
