package chart

import (
	"encoding/xml"
	"strings"
	"testing"
)

// FuzzBarSVG draws bar, stacked bar and line charts of random labels and
// values and checks that the SVG is always well-formed XML.
func FuzzBarSVG(f *testing.F) {
	f.Add("Victims by county", "Nairobi City", "Elgeyo/Marakwet", 12.0, 0.0, false, 0, false)
	f.Add(`<b>&"'`, "</text><script>", "]]><!--", -3.5, 1e9, true, 2, true)
	f.Fuzz(func(t *testing.T, title, a, b string, x, y float64, horizontal bool, decimals int, suppressed bool) {
		c := Bar{
			Title: title, Description: a + b, CategoryAxis: a, ValueAxis: b,
			Categories: []string{a, b, strings.Repeat(a, 3)},
			Series: []Series{
				{Name: a, Values: []Value{{N: x}, {N: y, Suppressed: suppressed}, {N: x * y}}},
				{Name: b, Values: Values(y, x)},
			},
			Horizontal: horizontal, Decimals: decimals % 8, SuppressBelow: decimals,
		}
		for _, s := range []string{string(c.SVG()), string(StackedBar(c).SVG()),
			string(Line{Title: title, Categories: c.Categories, Series: c.Series, Decimals: c.Decimals}.SVG()),
			string(Choropleth{Title: title, ValueLabel: a, Values: map[string]Value{"001": {N: x}, "047": {N: y, Suppressed: suppressed}, a: {N: y}}}.SVG()),
		} {
			d := xml.NewDecoder(strings.NewReader(s))
			for {
				_, err := d.Token()
				if err != nil {
					if err.Error() != "EOF" {
						t.Fatalf("not well-formed: %v\n%s", err, s)
					}
					break
				}
			}
		}
		_ = c.Table()
		_ = StackedBar(c).Table()
	})
}
