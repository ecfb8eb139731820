package chart

import (
	"cmp"
	"fmt"
	"html/template"
)

// Sizes of the narrow bar chart in viewBox units. It is drawn 340 units
// wide so that a phone's column (about 340 to 360 CSS pixels) shows it at
// its own size: labels of 14 units read as 14 pixels, never below 12.
const (
	narrowWidth = 340.0
	narrowBand  = 40.0 // a label line and its bar
	narrowFont  = 14.0
	narrowValue = 96.0 // room kept right of the longest bar for its figure
)

// NarrowSVG draws a bar chart of the first series for a column as narrow
// as a phone's: one row per category, its label on a line of its own above
// its bar and the figure at the bar's end, so no text is squeezed and the
// chart grows only in height. The page that shows it heads it, so the
// title is not drawn, only named for assistive technology. A chart with
// more than one series draws as SVG does. Note, when set, is written under
// the bars (e.g. "and 37 more: see the table").
func (c Bar) NarrowSVG(note string) template.HTML {
	if len(c.Series) > 1 {
		return c.SVG()
	}
	d := &svgDoc{id: chartID("narrow", append([]string{c.Title, c.Description}, c.Categories...)...)}
	if len(c.Categories) == 0 || len(c.Series) == 0 {
		d.openNarrow(80, c.Title, c.Description)
		d.noData(45)
		return template.HTML(d.close())
	}
	s := c.Series[0]
	hidden := anySuppressed(c.Series, len(c.Categories))
	y0 := 4.0
	if c.ValueAxis != "" {
		y0 = 24
	}
	h := y0 + narrowBand*float64(len(c.Categories)) + 6
	if note != "" {
		h += 22
	}
	if hidden {
		h += 22
	}
	d.openNarrow(h, c.Title, c.Description)
	if c.ValueAxis != "" {
		d.text(10, 16, "start", 13, c.ValueAxis, 40, ` font-weight="bold" fill="#444"`)
	}
	fewer := cmp.Or(c.FewerText, suppressedText(c.SuppressBelow))
	figure := func(v Value) string {
		if v.Suppressed {
			return fewer
		}
		return number(v.N, c.Decimals)
	}
	maxV := 0.0
	for i := range c.Categories {
		maxV = max(maxV, finite(valueAt(s, i)))
	}
	x0, span := 10.0, narrowWidth-20-narrowValue
	labelChars := 39 // (narrowWidth - 20) / (narrowFont * charWidth)
	for i := range c.Categories {
		v := valueAt(s, i)
		name := category(c.Categories, i)
		top := y0 + float64(i)*narrowBand
		d.text(x0, top+14, "start", narrowFont, name, labelChars, "")
		w := 0.0
		if maxV > 0 {
			w = span * max(0, finite(v)) / maxV
		}
		tip := esc(name + ": " + figure(v))
		if v.Suppressed {
			w = 8
			fmt.Fprintf(&d.b, `<rect class="bar suppressed" x="%s" y="%s" width="%s" height="16" fill="%s" stroke="#767676"><title>%s</title></rect>`,
				f(x0), f(top+19), f(w), d.hatch(), tip)
		} else {
			fmt.Fprintf(&d.b, `<rect class="bar" x="%s" y="%s" width="%s" height="16" fill="%s"><title>%s</title></rect>`,
				f(x0), f(top+19), f(w), seriesColour(0), tip)
		}
		d.text(x0+w+6, top+32, "start", narrowFont, figure(v), 24, ` font-weight="bold"`)
	}
	fmt.Fprintf(&d.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#333"/>`, f(x0), f(y0+16), f(x0), f(y0+narrowBand*float64(len(c.Categories))))
	y := y0 + narrowBand*float64(len(c.Categories)) + 18
	if note != "" {
		d.text(x0, y, "start", 13, note, 46, ` font-style="italic"`)
		y += 22
	}
	if hidden {
		fmt.Fprintf(&d.b, `<rect x="10" y="%s" width="14" height="12" fill="%s" stroke="#767676"/>`, f(y-11), d.hatch())
		d.text(30, y, "start", 13, fewer, 40, ` font-style="italic"`)
	}
	return template.HTML(d.close())
}

// openNarrow starts a narrow chart: the root element, its title and
// description for assistive technology, the hatch pattern, no visible title.
func (d *svgDoc) openNarrow(h float64, title, desc string) {
	d.w, d.h = narrowWidth, h
	fmt.Fprintf(&d.b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart-narrow" viewBox="0 0 %s %s" width="100%%" role="img" aria-labelledby="%s-t %s-d" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="%s">`,
		f(narrowWidth), f(h), d.id, d.id, f(narrowFont))
	fmt.Fprintf(&d.b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, d.id, esc(title), d.id, esc(desc))
	fmt.Fprintf(&d.b, `<defs><pattern id="%s-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#f2f2f2"/><line x1="0" y1="0" x2="0" y2="6" stroke="#767676" stroke-width="2"/></pattern></defs>`, d.id)
	fmt.Fprintf(&d.b, `<rect width="%s" height="%s" fill="#fff"/>`, f(narrowWidth), f(h))
}
