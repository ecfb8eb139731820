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

// TestBrowserImport uploads a spreadsheet on a phone-sized screen, maps its
// columns with the selects, runs the dry run and watches its status come in
// (htmx polling), then imports the valid rows; no page is wider than the
// screen.
func TestBrowserImport(t *testing.T) {
	chromium := needChromium(t)
	app := newTestApp(t, storetest.Open(t))
	base := app.srv.URL
	ctx := newBrowser(t, chromium, 90*time.Second)
	sheet := filepath.Join(t.TempDir(), "list.csv")
	if err := os.WriteFile(sheet, []byte(importSheet), 0o600); err != nil {
		t.Fatal(err)
	}
	browserSignIn(t, ctx, base+"/imports", haki.RoleDataManager)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/imports"), chromedp.WaitVisible(chromedp.ID("import-file"))); err != nil {
		t.Fatalf("the import page: %v", err)
	}
	fits := func(page string) {
		t.Helper()
		w, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth`))
		if err != nil || w > 392 {
			t.Errorf("%s is %v px wide on a 390 px screen (%v)", page, w, err)
		}
	}
	fits("the upload page")
	set := func(id, v string) chromedp.Action[chromedp.Void] { return chromedp.SetValue(chromedp.ID(id), v) }
	steps := []struct {
		name    string
		actions []chromedp.Action[chromedp.Void]
	}{
		{"choose the file", []chromedp.Action[chromedp.Void]{chromedp.SetUploadFiles(chromedp.ID("import-file"), []string{sheet})}},
		{"upload", []chromedp.Action[chromedp.Void]{chromedp.Click(chromedp.CSS(`main form[action="/imports"] button[type="submit"]`))}},
		{"the mapping page", []chromedp.Action[chromedp.Void]{chromedp.WaitVisible(chromedp.ID("field_0"))}},
		{"map", []chromedp.Action[chromedp.Void]{set("field_0", "victim.name"), set("field_1", "incident.county"), set("field_2", "incident.date"),
			set("field_3", "incident.date"), set("field_4", "act.outcome"), set("field_5", "victim.sex"),
			set("title_template", "Police killing in {County}"),
			set("const-incident-type", "extrajudicial_execution"), set("const-act-type", "killing")}},
		{"apply", []chromedp.Action[chromedp.Void]{chromedp.Click(chromedp.CSS(`button[value="apply"]`))}},
		{"the value mappings", []chromedp.Action[chromedp.Void]{chromedp.WaitVisible(chromedp.ID("vto-act-outcome-0"))}},
	}
	for _, s := range steps {
		sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		err := chromedp.Do(sctx, s.actions...)
		cancel()
		if err != nil {
			shot(t, ctx, "import-failed.png")
			t.Fatalf("%s: %v", s.name, err)
		}
	}
	fits("the mapping page")
	if err := chromedp.Do(ctx,
		set("vto-act-outcome-0", "killed"), set("vto-act-outcome-1", "missing"),
		set("vto-victim-sex-0", "female"), set("vto-victim-sex-1", "male"),
		chromedp.Click(chromedp.CSS(`button[value="preview"]`)),
		chromedp.WaitVisible(chromedp.ID("mode-valid")),
	); err != nil {
		t.Fatalf("dry run: %v", err)
	}
	shot(t, ctx, "import-dry-run.png")
	fits("the dry run")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("mode-valid")),
		chromedp.Click(chromedp.CSS(`#status form button[type="submit"]`)),
	); err != nil {
		t.Fatalf("import: %v", err)
	}
	// htmx asks for the status every second until the run ends.
	var text string
	for range 100 {
		text, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`(document.getElementById("status") || {}).innerText || ""`))
		if strings.Contains(text, "The rows above were written") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(text, "The rows above were written") {
		t.Errorf("status after the import: %q", text)
	}
	for _, j := range app.server.imports.jobs {
		if rep := j.Report; rep == nil || rep.Created != 3 || rep.Rejected != 2 {
			t.Errorf("imported: %+v", rep)
		}
	}
	shot(t, ctx, "import-done.png")
}
