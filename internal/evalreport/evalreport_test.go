package evalreport_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/evalreport"
	"github.com/haki-kenya/haki/internal/i18n"
)

// signedAt is a fixed instant, so that no test depends on the clock.
var signedAt = time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)

// sampleEvaluation is a signed evaluation with two physical findings (one
// on the back view), a psychological one, a PHQ-9 result and an addendum.
func sampleEvaluation() *haki.Evaluation {
	e := &haki.Evaluation{
		ID: "ev-1", CaseID: "case-1", Kind: "both", EvaluatorID: "u-1",
		EvaluatorName: "Dr Amina Wanjiru", EvaluatorProfession: "doctor", EvaluatorLicence: "KMPDC A1234",
		Qualifications: "MBChB (Nairobi), MMed Pathology; 9 years of forensic practice; trained in the Istanbul Protocol.",
		ExaminedOn:     time.Date(2026, 3, 12, 0, 0, 0, 0, haki.Nairobi),
		Status:         haki.EvaluationSigned, Version: 4, SignedAt: signedAt,
	}
	e.EvaluationContent = haki.EvaluationContent{
		Place: "Haki clinic, Nairobi", Interpreter: "Kiswahili–English, Mr J. Otieno", ExamConsent: "given",
		ExamConsentMethod: "signed_form", Uses: []string{"care", "litigation"},
		Account:   "Arrested on 2 March 2026 at a protest; beaten with batons on the back and arms in the police vehicle and at the station.\nHeld three days.",
		Detention: "Crowded cell, no water the first day.", AcuteSymptoms: "Pain in the back and left arm.",
		ChronicSymptoms: "Headaches, poor sleep.", Disabilities: "Cannot lift the left arm above the shoulder.",
		PsychHistory: "No psychiatric history before the arrest.", MentalState: "Anxious, tearful when telling of the cell.",
		Diagnoses: "Post-traumatic stress reaction.", Tests: "X-ray of the left forearm: no fracture.",
		Findings: []*haki.Finding{
			{No: 1, Kind: "physical", View: "back", X: 0.42, Y: 0.3, Region: "upper_back", LesionType: "bruise",
				Description: "Two parallel linear bruises (tramline), 12 cm long, 2 cm apart.", Size: "12 x 4 cm",
				Colour: "purple-green", EstimatedAge: "7–10 days", AllegedMethod: "beating with a baton",
				Opinion: "highly_consistent", PhotoIDs: []string{"p1"}},
			{No: 2, Kind: "physical", Region: "forearm_left", LesionType: "abrasion",
				Description: "Healing abrasion of the left forearm.", AllegedMethod: "dragging on the ground",
				Opinion: "consistent", PhotoIDs: []string{"p2"}},
			{No: 3, Kind: "psychological", Description: "Nightmares of the cell, startle response.",
				AllegedMethod: "detention and beating", Opinion: "typical"},
		},
		Instruments:    []haki.InstrumentResult{{Code: "phq9", Version: 1, Total: 17, Band: "moderately_severe", Flags: []string{"q9"}}},
		Interpretation: "The tramline bruises are highly consistent with blows from a rod-like object.",
		OverallLevel:   "highly_consistent", Limitations: "Examined ten days after the events.",
		RecTreatment: "Physiotherapy; counselling.", RecExamination: "Review in 4 weeks.", RecProtection: "None asked for.",
		Forms: map[string]map[string]string{"p3": {"part1.allegations": "Assaulted by police officers on 2 March 2026.",
			"part2_regions.thorax": "Tender over the left ribs.", "part9.extra": "An answer under a key the form lacks."}},
	}
	e.Hash = e.SignedHash()
	a := &haki.Addendum{ID: "ad-1", Reason: "X-ray result arrived", Text: "The X-ray of 16 March shows no fracture.",
		SignedBy: "u-1", SignerName: "Dr Amina Wanjiru", SignedAt: signedAt.Add(72 * time.Hour)}
	a.Hash = a.ChainHash(e.Hash)
	e.Addenda = []*haki.Addendum{a}
	return e
}

