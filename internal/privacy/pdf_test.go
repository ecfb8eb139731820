package privacy_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/i18n"
	"github.com/haki-kenya/haki/internal/privacy"
)

// sampleExport is an export with a little of everything, names with
// letters beyond ASCII included.
func sampleExport() *haki.PersonExport {
	at := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
	age := 34
	x := &haki.PersonExport{GeneratedAt: at,
		Person: &haki.Person{Ref: "PER-2026-000042", FullName: "Wanjiru Kamau Ng'ang'a", OtherNames: []string{"Shiru", "Ñjeri Čech"}, Sex: "female",
			EstimatedAge: &age, Phone: "+254 700 000 111", NationalID: "12345678", CountyCode: "KE-047", NextOfKin: "Sister, +254 711 000 222",
			Notes: strings.Repeat("Seen at the clinic after the arrest; follow-up planned. ", 4), CreatedAt: at, UpdatedAt: at},
		LegalHold: &haki.LegalHold{Reason: "Inquest pending at Kibera law courts", SetBy: "admin", SetAt: at},
		Incidents: []haki.IncidentFacts{{ID: "i1", Ref: "INC-2026-000007", Types: []string{"torture"}, Occurred: haki.MustFuzzyDate("2025-11-02"),
			CountyCode: "KE-047", Verification: "verified"}},
		Acts:     []*haki.Act{{IncidentID: "i1", ActType: "torture", VictimStatus: "injured", Notes: "Beaten in custody."}},
		Sources:  []*haki.Source{{Kind: "testimony", Description: "Statement taken at the office."}},
		Cases:    []*haki.Case{{Ref: "CASE-2026-000003", IntakeDate: at, Status: "active", Summary: "Medical and legal support."}},
		Consents: []*haki.Consent{},
	}
	for i := range 60 {
		x.Audit = append(x.Audit, haki.ExportActivity{At: at.Add(time.Duration(i) * time.Hour), Username: "caseworker", Action: []string{"create", "update", "view"}[i%3],
			Purpose: "person PER-2026-000042"})
	}
	return x
}

func TestWritePDF(t *testing.T) {
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "sw"} {
		t.Run(lang, func(t *testing.T) {
			l := privacy.Labels{T: func(key string, args ...any) string { return cat.T(lang, key, args...) },
				Term: func(vocab, code string) string { return fmt.Sprintf("%s", code) }}
			var buf bytes.Buffer
			if err := privacy.WritePDF(&buf, sampleExport(), l); err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) || buf.Len() < 1000 {
				t.Fatalf("not a PDF: %d bytes", buf.Len())
			}
			// HAKI_PDF_OUT=dir writes the files, to look at them.
			if dir := os.Getenv("HAKI_PDF_OUT"); dir != "" {
				os.WriteFile(dir+"/export-"+lang+".pdf", buf.Bytes(), 0o600)
			}
		})
	}
}

// The export is made whatever the records and labels hold: emoji and other
// characters above U+FFFF, NUL, invalid UTF-8, right-to-left marks, control
// characters and a very long word.
func TestWritePDFHostileText(t *testing.T) {
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Wanjiru 😀 🇰🇪", "𝕳𝖆𝖐𝖎", "NUL\x00byte", "bad \xff utf-8", "\u202eRTL\u202c \u200f", "esc\x1b[31m",
		strings.Repeat("Kwamaiko", 300)} {
		x := sampleExport()
		x.Person.FullName, x.Person.Notes, x.Person.OtherNames = s, s, []string{s}
		x.Acts[0].Notes, x.Sources[0].Description, x.Cases[0].Summary = s, s, s
		x.Audit[0].Username, x.Audit[0].Purpose = s, s
		l := privacy.Labels{T: func(key string, args ...any) string { return cat.T("en", key, args...) },
			Term: func(vocab, code string) string { return s }}
		var buf bytes.Buffer
		if err := privacy.WritePDF(&buf, x, l); err != nil {
			t.Fatalf("%q: %v", s[:min(len(s), 30)], err)
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
			t.Fatalf("%q: not a PDF", s[:min(len(s), 30)])
		}
	}
}
