package bodychart

import (
	"strconv"

	"github.com/haki-kenya/haki/internal/pdfdoc"
)

// Draw draws view with marks numbered on it into the PDF, as large as fits
// in the box at x, y of w by h millimetres, centred in it with a margin
// for marks on the edge; label gives the captions' text as for SVG (nil:
// the keys). An unknown view draws nothing.
// The document's colours, line width and font size are left as they were.
func Draw(d *pdfdoc.Doc, viewName string, x, y, w, h float64, marks []Mark, label func(string) string) {
	v, ok := views[viewName]
	if !ok || w <= 0 || h <= 0 {
		return
	}
	if label == nil {
		label = func(k string) string { return k }
	}
	s := min(w/(v.w+2*pad), h/(v.h+2*pad)) // millimetres a unit, with room for marks on the edge
	ox, oy := x+(w-v.w*s)/2, y+(h-v.h*s)/2
	at := func(pts []pt) []pdfdoc.Point {
		out := make([]pdfdoc.Point, len(pts))
		for i, p := range pts {
			out[i] = pdfdoc.Point{X: ox + p.X*s, Y: oy + p.Y*s}
		}
		return out
	}
	d.KeepStyle(func() {
		d.SetDrawColor(34, 34, 34)
		d.SetFillColor(255, 255, 255)
		d.SetLineWidth(max(0.6*s, 0.15))
		for _, p := range v.parts {
			d.Polygon(at(p), "FD")
		}
		d.SetDrawColor(85, 85, 85)
		d.SetLineWidth(max(0.4*s, 0.1))
		for _, l := range v.lines {
			if l.closed {
				d.Polygon(at(l.pts), "D")
			} else {
				d.Polyline(at(l.pts))
			}
		}
		d.SetTextColor(51, 51, 51)
		d.SetFontSize(ptOf(3.6 * s))
		for _, c := range v.captions {
			d.TextCentred(ox+c.X*s, oy+c.Y*s, label(c.key))
		}
		d.SetTextColor(0, 0, 0)
		for _, m := range marks {
			mx, my := m.clamped()
			cx, cy := ox+mx*v.w*s, oy+my*v.h*s
			d.SetDrawColor(176, 0, 32)
			d.SetLineWidth(0.9 * s)
			d.Circle(cx, cy, markR*s, "FD")
			text := strconv.Itoa(m.No)
			d.SetFontSize(ptOf(markFont(text) * s))
			d.TextCentred(cx, cy+markFont(text)*s*0.36, text)
		}
	})
}

// ptOf turns a height in millimetres into a font size in points.
func ptOf(mm float64) float64 { return mm * 72 / 25.4 }
