package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
	"unicode/utf8"
)

// Bar is a bar chart: one bar per category, or a group of bars per category
// when there are several series. Horizontal bars suit long category names
// such as counties; vertical ones suit months.
type Bar struct {
	Title         string
	Description   string // one or two sentences saying what the chart shows
	CategoryAxis  string // what the categories are, e.g. "County"
	ValueAxis     string // what the values count, e.g. "Victims"
	Categories    []string
	Series        []Series
	Horizontal    bool
	Decimals      int // digits after the decimal point in labels and the table
	SuppressBelow int // the threshold of suppressed values, shown as "fewer than N"
	// FewerText is how NarrowSVG writes a suppressed value, in the page's
	// language; "fewer than N" when empty.
	FewerText string
}

// StackedBar is a bar chart whose series stack into one bar per category.
type StackedBar Bar

// SVG draws the chart.
func (c Bar) SVG() template.HTML { return template.HTML(drawBars(c, false)) }

// Table returns the chart's data, a row per category and a column per series.
func (c Bar) Table() Table {
	return seriesTable(c.Title, c.CategoryAxis, c.Categories, c.Series, c.Decimals, c.SuppressBelow, false)
}

// SVG draws the chart.
func (c StackedBar) SVG() template.HTML { return template.HTML(drawBars(Bar(c), true)) }

// Table returns the chart's data with a total per category; a total beside
// a suppressed cell is withheld.
func (c StackedBar) Table() Table {
	return seriesTable(c.Title, c.CategoryAxis, c.Categories, c.Series, c.Decimals, c.SuppressBelow, true)
}

// span is one drawn bar: a stretch of the value axis within a category band.
type span struct {
	cat, series int
	from, to    float64
	v           Value
}

func drawBars(c Bar, stacked bool) string {
	kind := "bar"
	if stacked {
		kind = "stack"
	}
	d := &svgDoc{id: chartID(kind, append([]string{c.Title, c.Description}, c.Categories...)...)}
	names := seriesNames(c.Series)
	if len(c.Categories) == 0 || len(c.Series) == 0 {
		d.open(width, 140, c.Title, c.Description)
		d.noData(90)
		return d.close()
	}
	spans, lo, hi := layoutSpans(c, stacked)
	ts := ticks(lo, hi, 5, c.Decimals)
	lo, hi = ts[0], ts[len(ts)-1]
	perBand := 1
	if !stacked {
		perBand = len(c.Series)
	}
	var g geometry
	if c.Horizontal {
		g = horizontalGeometry(c, perBand, ts)
	} else {
		g = verticalGeometry(c, perBand, ts)
	}
	hidden := anySuppressed(c.Series, len(c.Categories))
	if hidden {
		g.height += 22
	}
	d.open(width, g.height, c.Title, c.Description)
	if hidden {
		d.suppressionNote(c.SuppressBelow, stacked)
	}
	y := d.legend(10, 52, names, func(i int, x, y float64) string {
		return fmt.Sprintf(`<rect x="%s" y="%s" width="12" height="12" fill="%s"/>`, f(x), f(y), seriesColour(i))
	})
	_ = y
	g.axes(d, c, ts)
	scale := func(v float64) float64 { return (v - lo) / (hi - lo) }
	for _, s := range spans {
		drawSpan(d, c, g, s, scale, perBand, stacked)
	}
	if stacked {
		drawTotals(d, c, g, spans, scale)
	}
	return d.close()
}

func anySuppressed(ss []Series, n int) bool {
	for _, s := range ss {
		for i := range n {
			if valueAt(s, i).Suppressed {
				return true
			}
		}
	}
	return false
}

func seriesNames(ss []Series) []string {
	names := make([]string, len(ss))
	for i, s := range ss {
		names[i] = s.Name
		if strings.TrimSpace(s.Name) == "" {
			names[i] = fmt.Sprintf("Series %d", i+1)
		}
	}
	return names
}

// layoutSpans places every bar on the value axis and returns the range the
// axis must cover.
func layoutSpans(c Bar, stacked bool) (spans []span, lo, hi float64) {
	for i := range c.Categories {
		pos, neg := 0.0, 0.0
		for j, s := range c.Series {
			v := valueAt(s, i)
			n := finite(v)
			sp := span{cat: i, series: j, from: 0, to: n, v: v}
			if stacked && n >= 0 {
				sp.from, sp.to, pos = pos, pos+n, pos+n
			} else if stacked {
				sp.from, sp.to, neg = neg, neg+n, neg+n
			}
			lo, hi = math.Min(lo, sp.to), math.Max(hi, sp.to)
			spans = append(spans, sp)
		}
	}
	return spans, lo, hi
}

// geometry maps bands and axis fractions to the page, for either direction.
type geometry struct {
	horizontal     bool
	x0, x1, y0, y1 float64 // the plot area
	band           float64 // the size of one category's band
	labelChars     int     // category labels are truncated to this
	rotate         bool    // vertical charts with long labels slant them
	every          int     // label every nth category
	axisTitleY     float64 // where a vertical chart's category axis title goes
	height         float64
}

