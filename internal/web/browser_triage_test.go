package web

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestBrowserTriage: on a phone-sized screen a data manager finds a report
// from the public in the queue, opens it, starts verifying it, and
// verifies it, from the form prefilled from the report, into a new
// verified incident with its victim and a case for her. Screenshots go to
// /tmp/haki-shots/triage-*.png (invented names only).
func TestBrowserTriage(t *testing.T) {
	chromium := needChromium(t)
	app := newTestApp(t, storetest.Open(t))
	base := app.srv.URL
	r := &haki.PublicReport{Channel: "web", Kind: "full", What: "beaten", Occurred: haki.MustFuzzyDate("2024-03-14"), CountyCode: "KE-047",
		PlaceName: "Near the bus stage", Account: "Two officers beat Zawadi Chebet at the bus stage and took her phone.", WantsHelp: true,
		Harmed:      []haki.ReportedPerson{{Name: "Zawadi Chebet", Sex: "female", Age: "about 34", Fate: "injured"}},
		Perpetrator: haki.ReportedPerpetrator{Service: "kps", Station: "Central police post", Vehicle: "KDA 000A"},
		Contact:     haki.SafeContact{Method: "call", Address: "0700 000 000", When: "mornings only"}}
	if _, err := app.store.SubmitPublicReport(context.Background(), r, "browser-triage"); err != nil {
		t.Fatal(err)
	}
	alert := &haki.PublicReport{Channel: "ussd", Kind: "alert", What: "taken", CountyCode: "KE-001"}
	if _, err := app.store.SubmitPublicReport(context.Background(), alert, "browser-triage-2"); err != nil {
		t.Fatal(err)
	}

	ctx := newBrowser(t, chromium, 120*time.Second)
	do := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	browserSignIn(t, ctx, base+"/", haki.RoleDataManager)
	if got := text("#reports-waiting"); !strings.Contains(got, "Reports waiting: 2") {
		t.Errorf("home: %q", got)
	}
	do("the queue", chromedp.Click(chromedp.CSS(`#reports-waiting a[href="/triage"]`)), chromedp.WaitVisible(chromedp.CSS(`a[href="/triage/`+r.ID+`"]`)))
	shot(t, ctx, "triage-queue.png")
	if got := text("main"); !strings.Contains(got, alert.Ref) || strings.Contains(got, "Zawadi") {
		t.Errorf("queue: %q", got)
	}
	do("open the report", chromedp.Click(chromedp.CSS(`a[href="/triage/`+r.ID+`"]`)), chromedp.WaitVisible(chromedp.ID("wishes")))
	shot(t, ctx, "triage-report.png")
	screen(t, ctx, "triage-report-top.png")
	do("to the verify form", chromedp.ScrollIntoView(chromedp.ID("verify")))
	screen(t, ctx, "triage-report-verify.png")
	if got := text("#wishes"); !strings.Contains(got, "a phone call") || !strings.Contains(got, "mornings only") {
		t.Errorf("wishes: %q", got)
	}
	do("start verifying",
		chromedp.Click(chromedp.CSS(`#status form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.flash`)))
	if got := text("main"); !strings.Contains(got, "Being verified") {
		t.Errorf("after starting: %q", got)
	}
	do("verify",
		chromedp.SetValue(chromedp.ID("reliability"), "probably_true"),
		chromedp.SetValue(chromedp.ID("threat_level"), "medium"),
		chromedp.Click(chromedp.CSS(`#verify form .form-actions button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.flash`)))
	shot(t, ctx, "triage-verified.png")
	got := text("main")
	if !strings.Contains(got, "The report is verified.") || !strings.Contains(got, "INC-") || !strings.Contains(got, "CASE-") {
		t.Fatalf("after verifying: %q", got)
	}
	do("the incident", chromedp.Click(chromedp.CSS(`main a[href^="/incidents/"]`)), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
	if got := text("main"); !strings.Contains(got, "Verified") || !strings.Contains(got, "Zawadi Chebet") || !strings.Contains(got, "Public report") {
		t.Errorf("incident: %q", got)
	}
	do("the case", chromedp.Navigate(base+"/triage/"+r.ID), chromedp.WaitVisible(chromedp.ID("wishes")),
		chromedp.Click(chromedp.CSS(`main a[href^="/cases/"]`)), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
	if got := text("main"); !strings.Contains(got, "Zawadi Chebet") {
		t.Errorf("case: %q", got)
	}
}

// screen saves what the phone's screen shows now (not the whole page).
func screen(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(shotsDir, name), buf, 0o644); err != nil {
		t.Fatal(err)
	}
}
