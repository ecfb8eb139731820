package web

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"github.com/haki-kenya/haki"
)

// evaluationDoctor is the demo's account of a doctor of the network
// directory, assigned to cases, whom no other test signs in as (this one
// turns on their second factor).
const evaluationDoctor = haki.Role("professional2")

// TestE2EEvaluation: on a tablet, a doctor of the network turns on
// two-step sign-in, opens one of their cases, opens an evaluation, fills
// the details, consent and account, adds two findings and saves; the
// reloaded form holds it all (and a copy was kept on the device as they
// typed); they sign it with a code and see its fingerprint.
func TestE2EEvaluation(t *testing.T) {
	b := e2eBrowser(t, 3*time.Minute)
	b.do("tablet", chromedp.EmulateViewport(800, 1280))
	b.signIn(evaluationDoctor)

	b.open("/account/two-factor")
	b.do("password", chromedp.SendKeys(chromedp.ID("current_password"), e2ePassword))
	b.submit("begin enrolment", `main form button[type="submit"]`)
	secret := strings.ReplaceAll(b.text("main code"), " ", "")
	first, err := totp.GenerateCode(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	b.do("first code", chromedp.SendKeys(chromedp.ID("code"), first))
	b.submit("confirm", `main form button[type="submit"]`)

	b.open("/cases")
	b.submit("open a case", `main td a[href^="/cases/"]`)
	b.see("the case's evaluations", "#evaluations", "")
	b.submit("new evaluation", `#evaluations a[href^="/evaluations/new"]`)
	b.submit("open the evaluation", `main form button[type="submit"]`)
	path := strings.TrimPrefix(b.location(), b.base)
	if !strings.HasPrefix(path, "/evaluations/") {
		t.Fatalf("not on the evaluation: %s", path)
	}

	b.do("details, consent and account",
		chromedp.SetValue(chromedp.ID("place"), "Kenyatta National Hospital, Nairobi"),
		chromedp.SetValue(chromedp.ID("qualifications"), "MBChB (Nairobi); Istanbul Protocol training, 2024"),
		chromedp.Click(chromedp.CSS(`input[name="exam_consent"][value="given"]`)),
		chromedp.SetValue(chromedp.ID("exam_consent_method"), "signed_form"),
		chromedp.Click(chromedp.CSS(`input[name="uses"][value="litigation"]`)),
		chromedp.SendKeys(chromedp.ID("account"), "Arrested at a roadblock and beaten with batons on the back at the station for two nights."),
		chromedp.SendKeys(chromedp.ID("interpretation"), "The bruises and the account correspond."),
		chromedp.Click(chromedp.CSS(`input[name="overall_level"][value="highly_consistent"]`)))
	kept, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`Object.keys(localStorage).some(k => k.startsWith("haki.evaldraft."))`))
	if err != nil || !kept {
		t.Errorf("no copy kept on the device as the doctor typed: %v", err)
	}
	for i, f := range []struct{ region, lesion, description string }{
		{"upper_back", "bruise", "Tramline bruises across the upper back, 12 x 3 cm"},
		{"wrist_left", "abrasion", "Circumferential abrasion of the left wrist"},
	} {
		n := string(rune('1' + i))
		b.submit("add finding "+n, `button[name="action"][value="add_finding"]`)
		b.do("finding "+n,
			chromedp.SetValue(cssID("finding_lesion_type_"+n), f.lesion),
			chromedp.SendKeys(cssID("finding_description_"+n), f.description),
			chromedp.SetValue(cssID("finding_alleged_method_"+n), "beating"),
			chromedp.Click(chromedp.CSS(`input[name="finding_opinion_`+n+`"][value="highly_consistent"]`)))
		if n == "1" { // placed by a tap on the back's chart
			b.do("place finding 1", chromedp.Click(chromedp.CSS(`[data-place="1"]`), chromedp.NodeVisible),
				chromedp.Click(chromedp.CSS(`svg.bodychart[data-view="back"]`), chromedp.NodeVisible))
			if b.value("finding_view_1") != "back" || b.value("finding_x_1") == "" || b.value("finding_region_1") == "" {
				t.Errorf("the tap placed nothing: view %q x %q region %q", b.value("finding_view_1"), b.value("finding_x_1"), b.value("finding_region_1"))
			}
		} else { // chosen in the lists, as with a keyboard
			b.do("finding "+n+" in the lists", chromedp.SetValue(cssID("finding_view_"+n), "back"),
				chromedp.SetValue(cssID("finding_region_"+n), f.region))
		}
	}
	b.submit("save", `#evaluation-form .form-actions button[value="save"]`)
	b.open(path)
	if got := b.value("place"); got != "Kenyatta National Hospital, Nairobi" {
		t.Errorf("place after reload: %q", got)
	}
	if strings.Contains(b.text("main"), "newer than the saved one") {
		t.Error("after a save the page offers to restore the device's copy")
	}
	if got := b.value("finding_description_2"); !strings.Contains(got, "left wrist") {
		t.Errorf("finding 2 after reload: %q", got)
	}
	b.shot("evaluation-form-tablet.png")
	for _, v := range b.axe() {
		t.Errorf("the evaluation form: axe %s (%s): %s\n\ton %s", v.ID, v.Impact, v.Help, strings.Join(v.Targets, "\n\ton "))
	}
	if load := b.measure(path); load.bytes > pageBudget {
		t.Errorf("the evaluation form transfers %.1f KB, over the %d KB budget: %s", float64(load.bytes)/1024, pageBudget/1024, load.summary())
	}
	b.do("phone", chromedp.EmulateViewport(390, 844))
	b.open(path)
	for _, v := range b.axe() {
		t.Errorf("the evaluation form on a phone: axe %s (%s): %s\n\ton %s", v.ID, v.Impact, v.Help, strings.Join(v.Targets, "\n\ton "))
	}
	b.shot("evaluation-form-phone.png")
	b.do("tablet again", chromedp.EmulateViewport(800, 1280))

	// Typed, then the page left unsaved (a dropped connection, a closed
	// tab): the device's copy is offered back, and restoring it saves it.
	b.do("type without saving", chromedp.SendKeys(chromedp.ID("detention"), "Held in a dark cell without water."))
	b.open(path)
	b.see("the copy is offered", "main", "newer than the saved one")
	b.do("restore", chromedp.Click(chromedp.CSS(`main div.errors button`), chromedp.NodeVisible))
	if got := b.value("detention"); got != "Held in a dark cell without water." {
		t.Errorf("restored detention: %q", got)
	}
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(b.text(".autosave-status"), "Saved") {
		if time.Now().After(deadline) {
			t.Fatalf("the restored copy was not saved: %q", b.text(".autosave-status"))
		}
		time.Sleep(200 * time.Millisecond)
	}

	// Saved meanwhile on another device (the version read is stale): the
	// page says so, the typed text stays on this device and is offered
	// back on the version saved last.
	b.open(path)
	b.do("stale", chromedp.Evaluate[chromedp.Void](`document.querySelector('input[name="version"]').value = "1"`),
		chromedp.SendKeys(chromedp.ID("disabilities"), "Cannot lift the left arm above the shoulder."))
	b.submit("save a stale version", `#evaluation-form .form-actions button[value="save"]`)
	b.see("conflict", "main", "saved elsewhere")
	b.submit("open the version saved last", `main div.errors a[href^="/evaluations/"]`)
	b.see("the copy is offered after the conflict", "main", "newer than the saved one")
	b.do("restore after the conflict", chromedp.Click(chromedp.CSS(`main div.errors button`), chromedp.NodeVisible))
	if got := b.value("disabilities"); got != "Cannot lift the left arm above the shoulder." {
		t.Errorf("restored after the conflict: %q", got)
	}
	deadline = time.Now().Add(15 * time.Second)
	for !strings.Contains(b.text(".autosave-status"), "Saved") {
		if time.Now().After(deadline) {
			t.Fatalf("the copy restored after the conflict was not saved: %q", b.text(".autosave-status"))
		}
		time.Sleep(200 * time.Millisecond)
	}

	// A code of the next period: enrolling used this one's.
	next, err := totp.GenerateCode(secret, time.Now().Add(30*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	b.do("code", chromedp.SendKeys(chromedp.ID("current_code"), next))
	b.submit("sign", `button[formaction$="/sign"]`)
	hash := b.text("code.evaluation-hash")
	if len(strings.Fields(hash)) != 8 {
		b.shot("evaluation-sign-failed.png")
		t.Fatalf("no fingerprint on the signed evaluation: %q", hash)
	}
	b.see("signed", "main", "Signed")
	kept, err = chromedp.Run(b.ctx, chromedp.Evaluate[bool](`Object.keys(localStorage).some(k => k.startsWith("haki.evaldraft."))`))
	if err != nil || kept {
		t.Errorf("the device still holds a copy of the signed evaluation: %v", err)
	}
	b.shot("evaluation-signed-tablet.png")

	// Signing out leaves no draft on a shared device; text that never
	// reached the server is removed only once the clinician agrees.
	put := `localStorage.setItem("haki.evaldraft.x.1", JSON.stringify({sent: false, fields: []})); true`
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](put+` && (window.confirm = () => false, true)`)); err != nil {
		t.Fatal(err)
	}
	b.openMenu()
	b.do("sign out, refused", chromedp.Click(chromedp.CSS(`header form[action="/signout"] button[type="submit"]`), chromedp.NodeVisible))
	if kept, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`localStorage.getItem("haki.evaldraft.x.1") !== null && !!document.querySelector('form[action="/signout"]')`)); err != nil || !kept {
		t.Errorf("a refused sign-out removed the unsent draft or signed out: %v", err)
	}
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(window.confirm = () => true, true)`)); err != nil {
		t.Fatal(err)
	}
	b.signOut()
	if left, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`Object.keys(localStorage).some(k => k.startsWith("haki.evaldraft."))`)); err != nil || left {
		t.Errorf("signed out, the device still holds an evaluation draft: %v", err)
	}
}
