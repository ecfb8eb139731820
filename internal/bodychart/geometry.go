package bodychart

import (
	"math"
	"slices"
)

// Helpers that build the outlines from a few hand-placed points.

// ellipse returns n points around an ellipse, clockwise from the top.
func ellipse(cx, cy, rx, ry float64, n int) []pt {
	return arc(cx, cy, rx, ry, -90, 270, n)
}

// arc returns n+1 points along an ellipse from angle a0 to a1 in degrees
// (0 is to the right, angles grow clockwise as y grows downwards).
func arc(cx, cy, rx, ry, a0, a1 float64, n int) []pt {
	pts := make([]pt, 0, n+1)
	for i := 0; i <= n; i++ {
		a := (a0 + (a1-a0)*float64(i)/float64(n)) * math.Pi / 180
		pts = append(pts, pt{cx + rx*math.Cos(a), cy + ry*math.Sin(a)})
	}
	return pts
}

// rect returns the rectangle from (x0, y0) to (x1, y1).
func rect(x0, y0, x1, y1 float64) []pt {
	return []pt{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}
}

// mirror returns pts reflected about the vertical line x = axis.
func mirror(pts []pt, axis float64) []pt {
	out := make([]pt, len(pts))
	for i, p := range pts {
		out[i] = pt{2*axis - p.X, p.Y}
	}
	return out
}

// symmetric closes a half outline drawn down one side of x = axis into the
// whole outline: the half, then its mirror image back up the other side.
func symmetric(half []pt, axis float64) []pt {
	other := mirror(half, axis)
	slices.Reverse(other)
	return append(slices.Clone(half), other...)
}

// place scales pts by s, flips them about the middle of a template w wide
// when flip is set, and moves them by dx, dy.
func place(pts []pt, w, s float64, flip bool, dx, dy float64) []pt {
	out := make([]pt, len(pts))
	for i, p := range pts {
		if flip {
			p.X = w - p.X
		}
		out[i] = pt{p.X*s + dx, p.Y*s + dy}
	}
	return out
}

// open and closed make shapes.
func open(pts ...pt) shape      { return shape{pts: pts} }
func closed(pts []pt) shape     { return shape{pts: pts, closed: true} }
func dot(x, y, r float64) shape { return closed(ellipse(x, y, r, r, 12)) }

// sided returns code with the person's side: _right or _left.
func sided(code string, right bool) string {
	if right {
		return code + "_right"
	}
	return code + "_left"
}
