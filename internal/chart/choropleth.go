package chart

import (
	"fmt"
	"html/template"
	"math"
	"slices"
	"strconv"

	"github.com/haki-kenya/haki/internal/geo"
)

// Choropleth is a map of Kenya's 47 counties shaded by value in a few
// classes. A county with no value is drawn blank, a zero in grey, and a
// suppressed value hatched, never in a colour that would tell its size.
type Choropleth struct {
	Title         string
	Description   string
	ValueLabel    string           // what the values count, e.g. "Victims"
	Values        map[string]Value // by county code, "001" … "047"
	Classes       int              // colour classes, 2 to 7; 5 when zero
	Decimals      int
	SuppressBelow int
}

// ramp is a viridis-like sequential scale, light (low) to dark (high),
// readable in grey print and by colour-blind readers.
var ramp = []string{"#fde725", "#a0da39", "#4ac16d", "#1fa187", "#277f8e", "#365c8d", "#46327e"}

// Colours of the cells that carry no class.
const (
	noDataFill = "#ffffff"
	zeroFill   = "#d4d4d4"
)

// class is one legend entry of the colour scale: values in (from, to].
type class struct {
	from, to float64
	min      float64 // the smallest value of all, for the first class's label
	colour   string
}

// classes splits the positive, unsuppressed values into up to n classes of
// about equal counts (quantiles), so that one big county does not leave all
// others in the lowest class.
func (c Choropleth) classes() []class {
	n := c.Classes
	if n == 0 {
		n = 5
	}
	n = max(2, min(n, len(ramp)))
	var vs []float64
	for _, v := range c.Values {
		if !v.Suppressed && finite(v) > 0 {
			vs = append(vs, finite(v))
		}
	}
	if len(vs) == 0 {
		return nil
	}
	slices.Sort(vs)
	var uppers []float64
	for i := 1; i <= n; i++ {
		u := vs[int(math.Ceil(float64(i)*float64(len(vs))/float64(n)))-1]
		if len(uppers) == 0 || u > uppers[len(uppers)-1] {
			uppers = append(uppers, u)
		}
	}
	cs := make([]class, len(uppers))
	from := 0.0 // the first class starts at the smallest value: see classLabel
	for i, u := range uppers {
		idx := len(ramp) / 2
		if len(uppers) > 1 {
			idx = int(math.Round(float64(i) * float64(len(ramp)-1) / float64(len(uppers)-1)))
		}
		cs[i] = class{from: from, to: u, min: vs[0], colour: ramp[idx]}
		from = u
	}
	return cs
}

// fill returns the colour of a county and its legend name.
func (c Choropleth) fill(v Value, ok bool, cs []class, hatch string) string {
	switch {
	case !ok:
		return noDataFill
	case v.Suppressed:
		return hatch
	case finite(v) <= 0:
		return zeroFill
	}
	for _, k := range cs {
		if finite(v) <= k.to {
			return k.colour
		}
	}
	return cs[len(cs)-1].colour
}

// classLabel names a class's range, e.g. "5–12", as whole numbers when the
// chart has no decimals.
func (c Choropleth) classLabel(k class, first bool) string {
	step := math.Pow(10, -float64(max(0, min(c.Decimals, 6))))
	from := math.Floor(k.from/step)*step + step
	if first {
		from = k.min
	}
	if from >= k.to {
		return number(k.to, c.Decimals)
	}
	return number(from, c.Decimals) + "–" + number(k.to, c.Decimals)
}

// SVG draws the map with its legend on the right.
func (c Choropleth) SVG() template.HTML {
	d := &svgDoc{id: chartID("map", c.Title, c.Description, c.ValueLabel)}
	mw, mh := geo.Size()
	// The map is scaled so the whole chart is as wide as the others and its
	// text reads at the same size.
	const legendW, head = 220.0, 40.0
	k := (width - legendW - 10) / float64(mw)
	mapW, mapH := float64(mw)*k, float64(mh)*k
	d.open(width, mapH+head+10, c.Title, c.Description)
	cs := c.classes()
	fmt.Fprintf(&d.b, `<g class="counties" transform="translate(10 %s) scale(%s)" stroke="#555" stroke-width="0.8" stroke-linejoin="round" fill-rule="evenodd">`, f(head), strconv.FormatFloat(k, 'f', 4, 64))
	seen := map[string]bool{}
	for _, k := range geo.Counties() {
		v, ok := c.Values[k.Code]
		fill := c.fill(v, ok, cs, d.hatch())
		seen[fill] = true
		text := "no data"
		if ok {
			text = cell(v, c.Decimals, c.SuppressBelow)
		}
		fmt.Fprintf(&d.b, `<path class="county" data-code="%s" d="%s" fill="%s"><title>%s: %s</title></path>`,
			k.Code, k.Path, fill, esc(k.Name), esc(text))
	}
	d.b.WriteString(`</g>`)
	if len(c.Values) == 0 {
		d.noData(head + mapH/2)
	}
	x, y := 10+mapW+20, head+30
	if len(c.Values) == 0 {
		d.noData(head + float64(mh)/2)
	}
	if c.ValueLabel != "" {
		d.text(x, y, "start", fontSize, c.ValueLabel, 28, ` font-weight="bold"`)
		y += 12
	}
	entry := func(fill, label string) {
		y += 26
		fmt.Fprintf(&d.b, `<g class="legend-entry"><rect x="%s" y="%s" width="24" height="18" fill="%s" stroke="#555" stroke-width="0.6"/>`, f(x), f(y-14), fill)
		d.text(x+32, y, "start", fontSize, label, 24, "")
		d.b.WriteString(`</g>`)
	}
	for i, k := range cs {
		entry(k.colour, c.classLabel(k, i == 0))
	}
	if seen[zeroFill] {
		entry(zeroFill, number(0, c.Decimals))
	}
	if seen[d.hatch()] {
		entry(d.hatch(), suppressedText(c.SuppressBelow))
	}
	if seen[noDataFill] {
		entry(noDataFill, "No data")
	}
	return template.HTML(d.close())
}

// Table returns a row per county in code order, naming it as the
// Constitution does.
func (c Choropleth) Table() Table {
	label := clean(c.ValueLabel)
	if label == "" {
		label = "Value"
	}
	t := Table{Caption: clean(c.Title), Headers: []string{"Code", "County", label}}
	for _, k := range geo.Counties() {
		text := "No data"
		if v, ok := c.Values[k.Code]; ok {
			text = cell(v, c.Decimals, c.SuppressBelow)
		}
		t.Rows = append(t.Rows, []string{k.Code, k.Name, text})
	}
	return t
}
