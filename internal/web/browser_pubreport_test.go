package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"github.com/haki-kenya/haki/internal/media/mediatest"
	"github.com/haki-kenya/haki/internal/storetest"
)

// setOffline turns the network off or on as DevTools does, for the tab and
// its service worker: requests fail and navigator.onLine follows.
// The service worker's session stays attached until the test ends: the
// emulation lasts only as long as it.
func setOffline(t *testing.T, ctx context.Context, workers map[target.ID]context.Context, offline bool) {
	t.Helper()
	targets, err := chromedp.Targets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, info := range targets {
		if info.Type != "service_worker" {
			continue
		}
		if workers[info.TargetID] == nil {
			workers[info.TargetID], _ = chromedp.NewContext(ctx, chromedp.WithTargetID(info.TargetID))
		}
		emulateOffline(t, workers[info.TargetID], offline)
	}
	emulateOffline(t, ctx, offline)
}

func emulateOffline(t *testing.T, ctx context.Context, offline bool) {
	t.Helper()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	sw := offline
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		EmulateOfflineServiceWorker: &sw,
		MatchedNetworkConditions:    []*network.Conditions{{Offline: offline, DownloadThroughput: -1, UploadThroughput: -1}},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
		Offline: offline, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
		t.Fatal(err)
	}
}

// outboxJSON is what the page keeps in IndexedDB, as JSON.
const outboxJSON = `new Promise((ok, fail) => { const r = indexedDB.open('haki-report', 1);
	r.onsuccess = () => { const g = r.result.transaction('outbox').objectStore('outbox').getAll();
	g.onsuccess = () => { r.result.close(); ok(JSON.stringify(g.result)); }; g.onerror = () => fail(g.error); };
	r.onerror = () => fail(r.error); })`

// waitFor polls cond until it holds or the time is up.
func waitFor(t *testing.T, what string, d time.Duration, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// outboxMedia is the sealed files the page keeps in IndexedDB: how many,
// and all their bytes in hex.
const outboxMedia = `new Promise((ok, fail) => { const r = indexedDB.open('haki-report', 1);
	r.onsuccess = () => { const g = r.result.transaction('outbox').objectStore('outbox').getAll();
	g.onsuccess = () => { r.result.close(); let n = 0, hex = '';
		for (const it of g.result) for (const m of (it.media || [])) { n++;
			for (const b of new Uint8Array(m.ct)) hex += b.toString(16).padStart(2, '0'); }
		ok(JSON.stringify({n: n, hex: hex})); }; g.onerror = () => fail(g.error); };
	r.onerror = () => fail(r.error); })`

// TestBrowserReportOffline writes a full report with a photo (GPS in its
// Exif) with the network off: it is kept on the phone sealed (IndexedDB
// holds none of its words and none of the photo's bytes), and the report
// and its photo arrive exactly once when the network returns.
func TestBrowserReportOffline(t *testing.T) {
	chromium := needChromium(t)
	st := storetest.Open(t)
	a := newReportApp(t, st, ReportLimits{})
	ctx := newBrowser(t, chromium, 120*time.Second)
	const account, name, station = "Zebra-account-4417 they beat him at night", "Quokka-Name-3390", "Ibis-Station-2208"
	photo := mediatest.JPEGWithGPS(t)
	photoPath := filepath.Join(t.TempDir(), "IMG_0001.jpg")
	if err := os.WriteFile(photoPath, photo, 0o600); err != nil {
		t.Fatal(err)
	}

	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(a.srv.URL+"/report?lang=en"),
		chromedp.WaitVisible(chromedp.CSS(`#alert .send`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	// The service worker takes the page's shell before the network goes.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`navigator.serviceWorker.ready.then(() => true)`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("service worker: %v", err)
	}
	shot(t, ctx, "report.png")

	workers := map[target.ID]context.Context{}
	setOffline(t, ctx, workers, true)
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#full-wrap summary`)),
		chromedp.WaitVisible(chromedp.ID("full-what")),
		chromedp.SetValue(chromedp.ID("full-what"), "beaten"),
		chromedp.SetValue(chromedp.ID("full-county"), "KE-047"),
		chromedp.SendKeys(chromedp.ID("full-place"), "Kayole"),
		chromedp.SendKeys(chromedp.CSS(`#harmed input[name=h_name]`), name),
		chromedp.SendKeys(chromedp.ID("perp-station"), station),
		chromedp.SendKeys(chromedp.ID("full-account"), account),
		chromedp.SetUploadFiles(chromedp.ID("full-media"), []string{photoPath}),
		chromedp.Click(chromedp.CSS(`#full .send`)),
		chromedp.WaitVisible(chromedp.CSS(`#status.wait`)),
		chromedp.WaitVisible(chromedp.CSS(`#outbox-list li`)),
	)
	if err != nil {
		t.Fatalf("write offline: %v", err)
	}
	// Kept sealed, the words leave the screen too.
	if typed, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('full-account').value + document.querySelector('[name=h_name]').value`)); typed != "" {
		t.Errorf("the form still shows %q", typed)
	}
	kept, err := chromedp.Run(ctx, chromedp.Evaluate[string](outboxJSON, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(kept, `"ct":"`) || strings.Count(kept, `"id":"`) != 1 {
		t.Fatalf("IndexedDB holds %s", kept)
	}
	for _, word := range []string{"Zebra", "Quokka", "Ibis", "Kayole", "KE-047", "beaten"} {
		if strings.Contains(kept, word) {
			t.Errorf("IndexedDB holds %q in the clear: %s", word, kept)
		}
	}
	media, err := chromedp.Run(ctx, chromedp.Evaluate[string](outboxMedia, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	var sealed struct {
		N   int
		Hex string
	}
	if err := json.Unmarshal([]byte(media), &sealed); err != nil || sealed.N != 1 || len(sealed.Hex) != 2*(len(photo)+16) {
		t.Fatalf("IndexedDB holds %d files, %d hex digits (%v); want 1 of %d bytes sealed", sealed.N, len(sealed.Hex), err, len(photo))
	}
	for _, plain := range []string{"GPSMARK", "Exif", "JFIF", "IMG_0001", "\xff\xd8\xff"} {
		if strings.Contains(sealed.Hex, hex.EncodeToString([]byte(plain))) || strings.Contains(kept, plain) {
			t.Errorf("IndexedDB holds the photo's %q in the clear", plain)
		}
	}
	local, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify(localStorage)`))
	if strings.Contains(local, "Zebra") || strings.Contains(local, "Quokka") {
		t.Errorf("localStorage holds the report: %s", local)
	}
	shot(t, ctx, "report-offline.png")
	if n := len(storedReports(t, st)); n != 0 {
		t.Fatalf("%d reports arrived while offline", n)
	}

	setOffline(t, ctx, workers, false)
	waitFor(t, "the report to arrive", 30*time.Second, func() bool { return len(storedReports(t, st)) > 0 })
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`#status.ok`))); err != nil {
		t.Fatal(err)
	}
	// Sent again by nobody: reloading and waiting change nothing.
	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#alert .send`))); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Second)
	got := storedReports(t, st)
	if len(got) != 1 {
		t.Fatalf("%d reports arrived, want exactly 1", len(got))
	}
	// The photo arrived once, as it was taken, with its copy without GPS.
	var originals, copies int
	var sum string
	if err := st.DB().QueryRow(`SELECT COUNT(*), MAX(sha256) FROM evidence WHERE derived_from IS NULL AND public_report_id IS NOT NULL`).Scan(&originals, &sum); err != nil {
		t.Fatal(err)
	}
	if err := st.DB().QueryRow(`SELECT COUNT(*) FROM evidence WHERE derived_from IS NOT NULL`).Scan(&copies); err != nil {
		t.Fatal(err)
	}
	want := sha256.Sum256(photo)
	if originals != 1 || copies != 1 || sum != hex.EncodeToString(want[:]) {
		t.Errorf("%d originals (sha256 %s), %d copies; want the photo once", originals, sum, copies)
	}
	r := got[0]
	if r.Kind != "full" || r.What != "beaten" || r.CountyCode != "KE-047" || r.Account != account ||
		len(r.Harmed) != 1 || r.Harmed[0].Name != name || r.Perpetrator.Station != station || r.Contact.Method != "none" {
		t.Errorf("arrived %+v", r)
	}
	kept, _ = chromedp.Run(ctx, chromedp.Evaluate[string](outboxJSON, chromedp.EvalAwaitPromise))
	if kept != "[]" {
		t.Errorf("still kept after sending: %s", kept)
	}
}

