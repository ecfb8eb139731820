package web

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestBrowserReport opens the executions report as a data manager on a
// phone and on a desktop, and screenshots both to /tmp/haki-shots.
func TestBrowserReport(t *testing.T) {
	chromium := os.Getenv("HAKI_CHROMIUM")
	if chromium == "" {
		t.Skip("HAKI_CHROMIUM not set: browser test skipped (.ci/run installs chromium and sets it)")
	}
	app := newTestApp(t, storetest.Open(t))
	for county, n := range map[string]int{"KE-047": 7, "KE-001": 5, "KE-042": 3, "KE-022": 1} {
		mustExecutions(t, app, county, n)
	}
	base := app.srv.URL
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()))
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	defer cancelTimeout()
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(base+"/reports"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), string(haki.RoleDataManager)),
		chromedp.SendKeys(chromedp.ID("password"), storetest.Password),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`nav.nav`)),
	); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	if err := os.MkdirAll(shotsDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, v := range []struct {
		name   string
		width  int64
		height int64
	}{{"phone", 390, 844}, {"desktop", 1280, 900}} {
		if err := chromedp.Do(ctx,
			chromedp.EmulateViewport(v.width, v.height),
			chromedp.Navigate(base+"/reports/executions?year=2024"),
			chromedp.WaitVisible(chromedp.CSS(`#by-county svg`)),
		); err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
		shot(t, ctx, "report-"+v.name+".png")
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(`.dashboard-figures svg`))); err != nil {
		t.Fatalf("home: %v", err)
	}
	shot(t, ctx, "report-home-desktop.png")
}
