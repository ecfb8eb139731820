package evalreport

import (
	"strings"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/bodychart"
)

// chartAnnex writes the body charts: each view that has findings placed on
// it, the findings numbered on it and a legend of the numbers.
func (r *report) chartAnnex() {
	byView := map[string][]*haki.Finding{}
	for _, f := range r.e.Findings {
		if f.Placed() {
			byView[f.View] = append(byView[f.View], f)
		}
	}
	if len(byView) == 0 {
		return
	}
	first := true
	for _, view := range haki.ChartViews {
		found := byView[view]
		if len(found) == 0 {
			continue
		}
		r.d.AddPage()
		if first {
			r.annexTitle("annex_charts")
			first = false
		}
		r.chartPage(view, found)
	}
}

// annexTitle writes an annex's title.
func (r *report) annexTitle(key string) {
	d := r.d
	d.SetFontSize(13)
	d.SetTextColor(16, 52, 96)
	d.MultiCell(0, 7, r.t(key), "", "L", false)
	d.SetTextColor(0, 0, 0)
	d.SetFontSize(10)
	d.Ln(1)
}

// chartPage draws one view with its marks, then the legend.
func (r *report) chartPage(view string, found []*haki.Finding) {
	d := r.d
	r.subheading(r.code("view", view))
	marks := make([]bodychart.Mark, len(found))
	for i, f := range found {
		marks[i] = bodychart.Mark{No: f.No, X: f.X, Y: f.Y}
	}
	_, ph := d.PageSize()
	top := d.Y() + 2
	legendH := 8 + 5.5*float64(len(found))
	h := min(150, ph-pageFoot-top-legendH)
	if h < 100 { // a long legend goes on over the next page; the chart stays large
		h = min(150, ph-pageFoot-top-10)
	}
	r.drawChart(view, pageLeft+20, top, textWidth-40, h, marks)
	d.SetY(top + h + 4)
	d.SetFontSize(9)
	d.SetTextColor(80, 80, 80)
	d.MultiCell(0, 5, r.t("legend"), "", "L", false)
	d.SetTextColor(0, 0, 0)
	for _, f := range found {
		r.field(r.t("finding", f.No), r.legendLine(f))
	}
}

// legendLine is a finding's line in a chart's legend.
func (r *report) legendLine(f *haki.Finding) string {
	parts := []string{}
	for _, s := range []string{r.code("lesion", f.LesionType), r.region(f.Region), f.Size} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ") + " — " + r.opinion(f.Opinion) + " " + r.t("the_method", r.method(f.AllegedMethod))
}
