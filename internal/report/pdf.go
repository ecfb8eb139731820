package report

import (
	"io"
	"strings"

	"github.com/haki-kenya/haki/internal/chart"
	"github.com/haki-kenya/haki/internal/pdfdoc"
)

// maxBars is how many rows a section's chart draws, the largest (an
// ordinal breakdown such as months draws all); its table has them all.
const maxBars = 15

// WritePDF writes the document on A4: the organisation, the title, period,
// filters and counting rule, the summary, then each breakdown as bars
// drawn in the PDF beside its table; page numbers, the generation time and
// a demonstration server's marking on every page.
func WritePDF(w io.Writer, d *Document) error {
	return pdfdoc.Render(w, pdfdoc.Meta{Title: d.Title, At: d.GeneratedAt}, func(pdf *pdfdoc.Doc) {
		page := pageLabel(d)
		if d.DemoText != "" {
			pdf.SetHeaderFunc(func() {
				pdf.SetFontSize(9)
				pdf.SetFillColor(255, 221, 87)
				pdf.CellFormat(0, 6, d.DemoText, "", 1, "C", true)
				pdf.Ln(2)
			})
		}
		pdf.SetFooterFunc(func() {
			pdf.SetY(-14)
			pdf.SetFontSize(8)
			pdf.SetTextColor(90, 90, 90)
			pdf.CellFormat(0, 5, strings.Join(nonEmpty(d.Org, d.Title, d.Generated), " · "), "", 1, "L", false)
			pdf.CellFormat(0, 5, strings.Replace(page, "%d", itoa(pdf.PageNo()), 1), "", 0, "R", false)
			pdf.SetTextColor(0, 0, 0)
		})
		pdf.AddPage()
		p := pdfDoc{pdf: pdf}
		p.heading(d)
		p.table(d.Summary)
		for _, s := range d.Sections {
			p.section(s)
		}
		p.evaluations(d)
	})
}

// pageLabel is "Page %d of {nb}" in the document's language; fpdf fills {nb}.
func pageLabel(d *Document) string { return d.pageFormat }

type pdfDoc struct{ pdf *pdfdoc.Doc }

func (p pdfDoc) heading(d *Document) {
	pdf := p.pdf
	if d.Org != "" {
		pdf.SetFontSize(11)
		pdf.SetTextColor(70, 70, 70)
		pdf.MultiCell(0, 6, d.Org, "", "L", false)
		pdf.SetTextColor(0, 0, 0)
	}
	pdf.SetFontSize(18)
	pdf.MultiCell(0, 9, d.Title, "", "L", false)
	pdf.SetFontSize(11)
	pdf.MultiCell(0, 6, d.Period, "", "L", false)
	pdf.SetFontSize(9)
	for _, f := range d.Filters {
		pdf.MultiCell(0, 5, f[0]+": "+f[1], "", "L", false)
	}
	pdf.Ln(2)
	pdf.SetFillColor(238, 242, 247)
	pdf.MultiCell(0, 5, d.Rule, "", "L", true)
	if d.Suppression != "" {
		pdf.Ln(1)
		pdf.MultiCell(0, 5, d.Suppression, "", "L", true)
	}
	pdf.SetTextColor(70, 70, 70)
	pdf.MultiCell(0, 5, d.Generated, "", "L", false)
	pdf.SetTextColor(0, 0, 0)
	pdf.Ln(3)
}

// ensure starts a new page unless h millimetres are left on this one.
func (p pdfDoc) ensure(h float64) {
	if _, ph := p.pdf.PageSize(); p.pdf.Y()+h > ph-22 {
		p.pdf.AddPage()
	}
}

func (p pdfDoc) section(s Section) {
	rows, more := s.Top(maxBars)
	p.ensure(14 + float64(min(len(rows), 40))*5.5 + 20)
	pdf := p.pdf
	pdf.Ln(3)
	pdf.SetFontSize(13)
	pdf.MultiCell(0, 7, s.Title, "", "L", false)
	if s.Note != "" {
		pdf.SetFontSize(8)
		pdf.SetTextColor(70, 70, 70)
		pdf.MultiCell(0, 4, s.Note, "", "L", false)
		pdf.SetTextColor(0, 0, 0)
	}
	p.bars(s, rows, more)
	p.table(s.Table)
}

