package web

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestBrowserPicker: on a phone-sized screen a caseworker records an act
// whose victim they find by typing part of a name into the picker and
// choosing the match with the keyboard, then adds two incidents to a new
// case's field of several, one typed by reference and one picked by its
// victim's name. Screenshots go to /tmp/haki-shots/picker-*.png.
func TestBrowserPicker(t *testing.T) {
	chromium := needChromium(t)
	app := newTestApp(t, storetest.Open(t))
	base := app.srv.URL
	admin := app.users[haki.RoleAdmin]
	victim := mustPerson(t, app.store, admin, "Wanjiru Kamau")
	inc := mustIncident(t, app.store, admin, "Beating at Kilimani station")
	other := mustIncident(t, app.store, admin, "Shooting at Mathare")
	mustAct(t, app.store, admin, other, victim)

	ctx := newBrowser(t, chromium, 120*time.Second)
	do := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	value := func(id string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID(id)))
		if err != nil {
			t.Fatalf("value of %s: %v", id, err)
		}
		return v
	}
	browserSignIn(t, ctx, base+"/", haki.RoleCaseworker)
	do("type part of a name",
		chromedp.Navigate(base+"/incidents/"+inc.ID+"/acts/new"),
		chromedp.WaitVisible(chromedp.ID("victim_ref")),
		chromedp.SendKeys(chromedp.ID("victim_ref"), "wanjiro"),
		chromedp.WaitVisible(chromedp.CSS(`#victim_ref-picks button[data-pick-ref]`)))
	shot(t, ctx, "picker-matches.png")
	if got, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#victim_ref-picks`))); !strings.Contains(got, "Wanjiru Kamau") {
		t.Fatalf("matches: %q", got)
	}
	do("choose with the keyboard", chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter))
	if got := value("victim_ref"); got != victim.Ref {
		t.Fatalf("the field holds %q, want %s", got, victim.Ref)
	}
	do("save the act",
		chromedp.SetValue(chromedp.ID("act_type"), "torture"),
		chromedp.SetValue(chromedp.ID("victim_status"), "injured"),
		chromedp.Click(chromedp.CSS(`main form .form-actions button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.flash`)))
	if got, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main"))); !strings.Contains(got, victim.Ref) && !strings.Contains(got, "Wanjiru Kamau") {
		t.Errorf("the incident does not show the victim chosen")
	}

	do("several incidents",
		chromedp.Navigate(base+"/cases/new"),
		chromedp.WaitVisible(chromedp.ID("incident_refs")),
		chromedp.SendKeys(chromedp.ID("incident_refs"), inc.Ref+", kamau"),
		chromedp.WaitVisible(chromedp.CSS(`#incident_refs-picks button[data-pick-ref="`+other.Ref+`"]`)),
		chromedp.Click(chromedp.CSS(`#incident_refs-picks button[data-pick-ref="`+other.Ref+`"]`)))
	shot(t, ctx, "picker-several.png")
	if got := value("incident_refs"); got != inc.Ref+", "+other.Ref+", " {
		t.Errorf("the field holds %q", got)
	}
	if got, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#incident_refs-picks`))); strings.TrimSpace(got) != "" {
		t.Errorf("the matches stay open after choosing: %q", got)
	}
}