// bar returns the rectangle of a bar from axis fraction a to b in band
// slot k of n within category i.
func (g geometry) bar(i, k, n int, a, b float64) (x, y, w, h float64) {
	inner := g.band * 0.8
	thick := inner / float64(n)
	start := float64(i)*g.band + g.band*0.1 + float64(k)*thick
	if g.horizontal {
		xa, xb := g.x0+a*(g.x1-g.x0), g.x0+b*(g.x1-g.x0)
		return math.Min(xa, xb), g.y0 + start, math.Abs(xb - xa), thick
	}
	ya, yb := g.y1-a*(g.y1-g.y0), g.y1-b*(g.y1-g.y0)
	return g.x0 + start, math.Min(ya, yb), thick, math.Abs(yb - ya)
}

func horizontalGeometry(c Bar, perBand int, ts []float64) geometry {
	longest := 0
	for i := range c.Categories {
		longest = max(longest, utf8.RuneCountInString(clean(category(c.Categories, i))))
	}
	g := geometry{horizontal: true, labelChars: min(longest, 30), every: 1}
	g.x0 = 10 + math.Max(40, float64(g.labelChars)*fontSize*charWidth+12)
	g.x1 = width - 100
	g.y0 = top(c.Series, c.CategoryAxis != "")
	g.band = math.Max(26, float64(perBand)*15+8)
	g.y1 = g.y0 + g.band*float64(len(c.Categories))
	g.height = g.y1 + 30
	if c.ValueAxis != "" {
		g.height += 20
	}
	return g
}

func verticalGeometry(c Bar, perBand int, ts []float64) geometry {
	g := geometry{every: 1}
	tickW := 0.0
	for _, t := range ts {
		tickW = math.Max(tickW, textWidth(number(t, c.Decimals), smallFont))
	}
	g.x0 = 10 + tickW + 8
	if c.ValueAxis != "" {
		g.x0 += 20
	}
	g.x1 = width - 10
	g.y0 = top(c.Series, false) + 10
	g.y1 = g.y0 + 280
	g.band = (g.x1 - g.x0) / float64(len(c.Categories))
	longest := 0
	for i := range c.Categories {
		longest = max(longest, utf8.RuneCountInString(clean(category(c.Categories, i))))
	}
	fit := int((g.band - 10) / (smallFont * charWidth))
	bottom := 24.0
	if longest <= fit {
		g.labelChars = longest
	} else {
		g.rotate = true
		g.labelChars = min(longest, 20)
		// Label every nth category so labels do not overlap; a band the
		// value labels squeezed to nothing (or below) still labels some.
		if every := math.Ceil(16 / g.band); every >= 1 && every < 1e6 {
			g.every = int(every)
		}
		bottom = float64(g.labelChars)*smallFont*charWidth*0.72 + 22
	}
	g.height = g.y1 + bottom + 10
	if c.CategoryAxis != "" {
		g.axisTitleY = g.height + 6
		g.height += 22
	}
	return g
}

// top is where the plot starts: below the title and the legend.
func top(series []Series, axisTitle bool) float64 {
	y := 46.0
	if len(series) > 1 {
		// Legend rows, estimated as drawSvg's legend wraps them.
		x, rows := 10.0, 1
		for _, n := range seriesNames(series) {
			w := 22 + textWidth(truncate(n, 30), smallFont) + 16
			if x > 10 && x+w > width-10 {
				x, rows = 10, rows+1
			}
			x += w
		}
		y += float64(rows)*20 + 4
	}
	if axisTitle {
		y += 22
	}
	return y
}

