package web

import (
	"bytes"
	"encoding/base64"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"
	"github.com/xuri/excelize/v2"

	"github.com/haki-kenya/haki"
)

// The main journeys, in Chromium against the real binary serving the demo
// (e2e_test.go). Each signs in as the demo's own accounts.

// TestE2ESignInTwoFactor: the researcher turns on two-factor sign-in from
// the account page with the secret shown (the test computes the codes an
// authenticator app would), gets recovery codes, and signs in again with
// the password and then a code; a wrong code is refused.
func TestE2ESignInTwoFactor(t *testing.T) {
	b := e2eBrowser(t, 2*time.Minute)
	b.do("phone", chromedp.EmulateViewport(390, 844))
	b.signIn(haki.RoleResearcher)
	b.open("/account/two-factor")
	b.do("password", chromedp.SendKeys(chromedp.ID("current_password"), e2ePassword))
	b.submit("begin enrolment", `main form button[type="submit"]`)
	secret := strings.ReplaceAll(b.text("main code"), " ", "")
	if len(secret) < 16 {
		t.Fatalf("no enrolment secret shown: %q", secret)
	}
	code, err := totp.GenerateCode(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	b.do("first code", chromedp.SendKeys(chromedp.ID("code"), code))
	b.submit("confirm", `main form button[type="submit"]`)
	if n := strings.Count(b.text("ul.recovery-codes"), "\n") + 1; n < 5 {
		t.Fatalf("recovery codes: %d shown", n)
	}
	b.clearCookies()

	b.signInPassword(haki.RoleResearcher)
	if loc := b.location(); !strings.HasSuffix(loc, "/signin/code") {
		t.Fatalf("after the password: at %s, not the code page", loc)
	}
	b.do("wrong code", chromedp.SendKeys(chromedp.ID("code"), "000000"))
	b.submit("send the wrong code", `main form button[type="submit"]`)
	if loc := b.location(); !strings.HasSuffix(loc, "/signin/code") || b.attr("#code", "aria-invalid") != "true" {
		t.Fatalf("a wrong code was not refused on the code page: at %s", loc)
	}
	// The code of the next period: the enrolment used this one's, and a
	// code is good once.
	code, err = totp.GenerateCode(secret, time.Now().Add(30*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	b.do("right code", chromedp.SendKeys(chromedp.ID("code"), code))
	b.submit("send the code", `main form button[type="submit"]`)
	b.do("signed in", chromedp.WaitReady(chromedp.CSS(`form[action="/signout"]`)))
	b.open("/account/two-factor")
	b.see("two-factor on", "main", "recovery")
}

// TestE2ECasework: a monitor records an incident; a caseworker takes in a
// new client from it through the five intake steps, choosing the incident
// with the record picker by a word of its title, and schedules the first
// appointment; puts the client in a group session with the picker, by a
// word of their name; then two appointments the client missed are marked
// in one tap each, and the case shows the follow-up flag and is on the
// follow-ups list.
func TestE2ECasework(t *testing.T) {
	b := e2eBrowser(t, 3*time.Minute)
	now := time.Now().In(haki.Nairobi)
	today := now.Format("2006-01-02")
	// Words no generated record holds, for the pickers to find.
	word := "Nya" + strings.Map(func(r rune) rune { return rune("bdfgkmprst"[r-'0']) }, now.Format("150405"))
	title := "E2E beating at Kayole station, " + word + " road"
	client := "Achieng " + word
	b.do("phone", chromedp.EmulateViewport(390, 844))

	// The monitor records the incident.
	b.signIn(haki.RoleMonitor)
	b.open("/incidents/new")
	b.do("incident",
		chromedp.SendKeys(chromedp.ID("title"), title),
		chromedp.Click(chromedp.ID("type-torture")),
		chromedp.SendKeys(chromedp.ID("occurred"), "~2025-03"),
		chromedp.SetValue(chromedp.ID("county_code"), "KE-047"),
		chromedp.SendKeys(chromedp.ID("place_name"), "Kayole"),
		chromedp.SendKeys(chromedp.ID("narrative"), "A man was beaten in the cells overnight."))
	b.submit("save the incident", `main form button[type="submit"]`)
	b.see("incident saved", "main", title)
	incRef := incidentRef(t, b.text("main h1"))
	b.clearCookies()

	var caseID, caseRef string
	t.Run("intake to a first appointment", func(t *testing.T) {
		b := b.with(t)
		b.signIn(haki.RoleCaseworker)
		b.open("/intakes/new")
		b.do("new client",
			chromedp.Click(chromedp.ID("client-new")),
			chromedp.SendKeys(cssID("person.full_name"), client),
			chromedp.SetValue(cssID("person.county_code"), "KE-047"))
		b.submit("step 1 next", `button[name="nav"][value="next"]`)
		b.see("step 2", "main h2", "2")
		b.pick("incident_refs", word, incRef)
		b.submit("step 2 next", `button[name="nav"][value="next"]`)
		b.see("step 3", "main h2", "3")
		b.do("needs and consent",
			chromedp.Click(chromedp.ID("need-medical")),
			chromedp.SetValue(cssID("consent.care.decision"), "given"),
			chromedp.SetValue(cssID("consent.decided_on"), today),
			chromedp.SetValue(cssID("consent.method"), "signed_form"),
			chromedp.SetValue(cssID("consent.language"), "sw"))
		b.submit("step 3 next", `button[name="nav"][value="next"]`)
		b.see("step 4", "main h2", "4")
		b.do("assessment",
			chromedp.SetValue(cssID("assessment.assessed_on"), today),
			chromedp.SetValue(cssID("assessment.threat_level"), "low"),
			chromedp.Click(cssID("assessment.safe_to_call")),
			chromedp.SetValue(cssID("assessment.contact_method"), "phone"))
		b.submit("step 4 next", `button[name="nav"][value="next"]`)
		b.see("step 5", "main h2", "5")
		b.do("case fields",
			chromedp.SetValue(cssID("case.client_relation"), "survivor"),
			chromedp.SetValue(cssID("case.intake_channel"), "walk_in"),
			chromedp.SendKeys(cssID("case.summary"), "Survivor of a beating in police cells; needs a medical examination."))
		b.submit("finish", `button[name="nav"][value="finish"]`)
		b.see("case page", "main", client, title)
		caseID = lastSegment(b.location())
		caseRef = strings.Fields(b.text("main h1"))[0]

		b.submit("schedule an appointment", `//a[@href="/cases/`+caseID+`/appointments/new"]`)
		b.do("appointment",
			chromedp.SetValue(chromedp.ID("subtype"), "counselling"),
			chromedp.SetValue(chromedp.ID("starts_at"), now.AddDate(0, 0, 2).Format("2006-01-02")+"T10:00"),
			chromedp.SendKeys(chromedp.ID("location"), "Haki office, room 2"))
		b.submit("save the appointment", `main form button[type="submit"]`)
		b.open("/cases/" + caseID)
		b.see("first appointment", "main", "Counselling", "Haki office, room 2")
	})
	if caseID == "" {
		t.Fatal("no case from the intake")
	}

	t.Run("record picker", func(t *testing.T) {
		// A group session with the new client, found by a word of their name.
		b := b.with(t)
		b.open("/calendar/events/new")
		b.do("session",
			chromedp.SetValue(chromedp.ID("kind"), "group_session"),
			chromedp.SetValue(chromedp.ID("starts_at"), now.AddDate(0, 0, 3).Format("2006-01-02")+"T14:00"),
			chromedp.SendKeys(chromedp.ID("location"), "Counselling room 2"))
		b.pick("clients", strings.ToLower(word), caseRef)
		b.submit("save the session", `main form .form-actions button[type="submit"]`)
		b.see("session saved", "main", "Counselling room 2")
		// The client shows by name, or by reference where the page keeps names back.
		if who := b.text("main table"); !strings.Contains(who, word) && !strings.Contains(who, "PER-") {
			t.Errorf("the session's participants do not show the client: %q", who)
		}
	})

	t.Run("attendance and follow-up", func(t *testing.T) {
		b := b.with(t)
		var days []string
		for _, day := range []int{-9, -2} {
			at := now.AddDate(0, 0, day).Format("2006-01-02") + "T11:00"
			days = append(days, strings.Replace(at, "T", " ", 1))
			b.open("/cases/" + caseID + "/appointments/new")
			b.do("past appointment",
				chromedp.SetValue(chromedp.ID("subtype"), "counselling"),
				chromedp.SetValue(chromedp.ID("starts_at"), at),
				chromedp.SendKeys(chromedp.ID("location"), "Haki office, room 3"))
			b.submit("save the appointment", `main form button[type="submit"]`)
		}
		b.open("/cases/" + caseID)
		// One tap each, on the client (the first participant) of each past appointment.
		for _, day := range days {
			b.submit("mark missed on "+day, `(//li[contains(., "`+day+`")]//div[contains(@class, "participant")])[1]//button[@value="missed"]`)
		}
		b.see("at-risk flag", "#follow-up", "Missed the last 2 appointments in a row")
		b.open("/follow-ups")
		b.see("follow-up list", "main", caseRef, "Missed the last 2 appointments in a row")
	})
}

// TestE2EReportDownloads: a data manager opens a report and downloads its
// PDF and XLSX: the right content types, and files that open.
func TestE2EReportDownloads(t *testing.T) {
	b := e2eBrowser(t, 2*time.Minute)
	b.do("desktop", chromedp.EmulateViewport(1280, 900))
	b.signIn(haki.RoleDataManager)
	b.open("/reports/executions")
	for _, f := range []struct{ format, contentType string }{
		{"pdf", "application/pdf"},
		{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	} {
		href, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector('nav.report-downloads a[href*="format=`+f.format+`"]').getAttribute("href")`))
		if err != nil {
			t.Fatalf("%s link: %v", f.format, err)
		}
		ct, body := b.fetch(href)
		if ct != f.contentType {
			t.Errorf("%s: content type %q, want %q", href, ct, f.contentType)
		}
		switch f.format {
		case "pdf":
			checkPDF(t, body)
		case "xlsx":
			x, err := excelize.OpenReader(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("%s does not open: %v", href, err)
			}
			rows, err := x.GetRows(x.GetSheetList()[0])
			if err != nil || len(rows) < 2 {
				t.Errorf("%s: first sheet has %d rows: %v", href, len(rows), err)
			}
		}
	}
}

// TestE2ELanguage: the language switch turns a page into Kiswahili and back,
// on the same page, and no catalogue key or code shows through.
func TestE2ELanguage(t *testing.T) {
	b := e2eBrowser(t, 2*time.Minute)
	b.do("phone", chromedp.EmulateViewport(390, 844))
	b.signIn(haki.RoleCaseworker)
	b.open("/cases")
	en := b.text("main h1")
	b.openMenu()
	b.submit("switch to Kiswahili", `button[name="lang"][value="sw"]`)
	if lang := b.attr("html", "lang"); lang != "sw" {
		t.Fatalf("after the switch the page is in %q", lang)
	}
	if !strings.HasSuffix(b.location(), "/cases") {
		t.Errorf("the switch left the page: %s", b.location())
	}
	sw := b.text("main h1")
	if sw == en {
		t.Errorf("the heading stayed %q", sw)
	}
	b.noKeysOn("/", "/cases", "/calendar", "/tasks", "/follow-ups")
	b.openMenu()
	b.submit("back to English", `button[name="lang"][value="en"]`)
	if lang := b.attr("html", "lang"); lang != "en" {
		t.Fatalf("after switching back the page is in %q", lang)
	}
	b.open("/cases")
	if got := b.text("main h1"); got != en {
		t.Errorf("back in English the heading is %q, want %q", got, en)
	}
}

// pick types text into a record picker and chooses the match whose
// reference is ref, which the field then holds.
func (b *cwBrowser) pick(field, text, ref string) {
	b.t.Helper()
	button := `[id="` + field + `-picks"] button[data-pick-ref="` + ref + `"]`
	b.do("pick "+ref+" in "+field,
		chromedp.SendKeys(cssID(field), text),
		chromedp.WaitVisible(chromedp.CSS(button)),
		chromedp.Click(chromedp.CSS(button)))
	if v := b.value(field); !strings.Contains(v, ref) {
		b.t.Fatalf("after choosing %s, %s holds %q", ref, field, v)
	}
}

func (b *cwBrowser) value(id string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.getElementById(`+jsString(id)+`).value`))
	if err != nil {
		b.t.Fatalf("value of %s: %v", id, err)
	}
	return v
}

// with returns the browser failing t instead (for a subtest).
func (b *cwBrowser) with(t *testing.T) *cwBrowser {
	c := *b
	c.t = t
	return &c
}

// signInPassword sends the password form and waits for the next page,
// whatever it is (the code page when two-factor sign-in is on).
func (b *cwBrowser) signInPassword(role haki.Role) {
	b.t.Helper()
	b.open("/signin")
	b.do("sign in as "+string(role),
		chromedp.SendKeys(chromedp.ID("username"), string(role)),
		chromedp.SendKeys(chromedp.ID("password"), b.password))
	b.submit("sign in as "+string(role), `main form button[type="submit"]`)
}

func (b *cwBrowser) attr(sel, name string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector(`+jsString(sel)+`).getAttribute(`+jsString(name)+`) || ""`))
	if err != nil {
		b.t.Fatalf("%s[%s]: %v", sel, name, err)
	}
	return v
}

// fetch downloads path with the page's session, as a download link would,
// and returns the content type and the body.
func (b *cwBrowser) fetch(path string) (string, []byte) {
	b.t.Helper()
	res, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`fetch(`+jsString(path)+`).then(async r => {
		const bytes = new Uint8Array(await r.arrayBuffer());
		let bin = "";
		for (let i = 0; i < bytes.length; i += 8192) bin += String.fromCharCode(...bytes.subarray(i, i + 8192));
		return [String(r.status), r.headers.get("Content-Type") || "", btoa(bin)];
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("fetch %s: %v", path, err)
	}
	if res[0] != "200" {
		b.t.Fatalf("fetch %s: status %s", path, res[0])
	}
	body, err := base64.StdEncoding.DecodeString(res[2])
	if err != nil {
		b.t.Fatal(err)
	}
	return res[1], body
}

// checkPDF checks that body is a whole PDF, and with pdftotext (when
// installed, as in CI) that it reads.
func checkPDF(t *testing.T, body []byte) {
	t.Helper()
	if !bytes.HasPrefix(body, []byte("%PDF-")) || !bytes.Contains(body[max(0, len(body)-1024):], []byte("%%EOF")) {
		t.Fatalf("not a whole PDF: %.40q … %d bytes", body, len(body))
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("pdftotext not installed: the PDF's text is not read")
		return
	}
	f, err := os.CreateTemp(t.TempDir(), "*.pdf")
	if err != nil {
		t.Fatal(err)
	}
	f.Write(body)
	f.Close()
	out, err := exec.Command("pdftotext", f.Name(), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	if len(strings.TrimSpace(string(out))) == 0 {
		t.Error("the PDF holds no text")
	}
}

// incidentRef finds the INC- reference in a heading.
func incidentRef(t *testing.T, h1 string) string {
	t.Helper()
	for _, w := range strings.Fields(h1) {
		if strings.HasPrefix(w, "INC-") {
			return strings.TrimRight(w, ":")
		}
	}
	t.Fatalf("no incident reference in %q", h1)
	return ""
}

func lastSegment(u string) string {
	u = u[strings.LastIndex(u, "/")+1:]
	if i := strings.IndexAny(u, "#?"); i >= 0 {
		u = u[:i]
	}
	return u
}

func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(s) + "'"
}