// bars draws the rows of the section's victims as horizontal bars: a
// label, a bar in proportion to the largest, and the figure; then how many
// rows only the table holds. A hidden figure draws no bar, only its text,
// so its size cannot be read off the page.
func (p pdfDoc) bars(s Section, rows []int, more int) {
	if len(rows) == 0 {
		return
	}
	pdf := p.pdf
	maxV := 0.0
	for _, i := range rows {
		if v := s.Victims[i]; !v.Suppressed && v.N > maxV {
			maxV = v.N
		}
	}
	const labelW, barW, rowH = 58.0, 88.0, 5.5
	left, _, _, _ := pdf.Margins()
	pdf.SetFontSize(8)
	for _, i := range rows {
		p.ensure(rowH)
		y := pdf.Y()
		pdf.SetXY(left, y)
		pdf.CellFormat(labelW-2, rowH, pdf.Fit(s.Names[i], labelW-3), "", 0, "R", false)
		v := s.Victims[i]
		x := left + labelW
		text := s.Table.Rows[i][1]
		if !v.Suppressed && maxV > 0 && v.N > 0 {
			w := barW * v.N / maxV
			pdf.SetFillColor(0, 114, 178)
			pdf.Rect(x, y+1, w, rowH-2, "F")
			x += w
		} else if v.Suppressed {
			pdf.SetDrawColor(150, 150, 150)
			pdf.Rect(x, y+1, 3, rowH-2, "D")
			x += 3
		}
		pdf.SetXY(x+1, y)
		pdf.CellFormat(30, rowH, text, "", 0, "L", false)
		pdf.SetXY(left, y+rowH)
	}
	if more > 0 {
		pdf.SetTextColor(90, 90, 90)
		pdf.SetX(left + labelW)
		pdf.CellFormat(0, 5, s.labels.T("report.more_rows", more), "", 1, "L", false)
		pdf.SetTextColor(0, 0, 0)
	}
	pdf.Ln(2)
}

// nonEmpty returns the strings that are not "".
func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// table draws a table with a header row, repeating the header on a new page.
func (p pdfDoc) table(t chart.Table) {
	pdf := p.pdf
	pageW, _ := pdf.PageSize()
	left, _, right, _ := pdf.Margins()
	width := pageW - left - right
	cols := len(t.Headers)
	if cols == 0 {
		return
	}
	widths := make([]float64, cols)
	rest := width * 0.5
	if cols == 3 {
		rest = width * 0.6
	}
	widths[0] = width - rest
	for i := 1; i < cols; i++ {
		widths[i] = rest / float64(cols-1)
	}
	header := func() {
		pdf.SetFontSize(8.5)
		pdf.SetFillColor(225, 230, 238)
		for i, h := range t.Headers {
			align := "R"
			if i == 0 {
				align = "L"
			}
			pdf.CellFormat(widths[i], 6, pdf.Fit(h, widths[i]-2), "B", 0, align, true)
		}
		pdf.Ln(-1)
	}
	p.ensure(20)
	header()
	pdf.SetFontSize(8.5)
	for k, row := range t.Rows {
		if _, ph := pdf.PageSize(); pdf.Y()+5 > ph-22 {
			pdf.AddPage()
			header()
			pdf.SetFontSize(8.5)
		}
		fill := k%2 == 1
		pdf.SetFillColor(246, 247, 249)
		for i := range cols {
			v, align := "", "R"
			if i < len(row) {
				v = row[i]
			}
			if i == 0 {
				align = "L"
			}
			pdf.CellFormat(widths[i], 5, pdf.Fit(v, widths[i]-2), "", 0, align, fill)
		}
		pdf.Ln(-1)
	}
	pdf.Ln(3)
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}
