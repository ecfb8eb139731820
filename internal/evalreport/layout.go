package evalreport

import (
	"strconv"
	"strings"

	"github.com/haki-kenya/haki"
)

// The page's geometry in millimetres (A4, pdfdoc's margins of 18).
const (
	pageLeft  = 18.0
	textWidth = 174.0
	labelW    = 52.0 // the label column of a field
	pageFoot  = 24.0 // room kept at the foot for the footer
)

// pageFrame sets the header and footer drawn on every page: the
// organisation and "Medico-legal evaluation" with the case reference; page
// X of Y, the evaluation's short hash, and DRAFT in red on a draft.
func (r *report) pageFrame() {
	d := r.d
	d.SetHeaderFunc(func() {
		d.SetXY(pageLeft, 8)
		d.SetFontSize(8.5)
		d.SetTextColor(70, 70, 70)
		d.CellFormat(textWidth/2, 5, d.Fit(r.o.OrgName, textWidth/2-2), "", 0, "L", false)
		right := r.t("title")
		if r.o.CaseRef != "" {
			right += " · " + r.o.CaseRef
		}
		d.CellFormat(textWidth/2, 5, d.Fit(right, textWidth/2), "", 1, "R", false)
		d.SetDrawColor(180, 180, 180)
		d.Rect(pageLeft, 13.5, textWidth, 0.2, "F")
		if r.o.Demo {
			d.SetFillColor(255, 221, 87)
			d.SetTextColor(0, 0, 0)
			d.SetXY(pageLeft, 14.5)
			d.CellFormat(textWidth, 5, r.t("demo"), "", 1, "C", true)
		}
		d.SetTextColor(0, 0, 0)
		d.SetXY(pageLeft, 22)
		d.SetFontSize(10)
	})
	d.SetFooterFunc(func() {
		d.SetY(-15)
		d.SetFontSize(8)
		d.SetTextColor(90, 90, 90)
		y := d.Y()
		d.CellFormat(textWidth/3, 5, r.t("page", d.PageNo()), "", 0, "L", false)
		d.CellFormat(textWidth/3, 5, r.t("short_hash", haki.ShortHash(r.hash())), "", 0, "C", false)
		if r.o.Draft {
			d.SetTextColor(200, 0, 0)
			d.CellFormat(textWidth/3, 5, r.t("draft_mark"), "", 0, "R", false)
		}
		d.SetXY(pageLeft, y)
		d.SetTextColor(0, 0, 0)
	})
}

// title writes the report's title block.
func (r *report) title() {
	d := r.d
	d.SetFontSize(19)
	d.MultiCell(0, 9, r.t("title"), "", "L", false)
	d.SetFontSize(10.5)
	d.SetTextColor(70, 70, 70)
	d.MultiCell(0, 5.5, r.t("subtitle"), "", "L", false)
	d.SetTextColor(0, 0, 0)
	if r.o.Draft {
		d.Ln(2)
		d.SetFillColor(253, 226, 226)
		d.SetTextColor(170, 0, 0)
		d.MultiCell(0, 6, r.t("draft_notice"), "", "L", true)
		d.SetTextColor(0, 0, 0)
	}
	d.Ln(3)
}

// ensure starts a new page unless h millimetres are left on this one.
func (r *report) ensure(h float64) {
	if _, ph := r.d.PageSize(); r.d.Y()+h > ph-pageFoot {
		r.d.AddPage()
	}
}

// section writes a numbered section heading, on a new page unless need
// millimetres of its start fit below it.
func (r *report) section(n int, key string, need float64) {
	r.ensure(16 + need)
	d := r.d
	d.Ln(3)
	d.SetFontSize(13)
	d.SetTextColor(16, 52, 96)
	d.MultiCell(0, 7, roman(n)+". "+r.t(key), "", "L", false)
	y := d.Y()
	d.SetFillColor(16, 52, 96)
	d.Rect(pageLeft, y, textWidth, 0.35, "F")
	d.SetY(y + 2)
	d.SetTextColor(0, 0, 0)
	d.SetFontSize(10)
}

// subheading writes a heading inside a section.
func (r *report) subheading(text string) {
	r.ensure(14)
	d := r.d
	d.Ln(1)
	d.SetFontSize(10.5)
	d.SetTextColor(16, 52, 96)
	d.MultiCell(0, 6, text, "", "L", false)
	d.SetTextColor(0, 0, 0)
	d.SetFontSize(10)
}

// field writes a label and its value side by side; an empty value reads
// "Not recorded".
func (r *report) field(label, value string) {
	r.ensure(10)
	d := r.d
	if strings.TrimSpace(value) == "" {
		value = r.t("not_recorded")
	}
	y := d.Y()
	d.SetFontSize(9)
	d.SetTextColor(80, 80, 80)
	d.SetXY(pageLeft, y)
	d.MultiCell(labelW-3, 5, label, "", "L", false)
	below, page := d.Y(), d.PageNo()
	d.SetTextColor(0, 0, 0)
	d.SetFontSize(10)
	d.SetXY(pageLeft+labelW, y)
	d.MultiCell(textWidth-labelW, 5, value, "", "L", false)
	if d.PageNo() == page && below > d.Y() {
		d.SetY(below)
	}
	d.Ln(1)
}

// text writes a labelled block of the clinician's text under its label.
func (r *report) text(label, value string) {
	r.ensure(14)
	d := r.d
	d.SetFontSize(9)
	d.SetTextColor(80, 80, 80)
	d.MultiCell(0, 5, label, "", "L", false)
	d.SetTextColor(0, 0, 0)
	d.SetFontSize(10)
	if strings.TrimSpace(value) == "" {
		d.SetTextColor(110, 110, 110)
		d.MultiCell(0, 5, r.t("not_recorded"), "", "L", false)
		d.SetTextColor(0, 0, 0)
	} else {
		d.MultiCell(0, 5, value, "", "L", false)
	}
	d.Ln(2)
}

// note writes a paragraph of the report's own words.
func (r *report) note(text string) {
	d := r.d
	d.SetFontSize(9.5)
	d.MultiCell(0, 5, text, "", "L", false)
	d.SetFontSize(10)
	d.Ln(1.5)
}

// roman writes n (1..39) in Roman numerals, as the Protocol numbers its outline.
func roman(n int) string {
	if n <= 0 || n >= 40 {
		return strconv.Itoa(n)
	}
	var b strings.Builder
	for _, p := range []struct {
		v int
		s string
	}{{10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}} {
		for n >= p.v {
			b.WriteString(p.s)
			n -= p.v
		}
	}
	return b.String()
}
