package evalreport_test

import (
	"bytes"
	"image/color"
	"testing"

	"github.com/haki-kenya/haki/internal/evalreport"
)

// FuzzRender prints the sample with a fuzzed text in every text field and
// a fuzzed file as its photograph: the report either comes out as a PDF or
// is refused with an error, and nothing is written when refused.
func FuzzRender(f *testing.F) {
	f.Add("Tramline bruises", mustPNG(f, 8, 6, color.RGBA{200, 10, 10, 255}))
	f.Add("\x00\r\n\t🚨 \xff\xfe", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x7f\xff\xff\xff\x7f\xff\xff\xff\x08\x02"))
	f.Add("Mgongo wa juu — ñ ç ß", []byte("\xff\xd8\xff\xe0 not really a JPEG"))
	cat := mustCatalog(f)
	f.Fuzz(func(t *testing.T, text string, picture []byte) {
		e := sampleEvaluation()
		e.Account, e.Place, e.Interpretation, e.EvaluatorName = text, text, text, text
		e.Findings[0].Description, e.Findings[0].AllegedMethod, e.Addenda[0].Text = text, text, text
		opts := evalreport.Options{Lang: "sw", Catalog: cat, OrgName: text, CaseRef: text, Fingerprint: text,
			Photos: []evalreport.Photo{{FindingNo: 1, Caption: text, SHA256: text, Image: picture}}}
		var buf bytes.Buffer
		err := evalreport.Render(&buf, e, opts)
		if err != nil && buf.Len() > 0 {
			t.Fatalf("refused (%v) but wrote %d bytes", err, buf.Len())
		}
		if err == nil && !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
			t.Fatal("no PDF written")
		}
	})
}
