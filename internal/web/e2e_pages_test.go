package web

import (
	"context"
	_ "embed"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/haki-kenya/haki"
)

// axeSource is axe-core, vendored from npm for the tests only (never served):
// testdata/axe/VENDORED.md says which version and how to update it.
//
//go:embed testdata/axe/axe.min.js
var axeSource string

// pageBudget is the most a staff page may transfer on a load with an empty
// cache: the HTML, CSS, scripts and images, as sent (compressed).
const pageBudget = 150 * 1024

// e2ePage is one of the main pages, opened as the role that uses it. A path
// holding "{first}" is completed with the first record linked from list.
type e2ePage struct {
	name string
	role haki.Role
	path string
	list string // the list that links to the record, for a path with {first}
}

// mainPages are the pages checked for accessibility and weight, and
// screenshot for docs/screenshots.
var mainPages = []e2ePage{
	{"home-caseworker", haki.RoleCaseworker, "/", ""},
	{"case-list", haki.RoleCaseworker, "/cases", ""},
	{"case-page", haki.RoleCaseworker, "/cases/{first}", "/cases"},
	{"person-list", haki.RoleCaseworker, "/persons", ""},
	{"person-page", haki.RoleCaseworker, "/persons/{first}", "/persons"},
	{"calendar-week", haki.RoleCaseworker, "/calendar?view=week", ""},
	{"calendar-day", haki.RoleCaseworker, "/calendar/day", ""},
	{"tasks", haki.RoleCaseworker, "/tasks", ""},
	{"follow-ups", haki.RoleCaseworker, "/follow-ups", ""},
	{"network-directory", haki.RoleCaseworker, "/network/professionals", ""},
	{"account", haki.RoleCaseworker, "/account", ""},
	{"home-datamanager", haki.RoleDataManager, "/", ""},
	{"incident-list", haki.RoleDataManager, "/incidents", ""},
	{"incident-page", haki.RoleDataManager, "/incidents/{first}", "/incidents"},
	{"incident-form", haki.RoleDataManager, "/incidents/new", ""},
	{"reports", haki.RoleDataManager, "/reports", ""},
	{"report-executions", haki.RoleDataManager, "/reports/executions", ""},
	{"audit", haki.RoleAdmin, "/audit", ""},
}

// widths are the screens every page is checked on: a phone and a desktop.
var widths = []struct {
	name          string
	width, height int64
}{{"390", 390, 844}, {"1280", 1280, 900}}

// recordLink finds a record's own page (a UUID after the list's path).
var recordLink = regexp.MustCompile(`^/[a-z-]+/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// TestBrowserPages opens every main page as its role on a phone and on a
// desktop, with an empty cache: each page loads under pageBudget and asks
// no other host for anything, and axe-core finds no serious or critical
// accessibility violation.
func TestBrowserPages(t *testing.T) {
	b := e2eBrowser(t, 5*time.Minute)
	walkMainPages(t, b, func(p e2ePage, width string, path string) {
		load := b.measure(path)
		if load.bytes > pageBudget {
			t.Errorf("%s at %s px: %s transfers %.1f KB, over the %d KB budget: %s", p.name, width, path,
				float64(load.bytes)/1024, pageBudget/1024, load.summary())
		}
		for _, u := range load.foreign {
			t.Errorf("%s at %s px: %s asks another host: %s", p.name, width, path, u)
		}
		for _, v := range b.axe() {
			t.Errorf("%s at %s px: %s: axe %s (%s): %s\n\ton %s", p.name, width, path, v.ID, v.Impact, v.Help, strings.Join(v.Targets, "\n\ton "))
		}
		t.Logf("%s at %s px: %.1f KB in %d requests", p.name, width, float64(load.bytes)/1024, len(load.requests))
	})
}

// TestScreenshots refreshes docs/screenshots (or the folder that
// HAKI_SCREENSHOTS names) with the main pages at both widths, from the
// generated demo data:
//
//	HAKI_CHROMIUM=/usr/bin/chromium HAKI_SCREENSHOTS=docs/screenshots go test ./internal/web -run TestScreenshots
//
// A relative folder is taken from the repository's root.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("HAKI_SCREENSHOTS")
	if dir == "" {
		t.Skip("HAKI_SCREENSHOTS not set: no screenshots taken")
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join("..", "..", dir) // go test runs in internal/web
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	b := e2eBrowser(t, 5*time.Minute)
	walkMainPages(t, b, func(p e2ePage, width string, path string) {
		b.open(path)
		buf, err := chromedp.Run(b.ctx, screenshotCapped(3000))
		if err != nil {
			t.Fatalf("screenshot %s: %v", p.name, err)
		}
		name := filepath.Join(dir, p.name+"-"+width+".png")
		if err := os.WriteFile(name, buf, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d KB", name, len(buf)/1024)
	})
}

// walkMainPages signs in as each role in turn and calls check for every
// main page at both widths.
func walkMainPages(t *testing.T, b *cwBrowser, check func(p e2ePage, width, path string)) {
	t.Helper()
	role := haki.Role("")
	for _, p := range mainPages {
		if p.role != role {
			b.clearCookies()
			b.do("phone", chromedp.EmulateViewport(390, 844))
			b.signIn(p.role)
			role = p.role
		}
		path := p.path
		if p.list != "" {
			path = strings.Replace(path, "{first}", strings.TrimPrefix(b.firstRecord(p.list), p.list+"/"), 1)
		}
		for _, w := range widths {
			b.do("viewport", chromedp.EmulateViewport(w.width, w.height))
			check(p, w.name, path)
		}
	}
}

// firstRecord opens a list and returns the path of the first record it links to.
func (b *cwBrowser) firstRecord(list string) string {
	b.t.Helper()
	b.open(list)
	hrefs, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("main a[href]")].map(a => a.getAttribute("href"))`))
	if err != nil {
		b.t.Fatalf("links of %s: %v", list, err)
	}
	for _, h := range hrefs {
		if recordLink.MatchString(h) && strings.HasPrefix(h, list+"/") {
			return h
		}
	}
	b.t.Fatalf("%s links to no record: %q", list, hrefs)
	return ""
}

