package web

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/pdfsign"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// userClient is a browser with a fresh session of u.
func (a *testApp) userClient(tb testing.TB, u *haki.User) *testClient {
	tb.Helper()
	jar, _ := cookiejar.New(nil)
	sess, err := a.store.CreateSession(context.Background(), u.ID)
	if err != nil {
		tb.Fatal(err)
	}
	srv, _ := url.Parse(a.srv.URL)
	jar.SetCookies(srv, []*http.Cookie{{Name: httpx.SessionCookie, Value: sess.Token, Path: "/"}})
	return &testClient{tb: tb, app: a, csrf: sess.CSRFToken, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// evaluationFixture is a case with a doctor of the directory assigned,
// enrolled in two-step sign-in, and the doctor's evaluation with a
// photographed finding, still a draft.
type evaluationFixture struct {
	app    *testApp
	kase   *haki.Case
	doctor *haki.User
	secret string
	now    time.Time
	eval   *haki.Evaluation
}

func newEvaluationFixture(t *testing.T) *evaluationFixture {
	t.Helper()
	st := storetest.Open(t)
	f := &evaluationFixture{now: time.Now().UTC().Truncate(time.Second)}
	st.Now = func() time.Time { return f.now }
	f.app = newTestApp(t, st)
	admin := f.app.users[haki.RoleAdmin]
	f.kase = mustCase(t, st, admin, f.app.users[haki.RoleCaseworker].TeamID, false)
	f.doctor = storetest.MustUser(t, st, "drkamau", haki.RoleProfessional, "")
	mustProfessional(t, st, admin, "Dr Wanjiru Kamau", f.doctor.ID)
	f.kase.AssigneeIDs = append(f.kase.AssigneeIDs, f.doctor.ID)
	if err := st.UpdateCase(storetest.As(admin), f.kase); err != nil {
		t.Fatal(err)
	}
	en, err := st.BeginTOTPEnrolment(storetest.As(f.doctor), store.AccountProof{Password: storetest.Password})
	if err != nil {
		t.Fatal(err)
	}
	f.secret = en.Secret
	if _, err := st.ConfirmTOTP(storetest.As(f.doctor), code(t, f.secret, f.now)); err != nil {
		t.Fatal(err)
	}
	photo := &haki.Evidence{OwnerKind: haki.OwnerCase, OwnerID: f.kase.ID, Kind: "photo", Filename: "back.png", Description: "Upper back"}
	if err := f.app.server.evidence.CreateEvidence(storetest.As(admin), photo, bytes.NewReader(smallPNG(t))); err != nil {
		t.Fatal(err)
	}
	f.eval = &haki.Evaluation{CaseID: f.kase.ID, Kind: "physical", ExaminedOn: f.now.AddDate(0, 0, -2),
		EvaluationContent: haki.EvaluationContent{Place: "Haki clinic", Account: "Beaten with batons at the station.",
			ExamConsent: "given", ExamConsentMethod: "signed_form", Uses: []string{haki.ConsentLitigation},
			Findings: []*haki.Finding{{Kind: "physical", View: "back", X: 0.5, Y: 0.35, Region: "upper_back", LesionType: "bruise",
				Description: "Tramline bruises", AllegedMethod: "beating with a baton", Opinion: "highly_consistent", PhotoIDs: []string{photo.ID}}},
			Interpretation: "The findings correspond to the account.", OverallLevel: "highly_consistent"}}
	if err := st.CreateEvaluation(storetest.As(f.doctor), f.eval); err != nil {
		t.Fatal(err)
	}
	f.eval.Qualifications = "MBChB; trained in the Istanbul Protocol."
	if err := st.SaveEvaluation(storetest.As(f.doctor), f.eval); err != nil {
		t.Fatal(err)
	}
	return f
}

// sign signs the evaluation with the doctor's next code.
func (f *evaluationFixture) sign(t *testing.T) {
	t.Helper()
	f.now = f.now.Add(30 * time.Second)
	signed, err := f.app.store.SignEvaluation(storetest.As(f.doctor), f.eval.ID, f.eval.Version, store.AccountProof{Code: code(t, f.secret, f.now)})
	if err != nil {
		t.Fatal(err)
	}
	f.eval = signed
}

func smallPNG(tb testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	img.Set(0, 0, color.White)
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

func TestEvaluationReportRoute(t *testing.T) {
	f := newEvaluationFixture(t)
	doctor := f.app.userClient(t, f.doctor)
	path := "/evaluations/" + f.eval.ID + "/report.pdf"

	// The evaluator prints the draft, unsigned, in Kiswahili.
	res := doctor.get(path + "?use=draft&lang=sw")
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("draft: status %d, type %q: %.300s", res.status, res.header.Get("Content-Type"), res.body)
	}
	if _, err := pdfsign.Verify([]byte(res.body)); err == nil {
		t.Error("a draft carries a signature")
	}
	if text := pdfToText(t, res.body); text != "" && !strings.Contains(text, "RASIMU") {
		t.Errorf("the Kiswahili draft does not say RASIMU: %.500s", text)
	}

	f.sign(t)
	// Signed, but the client's consent to litigation is not recorded.
	res = doctor.get(path + "?use=litigation")
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "not given consent to litigation") {
		t.Errorf("no consent: status %d, want 422 with the reason: %.300s", res.status, res.body)
	}
	// The caseworker may see the case but has no clinical access.
	cw := f.app.sessionClient(t, haki.RoleCaseworker)
	res = cw.get(path + "?use=litigation")
	if res.status != http.StatusForbidden && res.status != http.StatusNotFound || strings.HasPrefix(res.body, "%PDF") {
		t.Errorf("caseworker: status %d, want 403 or 404 and no PDF", res.status)
	}

	mustGiveConsent(t, f.app.store, f.app.users[haki.RoleAdmin], f.kase.ID, haki.ConsentLitigation)
	res = doctor.get(path + "?use=litigation&lang=en")
	if res.status != http.StatusOK || !strings.HasPrefix(res.body, "%PDF") {
		t.Fatalf("signed report: status %d: %.300s", res.status, res.body)
	}
	cd := res.header.Get("Content-Disposition")
	if !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, "evaluation-"+f.kase.Ref) || strings.Contains(cd, "Halima") {
		t.Errorf("Content-Disposition %q", cd)
	}
	got, err := pdfsign.Verify([]byte(res.body))
	if err != nil {
		t.Fatalf("the report's signature: %v", err)
	}
	if text := pdfToText(t, res.body); text != "" {
		for _, want := range []string{"highly consistent with", "key fingerprint " + got.Fingerprint, haki.ShortHash(f.eval.Hash)} {
			if !strings.Contains(strings.Join(strings.Fields(text), " "), want) {
				t.Errorf("the signed report lacks %q", want)
			}
		}
		if strings.Contains(text, "Halima") {
			t.Error("the report names the client")
		}
	}
	pdfsigValid(t, res.body)

	// The P3 form alone: every section in order, signed like the report;
	// an unknown form is not found.
	res = doctor.get("/evaluations/" + f.eval.ID + "/forms/p3?use=litigation&lang=en")
	if res.status != http.StatusOK || !strings.Contains(res.header.Get("Content-Disposition"), "p3-"+f.kase.Ref) {
		t.Fatalf("P3: status %d, %q: %.300s", res.status, res.header.Get("Content-Disposition"), res.body)
	}
	if _, err := pdfsign.Verify([]byte(res.body)); err != nil {
		t.Errorf("the P3's signature: %v", err)
	}
	if text := pdfToText(t, res.body); text != "" && !strings.Contains(text, "P3") {
		t.Errorf("the P3 PDF: %.400s", text)
	}
	if res = doctor.get("/evaluations/" + f.eval.ID + "/forms/p9?use=litigation"); res.status != http.StatusNotFound {
		t.Errorf("an unknown form: %d", res.status)
	}
	_, custody, err := f.app.server.evidence.FindEvidenceByID(storetest.As(f.app.users[haki.RoleAdmin]), f.eval.Findings[0].PhotoIDs[0])
	if err != nil {
		t.Fatal(err)
	}
	exports := 0
	for _, c := range custody {
		if c.Action == haki.CustodyExport && c.Reason == "medico-legal report" {
			exports++
		}
	}
	if exports != 2 {
		t.Errorf("the photograph's custody has %d report exports, want 2 (draft, signed)", exports)
	}
}

// pdfToText returns the text of a PDF by pdftotext, or "" when it is not installed.
func pdfToText(t *testing.T, pdf string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("pdftotext not installed: the report's text is not checked")
		return ""
	}
	path := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(path, []byte(pdf), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// pdfsigValid checks the signature with poppler's pdfsig when installed.
func pdfsigValid(t *testing.T, pdf string) {
	t.Helper()
	if _, err := exec.LookPath("pdfsig"); err != nil {
		t.Log("pdfsig not installed: the signature is checked by pdfsign.Verify only")
		return
	}
	path := filepath.Join(t.TempDir(), "signed.pdf")
	if err := os.WriteFile(path, []byte(pdf), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command("pdfsig", path).CombinedOutput()
	if !strings.Contains(string(out), "Signature is Valid") {
		t.Errorf("pdfsig does not find the signature valid:\n%s", out)
	}
}
