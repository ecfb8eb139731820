package web

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestBrowserCasework follows a caseworker's journey in Chromium, through the real
// forms, over the real server and a real SQLite store: a caseworker registers
// a torture survivor found under another spelling, records consent and refers
// them to a network doctor; the doctor sees only that case and records an
// examination; the caseworker adds a legal matter with two hearings, sees the
// drop-out flag after two missed appointments, and closes the case. It leaves
// screenshots in /tmp/haki-shots/casework-*.png.
func TestBrowserCasework(t *testing.T) {
	chromium := needChromium(t)
	app := newTestApp(t, storetest.Open(t))
	admin, cwUser, profUser := app.users[haki.RoleAdmin], app.users[haki.RoleCaseworker], app.users[haki.RoleProfessional]
	mustPerson(t, app.store, admin, "Wanjiru Kamau")
	doc := mustProfessional(t, app.store, admin, "Dr Achieng Otieno", profUser.ID)
	other := mustCase(t, app.store, admin, cwUser.TeamID, false) // a case the doctor must not see

	ctx := newBrowser(t, chromium, 90*time.Second)
	b := &cwBrowser{t: t, ctx: ctx, base: app.srv.URL}
	nairobi := time.Now().In(haki.Nairobi)
	today := nairobi.Format("2006-01-02")
	phone, desktop := chromedp.EmulateViewport(390, 844), chromedp.EmulateViewport(1280, 900)

	// The caseworker signs in on a phone and starts an intake.
	b.do("caseworker signs in", phone)
	b.signIn(haki.RoleCaseworker)
	b.open("/cases")
	b.submit("open the intake", `//a[@href="/intakes/new"]`)
	b.do("search another spelling", chromedp.SendKeys(chromedp.ID("q"), "Wanjiro Kamau"))
	b.submit("search", `button[name="nav"][value="search"]`)
	b.see("step 1 results", "main", "Wanjiru Kamau")
	b.shot("casework-intake-1-search.png")
	b.do("pick the existing person", chromedp.Click(`//label[contains(., "Wanjiru Kamau")]`))
	b.submit("step 1 next", `button[name="nav"][value="next"]`)

	// Step 2: a new incident.
	b.see("step 2", "main h2", "2")
	b.do("new incident",
		chromedp.Click(chromedp.ID("new_incident")),
		chromedp.SendKeys(cssID("incident.title"), "Beaten in the cells at Kayole station"),
		chromedp.Click(chromedp.ID("itype-torture")),
		chromedp.SendKeys(cssID("incident.occurred"), "~2025-01"),
		chromedp.SetValue(cssID("incident.county_code"), "KE-047"),
		chromedp.SendKeys(cssID("incident.narrative"), "Held for two nights and beaten during questioning."))
	b.shot("casework-intake-2-incident.png")
	b.submit("step 2 next", `button[name="nav"][value="next"]`)

	// Step 3: needs and consent (care and litigation; a network doctor needs
	// consent to care, not to sharing with partners).
	b.see("step 3", "main h2", "3")
	b.do("needs and consent",
		chromedp.Click(chromedp.ID("need-medical")),
		chromedp.Click(chromedp.ID("need-legal")),
		chromedp.SetValue(cssID("consent.care.decision"), "given"),
		chromedp.SetValue(cssID("consent.litigation.decision"), "given"),
		chromedp.SetValue(cssID("consent.decided_on"), today),
		chromedp.SetValue(cssID("consent.method"), "signed_form"),
		chromedp.SetValue(cssID("consent.language"), "sw"))
	b.shot("casework-intake-3-consent.png")
	b.submit("step 3 next", `button[name="nav"][value="next"]`)

	// Step 4: the risk and protection assessment.
	b.see("step 4", "main h2", "4")
	b.do("assessment",
		chromedp.SetValue(cssID("assessment.assessed_on"), today),
		chromedp.SetValue(cssID("assessment.threat_level"), "medium"),
		chromedp.SendKeys(cssID("assessment.threatened_by"), "Officers at the station"),
		chromedp.Click(cssID("assessment.safe_to_call")),
		chromedp.SendKeys(cssID("assessment.safe_times"), "Weekday mornings"),
		chromedp.SetValue(cssID("assessment.contact_method"), "phone"))
	b.shot("casework-intake-4-assessment.png")
	b.submit("step 4 next", `button[name="nav"][value="next"]`)

	// Step 5: the case itself, then finish.
	b.see("step 5", "main h2", "5")
	b.do("case fields",
		chromedp.SetValue(cssID("case.client_relation"), "survivor"),
		chromedp.SetValue(cssID("case.intake_channel"), "walk_in"),
		chromedp.SendKeys(cssID("case.summary"), "Survivor of torture in police custody; needs a medico-legal examination."))
	b.shot("casework-intake-5-case.png")
	b.submit("finish", `button[name="nav"][value="finish"]`)
	b.see("case page", "main", "Wanjiru Kamau", "Given", "Medium", "Beaten in the cells at Kayole station")
	caseURL := b.location()
	caseID := caseURL[strings.LastIndex(caseURL, "/")+1:]
	if i := strings.IndexAny(caseID, "#?"); i >= 0 {
		caseID = caseID[:i]
	}
	caseRef := strings.Fields(b.text("main h1"))[0] // the status badge follows
	b.shot("casework-case-new.png")

	// Refer the client to the network doctor.
	b.submit("open referral form", `//a[@href="/cases/`+caseID+`/referrals/new"]`)
	b.do("referral",
		chromedp.SetValue(chromedp.ID("to"), "professional:"+doc.ID),
		chromedp.SendKeys(chromedp.ID("reason"), "Medico-legal examination and treatment of injuries"))
	b.shot("casework-referral-form.png")
	b.submit("send referral", `main form button[type="submit"]`)
	b.see("referral sent", "main", "Dr Achieng Otieno", "Medico-legal examination and treatment of injuries")
	b.signOut()

	// The doctor signs in, on a desktop, and sees only that case.
	b.do("doctor signs in", desktop)
	b.signIn(haki.RoleProfessional)
	b.open("/cases")
	list := b.text("main")
	if !strings.Contains(list, caseRef) || strings.Contains(list, other.Ref) {
		t.Fatalf("the doctor's case list should hold %s only: %q", caseRef, list)
	}
	b.shot("casework-doctor-cases.png")
	b.submit("doctor opens the case", `//a[@href="/cases/`+caseID+`"]`)
	b.see("doctor's case page", "main", caseRef, "Dr Achieng Otieno")
	b.shot("casework-doctor-case.png")
	b.submit("doctor opens the service form", `//a[@href="/cases/`+caseID+`/services/new"]`)
	b.do("examination",
		chromedp.SetValue(chromedp.ID("type"), "medico_legal_examination"),
		chromedp.SendKeys(chromedp.ID("duration_minutes"), "60"),
		chromedp.SendKeys(chromedp.ID("outcome"), "Injuries consistent with the account; P3 form filled"))
	b.shot("casework-doctor-service.png")
	b.submit("save the examination", `main form button[type="submit"]`)
	b.see("examination recorded", "#services", "Medico-legal examination", "Injuries consistent with the account")
	b.open("/cases/" + other.ID)
	b.see("other case hidden", "main", "Not found")
	b.signOut()

	// The caseworker adds a legal matter with two hearings.
	b.do("caseworker again", phone)
	b.signIn(haki.RoleCaseworker)
	b.open("/cases/" + caseID)
	b.submit("open the matter form", `//a[@href="/cases/`+caseID+`/matters/new"]`)
	b.do("matter",
		chromedp.SetValue(chromedp.ID("kind"), "constitutional_petition"),
		chromedp.SetValue(chromedp.ID("court"), "high_court"),
		chromedp.SendKeys(chromedp.ID("court_station"), "Milimani"),
		chromedp.SendKeys(chromedp.ID("case_number"), "E123 of 2025"),
		chromedp.SetValue(chromedp.ID("status"), "filed"),
		chromedp.SetValue(chromedp.ID("filed_on"), today))
	b.submit("save the matter", `main form button[type="submit"]`)
	b.see("matter page", "main", "Constitutional petition", "Milimani")
	hearings := []struct{ at, purpose, happened string }{
		{nairobi.AddDate(0, 0, -7).Format("2006-01-02") + "T09:00", "mention", "Mentioned; directions on filing of affidavits"},
		{nairobi.AddDate(0, 0, 14).Format("2006-01-02") + "T10:00", "hearing", ""},
	}
	for _, h := range hearings {
		b.submit("open the hearing form", `//a[contains(@href, "/hearings/new")]`)
		b.do("hearing",
			chromedp.SetValue(chromedp.ID("starts_at"), h.at),
			chromedp.SetValue(chromedp.ID("purpose"), h.purpose),
			chromedp.SetValue(chromedp.ID("court"), "high_court")) // the station comes from the matter
		if h.happened != "" {
			b.do("what happened", chromedp.SendKeys(chromedp.ID("what_happened"), h.happened))
		}
		b.submit("save the hearing", `main form button[type="submit"]`)
	}
	b.see("two hearings", "main table", "Mention", "Hearing", "Mentioned; directions")
	b.shot("casework-matter.png")

	// Two appointments, both missed by the client.
	b.open("/cases/" + caseID)
	for i, day := range []int{-10, -3} {
		b.submit("open the appointment form", `//a[@href="/cases/`+caseID+`/appointments/new"]`)
		b.do("appointment",
			chromedp.SetValue(chromedp.ID("subtype"), "counselling"),
			chromedp.SetValue(chromedp.ID("starts_at"), nairobi.AddDate(0, 0, day).Format("2006-01-02")+"T11:00"),
			chromedp.SendKeys(chromedp.ID("location"), "Haki office, room 2"))
		if i == 0 {
			b.shot("casework-appointment-form.png")
		}
		b.submit("save the appointment", `main form button[type="submit"]`)
	}
	for range 2 {
		b.submit("mark missed", `(//div[contains(., "Client")]/form/button[@value="missed"])[1]`)
	}
	b.see("at-risk flag", "#follow-up", "At risk of dropping out", "Missed the last 2 appointments in a row")
	b.shot("casework-case-at-risk.png")
	b.submit("open the follow-ups", `//nav//a[@href="/follow-ups"]`)
	b.see("follow-up list", "main", caseRef, "Missed the last 2 appointments in a row")
	b.shot("casework-followups.png")

	// Close the case with a reason; the timeline tells the whole story.
	b.do("desktop", desktop)
	b.open("/cases/" + caseID)
	b.do("open the status form", chromedp.Click(chromedp.CSS(`details#status > summary`)))
	b.do("close",
		chromedp.SetValue(chromedp.ID("cw-status"), "closed"),
		chromedp.SetValue(chromedp.ID("cw-closure"), "services_completed"),
		chromedp.SendKeys(chromedp.ID("cw-reason"), "Examination done and petition filed; client moved away"))
	b.submit("close the case", `//form[contains(@action, "/status")]//button[@type="submit"]`)
	b.see("closed", "main", "Closed", "Services completed")
	b.shot("casework-case-closed.png")
	b.open("/cases/" + caseID + "/timeline")
	b.see("timeline", "main", "Intake → Closed (Services completed): Examination done and petition filed",
		"Service: Medico-legal examination", "Legal matter: Constitutional petition for compensation, High Court",
		"Court hearing: Mention, High Court", "Attendance: Missed (Counselling)", "Consent, Care: Given", "Referral sent")
	b.shot("casework-timeline.png")

	// The same pages in Kiswahili: no catalogue key or code shows through.
	b.do("phone", phone)
	b.open("/cases/" + caseID)
	b.openMenu()
	b.submit("switch to Kiswahili", `button[name="lang"][value="sw"]`)
	b.see("case page in Kiswahili", "main", "Imefungwa", "Alikosa", "Uchunguzi wa kitabibu")
	b.shot("casework-case-sw.png")
	b.noKeysOn("/cases/"+caseID, "/cases/"+caseID+"/timeline", "/follow-ups")
	b.shot("casework-followups-sw.png")
}

