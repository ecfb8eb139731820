package evalreport

import "strconv"

// chartMark is a numbered finding on a view, at X, Y in [0,1] of its box.
type chartMark struct {
	No   int
	X, Y float64
}

// drawChart draws view with marks in the box at x, y of w by h millimetres:
// the one place the report draws a body chart.
func (r *report) drawChart(view string, x, y, w, h float64, marks []chartMark) {
	d := r.d
	d.SetDrawColor(120, 120, 120)
	d.Rect(x, y, w, h, "D")
	for _, m := range marks {
		mx, my := x+m.X*w, y+m.Y*h
		d.SetFillColor(176, 0, 32)
		d.Rect(mx-2, my-2, 4, 4, "F")
		d.SetXY(mx+2.5, my-2.5)
		d.SetFontSize(9)
		d.CellFormat(8, 5, strconv.Itoa(m.No), "", 0, "L", false)
	}
	d.SetFontSize(10)
}
