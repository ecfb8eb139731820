// Package chart draws bar, stacked bar, line and county-map charts as inline
// SVG on the server, each with a title, a description and its data as a
// table, so that a page, a print-out and a screen reader all get the figures.
//
// The SVG has no scripts, fonts or links; it scales to the width of its
// container; its colours are the Okabe–Ito palette and a viridis-like ramp,
// which readers with colour-blindness can tell apart. Every text comes from
// user data and is escaped.
package chart

import (
	"fmt"
	"hash/fnv"
	"html"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Value is one figure of a chart.
type Value struct {
	N float64
	// Suppressed marks a small cell hidden for privacy: it is drawn and
	// tabled as "fewer than N" (the chart's SuppressBelow), never by value.
	Suppressed bool
}

// Values turns plain numbers into values, none suppressed.
func Values(ns ...float64) []Value {
	vs := make([]Value, len(ns))
	for i, n := range ns {
		vs[i] = Value{N: n}
	}
	return vs
}

// Series is one named row of values, one per category of its chart.
type Series struct {
	Name   string
	Values []Value
}

// Table is a chart's data as rows of text, for an HTML table beside the
// chart and for exports.
type Table struct {
	Caption string
	Headers []string
	Rows    [][]string
}

// palette is Okabe & Ito's colour-blind-safe set, in the order series use it.
var palette = []string{"#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"}

func seriesColour(i int) string { return palette[i%len(palette)] }

// Sizes in viewBox units; at the usual 800-unit width they are pixels.
const (
	width     = 800.0
	fontSize  = 14.0
	smallFont = 12.0
	titleFont = 18.0
	charWidth = 0.58 // average glyph width as a share of the font size
	noDataMsg = "No data"
	ellipsis  = "…"
)

// number formats v with the given decimals and thousands separators.
func number(v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	decimals = max(0, min(decimals, 6))
	s := strconv.FormatFloat(math.Abs(v), 'f', decimals, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if v < 0 && strings.Trim(s, "0.") != "" {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// cell is a value as a table or label shows it.
func cell(v Value, decimals, suppressBelow int) string {
	if v.Suppressed {
		return suppressedText(suppressBelow)
	}
	return number(v.N, decimals)
}

func suppressedText(below int) string {
	if below > 0 {
		return "fewer than " + strconv.Itoa(below)
	}
	return "suppressed"
}

// finite is v for drawing: a suppressed or non-finite value draws as zero.
func finite(v Value) float64 {
	if v.Suppressed || math.IsNaN(v.N) || math.IsInf(v.N, 0) {
		return 0
	}
	return v.N
}

// ticks returns 1-2-5 spaced ticks covering [lo, hi], about n of them.
func ticks(lo, hi float64, n, decimals int) []float64 {
	lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	if hi-lo <= 0 {
		hi = 1
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	// Ticks must print distinctly at the chart's precision.
	step = math.Max(step, math.Pow(10, -float64(max(0, min(decimals, 6)))))
	digits := max(0, int(-math.Floor(math.Log10(step))))
	var ts []float64
	for k := math.Floor(lo / step); ; k++ {
		// Round to the step's digits, so 3×0.2 is 0.6, not 0.6000000000000001.
		t, _ := strconv.ParseFloat(strconv.FormatFloat(k*step, 'f', digits, 64), 64)
		ts = append(ts, t)
		if t >= hi-step*1e-9 || len(ts) > 50 {
			break
		}
	}
	return ts
}

// clean makes s safe to put in XML: valid UTF-8 with no control characters.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case r < 0x20, r == 0xFFFE, r == 0xFFFF, r >= 0x7F && r < 0xA0:
			return '\uFFFD'
		}
		return r
	}, s)
}

// esc cleans and escapes s for XML text and attributes.
func esc(s string) string { return html.EscapeString(clean(s)) }

// truncate shortens s to at most n characters, ending with an ellipsis.
func truncate(s string, n int) string {
	s = clean(s)
	if n < 2 || utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + ellipsis
}

// textWidth estimates the drawn width of s at the given font size.
func textWidth(s string, size float64) float64 {
	return float64(utf8.RuneCountInString(s)) * size * charWidth
}

// f prints a coordinate with at most one decimal.
func f(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		x = 0
	}
	return strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64)
}

// chartID derives an id prefix from what a chart shows, so that several
// charts inline in one page do not share ids.
func chartID(kind string, parts ...string) string {
	h := fnv.New64a()
	io.WriteString(h, kind)
	for _, p := range parts {
		io.WriteString(h, "\x00"+p)
	}
	return fmt.Sprintf("%s%x", kind, h.Sum64()&0xffffffffff)
}

// svgDoc writes a chart's shell around its body.
type svgDoc struct {
	b    strings.Builder
	id   string
	w, h float64
}

