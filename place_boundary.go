package haki

import (
	"encoding/json"
	"strings"
)

// A place's boundary is a GeoJSON geometry (RFC 7946): a Polygon or a
// MultiPolygon of [longitude, latitude] rings, the first ring of each
// polygon its outline and the others its holes.

// MaxBoundaryBytes bounds one place's boundary.
const MaxBoundaryBytes = 4 << 20

// ParseBoundary reads a GeoJSON Polygon or MultiPolygon geometry.
func ParseBoundary(geometry string) (Boundary, error) {
	bad := Errorf(EINVALID, "A boundary is a GeoJSON Polygon or MultiPolygon of [longitude, latitude] points.")
	if len(geometry) > MaxBoundaryBytes {
		return nil, bad
	}
	var g struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	if err := json.NewDecoder(strings.NewReader(geometry)).Decode(&g); err != nil {
		return nil, bad
	}
	var polys [][][][2]float64
	switch g.Type {
	case "Polygon":
		var p [][][2]float64
		if json.Unmarshal(g.Coordinates, &p) != nil {
			return nil, bad
		}
		polys = [][][][2]float64{p}
	case "MultiPolygon":
		if json.Unmarshal(g.Coordinates, &polys) != nil {
			return nil, bad
		}
	default:
		return nil, bad
	}
	for _, p := range polys {
		if len(p) == 0 {
			return nil, bad
		}
		for _, ring := range p {
			if len(ring) < 4 {
				return nil, bad
			}
			for _, pt := range ring {
				if pt[0] < -180 || pt[0] > 180 || pt[1] < -90 || pt[1] > 90 {
					return nil, bad
				}
			}
		}
	}
	return Boundary(polys), nil
}

// Boundary is a parsed boundary: polygons of rings of [longitude, latitude].
type Boundary [][][][2]float64

// Contains reports whether the point is inside the boundary: inside an
// outline an odd number of rings cross on the way out (holes excluded).
func (b Boundary) Contains(lat, lon float64) bool {
	for _, poly := range b {
		in := false
		for _, ring := range poly {
			if ringContains(ring, lon, lat) {
				in = !in
			}
		}
		if in {
			return true
		}
	}
	return false
}

// ringContains casts a ray east from (x, y) and counts the edges it
// crosses.
func ringContains(ring [][2]float64, x, y float64) bool {
	in := false
	for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
		xi, yi, xj, yj := ring[i][0], ring[i][1], ring[j][0], ring[j][1]
		if (yi > y) != (yj > y) && x < (xj-xi)*(y-yi)/(yj-yi)+xi {
			in = !in
		}
	}
	return in
}
