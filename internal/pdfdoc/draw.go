package pdfdoc

import "codeberg.org/go-pdf/fpdf"

// Drawing calls for figures such as the body charts of an evaluation. All
// lengths are in millimetres from the top-left corner of the page; a style
// is "D" outlined, "F" filled or "FD" both.

// Point is a point on the page.
type Point struct{ X, Y float64 }

// SetLineWidth sets the width of lines.
func (d *Doc) SetLineWidth(w float64) { d.f.SetLineWidth(w) }

// Line draws a straight line.
func (d *Doc) Line(x1, y1, x2, y2 float64) { d.f.Line(x1, y1, x2, y2) }

// Polyline draws an open line through the points, with round joins.
func (d *Doc) Polyline(pts []Point) {
	if len(pts) < 2 {
		return
	}
	d.f.SetLineJoinStyle("round")
	d.f.MoveTo(pts[0].X, pts[0].Y)
	for _, p := range pts[1:] {
		d.f.LineTo(p.X, p.Y)
	}
	d.f.DrawPath("D")
	d.f.SetLineJoinStyle("miter")
}

// Polygon draws a closed shape through the points, with round joins.
func (d *Doc) Polygon(pts []Point, style string) {
	if len(pts) < 3 {
		return
	}
	ps := make([]fpdf.PointType, len(pts))
	for i, p := range pts {
		ps[i] = fpdf.PointType{X: p.X, Y: p.Y}
	}
	d.f.SetLineJoinStyle("round")
	d.f.Polygon(ps, style)
	d.f.SetLineJoinStyle("miter")
}

// Circle draws a circle of radius r centred on x, y.
func (d *Doc) Circle(x, y, r float64, style string) { d.f.Circle(x, y, r, style) }

// TextCentred writes one line of text centred on x, its baseline at y,
// without moving the current position or breaking the page.
func (d *Doc) TextCentred(x, y float64, text string) {
	text = cleanLine(text)
	d.f.Text(x-d.f.GetStringWidth(text)/2, y, text)
}

// KeepStyle runs draw and then puts back the colours, line width and font
// size it found, so that a figure drawn in the middle of a page leaves the
// text after it as it was.
func (d *Doc) KeepStyle(draw func()) {
	dr, dg, db := d.f.GetDrawColor()
	fr, fg, fb := d.f.GetFillColor()
	tr, tg, tb := d.f.GetTextColor()
	lw := d.f.GetLineWidth()
	pt, _ := d.f.GetFontSize()
	defer func() {
		d.f.SetDrawColor(dr, dg, db)
		d.f.SetFillColor(fr, fg, fb)
		d.f.SetTextColor(tr, tg, tb)
		d.f.SetLineWidth(lw)
		d.SetFontSize(pt)
	}()
	draw()
}
