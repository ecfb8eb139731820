package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Line is a line chart of one or more series over ordered categories,
// usually months. A suppressed value breaks its line.
type Line struct {
	Title         string
	Description   string
	CategoryAxis  string   // e.g. "Month"
	ValueAxis     string   // e.g. "Victims"
	Categories    []string // in order, e.g. "Jan 2025", "Feb 2025", ...
	Series        []Series
	Decimals      int
	SuppressBelow int
}

// dashes tell series apart without colour, in print and for colour-blind
// readers.
var dashes = []string{"", "8 4", "2 3", "10 3 2 3"}

// SVG draws the chart.
func (c Line) SVG() template.HTML {
	d := &svgDoc{id: chartID("line", append([]string{c.Title, c.Description}, c.Categories...)...)}
	if len(c.Categories) == 0 || len(c.Series) == 0 {
		d.open(width, 140, c.Title, c.Description)
		d.noData(90)
		return template.HTML(d.close())
	}
	lo, hi := 0.0, 0.0
	for _, s := range c.Series {
		for i := range c.Categories {
			n := finite(valueAt(s, i))
			lo, hi = math.Min(lo, n), math.Max(hi, n)
		}
	}
	ts := ticks(lo, hi, 5, c.Decimals)
	b := Bar{CategoryAxis: c.CategoryAxis, ValueAxis: c.ValueAxis, Categories: c.Categories, Series: c.Series, Decimals: c.Decimals}
	g := verticalGeometry(b, 1, ts)
	if anySuppressed(c.Series, len(c.Categories)) {
		g.height += 22
		d.open(width, g.height, c.Title, c.Description)
		d.suppressionNote(c.SuppressBelow, false)
	} else {
		d.open(width, g.height, c.Title, c.Description)
	}
	d.legend(10, 52, seriesNames(c.Series), func(i int, x, y float64) string {
		return fmt.Sprintf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="3" stroke-dasharray="%s"/>`,
			f(x-2), f(y+6), f(x+14), f(y+6), seriesColour(i), dashes[i%len(dashes)])
	})
	g.axes(d, b, ts)
	lo, hi = ts[0], ts[len(ts)-1]
	at := func(i int, v float64) (float64, float64) {
		return g.x0 + (float64(i)+0.5)*g.band, g.y1 - (v-lo)/(hi-lo)*(g.y1-g.y0)
	}
	names := seriesNames(c.Series)
	for j, s := range c.Series {
		var path strings.Builder
		pen := false
		for i := range c.Categories {
			v := valueAt(s, i)
			if v.Suppressed {
				pen = false
				continue
			}
			x, y := at(i, finite(v))
			if pen {
				path.WriteString("L")
			} else {
				path.WriteString("M")
			}
			path.WriteString(f(x) + " " + f(y))
			pen = true
		}
		fmt.Fprintf(&d.b, `<g class="series"><title>%s</title>`, esc(names[j]))
		if path.Len() > 0 {
			fmt.Fprintf(&d.b, `<path class="line" d="%s" fill="none" stroke="%s" stroke-width="2.5" stroke-linejoin="round" stroke-dasharray="%s"/>`,
				path.String(), seriesColour(j), dashes[j%len(dashes)])
		}
		for i := range c.Categories {
			v := valueAt(s, i)
			tip := fmt.Sprintf("%s, %s: %s", category(c.Categories, i), names[j], cell(v, c.Decimals, c.SuppressBelow))
			if v.Suppressed {
				x, _ := at(i, 0)
				fmt.Fprintf(&d.b, `<rect class="point suppressed" x="%s" y="%s" width="8" height="8" fill="%s" stroke="#767676"><title>%s</title></rect>`,
					f(x-4), f(g.y1-4), d.hatch(), esc(tip))
				continue
			}
			x, y := at(i, finite(v))
			fmt.Fprintf(&d.b, `<circle class="point" cx="%s" cy="%s" r="3.5" fill="%s"><title>%s</title></circle>`, f(x), f(y), seriesColour(j), esc(tip))
		}
		d.b.WriteString(`</g>`)
	}
	return template.HTML(d.close())
}

// Table returns the chart's data, a row per category and a column per series.
func (c Line) Table() Table {
	return seriesTable(c.Title, c.CategoryAxis, c.Categories, c.Series, c.Decimals, c.SuppressBelow, false)
}
