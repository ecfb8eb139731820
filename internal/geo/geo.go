// Package geo holds Kenya's 47 county boundaries, simplified and projected
// for drawing as SVG (see SOURCE.md for where they come from).
package geo

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sync"
)

//go:generate go run ./internal/gen -src ../../../shared/data/kenya-counties -out counties.json

//go:embed counties.json
var countiesJSON []byte

// County is one county's outline, ready to draw.
type County struct {
	Code  string // "001" … "047", as in the Constitution's First Schedule
	Name  string // as in the Constitution, e.g. "Nairobi City"
	Path  string // SVG path data in ViewBox coordinates, north up; draw with fill-rule evenodd
	Label Point  // a point well inside the county, for a label or marker
}

// Point is a position in ViewBox coordinates.
type Point struct{ X, Y int }

var load = sync.OnceValues(func() (string, []County) {
	var f struct {
		ViewBox  string `json:"viewBox"`
		Counties []struct {
			Code  string `json:"code"`
			Name  string `json:"name"`
			Path  string `json:"d"`
			Label [2]int `json:"label"`
		} `json:"counties"`
	}
	if err := json.Unmarshal(countiesJSON, &f); err != nil {
		panic("geo: counties.json: " + err.Error()) // embedded and tested: cannot happen
	}
	cs := make([]County, len(f.Counties))
	for i, c := range f.Counties {
		cs[i] = County{Code: c.Code, Name: c.Name, Path: c.Path, Label: Point{c.Label[0], c.Label[1]}}
	}
	return f.ViewBox, cs
})

// Counties returns the 47 counties in code order; the
// slice is a fresh copy the caller may keep or change.
func Counties() []County {
	_, cs := load()
	return append([]County(nil), cs...)
}

// ViewBox returns the SVG viewBox the paths are drawn in, "0 0 W H".
func ViewBox() string {
	vb, _ := load()
	return vb
}

// Size returns the width and height of ViewBox.
func Size() (w, h int) {
	var x, y int
	fmt.Sscanf(ViewBox(), "%d %d %d %d", &x, &y, &w, &h)
	return w, h
}
