package haki_test

import (
	"testing"

	"github.com/haki-kenya/haki"
)

func TestBoundaryContains(t *testing.T) {
	// A square from 0 to 10 with a hole from 4 to 6, and an island at 20.
	b, err := haki.ParseBoundary(`{"type": "MultiPolygon", "coordinates": [
		[[[0,0],[10,0],[10,10],[0,10],[0,0]], [[4,4],[6,4],[6,6],[4,6],[4,4]]],
		[[[20,20],[21,20],[21,21],[20,20]]]]}`)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lat, lon float64
		want     bool
	}{{1, 1, true}, {5, 5, false}, {5, 3, true}, {11, 5, false}, {20.2, 20.5, true}, {-1, 5, false}} {
		if got := b.Contains(tc.lat, tc.lon); got != tc.want {
			t.Errorf("Contains(%v, %v) = %v, want %v", tc.lat, tc.lon, got, tc.want)
		}
	}
	for _, bad := range []string{``, `{}`, `{"type": "Point", "coordinates": [1, 2]}`, `{"type": "Polygon", "coordinates": [[[0,0],[1,1]]]}`,
		`{"type": "Polygon", "coordinates": [[[0,0],[200,0],[1,1],[0,0]]]}`} {
		if _, err := haki.ParseBoundary(bad); haki.ErrorCode(err) != haki.EINVALID {
			t.Errorf("ParseBoundary(%q) = %v", bad, err)
		}
	}
}

func FuzzParseBoundary(f *testing.F) {
	f.Add(`{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,0]]]}`)
	f.Fuzz(func(t *testing.T, in string) {
		b, err := haki.ParseBoundary(in)
		if err != nil {
			return
		}
		b.Contains(0.5, 0.5) // must not panic
		for _, poly := range b {
			for _, ring := range poly {
				if len(ring) < 4 {
					t.Fatalf("ring of %d points accepted", len(ring))
				}
			}
		}
	})
}
