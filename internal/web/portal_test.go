package web

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// publishedWorld is a published incident: Neema Achieng, aged 47, the
// client of a case whose publication consent is given, her family having
// agreed to her name but not her age; and Otieno Baraka, aged 63, nobody's
// client, whose name nobody made public.
type publishedWorld struct {
	inc          *haki.Incident
	pub          *haki.Publication
	client       *haki.Person
	stranger     *haki.Person
	clientCaseID string
}

func mustPublished(tb testing.TB, app *testApp) *publishedWorld {
	tb.Helper()
	st, dm := app.store, storetest.As(app.users[haki.RoleDataManager])
	w := &publishedWorld{}
	w.inc = &haki.Incident{Title: "Hidden title Mathare", Types: []string{"extrajudicial_execution"}, Occurred: haki.MustFuzzyDate("2024-03-14"),
		CountyCode: "KE-047", Verification: "verified", Narrative: "Hidden narrative of the shooting."}
	if err := st.CreateIncident(dm, w.inc); err != nil {
		tb.Fatal(err)
	}
	w.client, w.stranger = mustPerson(tb, st, app.users[haki.RoleAdmin], "Neema Achieng"), mustPerson(tb, st, app.users[haki.RoleAdmin], "Otieno Baraka")
	for _, v := range []struct {
		p   *haki.Person
		age int
	}{{w.client, 47}, {w.stranger, 63}} {
		a := &haki.Act{IncidentID: w.inc.ID, VictimID: v.p.ID, ActType: "killing", Method: "shooting", VictimStatus: "killed", VictimAge: &v.age}
		if err := st.CreateAct(dm, a); err != nil {
			tb.Fatal(err)
		}
	}
	today := haki.Today(st.Now())
	c := &haki.Case{ClientID: w.client.ID, ClientRelation: "survivor", IncidentIDs: []string{w.inc.ID}, IntakeDate: today.AddDate(0, 0, -3),
		IntakeChannel: "walk_in", Status: "active"}
	if err := st.CreateCase(dm, c); err != nil {
		tb.Fatal(err)
	}
	w.clientCaseID = c.ID
	w.consent(tb, app, "given", 2)
	inc, err := st.FindIncidentByID(dm, w.inc.ID)
	if err != nil {
		tb.Fatal(err)
	}
	inc.Publishable = true
	if err := st.UpdateIncident(dm, inc); err != nil {
		tb.Fatal(err)
	}
	w.pub = &haki.Publication{IncidentID: w.inc.ID, Summary: "A woman was shot dead by police in Mathare.",
		Victims: []haki.PublishedVictim{{PersonID: w.client.ID, ShowName: true}}}
	if err := st.SetPublication(dm, w.pub); err != nil {
		tb.Fatal(err)
	}
	return w
}

func (w *publishedWorld) consent(tb testing.TB, app *testApp, decision string, daysAgo int) {
	tb.Helper()
	c := &haki.Consent{CaseID: w.clientCaseID, Purpose: haki.ConsentPublication, Decision: decision,
		DecidedOn: haki.Today(app.store.Now()).AddDate(0, 0, -daysAgo), Method: "verbal", Language: "sw"}
	if err := app.store.RecordConsent(storetest.As(app.users[haki.RoleDataManager]), c); err != nil {
		tb.Fatal(err)
	}
}

// portalRefs gives the route test a published incident.
func portalRefs(tb testing.TB, app *testApp) map[string]string {
	return map[string]string{"{ref}": mustPublished(tb, app).pub.Ref}
}

// portalPaths are every portal answer for a world with one published incident.
func portalPaths(ref string) []string {
	return []string{"/portal", "/portal?lang=sw", "/portal/figures", "/portal/figures?year=2024&lang=sw", "/portal/figures/map.svg?year=2024", "/portal/incidents",
		"/portal/incidents?year=2024&county=KE-047", "/portal/incidents/" + ref, "/portal/incidents/" + ref + "?lang=sw",
		"/portal/data", "/portal/data?lang=sw", "/portal/data/incidents.csv", "/portal/data/incidents.json",
		"/portal/data/figures.csv", "/portal/data/figures.json"}
}