// mustPNG makes a small photograph-like PNG of w by h pixels.
func mustPNG(tb testing.TB, w, h int, c color.RGBA) []byte {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{c.R, uint8(int(c.G) + x*60/w), uint8(int(c.B) + y*60/h), 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func mustCatalog(tb testing.TB) *i18n.Catalog {
	tb.Helper()
	cat, err := i18n.New()
	if err != nil {
		tb.Fatal(err)
	}
	return cat
}

// mustRender renders the sample in lang and returns the PDF.
func mustRender(tb testing.TB, e *haki.Evaluation, lang string, draft bool) []byte {
	tb.Helper()
	opts := evalreport.Options{
		Lang: lang, Catalog: mustCatalog(tb), OrgName: "Haki Kenya (demo)", CaseRef: "HK-2026-0042",
		Draft: draft, Demo: true, Fingerprint: "AB12 CD34 EF56 7890 AB12 CD34 EF56 7890", At: signedAt,
		Photos: []evalreport.Photo{
			{FindingNo: 1, Caption: "Upper back, scale in cm", SHA256: strings.Repeat("a1", 32), Image: mustPNG(tb, 320, 240, color.RGBA{150, 80, 60, 255})},
			{FindingNo: 2, Caption: "Left forearm", SHA256: strings.Repeat("b2", 32), Image: mustPNG(tb, 200, 300, color.RGBA{120, 90, 70, 255})},
		},
	}
	var buf bytes.Buffer
	if err := evalreport.Render(&buf, e, opts); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// pdfText returns the text of pdf by pdftotext, or skips the test.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed: the text of the report is not checked")
	}
	path := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func TestRenderText(t *testing.T) {
	e := sampleEvaluation()
	for _, tc := range []struct {
		lang string
		want []string
	}{
		{"en", []string{"Medico-legal evaluation", "HK-2026-0042", "highly consistent with", "consistent with",
			"not consistent with", "typical of", "diagnostic of", "Statement of truthfulness", "Addendum 1",
			"key fingerprint AB12 CD34", "haki evaluation verify FILE", "Annex: body charts", "Body, back",
			"2026-03-14 12:30 EAT", "Page 1 of", "Dr Amina Wanjiru", "X-ray result arrived", "Name withheld",
			"Annex: clinical forms", "Tender over the left ribs", "part9.extra"}},
		{"sw", []string{"Tathmini ya kitabibu-kisheria", "yanaendana sana na", "hayaendani na", "ni ya kawaida ya",
			"yanathibitisha", "Tamko la ukweli", "Nyongeza 1", "Kiambatisho: chati za mwili", "Ukurasa 1 kati ya",
			"Mwili, nyuma", "Arrested on 2 March 2026"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			text := pdfText(t, mustRender(t, e, tc.lang, false))
			flat := strings.Join(strings.Fields(text), " ")
			for _, w := range append(tc.want, haki.ShortHash(e.Hash), e.Addenda[0].Hash[:8]) {
				if !strings.Contains(flat, w) {
					t.Errorf("%s report lacks %q", tc.lang, w)
				}
			}
			if strings.Contains(flat, "evalreport.") {
				t.Errorf("%s report shows a message key", tc.lang)
			}
		})
	}
}

func TestRenderDraft(t *testing.T) {
	e := sampleEvaluation()
	e.Status, e.SignedAt, e.Hash, e.Addenda = haki.EvaluationDraft, time.Time{}, "", nil
	text := strings.Join(strings.Fields(pdfText(t, mustRender(t, e, "en", true))), " ")
	if n := strings.Count(text, "DRAFT — not signed"); n < 3 {
		t.Errorf("a draft says DRAFT %d times, want on every page", n)
	}
	if strings.Contains(text, "carries the digital signature") {
		t.Error("a draft claims a digital signature")
	}
}

func TestRenderRefuses(t *testing.T) {
	e := sampleEvaluation()
	opts := evalreport.Options{Lang: "en", Catalog: mustCatalog(t),
		Photos: []evalreport.Photo{{FindingNo: 1, Image: []byte("not a picture")}}}
	var buf bytes.Buffer
	if err := evalreport.Render(&buf, e, opts); err == nil || buf.Len() > 0 {
		t.Errorf("a photograph that is no picture: err %v, %d bytes written", err, buf.Len())
	}
	e.Restrict()
	if err := evalreport.Render(&buf, e, evalreport.Options{Catalog: opts.Catalog}); err == nil {
		t.Error("a restricted evaluation was printed")
	}
}

// TestRenderLarge prints an evaluation at the domain's limits of size and
// with text the font cannot draw: it must come out whole.
func TestRenderLarge(t *testing.T) {
	e := sampleEvaluation()
	long := strings.Repeat("Kupigwa kwa rungu 🚨 mgongoni\x00, ", 1500)
	e.Account, e.Interpretation, e.Qualifications = long, long, long
	views := []string{"front", "back", "left", "right", "head", "hands", "feet", ""}
	for i := range 200 {
		e.Findings = append(e.Findings, &haki.Finding{No: len(e.Findings) + 1, Kind: "physical", View: views[i%len(views)],
			X: float64(i%10) / 10, Y: float64(i%7) / 7, Region: "no_such_region", LesionType: "scar",
			Description: long[:300], AllegedMethod: "beating", Opinion: haki.OpinionLevels[i%5]})
	}
	e.Hash = e.SignedHash()
	pdf := mustRender(t, e, "sw", false)
	if len(pdf) < 10000 {
		t.Fatalf("%d bytes", len(pdf))
	}
	text := pdfText(t, pdf)
	if !strings.Contains(text, "Tokeo 203") {
		t.Error("the last finding is not printed")
	}
}
