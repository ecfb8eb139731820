// Command gen makes internal/geo/counties.json from the IEBC county boundaries
// in ../shared/data/kenya-counties: it projects them to a plane, simplifies the
// shared borders once so neighbours still meet, and finds a label point for
// each county. Run it with go generate in internal/geo.
package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Tolerance is the Douglas–Peucker tolerance in viewBox units (about 1.2 km).
const Tolerance = 1.2

// Height is the height of the map in viewBox units; the width follows from
// the projection.
const Height = 1000

// Margin is the blank border around the map in viewBox units.
const Margin = 10

func main() {
	src := flag.String("src", "../../../shared/data/kenya-counties", "folder holding counties.geojson and kenya_counties.csv")
	out := flag.String("out", "counties.json", "file to write")
	flag.Parse()
	b, err := generateFromDir(*src)
	if err == nil {
		err = os.WriteFile(*out, b, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func generateFromDir(dir string) ([]byte, error) {
	gj, err := os.ReadFile(filepath.Join(dir, "counties.geojson"))
	if err != nil {
		return nil, err
	}
	cv, err := os.ReadFile(filepath.Join(dir, "kenya_counties.csv"))
	if err != nil {
		return nil, err
	}
	return generate(gj, cv)
}

type featureCollection struct {
	Features []struct {
		Properties struct {
			Code int     `json:"COUNTY_COD"`
			Name *string `json:"COUNTY_NAM"`
		} `json:"properties"`
		Geometry struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
	} `json:"features"`
}

// lonlat is a source vertex, kept exact so shared borders can be matched.
type lonlat [2]float64

type county struct {
	code, name string
	rings      [][]lonlat // outer rings and holes alike; drawn even-odd
}

// readCounties parses the GeoJSON, drops the unnamed sliver and names each
// county as in the Constitution, checking the codes against the CSV.
func readCounties(gj, cv []byte) ([]county, error) {
	var fc featureCollection
	if err := json.Unmarshal(gj, &fc); err != nil {
		return nil, fmt.Errorf("counties.geojson: %w", err)
	}
	names, err := readNames(cv)
	if err != nil {
		return nil, err
	}
	var out []county
	for _, f := range fc.Features {
		p := f.Properties
		if p.Name == nil || p.Code == 0 {
			continue // the unnamed sliver (OBJECTID 60)
		}
		code := fmt.Sprintf("%03d", p.Code)
		n, ok := names[code]
		if !ok {
			return nil, fmt.Errorf("county code %s not in kenya_counties.csv", code)
		}
		if n.geojson != *p.Name {
			return nil, fmt.Errorf("county %s is %q in the GeoJSON but %q in kenya_counties.csv", code, *p.Name, n.geojson)
		}
		var polys [][][]lonlat
		switch f.Geometry.Type {
		case "Polygon":
			var poly [][]lonlat
			err = json.Unmarshal(f.Geometry.Coordinates, &poly)
			polys = append(polys, poly)
		case "MultiPolygon":
			err = json.Unmarshal(f.Geometry.Coordinates, &polys)
		default:
			err = fmt.Errorf("unexpected geometry %s", f.Geometry.Type)
		}
		if err != nil {
			return nil, fmt.Errorf("county %s: %w", code, err)
		}
		c := county{code: code, name: n.name}
		for _, poly := range polys {
			for _, r := range poly {
				if len(r) > 1 && r[0] == r[len(r)-1] {
					r = r[:len(r)-1]
				}
				c.rings = append(c.rings, r)
			}
		}
		out = append(out, c)
		delete(names, code)
	}
	slices.SortFunc(out, func(a, b county) int { return strings.Compare(a.code, b.code) })
	if len(out) != 47 || len(names) != 0 {
		return nil, fmt.Errorf("got %d counties, %d codes of the CSV unmatched", len(out), len(names))
	}
	return out, nil
}

type names struct{ name, geojson string }

func readNames(cv []byte) (map[string]names, error) {
	rows, err := csv.NewReader(bytes.NewReader(cv)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("kenya_counties.csv: %w", err)
	}
	if len(rows) < 2 || rows[0][0] != "code" || rows[0][2] != "name" || rows[0][3] != "name_in_counties_geojson" {
		return nil, fmt.Errorf("kenya_counties.csv: unexpected header %q", rows[0])
	}
	m := map[string]names{}
	for _, r := range rows[1:] {
		if n, err := strconv.Atoi(r[1]); err != nil || fmt.Sprintf("%03d", n) != r[0] {
			return nil, fmt.Errorf("kenya_counties.csv: code %q and code_int %q disagree", r[0], r[1])
		}
		m[r[0]] = names{name: r[2], geojson: r[3]}
	}
	return m, nil
}

// output is the shape of counties.json.
type output struct {
	ViewBox  string      `json:"viewBox"`
	Counties []outCounty `json:"counties"`
}

type outCounty struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Path  string `json:"d"`
	Label [2]int `json:"label"`
}

func generate(gj, cv []byte) ([]byte, error) {
	cs, err := readCounties(gj, cv)
	if err != nil {
		return nil, err
	}
	proj, w := newProjection(cs)
	simple := simplifyShared(cs, proj)
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "{\"viewBox\":\"0 0 %d %d\",\"counties\":[\n", w, Height)
	for i, c := range cs {
		rings := roundRings(simple[i])
		if len(rings) == 0 {
			return nil, fmt.Errorf("county %s vanished when simplified", c.code)
		}
		oc := outCounty{Code: c.code, Name: c.name, Path: pathData(rings), Label: labelPoint(rings)}
		b, err := json.Marshal(oc)
		if err != nil {
			return nil, err
		}
		buf.Write(b)
		if i < len(cs)-1 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
	}
	buf.WriteString("]}\n")
	return buf.Bytes(), nil
}

// pt is a point in viewBox units, y growing southwards.
type pt struct{ x, y float64 }

// newProjection returns an equirectangular projection scaled by cos of the
// middle latitude, fitted to Height, and the resulting map width.
func newProjection(cs []county) (func(lonlat) pt, int) {
	minLon, maxLon, minLat, maxLat := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, c := range cs {
		for _, r := range c.rings {
			for _, p := range r {
				minLon, maxLon = math.Min(minLon, p[0]), math.Max(maxLon, p[0])
				minLat, maxLat = math.Min(minLat, p[1]), math.Max(maxLat, p[1])
			}
		}
	}
	k := math.Cos((minLat + maxLat) / 2 * math.Pi / 180)
	s := (Height - 2*Margin) / (maxLat - minLat)
	w := int(math.Ceil((maxLon-minLon)*k*s)) + 2*Margin
	return func(p lonlat) pt {
		return pt{Margin + (p[0]-minLon)*k*s, Margin + (maxLat-p[1])*s}
	}, w
}

// simplifyShared simplifies every ring, cutting rings at the vertices where
// the set of counties sharing the border changes, so that a border two
// counties share is simplified once, the same way for both.
func simplifyShared(cs []county, proj func(lonlat) pt) [][][]pt {
	owners := map[lonlat]map[int]bool{}
	ringID := 0
	for _, c := range cs {
		for _, r := range c.rings {
			for _, p := range r {
				if owners[p] == nil {
					owners[p] = map[int]bool{}
				}
				owners[p][ringID] = true
			}
			ringID++
		}
	}
	same := func(a, b lonlat) bool {
		oa, ob := owners[a], owners[b]
		if len(oa) != len(ob) {
			return false
		}
		for k := range oa {
			if !ob[k] {
				return false
			}
		}
		return true
	}
	junction := map[lonlat]bool{}
	for _, c := range cs {
		for _, r := range c.rings {
			n := len(r)
			for i, p := range r {
				if !same(p, r[(i+n-1)%n]) || !same(p, r[(i+1)%n]) {
					junction[p] = true
				}
			}
		}
	}
	out := make([][][]pt, len(cs))
	for i, c := range cs {
		for _, r := range c.rings {
			out[i] = append(out[i], simplifyRing(r, junction, proj))
		}
	}
	return out
}

// simplifyRing simplifies one closed ring, keeping every junction.
func simplifyRing(r []lonlat, junction map[lonlat]bool, proj func(lonlat) pt) []pt {
	start := -1
	for i, p := range r {
		if junction[p] {
			start = i
			break
		}
	}
	if start < 0 {
		// An island: keep the first vertex and the one farthest from it.
		far := 0
		for i, p := range r {
			if dist(proj(p), proj(r[0])) > dist(proj(r[far]), proj(r[0])) {
				far = i
			}
		}
		a := simplifyPiece(r[:far+1], proj)
		b := simplifyPiece(append(append([]lonlat{}, r[far:]...), r[0]), proj)
		return append(a[:len(a)-1], b[:len(b)-1]...)
	}
	rot := append(append([]lonlat{}, r[start:]...), r[:start]...)
	rot = append(rot, rot[0])
	var out []pt
	from := 0
	for i := 1; i < len(rot); i++ {
		if junction[rot[i]] || i == len(rot)-1 {
			s := simplifyPiece(rot[from:i+1], proj)
			out = append(out, s[:len(s)-1]...)
			from = i
		}
	}
	return out
}

// simplifyPiece runs Douglas–Peucker on an open polyline, always in the same
// direction whichever ring it belongs to.
func simplifyPiece(piece []lonlat, proj func(lonlat) pt) []pt {
	p := make([]lonlat, len(piece))
	copy(p, piece)
	rev := less(p[len(p)-1], p[0]) || (p[0] == p[len(p)-1] && len(p) > 2 && less(p[len(p)-2], p[1]))
	if rev {
		reverse(p)
	}
	q := make([]pt, len(p))
	for i := range p {
		q[i] = proj(p[i])
	}
	keep := make([]bool, len(q))
	keep[0], keep[len(q)-1] = true, true
	douglasPeucker(q, 0, len(q)-1, keep)
	var s []pt
	for i := range q {
		if keep[i] {
			s = append(s, q[i])
		}
	}
	if rev {
		reverse(s)
	}
	return s
}

func douglasPeucker(q []pt, i, j int, keep []bool) {
	if j <= i+1 {
		return
	}
	best, at := -1.0, -1
	for k := i + 1; k < j; k++ {
		if d := segDist(q[k], q[i], q[j]); d > best {
			best, at = d, k
		}
	}
	if best > Tolerance {
		keep[at] = true
		douglasPeucker(q, i, at, keep)
		douglasPeucker(q, at, j, keep)
	}
}

func less(a, b lonlat) bool { return a[0] < b[0] || (a[0] == b[0] && a[1] < b[1]) }

func reverse[T any](s []T) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

func dist(a, b pt) float64 { return math.Hypot(a.x-b.x, a.y-b.y) }

// segDist is the distance from p to the segment ab.
func segDist(p, a, b pt) float64 {
	dx, dy := b.x-a.x, b.y-a.y
	l := dx*dx + dy*dy
	if l == 0 {
		return dist(p, a)
	}
	t := math.Max(0, math.Min(1, ((p.x-a.x)*dx+(p.y-a.y)*dy)/l))
	return dist(p, pt{a.x + t*dx, a.y + t*dy})
}

// ipt is a rounded point in whole viewBox units.
type ipt struct{ x, y int }

// roundRings rounds to whole units, drops repeated points and rings that
// became too small to see.
func roundRings(rings [][]pt) [][]ipt {
	var out [][]ipt
	for _, r := range rings {
		var q []ipt
		for _, p := range r {
			ip := ipt{int(math.Round(p.x)), int(math.Round(p.y))}
			if len(q) == 0 || q[len(q)-1] != ip {
				q = append(q, ip)
			}
		}
		for len(q) > 1 && q[0] == q[len(q)-1] {
			q = q[:len(q)-1]
		}
		if len(q) >= 3 && math.Abs(area(q)) >= 4 {
			out = append(out, q)
		}
	}
	return out
}

func area(r []ipt) float64 {
	var a float64
	for i := range r {
		p, q := r[i], r[(i+1)%len(r)]
		a += float64(p.x*q.y - q.x*p.y)
	}
	return a / 2
}

// pathData writes rings as SVG path data: an absolute move, then relative
// lines, which keeps the numbers short.
func pathData(rings [][]ipt) string {
	var b strings.Builder
	for _, r := range rings {
		fmt.Fprintf(&b, "M%d %d", r[0].x, r[0].y)
		b.WriteByte('l')
		for i := 1; i < len(r); i++ {
			dx, dy := r[i].x-r[i-1].x, r[i].y-r[i-1].y
			if i > 1 && dx >= 0 {
				b.WriteByte(' ')
			}
			b.WriteString(strconv.Itoa(dx))
			if dy >= 0 {
				b.WriteByte(' ')
			}
			b.WriteString(strconv.Itoa(dy))
		}
		b.WriteByte('z')
	}
	return b.String()
}

// labelPoint finds a point well inside the county: the point of a fine grid
// search farthest from any edge (an approximation of the pole of
// inaccessibility), refined twice around the best point.
func labelPoint(rings [][]ipt) [2]int {
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, r := range rings {
		for _, p := range r {
			minX, maxX = math.Min(minX, float64(p.x)), math.Max(maxX, float64(p.x))
			minY, maxY = math.Min(minY, float64(p.y)), math.Max(maxY, float64(p.y))
		}
	}
	best, bestD := ipt{}, -1.0
	cx, cy, hw, hh := (minX+maxX)/2, (minY+maxY)/2, (maxX-minX)/2, (maxY-minY)/2
	for round := 0; round < 3; round++ {
		const n = 40
		for i := 0; i <= n; i++ {
			for j := 0; j <= n; j++ {
				p := ipt{int(math.Round(cx - hw + 2*hw*float64(i)/n)), int(math.Round(cy - hh + 2*hh*float64(j)/n))}
				if !inside(rings, p) {
					continue
				}
				if d := edgeDist(rings, p); d > bestD {
					best, bestD = p, d
				}
			}
		}
		cx, cy, hw, hh = float64(best.x), float64(best.y), hw/8, hh/8
	}
	return [2]int{best.x, best.y}
}

// inside tells whether p is inside rings by the even-odd rule.
func inside(rings [][]ipt, p ipt) bool {
	in := false
	for _, r := range rings {
		for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
			a, b := r[i], r[j]
			if (a.y > p.y) != (b.y > p.y) &&
				float64(p.x) < float64(b.x-a.x)*float64(p.y-a.y)/float64(b.y-a.y)+float64(a.x) {
				in = !in
			}
		}
	}
	return in
}

func edgeDist(rings [][]ipt, p ipt) float64 {
	d := math.Inf(1)
	f := func(q ipt) pt { return pt{float64(q.x), float64(q.y)} }
	for _, r := range rings {
		for i := range r {
			d = math.Min(d, segDist(f(p), f(r[i]), f(r[(i+1)%len(r)])))
		}
	}
	return d
}
