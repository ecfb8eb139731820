package chart

import (
	"encoding/xml"
	"math"
	"slices"
	"strings"
	"testing"
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

// all returns every element below n (n included) that matches.
func (n node) all(match func(node) bool) []node {
	var out []node
	if match(n) {
		out = append(out, n)
	}
	for _, c := range n.Nodes {
		out = append(out, c.all(match)...)
	}
	return out
}

func (n node) title() string {
	for _, c := range n.Nodes {
		if c.XMLName.Local == "title" {
			return c.Text
		}
	}
	return ""
}

func hasClass(name, class string) func(node) bool {
	return func(n node) bool {
		return n.XMLName.Local == name && slices.Contains(strings.Fields(n.attr("class")), class)
	}
}

func mustParseSVG(tb testing.TB, s string) node {
	tb.Helper()
	var n node
	if err := xml.Unmarshal([]byte(s), &n); err != nil {
		tb.Fatalf("SVG is not well-formed XML: %v\n%s", err, s)
	}
	if n.XMLName.Local != "svg" || n.attr("role") != "img" || n.attr("width") != "100%" || n.attr("viewBox") == "" {
		tb.Fatalf("root element %s role=%q width=%q viewBox=%q", n.XMLName.Local, n.attr("role"), n.attr("width"), n.attr("viewBox"))
	}
	// aria-labelledby must name the title and description elements.
	ids := strings.Fields(n.attr("aria-labelledby"))
	if len(ids) != 2 || len(n.Nodes) < 2 || n.Nodes[0].attr("id") != ids[0] || n.Nodes[1].attr("id") != ids[1] ||
		n.Nodes[0].XMLName.Local != "title" || n.Nodes[1].XMLName.Local != "desc" {
		tb.Fatalf("aria-labelledby %q does not name the leading title and desc", ids)
	}
	if bad := n.all(func(n node) bool {
		return n.XMLName.Local == "script" || n.XMLName.Local == "a" || n.XMLName.Local == "image" || n.XMLName.Local == "foreignObject"
	}); len(bad) > 0 {
		tb.Fatalf("SVG holds a %s element", bad[0].XMLName.Local)
	}
	if strings.Contains(s, "@import") || strings.Contains(s, "href=\"http") || strings.Contains(s, "@font-face") {
		tb.Fatal("SVG refers to something outside itself")
	}
	return n
}

func TestNumber(t *testing.T) {
	tests := []struct {
		v        float64
		decimals int
		want     string
	}{
		{0, 0, "0"}, {7, 0, "7"}, {999, 0, "999"}, {1000, 0, "1,000"}, {1234567, 0, "1,234,567"},
		{1234.5678, 2, "1,234.57"}, {0.5, 1, "0.5"}, {-1500, 0, "-1,500"}, {-0.001, 1, "0.0"},
		{math.NaN(), 0, "–"}, {math.Inf(1), 0, "–"},
	}
	for _, tc := range tests {
		if got := number(tc.v, tc.decimals); got != tc.want {
			t.Errorf("number(%v, %d) = %q, want %q", tc.v, tc.decimals, got, tc.want)
		}
	}
}

func TestTicks(t *testing.T) {
	tests := []struct {
		name     string
		lo, hi   float64
		decimals int
		want     []float64
	}{
		{"counts", 0, 1250, 0, []float64{0, 500, 1000, 1500}},
		{"small", 0, 7, 0, []float64{0, 2, 4, 6, 8}},
		{"all zero", 0, 0, 0, []float64{0, 1}},
		{"fractions", 0, 0.9, 1, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{"negative", -30, 80, 0, []float64{-50, 0, 50, 100}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ticks(tc.lo, tc.hi, 5, tc.decimals); !slices.Equal(got, tc.want) {
				t.Errorf("ticks(%v, %v) = %v, want %v", tc.lo, tc.hi, got, tc.want)
			}
		})
	}
}

func TestTruncate(t *testing.T) {
	if got := truncate("Elgeyo/Marakwet", 30); got != "Elgeyo/Marakwet" {
		t.Errorf("short label changed: %q", got)
	}
	if got := truncate("A very long station or unit name", 10); got != "A very lo…" {
		t.Errorf("truncate = %q", got)
	}
	if got := clean("a\x00b\xffc\nd"); got != "a\uFFFDb\uFFFDc d" {
		t.Errorf("clean = %q", got)
	}
}
