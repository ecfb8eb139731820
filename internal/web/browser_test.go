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

// shotsDir is where the browser test leaves screenshots for a person to look at.
const shotsDir = "/tmp/haki-shots"

// TestBrowser signs in through the form in Chromium, creates an incident
// through the form, and finds it in the list, over the real server and a
// real SQLite store. It screenshots the pages on a phone-sized viewport.
func TestBrowser(t *testing.T) {
	chromium := needChromium(t)
	app := newTestApp(t, storetest.Open(t))
	base := app.srv.URL

	ctx := newBrowser(t, chromium, 60*time.Second)

	browserSignIn(t, ctx, base+"/incidents", haki.RoleDataManager)
	steps := []struct {
		name    string
		actions []chromedp.Action[chromedp.Void]
	}{
		{"create incident", []chromedp.Action[chromedp.Void]{
			chromedp.Navigate(base + "/incidents/new"),
			chromedp.WaitVisible(chromedp.ID("title")),
			chromedp.SendKeys(chromedp.ID("title"), "Browser: beating at Kayole station"),
			chromedp.Click(chromedp.ID("type-torture")),
			chromedp.SendKeys(chromedp.ID("occurred"), "~2024-03"),
			chromedp.SetValue(chromedp.ID("county_code"), "KE-047"),
			chromedp.SendKeys(chromedp.ID("place_name"), "Kayole"),
			chromedp.SendKeys(chromedp.ID("narrative"), "Two men were beaten in the cells overnight."),
			chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`p.flash`)),
		}},
	}
	for _, s := range steps {
		if err := chromedp.Do(ctx, s.actions...); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
	}
	shot(t, ctx, "incident-show.png")

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/incidents"), chromedp.WaitVisible(chromedp.CSS(`table`))); err != nil {
		t.Fatalf("list: %v", err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`table`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "Browser: beating at Kayole station") || !strings.Contains(text, "Nairobi") {
		t.Errorf("list does not show the new incident: %q", text)
	}
	shot(t, ctx, "incident-list.png")
}

// needChromium returns the Chromium to drive, or skips the test when
// HAKI_CHROMIUM is not set.
func needChromium(t *testing.T) string {
	t.Helper()
	chromium := os.Getenv("HAKI_CHROMIUM")
	if chromium == "" {
		t.Skip("HAKI_CHROMIUM not set: browser test skipped (.ci/run installs chromium and sets it)")
	}
	return chromium
}

// newBrowser starts a headless Chromium with its own profile and returns a
// tab that gives up after timeout; the browser is closed when the test ends.
// It also makes sure shotsDir exists.
func newBrowser(t *testing.T, chromium string, timeout time.Duration) context.Context {
	t.Helper()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()))
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, timeout)
	t.Cleanup(cancelTimeout)
	if err := os.MkdirAll(shotsDir, 0o755); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// browserSignIn opens url on a phone-sized screen, which sends to the
// sign-in form, and signs in as role.
func browserSignIn(t *testing.T, ctx context.Context, url string, role haki.Role) {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), string(role)),
		chromedp.SendKeys(chromedp.ID("password"), storetest.Password),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`nav.nav`)),
	); err != nil {
		t.Fatalf("sign in: %v", err)
	}
}

// shot saves a full-page screenshot of the current page.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(shotsDir, name), buf, 0o644); err != nil {
		t.Fatal(err)
	}
}
