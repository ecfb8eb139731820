package bodychart

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/i18n"
	"github.com/haki-kenya/haki/internal/pdfdoc"
)

// sampleMarks are findings on a view, one in the middle and at corners,
// one out of the box (drawn on its edge).
var sampleMarks = []Mark{{1, 0.5, 0.3}, {2, 0.3, 0.6}, {12, 0.7, 0.8}, {104, 1.2, -0.1}}

// renderAll draws every view into one PDF page by page.
func renderAll(tb testing.TB) []byte {
	tb.Helper()
	var buf bytes.Buffer
	err := pdfdoc.Render(&buf, pdfdoc.Meta{Title: "body charts", At: time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)}, func(d *pdfdoc.Doc) {
		for _, name := range haki.ChartViews {
			d.AddPage()
			d.CellFormat(0, 6, name, "", 1, "L", false)
			Draw(d, name, 18, 30, 174, 240, sampleMarks, label(tb, "sw"))
			d.SetY(262)
			d.CellFormat(0, 6, "text after the chart", "", 1, "L", false)
		}
	})
	if err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// TestDrawPDF renders every view into a PDF and, where pdftoppm is
// installed, into PNG images. With BODYCHART_SHOTS=DIR the PDF, the PNGs
// and an HTML page of the SVGs are kept in DIR, to look at.
func TestDrawPDF(t *testing.T) {
	pdf := renderAll(t)
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatal("Draw did not make a PDF")
	}
	dir := os.Getenv("BODYCHART_SHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	mustWrite(t, filepath.Join(dir, "bodychart.pdf"), pdf)
	var page strings.Builder
	page.WriteString(`<!doctype html><meta charset="utf-8"><style>svg{height:90vh;border:1px solid #ccc;margin:4px}</style>`)
	for _, name := range haki.ChartViews {
		page.WriteString(string(SVG(name, sampleMarks, Options{Label: label(t, "en"), Regions: true})))
	}
	mustWrite(t, filepath.Join(dir, "bodychart.html"), []byte(page.String()))
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("no pdftoppm to render the PDF")
	}
	out, err := exec.Command("pdftoppm", "-png", "-r", "60", filepath.Join(dir, "bodychart.pdf"), filepath.Join(dir, "page")).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	if len(pngs) != len(haki.ChartViews) {
		t.Fatalf("pdftoppm made %d pages, want %d", len(pngs), len(haki.ChartViews))
	}
}

// label returns the messages of the language.
func label(tb testing.TB, lang string) func(string) string {
	cat, err := i18n.New()
	if err != nil {
		tb.Fatal(err)
	}
	return func(k string) string { return cat.T(lang, k) }
}

func mustWrite(tb testing.TB, name string, b []byte) {
	tb.Helper()
	if err := os.WriteFile(name, b, 0o644); err != nil {
		tb.Fatal(err)
	}
}
