package bodychart

import (
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"
)

// Options say how SVG draws a view.
type Options struct {
	// Label returns the text of an interface message: "bodychart.view.<view>",
	// "bodychart.right", "bodychart.panel.<panel>", "bodychart.marked" and,
	// with Regions, "region.<code>". Nil shows the keys themselves.
	Label func(key string) string
	// Regions adds an invisible shape over each region, carrying its code in
	// data-region and its label in a <title>, for bodychart.js to read a tap.
	// The shapes are clipped by clip paths with ids "bodychart-<view>-partN":
	// a page showing one view twice gets the same ids twice, harmlessly, as
	// both copies are the same shapes.
	Regions bool
}

// Look of the drawing, in view units (a view is 100 wide).
const (
	markR      = 4 // radius of a finding's numbered circle
	pad        = 5 // room around the box, so that a mark on its edge shows whole
	markColour = "#b00020"
)

// SVG returns view drawn as a complete inline <svg> with marks numbered on
// it, or "" for an unknown view. It scales to its container. Its viewBox
// is the view's box (0 0 data-w data-h) with a margin for the marks; its
// root has data-view, data-w, data-h, data-mark-r, role="img", an
// aria-label naming the view and the findings marked, and a <title>. Every text is escaped, so the result is
// safe to put in a page as it is.
func SVG(viewName string, marks []Mark, o Options) template.HTML {
	v, ok := views[viewName]
	if !ok {
		return ""
	}
	label := o.Label
	if label == nil {
		label = func(k string) string { return k }
	}
	name := label("bodychart.view." + viewName)
	aria := name
	if len(marks) > 0 {
		nos := make([]string, len(marks))
		for i, m := range marks {
			nos[i] = strconv.Itoa(m.No)
		}
		aria += ". " + label("bodychart.marked") + ": " + strings.Join(nos, ", ")
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="%s %s %s %s" class="bodychart" data-view="%s" data-w="%s" data-h="%s" data-mark-r="%s" role="img" aria-label="%s">`,
		num(-pad), num(-pad), num(v.w+2*pad), num(v.h+2*pad), html.EscapeString(viewName), num(v.w), num(v.h), num(markR), html.EscapeString(aria))
	fmt.Fprintf(&b, `<title>%s</title>`, html.EscapeString(name))
	b.WriteString(`<g class="bodychart-outline" fill="#fff" stroke="#222" stroke-width="0.6" stroke-linejoin="round">`)
	for _, p := range v.parts {
		fmt.Fprintf(&b, `<polygon points="%s"/>`, points(p))
	}
	b.WriteString(`</g><g class="bodychart-lines" fill="none" stroke="#555" stroke-width="0.4" stroke-linecap="round" stroke-linejoin="round">`)
	for _, l := range v.lines {
		tag := "polyline"
		if l.closed {
			tag = "polygon"
		}
		fmt.Fprintf(&b, `<%s points="%s"/>`, tag, points(l.pts))
	}
	b.WriteString(`</g><g class="bodychart-captions" font-family="sans-serif" font-size="3.6" fill="#333" text-anchor="middle">`)
	for _, c := range v.captions {
		fmt.Fprintf(&b, `<text x="%s" y="%s">%s</text>`, num(c.X), num(c.Y), html.EscapeString(label(c.key)))
	}
	b.WriteString(`</g>`)
	if o.Regions {
		writeRegions(&b, viewName, v, label)
	}
	b.WriteString(`<g class="bodychart-marks" pointer-events="none">`)
	for _, m := range marks {
		x, y := m.clamped()
		writeMark(&b, m.No, x*v.w, y*v.h)
	}
	b.WriteString(`</g></svg>`)
	return template.HTML(b.String()) // every text above is escaped
}

// writeRegions writes the hit areas: each region clipped to its part of the
// body, the first region of the view drawn last so that it is on top, as
// RegionAt looks it up first.
func writeRegions(b *strings.Builder, viewName string, v *view, label func(string) string) {
	id := func(i int) string { return "bodychart-" + html.EscapeString(viewName) + "-part" + strconv.Itoa(i) }
	b.WriteString(`<defs>`)
	for i, p := range v.parts {
		fmt.Fprintf(b, `<clipPath id="%s"><polygon points="%s"/></clipPath>`, id(i), points(p))
	}
	b.WriteString(`</defs><g class="bodychart-regions" fill="transparent" stroke="none">`)
	for i := len(v.regions) - 1; i >= 0; i-- {
		r := v.regions[i]
		fmt.Fprintf(b, `<polygon data-region="%s" clip-path="url(#%s)" points="%s"><title>%s</title></polygon>`,
			html.EscapeString(r.code), id(r.part), points(r.poly), html.EscapeString(label("region."+r.code)))
	}
	b.WriteString(`</g>`)
}

// writeMark draws finding no as a white disc ringed in red with its number
// in black, readable in colour and in greyscale print.
func writeMark(b *strings.Builder, no int, x, y float64) {
	text := strconv.Itoa(no)
	fmt.Fprintf(b, `<g class="bodychart-mark" data-no="%d"><circle cx="%s" cy="%s" r="%s" fill="#fff" stroke="%s" stroke-width="0.9"/>`,
		no, num(x), num(y), num(markR), markColour)
	fmt.Fprintf(b, `<text x="%s" y="%s" font-family="sans-serif" font-size="%s" font-weight="bold" fill="#000" text-anchor="middle">%s</text></g>`,
		num(x), num(y+markFont(text)*0.36), num(markFont(text)), text)
}

// markFont is the size of a mark's number, smaller for long numbers, in
// proportion to the mark (bodychart.js sizes the marks it draws alike).
func markFont(text string) float64 {
	switch len(text) {
	case 1:
		return markR * 1.22
	case 2:
		return markR * 1.08
	default:
		return markR * 0.78
	}
}

func points(pts []pt) string {
	var b strings.Builder
	for i, p := range pts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(num(p.X) + "," + num(p.Y))
	}
	return b.String()
}

// num writes v with at most two decimals.
func num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" || s == "" {
		return "0"
	}
	return s
}
