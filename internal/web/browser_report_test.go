package web

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestBrowserReport opens the executions report as a data manager on a
// phone and on a desktop, and screenshots both to /tmp/haki-shots.
func TestBrowserReport(t *testing.T) {
	chromium := needChromium(t)
	app := newTestApp(t, storetest.Open(t))
	for county, n := range map[string]int{"KE-047": 7, "KE-001": 5, "KE-042": 3, "KE-022": 1} {
		mustExecutions(t, app, county, n)
	}
	base := app.srv.URL
	ctx := newBrowser(t, chromium, 90*time.Second)
	browserSignIn(t, ctx, base+"/reports", haki.RoleDataManager)
	for _, v := range []struct {
		name   string
		width  int64
		height int64
	}{{"phone", 390, 844}, {"desktop", 1280, 900}} {
		if err := chromedp.Do(ctx,
			chromedp.EmulateViewport(v.width, v.height),
			chromedp.Navigate(base+"/reports/executions?year=2024"),
			chromedp.WaitVisible(chromedp.CSS(`#by-county h2`)), // a phone shows bars, a desktop the map too
		); err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
		shot(t, ctx, "report-"+v.name+".png")
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(`.dashboard-figures h2`))); err != nil {
		t.Fatalf("home: %v", err)
	}
	shot(t, ctx, "report-home-desktop.png")
}
