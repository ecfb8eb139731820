// Package pdfdoc is the one way Haki writes text into a PDF (the reports
// and the data-protection export): an A4 page in the embedded DejaVu Sans,
// where every string is first passed through Clean, so that no label,
// narrative or name a user typed can crash the PDF library, and Render
// turns any failure while drawing into an error.
package pdfdoc

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
)

// DejaVu Sans covers Kiswahili and every county and station name; its
// licence is in fonts/LICENSE-DejaVu.txt.
//
//go:embed fonts/DejaVuSans.ttf
var dejaVuSans []byte

// fontCoverage is what the embedded font can draw, read once.
var fontCoverage = sync.OnceValue(func() *coverage {
	c, err := readCoverage(dejaVuSans)
	if err != nil {
		panic(err) // the embedded font is part of the build
	}
	return c
})

// Substitute returns the character drawn in place of one the font cannot
// draw: the replacement character, or '?' in a font without it.
func Substitute() rune {
	if fontCoverage().has(utf8.RuneError) {
		return utf8.RuneError
	}
	return '?'
}

// Clean returns s as the font can draw it: invalid UTF-8, control
// characters (NUL included) and characters the font has no glyph for (every
// character above U+FFFF, such as emoji, among them) become Substitute();
// a tab becomes a space and a carriage return a line break.
func Clean(s string) string {
	if printableASCII(s) {
		return s
	}
	cov, sub := fontCoverage(), Substitute()
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\t':
			b.WriteByte(' ')
		case r == '\r':
			if !strings.HasPrefix(s[i+1:], "\n") {
				b.WriteByte('\n')
			}
		case unicode.IsControl(r) || !cov.has(r):
			// An invalid byte reads as utf8.RuneError, which is drawn as
			// itself where the font has it.
			b.WriteRune(sub)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cleanLine is Clean for a one-line cell: line breaks become spaces.
func cleanLine(s string) string { return strings.ReplaceAll(Clean(s), "\n", " ") }

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' {
			return false
		}
	}
	return true
}

// Meta is what a document says about itself.
type Meta struct {
	Title string
	At    time.Time // creation and modification time
}

// Doc is a PDF being drawn. Its methods are the drawing calls Haki's
// documents use; those that take text clean it.
type Doc struct{ f *fpdf.Fpdf }

// Render draws a document with draw and writes it to w: A4, margins of
// 18 mm, the font at 10 points, "{nb}" standing for the number of pages.
// Nothing is written to w unless the whole document was made; a panic of
// the PDF library becomes an error.
func Render(w io.Writer, m Meta, draw func(d *Doc)) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("pdfdoc: drawing %q failed: %v", m.Title, r)
		}
	}()
	f := fpdf.New("P", "mm", "A4", "")
	f.SetTitle(Clean(m.Title), true)
	f.SetCreator("Haki", true)
	f.SetCreationDate(m.At)
	f.SetModificationDate(m.At)
	f.AddUTF8FontFromBytes("dejavu", "", dejaVuSans)
	f.SetMargins(18, 18, 18)
	f.SetAutoPageBreak(true, 20)
	f.AliasNbPages("{nb}")
	f.SetFont("dejavu", "", 10)
	draw(&Doc{f: f})
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return fmt.Errorf("pdfdoc: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// MultiCell writes text that wraps within width w (0: to the right margin).
func (d *Doc) MultiCell(w, h float64, text, border, align string, fill bool) {
	d.f.MultiCell(w, h, Clean(text), border, align, fill)
}

// CellFormat writes one line of text in a cell; see fpdf's CellFormat.
func (d *Doc) CellFormat(w, h float64, text, border string, ln int, align string, fill bool) {
	d.f.CellFormat(w, h, cleanLine(text), border, ln, align, fill, 0, "")
}

// StringWidth returns the width of text in millimetres, in the current size.
func (d *Doc) StringWidth(text string) float64 { return d.f.GetStringWidth(cleanLine(text)) }

// Fit returns text shortened with an ellipsis to at most w millimetres.
func (d *Doc) Fit(text string, w float64) string {
	text = cleanLine(text)
	if d.f.GetStringWidth(text) <= w {
		return text
	}
	// Rune by rune, so that a long text costs its length, not its square.
	limit, used := w-d.f.GetStringWidth("…"), 0.0
	for i, r := range text {
		used += d.f.GetStringWidth(string(r))
		if used > limit {
			return text[:i] + "…"
		}
	}
	return text
}

// SetFontSize sets the size of the font in points.
func (d *Doc) SetFontSize(pt float64) { d.f.SetFont("dejavu", "", pt) }

// SetFooterFunc sets what is drawn at the foot of every page.
func (d *Doc) SetFooterFunc(fn func()) { d.f.SetFooterFunc(fn) }

// SetHeaderFunc sets what is drawn at the top of every page.
func (d *Doc) SetHeaderFunc(fn func()) { d.f.SetHeaderFunc(fn) }

// AddPage starts a new page.
func (d *Doc) AddPage() { d.f.AddPage() }

// PageNo returns the current page number.
func (d *Doc) PageNo() int { return d.f.PageNo() }

// PageSize returns the page's width and height in millimetres.
func (d *Doc) PageSize() (w, h float64) { return d.f.GetPageSize() }

// Margins returns the left, top, right and bottom margins.
func (d *Doc) Margins() (left, top, right, bottom float64) { return d.f.GetMargins() }

// XY returns the current position.
func (d *Doc) XY() (x, y float64) { return d.f.GetXY() }

// Y returns the current vertical position.
func (d *Doc) Y() float64 { return d.f.GetY() }

// SetXY moves the current position.
func (d *Doc) SetXY(x, y float64) { d.f.SetXY(x, y) }

// SetY moves to the left margin at height y (from the bottom when negative).
func (d *Doc) SetY(y float64) { d.f.SetY(y) }

// SetX moves the position to x on the current line.
func (d *Doc) SetX(x float64) { d.f.SetX(x) }

// Ln moves to the next line, h lower (-1: by the last cell's height).
func (d *Doc) Ln(h float64) { d.f.Ln(h) }

// Rect draws a rectangle: "F" filled, "D" outlined.
func (d *Doc) Rect(x, y, w, h float64, style string) { d.f.Rect(x, y, w, h, style) }

// SetTextColor sets the colour of text.
func (d *Doc) SetTextColor(r, g, b int) { d.f.SetTextColor(r, g, b) }

// SetFillColor sets the colour of fills.
func (d *Doc) SetFillColor(r, g, b int) { d.f.SetFillColor(r, g, b) }

// SetDrawColor sets the colour of lines.
func (d *Doc) SetDrawColor(r, g, b int) { d.f.SetDrawColor(r, g, b) }
