package chart

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestBarSVG(t *testing.T) {
	months := []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	long := "Kenya Police Service, Rapid Deployment Unit, Embakasi Station, Nairobi"
	tests := []struct {
		name       string
		chart      Bar
		bars       int // drawn bars, suppressed stubs included
		suppressed int
		legend     int
		labels     []string // category labels as drawn
	}{
		{
			name:   "vertical months",
			chart:  Bar{Title: "By month", Categories: months, Series: []Series{{Name: "Victims", Values: Values(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)}}},
			bars:   12,
			labels: months,
		},
		{
			name: "horizontal grouped with a suppressed cell",
			chart: Bar{Title: "By county", Horizontal: true, SuppressBelow: 5, Categories: []string{"Nairobi City", long},
				Series: []Series{{Name: "Women", Values: []Value{{N: 40}, {N: 3, Suppressed: true}}}, {Name: "Men", Values: Values(212, 9)}}},
			bars: 4, suppressed: 1, legend: 2,
			labels: []string{"Nairobi City", truncate(long, 30)},
		},
		{
			name:  "missing values draw as zero",
			chart: Bar{Title: "Short series", Categories: []string{"a", "b", "c"}, Series: []Series{{Name: "x", Values: Values(5)}}},
			bars:  3, labels: []string{"a", "b", "c"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			svg := mustParseSVG(t, string(tc.chart.SVG()))
			if got := svg.Nodes[0].Text; got != tc.chart.Title {
				t.Errorf("title %q, want %q", got, tc.chart.Title)
			}
			if n := len(svg.all(hasClass("rect", "bar"))); n != tc.bars {
				t.Errorf("%d bars, want %d", n, tc.bars)
			}
			sup := svg.all(hasClass("rect", "suppressed"))
			if len(sup) != tc.suppressed {
				t.Errorf("%d suppressed bars, want %d", len(sup), tc.suppressed)
			}
			for _, s := range sup {
				if !strings.HasSuffix(s.title(), "fewer than 5") || !strings.HasPrefix(s.attr("fill"), "url(#") {
					t.Errorf("suppressed bar %q filled %q", s.title(), s.attr("fill"))
				}
			}
			if n := len(svg.all(hasClass("g", "legend-entry"))); n != tc.legend {
				t.Errorf("%d legend entries, want %d", n, tc.legend)
			}
			var labels []string
			for _, g := range svg.all(hasClass("g", "categories")) {
				for _, tx := range g.Nodes {
					labels = append(labels, strings.TrimSpace(tx.Text))
					if strings.HasSuffix(tx.Text, ellipsis) && tx.title() != long {
						t.Errorf("truncated label %q keeps %q as its title, want the full label", tx.Text, tx.title())
					}
				}
			}
			if !slices.Equal(labels, tc.labels) {
				t.Errorf("category labels %q, want %q", labels, tc.labels)
			}
		})
	}
}

func TestBarTallerBarForLargerValue(t *testing.T) {
	svg := mustParseSVG(t, string(Bar{Title: "t", Categories: []string{"a", "b"}, Series: []Series{{Values: Values(10, 40)}}}.SVG()))
	bars := svg.all(hasClass("rect", "bar"))
	if len(bars) != 2 {
		t.Fatalf("%d bars, want 2", len(bars))
	}
	h0, _ := strconv.ParseFloat(bars[0].attr("height"), 64)
	h1, _ := strconv.ParseFloat(bars[1].attr("height"), 64)
	if h0 <= 0 || math.Abs(h1/h0-4) > 0.05 {
		t.Errorf("bars of 10 and 40 are %v and %v high", h0, h1)
	}
}

func TestEmptyChartsSayNoData(t *testing.T) {
	for name, svg := range map[string]string{
		"bar":        string(Bar{Title: "Empty"}.SVG()),
		"no series":  string(Bar{Title: "Empty", Categories: []string{"a"}}.SVG()),
		"stacked":    string(StackedBar{Title: "Empty"}.SVG()),
		"line":       string(Line{Title: "Empty"}.SVG()),
		"choropleth": string(Choropleth{Title: "Empty"}.SVG()),
	} {
		n := mustParseSVG(t, svg)
		if len(n.all(func(n node) bool { return n.XMLName.Local == "text" && n.Text == noDataMsg })) == 0 {
			t.Errorf("%s: no %q message", name, noDataMsg)
		}
	}
}

