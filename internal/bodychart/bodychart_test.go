package bodychart

import (
	"encoding/xml"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
)

// node is a parsed SVG element.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []node     `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// all returns every element below n (n included) named name.
func (n node) all(name string) []node {
	var out []node
	if n.XMLName.Local == name {
		out = append(out, n)
	}
	for _, c := range n.Nodes {
		out = append(out, c.all(name)...)
	}
	return out
}

func mustParse(tb testing.TB, s string) node {
	tb.Helper()
	var n node
	if err := xml.Unmarshal([]byte(s), &n); err != nil {
		tb.Fatalf("SVG is not well-formed XML: %v\n%s", err, s)
	}
	return n
}

func TestEveryViewRenders(t *testing.T) {
	label := func(k string) string { return "<" + k + "> & \"x\"" } // hostile labels
	for _, name := range haki.ChartViews {
		t.Run(name, func(t *testing.T) {
			svg := mustParse(t, string(SVG(name, []Mark{{1, 0.5, 0.5}, {23, 0.1, 0.9}}, Options{Label: label, Regions: true})))
			if svg.XMLName.Local != "svg" || svg.attr("role") != "img" || svg.attr("data-view") != name {
				t.Fatalf("root: %v %v", svg.XMLName, svg.Attrs)
			}
			if !strings.Contains(svg.attr("aria-label"), "bodychart.view."+name) || !strings.HasSuffix(svg.attr("aria-label"), ": 1, 23") {
				t.Errorf("aria-label %q", svg.attr("aria-label"))
			}
			if len(svg.all("title")) == 0 || !strings.Contains(svg.Nodes[0].Text, "<bodychart.view."+name+">") {
				t.Errorf("no title first: %+v", svg.Nodes[0])
			}
			var marks []string
			for _, g := range svg.all("g") {
				if g.attr("class") == "bodychart-mark" {
					marks = append(marks, g.attr("data-no"))
				}
			}
			if !slices.Equal(marks, []string{"1", "23"}) {
				t.Errorf("marks %q", marks)
			}
			// Every region the view names has a hit area, and only those.
			var hit []string
			for _, p := range svg.all("polygon") {
				if r := p.attr("data-region"); r != "" {
					if !haki.ValidBodyRegion(r) {
						t.Errorf("hit area of unknown region %q", r)
					}
					hit = append(hit, r)
				}
			}
			for _, r := range Regions(name) {
				if !slices.Contains(hit, r) {
					t.Errorf("region %q has no hit area", r)
				}
			}
			if plain := string(SVG(name, nil, Options{})); strings.Contains(plain, "data-region") {
				t.Error("hit areas drawn without Options.Regions")
			}
		})
	}
	if SVG("wing", nil, Options{}) != "" {
		t.Error("an unknown view was drawn")
	}
}