// noKeysOn opens each page and fails on a catalogue key or code shown in
// its main part.
func (b *cwBrowser) noKeysOn(paths ...string) {
	b.t.Helper()
	for _, path := range paths {
		b.open(path)
		if keys := catalogueKey.FindAllString(b.text("main"), -1); len(keys) > 0 {
			b.t.Errorf("%s shows catalogue keys or codes: %q", path, keys)
		}
	}
}

// catalogueKey finds text that looks like a catalogue key ("case.nav.label")
// or a code with an underscore ("high_court") left untranslated.
var catalogueKey = regexp.MustCompile(`\b[a-z]+(\.[a-z_]+)+\b|\b[a-z]+_[a-z_]+\b`)

// cssID selects an element by an id that holds dots, which chromedp.ID
// would read as CSS classes.
func cssID(id string) chromedp.CSS { return chromedp.CSS(`[id="` + id + `"]`) }

// cwBrowser drives one tab, failing the test at the first step that fails.
type cwBrowser struct {
	t        *testing.T
	ctx      context.Context
	base     string
	password string // storetest.Password when empty
}

func (b *cwBrowser) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", step, err)
	}
}

// open loads a page and waits for it.
func (b *cwBrowser) open(path string) {
	b.t.Helper()
	b.do("open "+path, chromedp.Navigate(b.base+path), chromedp.WaitReady(chromedp.CSS("main")))
}