func TestBarTable(t *testing.T) {
	c := Bar{Title: "Victims", CategoryAxis: "County", SuppressBelow: 5, Decimals: 0,
		Categories: []string{"Nairobi City", "Mombasa"},
		Series:     []Series{{Name: "Women", Values: []Value{{N: 1200}, {N: 2, Suppressed: true}}}, {Name: "Men", Values: Values(3400, 10)}}}
	want := Table{Caption: "Victims", Headers: []string{"County", "Women", "Men"},
		Rows: [][]string{{"Nairobi City", "1,200", "3,400"}, {"Mombasa", "fewer than 5", "10"}}}
	assertTable(t, c.Table(), want)
	want.Headers = append(want.Headers, "Total")
	want.Rows[0] = append(want.Rows[0], "4,600")
	want.Rows[1] = append(want.Rows[1], "–") // a total would give the suppressed cell away
	assertTable(t, StackedBar(c).Table(), want)
}

func assertTable(t *testing.T, got, want Table) {
	t.Helper()
	if got.Caption != want.Caption || !slices.Equal(got.Headers, want.Headers) || len(got.Rows) != len(want.Rows) {
		t.Fatalf("table %+v, want %+v", got, want)
	}
	for i := range got.Rows {
		if !slices.Equal(got.Rows[i], want.Rows[i]) {
			t.Errorf("row %d = %q, want %q", i, got.Rows[i], want.Rows[i])
		}
	}
}

func TestStackedBarSVG(t *testing.T) {
	c := StackedBar{Title: "By context", SuppressBelow: 5, Categories: []string{"Q1", "Q2"},
		Series: []Series{{Name: "Operation", Values: Values(40, 52)}, {Name: "Protest", Values: Values(5, 71)}, {Name: "Custody", Values: []Value{{N: 2, Suppressed: true}, {N: 6}}}}}
	svg := mustParseSVG(t, string(c.SVG()))
	// Five segments: the suppressed one is not drawn, so its size is not shown.
	if n := len(svg.all(hasClass("rect", "bar"))); n != 5 {
		t.Errorf("%d segments, want 5", n)
	}
	if n := len(svg.all(hasClass("g", "legend-entry"))); n != 3 {
		t.Errorf("%d legend entries, want 3", n)
	}
	// Q2's total is shown; Q1's is withheld.
	var totals []string
	for _, tx := range svg.all(func(n node) bool { return n.XMLName.Local == "text" }) {
		if tx.Text == "129" || tx.Text == "45" || tx.Text == "47" {
			totals = append(totals, tx.Text)
		}
	}
	if !slices.Equal(totals, []string{"129"}) {
		t.Errorf("totals drawn %q, want only Q2's 129", totals)
	}
}

func TestLineSVG(t *testing.T) {
	c := Line{Title: "Monthly", CategoryAxis: "Month", SuppressBelow: 5, Categories: []string{"Jan", "Feb", "Mar", "Apr"},
		Series: []Series{{Name: "Police", Values: Values(10, 12, 9, 14)}, {Name: "DCI", Values: []Value{{N: 6}, {N: 1, Suppressed: true}, {N: 7}, {N: 8}}}}}
	svg := mustParseSVG(t, string(c.SVG()))
	lines := svg.all(hasClass("path", "line"))
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2", len(lines))
	}
	// The suppressed point breaks DCI's line in two.
	if m := strings.Count(lines[1].attr("d"), "M"); m != 2 {
		t.Errorf("DCI line %q has %d pieces, want 2", lines[1].attr("d"), m)
	}
	if n := len(svg.all(hasClass("circle", "point"))); n != 7 {
		t.Errorf("%d points, want 7", n)
	}
	if n := len(svg.all(hasClass("rect", "suppressed"))); n != 1 {
		t.Errorf("%d suppressed markers, want 1", n)
	}
	if n := len(svg.all(hasClass("g", "legend-entry"))); n != 2 {
		t.Errorf("%d legend entries, want 2", n)
	}
	assertTable(t, c.Table(), Table{Caption: "Monthly", Headers: []string{"Month", "Police", "DCI"},
		Rows: [][]string{{"Jan", "10", "6"}, {"Feb", "12", "fewer than 5"}, {"Mar", "9", "7"}, {"Apr", "14", "8"}}})
}

func TestEscaping(t *testing.T) {
	evil := `</text><script>alert("x")</script>&amp;<!--`
	c := Bar{Title: evil, Description: evil, CategoryAxis: evil, ValueAxis: evil, Categories: []string{evil, "\x00\x1b\xff"},
		Series: []Series{{Name: evil, Values: Values(1, 2)}, {Name: "", Values: Values(3, 4)}}}
	for _, s := range []string{string(c.SVG()), string(StackedBar(c).SVG()), string(Line(Line{Title: evil, Categories: c.Categories, Series: c.Series}).SVG())} {
		svg := mustParseSVG(t, s)
		if svg.Nodes[0].Text != evil {
			t.Errorf("title %q, want %q", svg.Nodes[0].Text, evil)
		}
	}
}