// open starts the document: the root element, its title and description,
// the visible title, and the shared hatch pattern for suppressed cells.
func (d *svgDoc) open(w, h float64, title, desc string) {
	d.w, d.h = w, h
	fmt.Fprintf(&d.b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" width="100%%" role="img" aria-labelledby="%s-t %s-d" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="%s" style="max-width:100%%;height:auto">`,
		f(w), f(h), d.id, d.id, f(fontSize))
	fmt.Fprintf(&d.b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, d.id, esc(title), d.id, esc(desc))
	fmt.Fprintf(&d.b, `<defs><pattern id="%s-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#f2f2f2"/><line x1="0" y1="0" x2="0" y2="6" stroke="#767676" stroke-width="2"/></pattern></defs>`, d.id)
	fmt.Fprintf(&d.b, `<rect width="%s" height="%s" fill="#fff"/>`, f(w), f(h))
	t := truncate(title, int((w-20)/(titleFont*charWidth)))
	fmt.Fprintf(&d.b, `<text x="10" y="26" font-size="%s" font-weight="bold" fill="#111">%s</text>`, f(titleFont), esc(t))
}

func (d *svgDoc) hatch() string { return "url(#" + d.id + "-hatch)" }

// text writes a text element; a truncated label keeps its full text in a
// title child so that it still shows on hover and to assistive technology.
func (d *svgDoc) text(x, y float64, anchor string, size float64, full string, maxChars int, extra string) {
	t := truncate(full, maxChars)
	fmt.Fprintf(&d.b, `<text x="%s" y="%s" text-anchor="%s" font-size="%s" fill="#222"%s>`, f(x), f(y), anchor, f(size), extra)
	if t != clean(full) {
		fmt.Fprintf(&d.b, `<title>%s</title>`, esc(full))
	}
	d.b.WriteString(esc(t))
	d.b.WriteString(`</text>`)
}

// noData writes the message an empty chart shows instead of a plot.
func (d *svgDoc) noData(y float64) {
	fmt.Fprintf(&d.b, `<text x="%s" y="%s" text-anchor="middle" font-size="%s" fill="#555">%s</text>`, f(d.w/2), f(y), f(fontSize+2), noDataMsg)
}

// legend writes one row of swatches and names per line, wrapping at the
// width, and returns the y below it.
func (d *svgDoc) legend(x, y float64, names []string, swatch func(i int, x, y float64) string) float64 {
	if len(names) < 2 {
		return y
	}
	cx := x
	for i, n := range names {
		label := truncate(n, 30)
		w := 22 + textWidth(label, smallFont) + 16
		if cx > x && cx+w > d.w-10 {
			cx, y = x, y+20
		}
		d.b.WriteString(`<g class="legend-entry">`)
		d.b.WriteString(swatch(i, cx, y-10))
		d.text(cx+18, y, "start", smallFont, n, 30, "")
		d.b.WriteString(`</g>`)
		cx += w
	}
	return y + 14
}

// note writes a line of explanation at the foot of the chart.
func (d *svgDoc) note(x float64, text string) {
	d.text(x, d.h-10, "start", smallFont, text, 110, ` font-style="italic"`)
}

// suppressionNote draws the hatch swatch at the foot and says what it
// means; stacked bars draw no hatch, so they only say it.
func (d *svgDoc) suppressionNote(below int, stacked bool) {
	if stacked {
		d.note(10, "Values "+suppressedText(below)+" are not drawn, to protect the people counted; their bars show no total.")
		return
	}
	fmt.Fprintf(&d.b, `<rect x="10" y="%s" width="14" height="12" fill="%s" stroke="#767676"/>`, f(d.h-21), d.hatch())
	d.note(30, suppressedText(below)+": not shown, to protect the people counted")
}

func (d *svgDoc) close() string {
	d.b.WriteString(`</svg>`)
	return d.b.String()
}

// category returns name, or a stand-in for an empty one.
func category(names []string, i int) string {
	if i < len(names) && strings.TrimSpace(names[i]) != "" {
		return names[i]
	}
	return "(none)"
}

// valueAt returns series s's value for category i, zero when missing.
func valueAt(s Series, i int) Value {
	if i < len(s.Values) {
		return s.Values[i]
	}
	return Value{}
}

// seriesTable builds the table shared by bar, stacked bar and line charts:
// a row per category, a column per series.
func seriesTable(title, categoryAxis string, categories []string, series []Series, decimals, below int, total bool) Table {
	t := Table{Caption: clean(title), Headers: []string{clean(categoryAxis)}}
	if t.Headers[0] == "" {
		t.Headers[0] = "Category"
	}
	for i, s := range series {
		name := clean(s.Name)
		if name == "" {
			name = fmt.Sprintf("Series %d", i+1)
		}
		t.Headers = append(t.Headers, name)
	}
	if total && len(series) > 1 {
		t.Headers = append(t.Headers, "Total")
	}
	for i := range categories {
		row := []string{clean(category(categories, i))}
		sum, hidden := 0.0, false
		for _, s := range series {
			v := valueAt(s, i)
			row = append(row, cell(v, decimals, below))
			sum += finite(v)
			hidden = hidden || v.Suppressed
		}
		if total && len(series) > 1 {
			if hidden {
				// A total beside a suppressed cell would give the cell away.
				row = append(row, "–")
			} else {
				row = append(row, number(sum, decimals))
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}