// submit clicks a link or button (a Search selector: CSS or XPath) and waits
// until the next page has loaded.
func (b *cwBrowser) submit(step, sel string) {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool]("window.hakiStale = true")); err != nil {
		b.t.Fatalf("%s: %v", step, err)
	}
	b.do(step, chromedp.Click(sel, chromedp.NodeVisible))
	// The page may go away while it is being asked: ask again until the
	// new one answers.
	deadline := time.Now().Add(10 * time.Second)
	for {
		ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`window.hakiStale !== true && document.readyState === "complete"`))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("%s: no new page: %v", step, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (b *cwBrowser) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// see fails unless the element shows every text.
func (b *cwBrowser) see(step, sel string, wants ...string) {
	b.t.Helper()
	got := b.text(sel)
	for _, w := range wants {
		if !strings.Contains(got, w) {
			b.shot("casework-failed.png")
			b.t.Fatalf("%s: %s does not show %q: %.1500s", step, sel, w, got)
		}
	}
}

func (b *cwBrowser) location() string {
	b.t.Helper()
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatal(err)
	}
	return loc
}

func (b *cwBrowser) signIn(role haki.Role) {
	b.t.Helper()
	password := b.password
	if password == "" {
		password = storetest.Password
	}
	b.open("/signin")
	b.do("sign in as "+string(role),
		chromedp.SendKeys(chromedp.ID("username"), string(role)),
		chromedp.SendKeys(chromedp.ID("password"), password))
	b.submit("sign in as "+string(role), `main form button[type="submit"]`)
	b.do("signed in", chromedp.WaitReady(chromedp.CSS(`form[action="/signout"]`)))
}

func (b *cwBrowser) signOut() {
	b.t.Helper()
	b.openMenu()
	b.submit("sign out", `header form[action="/signout"] button[type="submit"]`)
	b.do("signed out", chromedp.WaitVisible(chromedp.ID("username")))
}

// openMenu opens the header's menu, where a page has one that is closed,
// as a person taps it to reach the language switch or sign-out.
func (b *cwBrowser) openMenu() {
	b.t.Helper()
	closed, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(() => { const d = document.querySelector("header details"); return !!d && !d.open })()`))
	if err != nil {
		b.t.Fatalf("menu: %v", err)
	}
	if closed {
		b.do("open the menu", chromedp.Click(chromedp.CSS(`header details > summary`), chromedp.NodeVisible))
	}
}

func (b *cwBrowser) shot(name string) {
	b.t.Helper()
	shot(b.t, b.ctx, name)
}