func TestRegionAt(t *testing.T) {
	for _, tc := range []struct {
		view string
		x, y float64
		want string
	}{
		{"front", 0.5, 0.07, "head"},
		{"front", 0.5, 0.15, "neck"},
		{"front", 0.5, 0.25, "chest"},
		{"front", 0.5, 0.39, "abdomen"},
		{"front", 0.5, 0.48, "pelvis_genitals"},
		{"front", 0.42, 0.6, "thigh_right"}, // the person's right, the drawing's left
		{"front", 0.58, 0.6, "thigh_left"},
		{"front", 0.2, 0.55, "hand_right"},
		{"front", 0.79, 0.5, "wrist_left"},
		{"front", 0.56, 0.71, "knee_left"},
		{"front", 0.56, 0.97, "foot_left"},
		{"front", 0.9, 0.25, ""}, // beside the body
		{"front", 0.5, 0.6, ""},  // between the legs
		{"back", 0.5, 0.25, "upper_back"},
		{"back", 0.5, 0.4, "lower_back"},
		{"back", 0.44, 0.5, "buttocks"},
		{"back", 0.5, 0.505, "perineum_anus"},
		{"back", 0.58, 0.6, "thigh_right"}, // from behind, the person's right is on the right
		{"back", 0.44, 0.97, "heel_left"},
		{"right", 0.59, 0.1, "face"},
		{"right", 0.47, 0.075, "ear_right"},
		{"right", 0.5, 0.3, "upper_arm_right"},
		{"right", 0.58, 0.28, "chest"},
		{"right", 0.41, 0.3, "upper_back"},
		{"right", 0.4, 0.5, "buttocks"},
		{"left", 0.53, 0.075, "ear_left"},
		{"left", 0.59, 0.3, "upper_back"},
		{"left", 0.42, 0.28, "chest"},
		{"head", 0.195, 0.179, "eye_right"},
		{"head", 0.305, 0.179, "eye_left"},
		{"head", 0.25, 0.21, "nose"},
		{"head", 0.25, 0.28, "mouth"},
		{"head", 0.25, 0.125, "forehead"},
		{"head", 0.75, 0.15, "scalp"},
		{"head", 0.75, 0.36, "nape"},
		{"head", 0.21, 0.697, "ear_right"},
		{"head", 0.79, 0.697, "ear_left"},
		{"hands", 0.25, 0.3, "palm_right"},
		{"hands", 0.272, 0.08, "fingers_right"},
		{"hands", 0.75, 0.8, "hand_back_left"},
		{"hands", 0.25, 0.93, "wrist_right"},
		{"feet", 0.25, 0.3, "sole_right"},
		{"feet", 0.75, 0.45, "heel_left"},
		{"feet", 0.75, 0.62, "toes_left"},
		{"feet", 0.25, 0.8, "foot_right"},
		{"feet", 0.01, 0.01, ""},
		{"front", -0.1, 0.5, ""},
		{"front", math.NaN(), 0.5, ""},
		{"wing", 0.5, 0.5, ""},
	} {
		if got := RegionAt(tc.view, tc.x, tc.y); got != tc.want {
			t.Errorf("RegionAt(%s, %v, %v) = %q, want %q", tc.view, tc.x, tc.y, got, tc.want)
		}
	}
}

// TestRegionsAreBodyRegions checks that every view names only known
// regions and that every region can be named on some view.
func TestRegionsAreBodyRegions(t *testing.T) {
	named := map[string]bool{}
	for _, name := range haki.ChartViews {
		v := views[name]
		if v == nil {
			t.Fatalf("view %q has no outline", name)
		}
		for _, r := range v.regions {
			if !haki.ValidBodyRegion(r.code) {
				t.Errorf("%s: unknown region %q", name, r.code)
			}
			named[r.code] = true
		}
	}
	for _, r := range haki.BodyRegions {
		if !named[r] {
			t.Errorf("region %q is on no view", r)
		}
	}
	if w, h, ok := Size("feet"); !ok || w != 100 || h <= 0 {
		t.Errorf("Size(feet) = %v, %v, %v", w, h, ok)
	}
	if _, _, ok := Size("wing"); ok {
		t.Error("Size of an unknown view")
	}
	if len(views) != len(haki.ChartViews) {
		t.Errorf("%d outlines for %d views", len(views), len(haki.ChartViews))
	}
}

// TestMarksOutOfTheBoxAreClamped checks that a mark out of [0,1] is drawn
// on the box's edge rather than lost.
func TestMarksOutOfTheBoxAreClamped(t *testing.T) {
	svg := mustParse(t, string(SVG("front", []Mark{{7, 1.5, -2}, {8, math.NaN(), math.Inf(1)}}, Options{})))
	var got []string
	for _, c := range svg.all("circle") {
		got = append(got, c.attr("cx")+","+c.attr("cy"))
	}
	if want := []string{"100,0", "0,200"}; !slices.Equal(got, want) {
		t.Errorf("marks at %q, want %q", got, want)
	}
}