// TestPortalAnswers: every portal answer is public, sets no cookie, is
// cacheable and revalidated before each use (no-cache and ETag, 304), loads nothing from
// elsewhere, runs no script, and weighs under 50 KB.
func TestPortalAnswers(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	w := mustPublished(t, app)
	for _, role := range []haki.Role{"", haki.RoleAdmin} { // a staff session changes nothing
		c := app.sessionClientOrAnon(t, role)
		for _, path := range portalPaths(w.pub.Ref) {
			res := c.get(path)
			if res.status != http.StatusOK {
				t.Errorf("%s as %q: status %d", path, role, res.status)
				continue
			}
			if sc := res.header.Values("Set-Cookie"); len(sc) > 0 {
				t.Errorf("%s sets a cookie: %v", path, sc)
			}
			if cc := res.header.Get("Cache-Control"); cc != "public, no-cache" || res.header.Get("ETag") == "" {
				t.Errorf("%s Cache-Control %q", path, cc)
			}
			etag := res.header.Get("ETag")
			if etag == "" {
				t.Errorf("%s: no ETag", path)
			}
			if n := len(res.body); n >= 50*1024 {
				t.Errorf("%s weighs %d bytes", path, n)
			}
			if strings.HasPrefix(res.header.Get("Content-Type"), "text/html") {
				for _, bad := range []string{"<script", "src=\"http", "href=\"http", "@import", "url(http"} {
					if strings.Contains(res.body, bad) {
						t.Errorf("%s holds %q", path, bad)
					}
				}
			}
			req, _ := http.NewRequest(http.MethodGet, app.srv.URL+path, nil)
			req.Header.Set("If-None-Match", etag)
			if again := c.do(req); again.status != http.StatusNotModified || len(again.header.Values("Set-Cookie")) > 0 {
				t.Errorf("%s revalidation: %d", path, again.status)
			}
		}
	}
	sw := app.client(t, "").get("/portal/incidents/" + w.pub.Ref + "?lang=sw")
	if !strings.Contains(sw.body, "Kesi iliyochapishwa") && !strings.Contains(sw.body, "Waathiriwa") {
		t.Errorf("Kiswahili page: %s", sw.body)
	}
	for _, path := range []string{"/portal/incidents/PUB-2024-999999", "/portal/incidents?county=nowhere", "/portal/figures?year=x"} {
		res := app.client(t, "").get(path)
		if res.status != http.StatusNotFound && res.status != http.StatusUnprocessableEntity || len(res.header.Values("Set-Cookie")) > 0 {
			t.Errorf("%s: %d %v", path, res.status, res.header.Values("Set-Cookie"))
		}
	}
}

// sessionClientOrAnon is a signed-in client, or the anonymous for "".
func (a *testApp) sessionClientOrAnon(tb testing.TB, role haki.Role) *testClient {
	if role == "" {
		return a.client(tb, "")
	}
	return a.sessionClient(tb, role)
}

