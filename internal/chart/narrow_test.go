package chart

import (
	"strconv"
	"strings"
	"testing"
)

// A narrow chart is drawn at a phone's width: every text at 12 units or
// more in a 340-unit box, so a 340-pixel column shows it at 12 pixels or
// more; labels sit above their bars, each bar carries its figure.
func TestNarrowSVG(t *testing.T) {
	long := "Kenya Police Service, Rapid Deployment Unit, Embakasi Station, Nairobi"
	c := Bar{Title: "By station", ValueAxis: "Victims", SuppressBelow: 5, FewerText: "chini ya 5",
		Categories: []string{"Kayole", long, "Ruaraka"},
		Series:     []Series{{Name: "Victims", Values: []Value{{N: 40}, {N: 12}, {Suppressed: true}}}}}
	svg := mustParseSVG(t, string(c.NarrowSVG("and 37 more: see the table")))
	if vb := strings.Fields(svg.attr("viewBox")); len(vb) != 4 || vb[2] != "340" {
		t.Fatalf("viewBox %q, want 340 wide", svg.attr("viewBox"))
	}
	texts := svg.all(func(n node) bool { return n.XMLName.Local == "text" })
	var drawn []string
	for _, tx := range texts {
		size, err := strconv.ParseFloat(tx.attr("font-size"), 64)
		if err != nil || size < 12 {
			t.Errorf("text %q at font-size %q, want 12 or more", tx.Text, tx.attr("font-size"))
		}
		drawn = append(drawn, tx.Text)
	}
	all := strings.Join(drawn, "|")
	for _, want := range []string{"Kayole", "40", "12", "chini ya 5", "and 37 more: see the table", "Victims"} {
		if !strings.Contains(all, want) {
			t.Errorf("no text %q in %q", want, all)
		}
	}
	if strings.Contains(all, "fewer than") {
		t.Errorf("the suppressed value is not in the page's language: %q", all)
	}
	bars := svg.all(hasClass("rect", "bar"))
	if len(bars) != 3 {
		t.Fatalf("%d bars, want 3", len(bars))
	}
	w0, _ := strconv.ParseFloat(bars[0].attr("width"), 64)
	w1, _ := strconv.ParseFloat(bars[1].attr("width"), 64)
	if w0 <= w1 || w0+narrowValue > narrowWidth {
		t.Errorf("bar widths %v, %v: the larger must be longer and leave room for its figure", w0, w1)
	}
	if got := len(svg.all(hasClass("rect", "suppressed"))); got != 1 {
		t.Errorf("%d suppressed stubs, want 1", got)
	}
}

// A chart with several series is drawn as usual; an empty one says so.
func TestNarrowSVGFallbacks(t *testing.T) {
	two := Bar{Title: "Two", Categories: []string{"a"}, Series: []Series{{Name: "x", Values: Values(1)}, {Name: "y", Values: Values(2)}}}
	if got := string(two.NarrowSVG("")); strings.Contains(got, "chart-narrow") {
		t.Error("a two-series chart was drawn narrow")
	}
	empty := mustParseSVG(t, string(Bar{Title: "None"}.NarrowSVG("")))
	if texts := empty.all(func(n node) bool { return n.XMLName.Local == "text" }); len(texts) != 1 || texts[0].Text != noDataMsg {
		t.Errorf("empty chart texts %v", texts)
	}
}
