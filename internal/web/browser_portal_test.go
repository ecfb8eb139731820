package web

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestBrowserPortal: a visitor on a phone sees a verified, publishable
// incident on the portal only once a data manager has published it from
// the incident page, with the consent of the client's family; sees only
// the summary and the name that was agreed, not the age that was not, nor
// the other victim nobody made public, nor the incident's own title; and
// no longer sees it once consent is withdrawn.
func TestBrowserPortal(t *testing.T) {
	chromium := needChromium(t)
	app := newTestApp(t, storetest.Open(t))
	base := app.srv.URL
	w := mustPublished(t, app)
	dm := storetest.As(app.users[haki.RoleDataManager])
	if err := app.store.WithdrawPublication(dm, w.inc.ID); err != nil {
		t.Fatal(err)
	}
	ctx := newBrowser(t, chromium, 40*time.Second)
	visit := func(path string) string {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS(`main`))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main`)))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	const summary = "Shot dead by officers near the Mathare market; the family asks that her name be known."
	if got := visit("/portal/incidents"); strings.Contains(got, "Neema") || strings.Contains(got, "Mathare") {
		t.Fatalf("the portal shows the incident before it is published: %q", got)
	}

	browserSignIn(t, ctx, base+"/", haki.RoleDataManager)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/incidents/"+w.inc.ID),
		chromedp.WaitReady(chromedp.ID("pub-summary")),
		chromedp.SendKeys(chromedp.ID("pub-summary"), summary),
		chromedp.Click(chromedp.CSS(`input[name="name_`+w.client.ID+`"]`)),
		chromedp.Click(chromedp.CSS(`#publication form .form-actions button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#publication a[href^="/portal/incidents/"]`)),
	); err != nil {
		t.Fatalf("publish from the incident page: %v", err)
	}
	pub, err := app.store.FindPublication(dm, w.inc.ID)
	if err != nil {
		t.Fatal(err)
	}

	got := visit("/portal/incidents")
	if !strings.Contains(got, summary) || !strings.Contains(got, "Neema Achieng") || !strings.Contains(got, pub.Ref) {
		t.Fatalf("the published incident is not on the portal as agreed: %q", got)
	}
	for _, never := range []string{"aged 47", "Otieno", "Hidden title", "Hidden narrative", "INC-"} {
		if strings.Contains(got, never) {
			t.Errorf("the portal shows %q, which was not agreed: %q", never, got)
		}
	}
	shot(t, ctx, "portal-incidents.png")
	if got := visit("/portal/incidents/" + pub.Ref); !strings.Contains(got, summary) || strings.Contains(got, "aged 47") {
		t.Errorf("the incident's portal page: %q", got)
	}

	w.consent(t, app, "withdrawn", 0)
	if got := visit("/portal/incidents"); strings.Contains(got, "Neema") || strings.Contains(got, summary) {
		t.Errorf("the portal still shows the incident after the family withdrew consent: %q", got)
	}
}
