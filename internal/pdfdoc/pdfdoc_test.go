package pdfdoc

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// hostile are texts a label, name or narrative may hold.
var hostile = []string{
	"Kayole 😀 station",                          // emoji, above U+FFFF
	"𝕳𝖆𝖐𝖎 𐍈 🇰🇪",                                 // mathematical letters, Gothic, a flag
	"NUL\x00in\x00the middle",                   // NUL
	"bad \xff\xfe utf-8 \xc3",                   // invalid UTF-8
	"\u202eRTL override\u202c and \u200f marks", // bidirectional controls
	"شرطة كينيا",                                // Arabic
	"警察署",                                       // CJK, not in the font
	"\ue000 private use",                        // private use
	"bell\a escape\x1b del\x7f c1\u0085",        // control characters
	"tab\there\r\nCRLF\rCR",                     // line breaks
	strings.Repeat("Kwamaiko", 300),             // a very long word
	strings.Repeat("😀", 2000),                   // many astral characters
	"",
}

func TestClean(t *testing.T) {
	sub := string(Substitute())
	for _, tc := range []struct{ in, want string }{
		{"Nairobi City", "Nairobi City"},
		{"Ñjeri Čech, Mũrang'a – “ok”", "Ñjeri Čech, Mũrang'a – “ok”"},
		{"a😀b", "a" + sub + "b"},
		{"a\x00b", "a" + sub + "b"},
		{"a\xffb", "a" + sub + "b"},
		{"a\tb\r\nc\rd", "a b\nc\nd"},
		{"\x1b[31m", sub + "[31m"},
		{"警", sub},
	} {
		if got := Clean(tc.in); got != tc.want {
			t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, s := range hostile {
		checkClean(t, s)
	}
}

// checkClean fails unless Clean(s) is valid UTF-8 that the font can draw.
func checkClean(t *testing.T, s string) {
	t.Helper()
	c := Clean(s)
	if !utf8.ValidString(c) {
		t.Fatalf("Clean(%q) is not valid UTF-8", s)
	}
	for _, r := range c {
		if r != '\n' && !fontCoverage().has(r) {
			t.Fatalf("Clean(%q) keeps %U, which the font cannot draw", s, r)
		}
	}
}

func TestSubstituteIsVisible(t *testing.T) {
	if Substitute() != utf8.RuneError {
		t.Fatalf("the font should have the replacement character; got %q", Substitute())
	}
}

// draw writes text through every call that takes text.
func draw(text string) func(d *Doc) {
	return func(d *Doc) {
		d.SetFooterFunc(func() {
			d.SetY(-14)
			d.SetFontSize(8)
			d.CellFormat(0, 5, text, "", 0, "L", false)
		})
		d.AddPage()
		d.SetFontSize(12)
		d.MultiCell(0, 6, text, "", "L", false)
		d.MultiCell(40, 5, text, "", "L", true)
		d.CellFormat(60, 5, d.Fit(text, 58), "", 1, "R", false)
		d.CellFormat(30, 5, text, "B", 1, "L", true)
		_ = d.StringWidth(text)
	}
}

func TestRenderHostileText(t *testing.T) {
	at := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
	for _, s := range hostile {
		var buf bytes.Buffer
		if err := Render(&buf, Meta{Title: s, At: at}, draw(s)); err != nil {
			t.Fatalf("Render(%q): %v", s[:min(len(s), 40)], err)
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
			t.Fatalf("Render(%q) wrote no PDF", s[:min(len(s), 40)])
		}
	}
}

// A panic while drawing is an error, and nothing is written.
func TestRenderRecovers(t *testing.T) {
	var buf bytes.Buffer
	err := Render(&buf, Meta{Title: "x"}, func(d *Doc) {
		d.AddPage()
		d.MultiCell(0, 5, "before", "", "L", false)
		panic("broken")
	})
	if err == nil || !strings.Contains(err.Error(), "broken") {
		t.Fatalf("err = %v, want the panic as an error", err)
	}
	if buf.Len() != 0 {
		t.Fatalf("%d bytes written after a failure", buf.Len())
	}
}

// FuzzRender draws any text through the text path of every PDF Haki makes.
func FuzzRender(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkClean(t, s)
		var buf bytes.Buffer
		if err := Render(&buf, Meta{Title: s}, draw(s)); err != nil {
			t.Fatalf("Render(%q): %v", s, err)
		}
	})
}
