package chart

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/haki-kenya/haki/internal/geo"
)

// demoCharts are sample charts of each kind, with awkward data: long
// labels, zeros, suppressed cells.
func demoCharts() map[string]interface{ SVG() string } {
	months := []string{"Jan 2025", "Feb 2025", "Mar 2025", "Apr 2025", "May 2025", "Jun 2025", "Jul 2025", "Aug 2025", "Sep 2025", "Oct 2025", "Nov 2025", "Dec 2025"}
	bar := Bar{
		Title: "Victims of police killings by month, 2025", Description: "Victims of extrajudicial executions recorded each month of 2025.",
		CategoryAxis: "Month", ValueAxis: "Victims", Categories: months,
		Series:        []Series{{Name: "Victims", Values: Values(12, 9, 15, 22, 18, 30, 41, 27, 0, 14, 1250, 8)}},
		SuppressBelow: 5,
	}
	bar.Series[0].Values[11].Suppressed = true
	counties := []string{"Nairobi City", "Mombasa", "Kisumu", "Nakuru", "Elgeyo/Marakwet", "Tharaka-Nithi", "A very long station or unit name that goes on and on"}
	hbar := Bar{
		Title: "Victims by county and sex", Description: "Victims by county of the incident, women and men.",
		CategoryAxis: "County", ValueAxis: "Victims", Categories: counties, Horizontal: true, SuppressBelow: 5,
		Series: []Series{
			{Name: "Women", Values: Values(40, 12, 9, 7, 0, 3, 1)},
			{Name: "Men", Values: Values(212, 65, 48, 33, 6, 11, 2)},
		},
	}
	hbar.Series[0].Values[5].Suppressed = true
	stack := StackedBar{
		Title: "Incidents by context", Description: "Incidents per quarter by context.",
		CategoryAxis: "Quarter", ValueAxis: "Incidents", Categories: []string{"Q1 2025", "Q2 2025", "Q3 2025", "Q4 2025"}, SuppressBelow: 5,
		Series: []Series{
			{Name: "Anti-crime operation", Values: Values(40, 52, 61, 38)},
			{Name: "Protest policing", Values: Values(5, 71, 12, 9)},
			{Name: "Custody", Values: Values(8, 6, 11, 7)},
			{Name: "Other <unknown> & \"odd\"", Values: Values(3, 2, 0, 1)},
		},
	}
	stack.Series[3].Values[0].Suppressed = true
	line := Line{
		Title: "Victims by month and service", Description: "Monthly victims by the service of the perpetrator, 2024–2025.",
		CategoryAxis: "Month", ValueAxis: "Victims", SuppressBelow: 5,
	}
	for y := 2024; y <= 2025; y++ {
		for _, m := range []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"} {
			line.Categories = append(line.Categories, fmt.Sprintf("%s %d", m, y))
		}
	}
	for j, name := range []string{"Kenya Police Service", "Administration Police", "DCI"} {
		s := Series{Name: name}
		for i := range line.Categories {
			s.Values = append(s.Values, Value{N: float64((i*7+j*13)%23 + 10 - 5*j)})
		}
		line.Series = append(line.Series, s)
	}
	line.Series[2].Values[5].Suppressed = true
	line.Series[2].Values[6].Suppressed = true
	chor := Choropleth{
		Title: "Victims by county, 2025", Description: "Victims of extrajudicial executions by county of the incident, 2025.",
		ValueLabel: "Victims", SuppressBelow: 5, Values: map[string]Value{},
	}
	for i, c := range geo.Counties() {
		switch {
		case i%11 == 3:
			chor.Values[c.Code] = Value{N: 2, Suppressed: true}
		case i%13 == 5:
			chor.Values[c.Code] = Value{}
		case i%17 == 8:
			// no data
		default:
			chor.Values[c.Code] = Value{N: float64(5 + (i*37)%60)}
		}
	}
	chor.Values["047"] = Value{N: 412}
	return map[string]interface{ SVG() string }{
		"bar": svgOf(bar.SVG), "hbar": svgOf(hbar.SVG), "stacked": svgOf(stack.SVG),
		"line": svgOf(line.SVG), "map": svgOf(chor.SVG),
		"empty": svgOf(Bar{Title: "Nothing yet", Description: "No incidents in the period."}.SVG),
	}
}

type svgFunc func() string

func (f svgFunc) SVG() string { return f() }

func svgOf[T ~string](fn func() T) svgFunc { return func() string { return string(fn()) } }

// TestWriteDemo writes the sample charts to $CHART_DEMO_DIR for a person to
// look at, e.g. after rendering them with headless Chromium; without it, to
// a temporary folder, so that drawing every sample is still checked.
func TestWriteDemo(t *testing.T) {
	dir := os.Getenv("CHART_DEMO_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, c := range demoCharts() {
		s := c.SVG()
		if err := os.WriteFile(filepath.Join(dir, name+".svg"), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s.svg: %d bytes", name, len(s))
	}
}
