// Package bodychart draws the outlines of the body that a clinician marks
// numbered findings on in a medico-legal evaluation (Istanbul Protocol):
// the whole body from the front, the back and each side, and the head,
// hands and feet larger. The same outline is drawn as inline SVG for a page
// (SVG) and into a PDF (Draw), and RegionAt names the part of the body under
// a point, so a tap on a chart can suggest the finding's region.
//
// Each view lives in its own box, 100 units wide; a point on it is given as
// X, Y in [0,1] of the box, origin top-left. Sides are the person's own: on
// the front view their right side is on the left of the drawing.
package bodychart

import (
	"math"
	"slices"

	"github.com/haki-kenya/haki"
)

// Mark is a numbered finding placed on a view, at X, Y in [0,1] of its box.
// Drawing never drops a mark: a coordinate outside [0,1] is drawn on the
// nearest edge of the box, and one that is not a number at its top or left
// edge, so that a bad value shows instead of hiding a finding; the domain
// refuses such values before they are stored.
type Mark struct {
	No   int
	X, Y float64
}

// clamped returns m's point inside [0,1].
func (m Mark) clamped() (x, y float64) { return clamp01(m.X), clamp01(m.Y) }

func clamp01(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return math.Max(0, math.Min(1, v))
}

// pt is a point in a view's units.
type pt struct{ X, Y float64 }

// shape is a run of points: closed shapes are filled white and outlined,
// open ones are lines (a spine, a knee cap, a finger crease).
type shape struct {
	pts    []pt
	closed bool
}

// region is a part of the body on a view: the points inside poly that are
// also inside the view's filled shape number part.
type region struct {
	code string
	part int
	poly []pt
}

// caption is a text centred under a panel of a view (key of its label).
type caption struct {
	X, Y float64
	key  string
}

// view is one outline: its box, the filled parts in drawing order (a later
// one covers an earlier one), the lines drawn over them, and its regions in
// the order a point is looked up (the first that holds it wins).
type view struct {
	w, h     float64
	parts    [][]pt
	lines    []shape
	regions  []region
	captions []caption
}

// views holds every haki.ChartViews outline.
var views = map[string]*view{
	"front": frontView(),
	"back":  backView(),
	"right": sideView(false),
	"left":  sideView(true),
	"head":  headView(),
	"hands": handsView(),
	"feet":  feetView(),
}

// Size returns a view's box in its units (100 wide) and whether it exists.
func Size(viewName string) (w, h float64, ok bool) {
	v, ok := views[viewName]
	if !ok {
		return 0, 0, false
	}
	return v.w, v.h, true
}

// RegionAt returns the code of the region of the body at X, Y in [0,1] of
// the view's box, or "" when the point is off the body, out of the box or
// the view is unknown.
func RegionAt(viewName string, x, y float64) string {
	v, ok := views[viewName]
	if !ok || !(x >= 0 && x <= 1 && y >= 0 && y <= 1) {
		return ""
	}
	p := pt{x * v.w, y * v.h}
	for _, r := range v.regions {
		if inside(p, r.poly) && inside(p, v.parts[r.part]) {
			return r.code
		}
	}
	return ""
}

// Regions returns the codes of the regions a view can name, each once, in
// the order of haki.BodyRegions.
func Regions(viewName string) []string {
	v, ok := views[viewName]
	if !ok {
		return nil
	}
	var out []string
	for _, code := range haki.BodyRegions {
		if slices.ContainsFunc(v.regions, func(r region) bool { return r.code == code }) {
			out = append(out, code)
		}
	}
	return out
}

// inside reports whether p lies within the polygon (even-odd rule).
func inside(p pt, poly []pt) bool {
	in := false
	for i, j := 0, len(poly)-1; i < len(poly); j, i = i, i+1 {
		a, b := poly[i], poly[j]
		if (a.Y > p.Y) != (b.Y > p.Y) && p.X < (b.X-a.X)*(p.Y-a.Y)/(b.Y-a.Y)+a.X {
			in = !in
		}
	}
	return in
}
