package geo

import (
	"fmt"
	"math"
	"strconv"
	"testing"
	"unicode"
)

func TestCounties(t *testing.T) {
	cs := Counties()
	if len(cs) != 47 {
		t.Fatalf("got %d counties, want 47", len(cs))
	}
	w, h := Size()
	if ViewBox() != fmt.Sprintf("0 0 %d %d", w, h) || w < 500 || h < 500 {
		t.Fatalf("ViewBox %q, Size %d×%d", ViewBox(), w, h)
	}
	total := 0
	for i, c := range cs {
		if want := fmt.Sprintf("%03d", i+1); c.Code != want {
			t.Fatalf("county %d has code %q, want %q", i, c.Code, want)
		}
		if c.Name == "" || c.Path == "" {
			t.Fatalf("county %s: empty name or path", c.Code)
		}
		total += len(c.Path)
		rings := mustParsePath(t, c.Path)
		for _, r := range rings {
			for _, p := range r {
				if p.X < 0 || p.Y < 0 || p.X > w || p.Y > h {
					t.Errorf("county %s: point %v outside the viewBox", c.Code, p)
				}
			}
		}
		if !inside(rings, c.Label) {
			t.Errorf("county %s (%s): label point %v is not inside it", c.Code, c.Name, c.Label)
		}
	}
	// The whole map, with markup, must stay well under 60 KB.
	if total > 45_000 {
		t.Errorf("paths total %d bytes, over the 45,000 budget", total)
	}
	byCode := map[string]County{}
	for _, c := range cs {
		byCode[c.Code] = c
	}
	if n := byCode["047"].Name; n != "Nairobi City" {
		t.Errorf("047 is %q, want Nairobi City", n)
	}
	nairobi, turkana := area(mustParsePath(t, byCode["047"].Path)), area(mustParsePath(t, byCode["023"].Path))
	if nairobi*50 > turkana {
		t.Errorf("Nairobi area %.0f not much smaller than Turkana %.0f", nairobi, turkana)
	}
	// Mombasa lies in the south-east of the country, Turkana in the north-west.
	m, tk := byCode["001"].Label, byCode["023"].Label
	if m.X < w/2 || m.Y < h*3/4 || tk.X > w/3 || tk.Y > h/3 {
		t.Errorf("Mombasa at %v and Turkana at %v in a %d×%d map", m, tk, w, h)
	}
}

func TestCountiesReturnsCopy(t *testing.T) {
	Counties()[0].Name = "changed"
	if Counties()[0].Name != "Mombasa" {
		t.Fatal("Counties returned shared state")
	}
}

// mustParsePath reads the path data the generator writes: M x y, then
// relative l pairs, z.
func mustParsePath(tb testing.TB, d string) [][]Point {
	tb.Helper()
	var rings [][]Point
	var cmd byte
	var nums []int
	flush := func() {
		if cmd == 0 {
			return
		}
		if len(nums)%2 != 0 {
			tb.Fatalf("odd coordinates after %c in %q", cmd, d)
		}
		for i := 0; i < len(nums); i += 2 {
			if cmd == 'M' && i == 0 {
				rings = append(rings, []Point{{nums[0], nums[1]}})
				continue
			}
			r := rings[len(rings)-1]
			last := r[len(r)-1]
			rings[len(rings)-1] = append(r, Point{last.X + nums[i], last.Y + nums[i+1]})
		}
		nums = nums[:0]
	}
	for i := 0; i < len(d); {
		ch := d[i]
		switch {
		case ch == 'M' || ch == 'l' || ch == 'z':
			flush()
			cmd = ch
			i++
		case ch == ' ':
			i++
		case ch == '-' || unicode.IsDigit(rune(ch)):
			j := i + 1
			for j < len(d) && unicode.IsDigit(rune(d[j])) {
				j++
			}
			n, err := strconv.Atoi(d[i:j])
			if err != nil {
				tb.Fatal(err)
			}
			nums = append(nums, n)
			i = j
		default:
			tb.Fatalf("unexpected %q in path", ch)
		}
	}
	flush()
	return rings
}

func inside(rings [][]Point, p Point) bool {
	in := false
	for _, r := range rings {
		for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
			a, b := r[i], r[j]
			if (a.Y > p.Y) != (b.Y > p.Y) &&
				float64(p.X) < float64(b.X-a.X)*float64(p.Y-a.Y)/float64(b.Y-a.Y)+float64(a.X) {
				in = !in
			}
		}
	}
	return in
}

// area sums the rings' areas; holes are slivers, so counting them as land
// changes nothing here.
func area(rings [][]Point) float64 {
	var s float64
	for _, r := range rings {
		var a float64
		for i := range r {
			p, q := r[i], r[(i+1)%len(r)]
			a += float64(p.X*q.Y - q.X*p.Y)
		}
		s += math.Abs(a) / 2
	}
	return s
}