// TestPortalNeverShowsMoreThanAgreed looks in every portal answer (HTML,
// CSV, JSON) for what was not agreed: the client's age, the other victim's
// name and age, the title, narrative, perpetrator and internal reference;
// and checks that a withdrawal of consent takes the incident off every
// answer at once.
func TestPortalNeverShowsMoreThanAgreed(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		w := mustPublished(t, app)
		c := app.client(t, "")
		never := []string{"Otieno Baraka", "Otieno", "aged 47", "aged 63", "miaka 47", "miaka 63", `"age":47`, `"age":63`,
			"Hidden title", "Hidden narrative", w.inc.Ref, w.inc.ID, w.client.ID, w.stranger.ID, w.client.Ref, w.stranger.Ref}
		for _, path := range portalPaths(w.pub.Ref) {
			res := c.get(path)
			for _, s := range never {
				if strings.Contains(res.body, s) {
					t.Errorf("%s shows %q", path, s)
				}
			}
			if strings.Contains(path, "incidents") && !strings.Contains(res.body, "Neema Achieng") {
				t.Errorf("%s lacks the agreed name", path)
			}
		}
		rows, err := csv.NewReader(strings.NewReader(c.get("/portal/data/incidents.csv").body)).ReadAll()
		if err != nil || len(rows) != 3 {
			t.Fatalf("csv: %v %v", rows, err)
		}
		for _, row := range rows[1:] {
			if row[9] != "" || row[8] != "" && row[8] != "Neema Achieng" {
				t.Errorf("csv row shows more than agreed: %v", row)
			}
		}
		var doc struct {
			Incidents []struct {
				Victims []map[string]any `json:"victims"`
			} `json:"incidents"`
		}
		if err := json.Unmarshal([]byte(c.get("/portal/data/incidents.json").body), &doc); err != nil || len(doc.Incidents) != 1 {
			t.Fatalf("json: %+v %v", doc, err)
		}
		if v := doc.Incidents[0].Victims; len(v) != 2 || v[0]["name"] != "Neema Achieng" || v[0]["age"] != nil || len(v[1]) != 0 {
			t.Errorf("json victims: %v", v)
		}

		// Consent withdrawn: gone from every answer at once.
		w.consent(t, app, "refused", 0)
		for _, path := range portalPaths(w.pub.Ref) {
			res := c.get(path)
			if strings.Contains(res.body, "Neema") || strings.Contains(res.body, w.pub.Ref) && !strings.Contains(path, w.pub.Ref) {
				t.Errorf("%s still shows the incident after consent was withdrawn", path)
			}
			if strings.HasSuffix(strings.Split(path, "?")[0], w.pub.Ref) && res.status != http.StatusNotFound {
				t.Errorf("%s: status %d after withdrawal", path, res.status)
			}
		}
	})
}

// TestIncidentPublicationForm: a data manager publishes from the incident
// page and takes it off again; others may not; a bad form is shown again.
func TestIncidentPublicationForm(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	w := mustPublished(t, app)
	dm := app.client(t, haki.RoleDataManager)
	page := dm.get("/incidents/" + w.inc.ID)
	if !strings.Contains(page.body, `action="/incidents/`+w.inc.ID+`/publication"`) || !strings.Contains(page.body, w.pub.Ref) {
		t.Fatalf("incident page lacks the publication form")
	}
	if cw := app.client(t, haki.RoleCaseworker).get("/incidents/" + w.inc.ID); strings.Contains(cw.body, "/publication\"") {
		t.Errorf("the caseworker sees the publication form")
	}
	form := url.Values{"summary": {"Updated summary for the public."}, "version": {"1"}, "victim": {w.client.ID, w.stranger.ID},
		"name_" + w.client.ID: {"1"}, "age_" + w.client.ID: {"1"}, "name_" + w.stranger.ID: {"1"}}
	res := dm.post("/incidents/"+w.inc.ID+"/publication", form)
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "already public") {
		t.Fatalf("stranger named without a source: %d", res.status)
	}
	form.Set("source_"+w.stranger.ID, "The Standard, 15 March 2024")
	if res := dm.post("/incidents/"+w.inc.ID+"/publication", form); res.status != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", res.status, res.body)
	}
	show := app.client(t, "").get("/portal/incidents/" + w.pub.Ref)
	for _, want := range []string{"Updated summary for the public.", "Neema Achieng", "aged 47", "Otieno Baraka", "The Standard, 15 March 2024"} {
		if !strings.Contains(show.body, want) {
			t.Errorf("portal lacks %q", want)
		}
	}
	if res := app.client(t, haki.RoleCaseworker).post("/incidents/"+w.inc.ID+"/publication/withdraw", nil); res.status != http.StatusForbidden {
		t.Errorf("caseworker withdraws: %d", res.status)
	}
	if res := dm.post("/incidents/"+w.inc.ID+"/publication/withdraw", nil); res.status != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", res.status)
	}
	if res := app.client(t, "").get("/portal/incidents/" + w.pub.Ref); res.status != http.StatusNotFound {
		t.Errorf("withdrawn incident: %d", res.status)
	}
}
