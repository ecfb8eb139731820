package bodychart

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/haki-kenya/haki"
)

// testPage is a form as the markup contract of bodychart.js describes it:
// the front and back charts and two finding rows.
func testPage() string {
	var b strings.Builder
	b.WriteString(`<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
		`<style>svg{width:45%}</style><form data-bodychart>`)
	b.WriteString(string(SVG("front", []Mark{{4, 0.4, 0.9}}, Options{Regions: true})))
	b.WriteString(string(SVG("back", nil, Options{Regions: true})))
	for _, n := range []int{3, 4} {
		fmt.Fprintf(&b, `<fieldset data-finding="%d"><select name="finding_view_%d"><option value=""></option>`, n, n)
		for _, v := range haki.ChartViews {
			fmt.Fprintf(&b, `<option>%s</option>`, v)
		}
		fmt.Fprintf(&b, `</select><input name="finding_x_%d" value=""><input name="finding_y_%d" value="">`, n, n)
		fmt.Fprintf(&b, `<select name="finding_region_%d"><option value=""></option>`, n)
		for _, r := range haki.BodyRegions {
			fmt.Fprintf(&b, `<option>%s</option>`, r)
		}
		fmt.Fprintf(&b, `</select><button type="button" data-place="%d" id="place%d">Place</button></fieldset>`, n, n)
	}
	b.WriteString(`</form><script src="/bodychart.js"></script>`)
	return b.String()
}

// TestScriptPlacesAFinding drives bodychart.js in Chromium on a phone-sized
// screen: a click and a tap on the charts fill a finding's inputs and move
// its mark. Skipped unless HAKI_CHROMIUM names a Chromium.
func TestScriptPlacesAFinding(t *testing.T) {
	chromium := os.Getenv("HAKI_CHROMIUM")
	if chromium == "" {
		t.Skip("HAKI_CHROMIUM not set: browser test skipped")
	}
	js, err := os.ReadFile("../web/static/bodychart.js")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/bodychart.js" {
			w.Header().Set("Content-Type", "text/javascript")
			w.Write(js)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, testPage())
	}))
	defer srv.Close()
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(chromium), chromedp.Headless,
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.UserDataDir(t.TempDir()))
	defer cancel()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	defer cancel()

	// at is where a point of a chart is on the screen.
	at := func(view string, x, y float64) (px []float64) {
		expr := fmt.Sprintf(`(() => { const s = document.querySelector('svg[data-view=%s]');
			const p = new DOMPoint(%v * s.dataset.w, %v * s.dataset.h).matrixTransform(s.getScreenCTM());
			return [p.x, p.y]; })()`, view, x, y)
		px, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](expr))
		if err != nil {
			t.Fatal(err)
		}
		return px
	}
	values := func(n int) string {
		expr := fmt.Sprintf(`["view","x","y","region"].map(k => document.querySelector('[name=finding_'+k+'_%d]').value).join(" ") +
			" marks:" + [...document.querySelectorAll('.bodychart-mark[data-no="%d"]')].map(m => m.ownerSVGElement.dataset.view).join(",")`, n, n)
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(srv.URL),
		chromedp.WaitVisible(chromedp.CSS(`svg[data-view=front]`))); err != nil {
		t.Fatal(err)
	}
	// The mark the server drew for a row without a place is taken away.
	if got := values(4); got != "    marks:" {
		t.Errorf("before: %q", got)
	}
	// A click with the mouse on the chest.
	p := at("front", 0.5, 0.25)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("place3")), chromedp.MouseClickXY(p[0], p[1])); err != nil {
		t.Fatal(err)
	}
	if got, want := values(3), "front 0.5000 0.2500 chest marks:front"; got != want {
		t.Errorf("after a click: %q, want %q", got, want)
	}
	// A click beside the body places the mark but names no region: the
	// hit areas are clipped to the outline.
	p = at("front", 0.93, 0.25)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("place4")), chromedp.MouseClickXY(p[0], p[1])); err != nil {
		t.Fatal(err)
	}
	if got, want := values(4), "front 0.9300 0.2500  marks:front"; got != want {
		t.Errorf("after a click beside the body: %q, want %q", got, want)
	}
	// A tap with a finger on the back of the left thigh moves it.
	p = at("back", 0.43, 0.6)
	tap := []*input.TouchPoint{{X: p[0], Y: p[1]}}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("place3"))); err != nil {
		t.Fatal(err)
	}
	for _, ev := range []input.DispatchTouchEventParams{{Type: input.DispatchTouchEventTypeTouchStart, TouchPoints: tap}, {Type: input.DispatchTouchEventTypeTouchEnd, TouchPoints: []*input.TouchPoint{}}} {
		if _, err := chromedp.Call(ctx, input.DispatchTouchEvent, ev); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := values(3), "back 0.4300 0.6000 thigh_left marks:back"; got != want {
		t.Errorf("after a tap: %q, want %q", got, want)
	}
	if dir := os.Getenv("BODYCHART_SHOTS"); dir != "" {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		mustWrite(t, filepath.Join(dir, "phone.png"), png)
	}
	// Choosing another view by hand forgets the point.
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(`[name=finding_view_3]`), "head")); err != nil {
		t.Fatal(err)
	}
	// SetValue fires no event; a person's choice fires a change.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('[name=finding_view_3]').dispatchEvent(new Event("change", {bubbles: true}))`)); err != nil {
		t.Fatal(err)
	}
	if got := values(3); !strings.HasPrefix(got, "head   thigh_left marks:") || strings.HasSuffix(got, "back") {
		t.Errorf("after choosing a view: %q", got)
	}
}
