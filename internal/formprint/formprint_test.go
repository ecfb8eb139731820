package formprint

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
)

// TestRenderForms prints the P3 and PRC forms with a few answers in
// English and Kiswahili; with poppler's pdftotext the sections come out
// in the form's order, the answers and choice labels present.
func TestRenderForms(t *testing.T) {
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range haki.ClinicalForms() {
		answers := map[string]string{}
		for _, s := range f.Sections {
			for _, fd := range s.Fields {
				switch fd.Kind {
				case "textarea", "text":
					answers[s.Key+"."+fd.Key] = "Noted at examination"
				case "date":
					answers[s.Key+"."+fd.Key] = "2026-03-01"
				case "yesno":
					answers[s.Key+"."+fd.Key] = "yes"
				case "choice":
					answers[s.Key+"."+fd.Key] = fd.Choices[0]
				}
				break
			}
		}
		if err := f.Check(answers); err != nil {
			t.Fatalf("%s: test answers refused: %v", f.Code, err)
		}
		for _, lang := range []string{"en", "sw"} {
			var buf bytes.Buffer
			o := Options{Lang: lang, OrgName: "Haki Demo", CaseRef: "CASE-2026-000123", At: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
				T: func(key string, args ...any) string { return cat.T(lang, key, args...) }}
			if err := Render(&buf, f, answers, o); err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF")) {
				t.Fatalf("%s %s: not a PDF", f.Code, lang)
			}
			text := pdfText(t, buf.Bytes())
			if text == "" {
				continue
			}
			last := -1
			for _, s := range f.Sections {
				i := strings.Index(text, firstLine(label(s.Title, lang)))
				if i < last {
					t.Errorf("%s %s: section %s out of order", f.Code, lang, s.Key)
				}
				last = max(last, i)
			}
			if !strings.Contains(text, "CASE-2026-000123") || strings.Contains(text, "%!") {
				t.Errorf("%s %s: text %q", f.Code, lang, text[:min(len(text), 400)])
			}
		}
	}
}

func firstLine(s string) string {
	if i := strings.IndexAny(s, "(\n"); i > 0 {
		s = s[:i]
	}
	if len(s) > 20 {
		s = s[:20]
	}
	return strings.TrimSpace(s)
}

// pdfText is the PDF's text by pdftotext, "" (and a note) without it.
func pdfText(t *testing.T, pdf []byte) string {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("pdftotext (poppler-utils) not installed: the text is not checked; .ci/run installs it")
		return ""
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "f.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", in, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}
