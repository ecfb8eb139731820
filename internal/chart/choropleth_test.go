package chart

import (
	"fmt"
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/geo"
)

func TestChoroplethSVG(t *testing.T) {
	c := Choropleth{Title: "Victims by county", ValueLabel: "Victims", SuppressBelow: 5, Values: map[string]Value{}}
	// 40 counties with values 10, 20, … 400, so that each class holds 8.
	for i := 1; i <= 40; i++ {
		c.Values[fmt.Sprintf("%03d", i)] = Value{N: float64(10 * i)}
	}
	c.Values["041"] = Value{N: 0}
	c.Values["042"] = Value{N: 3, Suppressed: true}
	c.Values["043"] = Value{N: 1, Suppressed: true}
	// 044 … 047 have no data.
	svg := mustParseSVG(t, string(c.SVG()))
	paths := svg.all(hasClass("path", "county"))
	if len(paths) != 47 {
		t.Fatalf("%d counties drawn, want 47", len(paths))
	}
	fill := map[string]string{}
	for _, p := range paths {
		fill[p.attr("data-code")] = p.attr("fill")
	}
	wantClass := func(code string) string {
		var n int
		fmt.Sscanf(code, "%d", &n)
		return ramp[[]int{0, 2, 3, 5, 6}[(n-1)/8]] // five of the seven ramp colours, spread
	}
	for i := 1; i <= 40; i++ {
		code := fmt.Sprintf("%03d", i)
		if fill[code] != wantClass(code) {
			t.Errorf("county %s (%v) filled %s, want %s", code, c.Values[code].N, fill[code], wantClass(code))
		}
	}
	if fill["041"] != zeroFill {
		t.Errorf("zero county filled %s, want %s", fill["041"], zeroFill)
	}
	for _, code := range []string{"042", "043"} {
		if !strings.HasPrefix(fill[code], "url(#") || !strings.HasSuffix(fill[code], "-hatch)") {
			t.Errorf("suppressed county %s filled %s, want the hatch", code, fill[code])
		}
	}
	for _, code := range []string{"044", "045", "046", "047"} {
		if fill[code] != noDataFill {
			t.Errorf("county %s without data filled %s, want %s", code, fill[code], noDataFill)
		}
	}
	for _, p := range paths {
		if p.attr("data-code") == "042" && p.title() != geoName("042")+": fewer than 5" {
			t.Errorf("suppressed county titled %q", p.title())
		}
	}
	var legend []string
	for _, g := range svg.all(hasClass("g", "legend-entry")) {
		for _, tx := range g.Nodes {
			if tx.XMLName.Local == "text" {
				legend = append(legend, tx.Text)
			}
		}
	}
	want := []string{"10–80", "81–160", "161–240", "241–320", "321–400", "0", "fewer than 5", "No data"}
	if strings.Join(legend, "|") != strings.Join(want, "|") {
		t.Errorf("legend %q, want %q", legend, want)
	}
}

// TestChoroplethHidesSuppressedValues checks that a suppressed value, even
// a large one, takes no colour and appears nowhere as a number.
func TestChoroplethHidesSuppressedValues(t *testing.T) {
	c := Choropleth{Title: "t", SuppressBelow: 5, Values: map[string]Value{"001": {N: 10}, "002": {N: 20}, "003": {N: 98765, Suppressed: true}}}
	s := string(c.SVG())
	if strings.Contains(s, "98765") || strings.Contains(s, "98,765") {
		t.Fatal("the suppressed value shows in the SVG")
	}
	for _, k := range c.classes() {
		if k.to > 20 {
			t.Fatalf("a class reaches %v: the suppressed value shaped the scale", k.to)
		}
	}
	for _, row := range c.Table().Rows {
		if row[0] == "003" && row[2] != "fewer than 5" {
			t.Errorf("table row %q", row)
		}
	}
}

func TestChoroplethTable(t *testing.T) {
	c := Choropleth{Title: "Professionals", ValueLabel: "Professionals", Values: map[string]Value{"047": {N: 1234}, "001": {N: 0}}}
	tb := c.Table()
	if len(tb.Rows) != 47 || tb.Headers[2] != "Professionals" {
		t.Fatalf("table %+v", tb)
	}
	if r := tb.Rows[0]; r[0] != "001" || r[1] != "Mombasa" || r[2] != "0" {
		t.Errorf("first row %q", r)
	}
	if r := tb.Rows[46]; r[0] != "047" || r[1] != "Nairobi City" || r[2] != "1,234" {
		t.Errorf("last row %q", r)
	}
	if r := tb.Rows[1]; r[2] != "No data" {
		t.Errorf("Kwale row %q", r)
	}
}

func geoName(code string) string {
	for _, c := range geo.Counties() {
		if c.Code == code {
			return c.Name
		}
	}
	return ""
}