// pageLoad is what one page load transferred.
type pageLoad struct {
	bytes    int64
	requests []string // each URL with its bytes
	foreign  []string // URLs on another host
}

func (l pageLoad) summary() string {
	return strings.Join(l.requests, ", ")
}

// measure loads path with the cache off and adds up the bytes of every
// response as the network carried them (Network.loadingFinished's
// encodedDataLength: headers and the body as sent, so compressed when the
// server compresses).
func (b *cwBrowser) measure(path string) pageLoad {
	b.t.Helper()
	if _, err := chromedp.Call(b.ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		b.t.Fatalf("disable the cache: %v", err)
	}
	defer chromedp.Call(b.ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: false})
	base, _ := url.Parse(b.base)
	var mu sync.Mutex
	urls := map[network.RequestID]string{}
	sizes := map[network.RequestID]float64{}
	var foreign []string
	lctx, cancel := context.WithCancel(b.ctx)
	if err := chromedp.Listen(lctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			urls[e.RequestID] = e.Request.URL
			if u, err := url.Parse(e.Request.URL); err == nil && u.Scheme != "data" && u.Scheme != "blob" && u.Host != base.Host {
				foreign = append(foreign, e.Request.URL)
			}
		case *network.EventLoadingFinished:
			sizes[e.RequestID] = e.EncodedDataLength
		}
	}); err != nil {
		cancel()
		b.t.Fatalf("listen: %v", err)
	}
	b.open(path)
	// Let the last responses' events arrive after the load event.
	time.Sleep(300 * time.Millisecond)
	cancel()
	mu.Lock()
	defer mu.Unlock()
	var l pageLoad
	for id, n := range sizes {
		l.bytes += int64(n)
		u := urls[id]
		if len(u) > 80 {
			u = u[:80] + "…"
		}
		l.requests = append(l.requests, fmt.Sprintf("%s %.1f KB", strings.TrimPrefix(u, b.base), n/1024))
	}
	l.foreign = foreign
	return l
}

// axeViolation is one rule axe-core found broken on a page.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

// axe runs axe-core on the page shown and returns its serious and critical
// violations. The script is evaluated through DevTools, so the page's
// Content-Security-Policy does not stop it, and the app never serves it.
func (b *cwBrowser) axe() []axeViolation {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
		b.t.Fatalf("inject axe-core: %v", err)
	}
	vs, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]axeViolation](`axe.run(document, {resultTypes: ["violations"]}).then(r =>
		r.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v => ({
			id: v.id, impact: v.impact, help: v.help + " (" + v.helpUrl + ")",
			targets: v.nodes.slice(0, 5).map(n => n.target.join(" ") + (n.failureSummary ? ": " + n.failureSummary.replace(/\s+/g, " ") : "")),
		})))`, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("run axe-core: %v", err)
	}
	return vs
}

// screenshotCapped takes a PNG of the whole page, or of its top maxHeight
// CSS pixels when it is longer, to keep the files small.
func screenshotCapped(maxHeight float64) chromedp.Action[[]byte] {
	return func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		size, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`[document.documentElement.scrollWidth, document.documentElement.scrollHeight]`))
		if err != nil {
			return nil, err
		}
		r, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format: page.CaptureScreenshotFormatPng, CaptureBeyondViewport: ptrTo(true), FromSurface: ptrTo(true),
			Clip: &page.Viewport{Width: size[0], Height: min(size[1], maxHeight), Scale: 1}})
		if err != nil {
			return nil, err
		}
		return r.Data, nil
	}
}

func ptrTo[T any](v T) *T { return &v }