// TestBrowserReportQuickAlert: one tap for what, the county, send.
func TestBrowserReportQuickAlert(t *testing.T) {
	chromium := needChromium(t)
	st := storetest.Open(t)
	a := newReportApp(t, st, ReportLimits{})
	ctx := newBrowser(t, chromium, 60*time.Second)
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(a.srv.URL+"/report?lang=sw"),
		chromedp.WaitVisible(chromedp.CSS(`label.what-taken span`)),
		chromedp.Click(chromedp.CSS(`label.what-taken span`)),
		chromedp.SetValue(chromedp.ID("alert-county"), "KE-001"),
		chromedp.Click(chromedp.CSS(`#alert .send`)),
		chromedp.WaitVisible(chromedp.CSS(`#status.ok`)),
	)
	if err != nil {
		t.Fatalf("quick alert: %v", err)
	}
	status, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("status")))
	if !strings.Contains(status, "Imepokelewa") || !strings.Contains(status, "R-") {
		t.Errorf("status %q", status)
	}
	shot(t, ctx, "report-alert-sent.png")
	got := storedReports(t, st)
	if len(got) != 1 || got[0].Kind != "alert" || got[0].What != "taken" || got[0].CountyCode != "KE-001" ||
		got[0].Language != "sw" || got[0].Contact.Method != "none" {
		t.Fatalf("stored %+v", got)
	}

	// Leave quickly: the page is gone and its history entry replaced.
	before, err := chromedp.Run(ctx, chromedp.Evaluate[int](`history.length`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("leave"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the page to leave", 10*time.Second, func() bool {
		loc, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href`))
		return err == nil && !strings.Contains(loc, "/report")
	})
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`history.length`))
	if err != nil || n != before {
		t.Errorf("history length %d (%v), want %d: the report page's entry replaced", n, err, before)
	}
}