// axes draws grid lines, tick labels, category labels and axis titles.
func (g geometry) axes(d *svgDoc, c Bar, ts []float64) {
	lo, hi := ts[0], ts[len(ts)-1]
	d.b.WriteString(`<g class="grid" stroke="#d0d0d0" stroke-width="1">`)
	for _, t := range ts {
		a := (t - lo) / (hi - lo)
		if g.horizontal {
			x := g.x0 + a*(g.x1-g.x0)
			fmt.Fprintf(&d.b, `<line x1="%s" y1="%s" x2="%s" y2="%s"/>`, f(x), f(g.y0), f(x), f(g.y1))
		} else {
			y := g.y1 - a*(g.y1-g.y0)
			fmt.Fprintf(&d.b, `<line x1="%s" y1="%s" x2="%s" y2="%s"/>`, f(g.x0), f(y), f(g.x1), f(y))
		}
	}
	d.b.WriteString(`</g><g class="ticks">`)
	for _, t := range ts {
		a := (t - lo) / (hi - lo)
		if g.horizontal {
			d.text(g.x0+a*(g.x1-g.x0), g.y1+18, "middle", smallFont, number(t, c.Decimals), 20, "")
		} else {
			d.text(g.x0-6, g.y1-a*(g.y1-g.y0)+4, "end", smallFont, number(t, c.Decimals), 20, "")
		}
	}
	d.b.WriteString(`</g><g class="categories">`)
	for i := range c.Categories {
		name := category(c.Categories, i)
		mid := (float64(i) + 0.5) * g.band
		switch {
		case g.horizontal:
			d.text(g.x0-8, g.y0+mid+5, "end", fontSize, name, g.labelChars, "")
		case i%g.every != 0:
		case g.rotate:
			x, y := g.x0+mid+4, g.y1+14
			d.text(x, y, "end", smallFont, name, g.labelChars, fmt.Sprintf(` transform="rotate(-45 %s %s)"`, f(x), f(y)))
		default:
			d.text(g.x0+mid, g.y1+18, "middle", smallFont, name, g.labelChars, "")
		}
	}
	d.b.WriteString(`</g>`)
	// The zero line, darker than the grid.
	z := (0 - lo) / (hi - lo)
	if g.horizontal {
		x := g.x0 + z*(g.x1-g.x0)
		fmt.Fprintf(&d.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#333"/>`, f(x), f(g.y0), f(x), f(g.y1))
		if c.ValueAxis != "" {
			d.text((g.x0+g.x1)/2, g.y1+40, "middle", fontSize, c.ValueAxis, 60, ` font-weight="bold"`)
		}
		if c.CategoryAxis != "" {
			d.text(g.x0-8, g.y0-10, "end", fontSize, c.CategoryAxis, g.labelChars+10, ` font-weight="bold"`)
		}
		return
	}
	y := g.y1 - z*(g.y1-g.y0)
	fmt.Fprintf(&d.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#333"/>`, f(g.x0), f(y), f(g.x1), f(y))
	if c.ValueAxis != "" {
		x, y := 18.0, (g.y0+g.y1)/2
		d.text(x, y, "middle", fontSize, c.ValueAxis, 40, fmt.Sprintf(` font-weight="bold" transform="rotate(-90 %s %s)"`, f(x), f(y)))
	}
	if c.CategoryAxis != "" {
		d.text((g.x0+g.x1)/2, g.axisTitleY, "middle", fontSize, c.CategoryAxis, 60, ` font-weight="bold"`)
	}
}

// drawSpan draws one bar. A suppressed value gets a short hatched stub of
// fixed size, so that its length tells nothing.
func drawSpan(d *svgDoc, c Bar, g geometry, s span, scale func(float64) float64, perBand int, stacked bool) {
	k := s.series
	if stacked {
		k = 0
	}
	tip := fmt.Sprintf("%s, %s: %s", category(c.Categories, s.cat), seriesNames(c.Series)[s.series], cell(s.v, c.Decimals, c.SuppressBelow))
	if s.v.Suppressed {
		if stacked {
			return // the table and the category's title say it; a stub inside a stack would mislead
		}
		x, y, w, h := g.bar(s.cat, k, perBand, scale(0), scale(0))
		if g.horizontal {
			w = 8
		} else {
			y, h = y-8, 8
		}
		fmt.Fprintf(&d.b, `<rect class="bar suppressed" x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="#767676"><title>%s</title></rect>`,
			f(x), f(y), f(w), f(h), d.hatch(), esc(tip))
		valueLabel(d, g, x, y, w, h, suppressedText(c.SuppressBelow), perBand, true)
		return
	}
	x, y, w, h := g.bar(s.cat, k, perBand, scale(s.from), scale(s.to))
	fmt.Fprintf(&d.b, `<rect class="bar" x="%s" y="%s" width="%s" height="%s" fill="%s"><title>%s</title></rect>`,
		f(x), f(y), f(w), f(h), seriesColour(s.series), esc(tip))
	if !stacked {
		valueLabel(d, g, x, y, w, h, number(s.v.N, c.Decimals), perBand, s.v.N >= 0)
	}
}

// valueLabel writes a value at the end of its bar when there is room.
func valueLabel(d *svgDoc, g geometry, x, y, w, h float64, label string, perBand int, positive bool) {
	if g.horizontal {
		if h < smallFont-2 {
			return
		}
		if positive {
			d.text(x+w+4, y+h/2+4, "start", smallFont, label, 20, "")
		} else {
			d.text(x-4, y+h/2+4, "end", smallFont, label, 20, "")
		}
		return
	}
	if textWidth(label, smallFont) > g.band/float64(perBand)+4 {
		return
	}
	if positive {
		d.text(x+w/2, y-4, "middle", smallFont, label, 20, "")
	} else {
		d.text(x+w/2, y+h+14, "middle", smallFont, label, 20, "")
	}
}

// drawTotals writes each stack's total at its end, unless a suppressed
// segment would make the total give the cell away.
func drawTotals(d *svgDoc, c Bar, g geometry, spans []span, scale func(float64) float64) {
	for i := range c.Categories {
		sum, end, hidden := 0.0, 0.0, false
		for _, s := range spans {
			if s.cat == i {
				sum += finite(s.v)
				end = math.Max(end, s.to)
				hidden = hidden || s.v.Suppressed
			}
		}
		if hidden {
			continue
		}
		x, y, w, h := g.bar(i, 0, 1, scale(0), scale(end))
		valueLabel(d, g, x, y, w, h, number(sum, c.Decimals), 1, true)
	}
}
