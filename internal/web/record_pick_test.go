package web

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/i18n"
	"github.com/haki-kenya/haki/internal/storetest"
)

// pickedRefs are the references a picker's answer offers.
func pickedRefs(tb testing.TB, body string) []string {
	var refs []string
	for _, b := range htmlNodes(tb, body, func(n *html.Node) bool { return n.Data == "button" && htmlAttr(n, "data-pick-ref") != "" }) {
		refs = append(refs, htmlAttr(b, "data-pick-ref"))
	}
	slices.Sort(refs)
	return refs
}

func TestRecordPick(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	admin := app.users[haki.RoleAdmin]
	team := app.users[haki.RoleCaseworker].TeamID
	wanjiru := mustPerson(t, app.store, admin, "Wanjiru Kamau")
	inc := mustIncident(t, app.store, admin, "Beating at Kilimani station")
	mustAct(t, app.store, admin, inc, wanjiru)
	open := mustCase(t, app.store, admin, team, false)     // client Halima Abdi
	sensitive := mustCase(t, app.store, admin, team, true) // client Halima Abdi too, not the caseworker's
	cw, prof := app.sessionClient(t, haki.RoleCaseworker), app.sessionClient(t, haki.RoleProfessional)

	pick := func(c *testClient, kind string, form url.Values) response {
		t.Helper()
		res := c.post("/pick/"+kind, form)
		if res.status != http.StatusOK {
			t.Fatalf("pick %s: %d %.300s", kind, res.status, res.body)
		}
		return res
	}
	one := func(field, text string) url.Values { return url.Values{"pick_field": {field}, field: {text}} }
	for _, tc := range []struct {
		name   string
		c      *testClient
		kind   string
		form   url.Values
		want   []string
		labels []string
	}{
		{"person by a name spelled roughly alike", cw, "persons", one("victim_ref", "wanjiro"), []string{wanjiru.Ref}, []string{"Wanjiru Kamau"}},
		{"person by part of a reference", cw, "persons", one("victim_ref", wanjiru.Ref[4:]), []string{wanjiru.Ref}, nil},
		{"professional is offered nobody outside their cases", prof, "persons", one("victim_ref", "wanjiru"), nil, nil},
		{"caseworker is offered the open case, not the sensitive one", cw, "cases", one("case_ref", "halima"), []string{open.Ref}, []string{"Halima Abdi"}},
		{"sensitive case by its reference is not offered", cw, "cases", one("case_ref", sensitive.Ref), nil, nil},
		{"incident by its victim's name after the last comma", cw, "incidents",
			url.Values{"pick_field": {"incident_refs"}, "pick_multi": {"1"}, "incident_refs": {"INC-1999-000001, kamau"}}, []string{inc.Ref}, nil},
		{"nothing typed offers nothing", cw, "persons", one("victim_ref", " "), nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := pick(tc.c, tc.kind, tc.form)
			if got := pickedRefs(t, res.body); !slices.Equal(got, tc.want) {
				t.Errorf("offered %v, want %v", got, tc.want)
			}
			for _, l := range tc.labels {
				if !strings.Contains(res.body, l) {
					t.Errorf("answer lacks the label %q", l)
				}
			}
			if strings.Contains(res.body, "<html") {
				t.Error("the answer is a whole page, not a fragment")
			}
		})
	}
	// The answer for a field names the field its buttons fill.
	res := pick(cw, "persons", one("victim_ref", "wanjiru"))
	buttons := htmlNodes(t, res.body, func(n *html.Node) bool { return htmlAttr(n, "data-pick-ref") != "" })
	if len(buttons) == 0 {
		t.Fatalf("no match for wanjiru: %s", res.body)
	}
	for _, b := range buttons {
		if htmlAttr(b, "data-pick-for") != "victim_ref" || htmlAttr(b, "type") != "button" {
			t.Errorf("button %v", b.Attr)
		}
	}
	if res := pick(cw, "persons", one("victim_ref", "nobody-like-this")); !strings.Contains(res.body, "No match") {
		t.Errorf("no match is not said: %s", res.body)
	}
	// Without the CSRF token the search is refused, as any POST.
	if res := cw.post("/pick/persons", url.Values{"csrf": {"wrong"}, "pick_field": {"q"}, "q": {"wanjiru"}}); res.status != http.StatusForbidden {
		t.Errorf("wrong CSRF token: %d", res.status)
	}
}

// TestPickerFields checks every form that links one record to another
// draws its reference field as a picker that posts to its kind's route,
// never a GET, and still takes a typed reference.
func TestPickerFields(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	admin := app.users[haki.RoleAdmin]
	team := app.users[haki.RoleCaseworker].TeamID
	inc := mustIncident(t, app.store, admin, "Beating at Kilimani station")
	c := mustCase(t, app.store, admin, team, false)
	cw := app.sessionClient(t, haki.RoleCaseworker)
	for _, tc := range []struct {
		path  string
		field string
		kind  string
	}{
		{"/incidents/" + inc.ID + "/acts/new", "victim_ref", "persons"},
		{"/cases/new", "client_ref", "persons"},
		{"/cases/new", "incident_refs", "incidents"},
		{"/calendar/events/new", "case_ref", "cases"},
		{"/calendar/events/new", "clients", "cases"},
		{"/cases/" + c.ID + "/services/new", "attendee_refs", "cases"},
	} {
		t.Run(tc.path+" "+tc.field, func(t *testing.T) {
			res := cw.get(tc.path)
			if res.status != http.StatusOK {
				t.Fatalf("%d", res.status)
			}
			inputs := htmlNodes(t, res.body, func(n *html.Node) bool { return n.Data == "input" && htmlAttr(n, "name") == tc.field })
			if len(inputs) != 1 {
				t.Fatalf("%d inputs named %s", len(inputs), tc.field)
			}
			in := inputs[0]
			if htmlAttr(in, "hx-post") != "/pick/"+tc.kind || htmlAttr(in, "hx-get") != "" || htmlAttr(in, "hx-trigger") != "input changed delay:300ms" {
				t.Errorf("picker attributes %v", in.Attr)
			}
			target := strings.TrimPrefix(htmlAttr(in, "hx-target"), "#")
			results := htmlNodes(t, res.body, func(n *html.Node) bool { return htmlAttr(n, "id") == target })
			if len(results) != 1 || htmlAttr(results[0], "aria-live") != "polite" || htmlAttr(in, "aria-controls") != target {
				t.Errorf("results %q: %d found", target, len(results))
			}
			if !strings.Contains(htmlAttr(in, "hx-params"), tc.field) || !strings.Contains(htmlAttr(in, "hx-params"), "csrf") {
				t.Errorf("hx-params %q", htmlAttr(in, "hx-params"))
			}
		})
	}
}

// TestPickTextNeverInLog searches by a name, ID and phone number and checks
// none reaches the request log. That the picker posts them, never putting
// them in a URL, is TestPickerFields' check (hx-post, no hx-get).
func TestPickTextNeverInLog(t *testing.T) {
	st := storetest.Open(t)
	app := newTestApp(t, st)
	logs := &syncBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, nil))
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(Config{Store: st, Logger: logger, Catalog: cat, Now: time.Now, EvidenceDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(productionChain(st, logger, srv.Handler()))
	defer hs.Close()
	app.srv = hs
	admin := app.users[haki.RoleAdmin]
	per := &haki.Person{FullName: "Nyokabi Wairimu", NationalID: "31415926", Phone: "0722 718 281"}
	if err := st.CreatePerson(storetest.As(admin), per); err != nil {
		t.Fatal(err)
	}
	cw := app.sessionClient(t, haki.RoleCaseworker)
	secrets := []string{"Nyokabi", "31415926", "0722718281", "0722 718 281"}
	for _, text := range secrets {
		req, err := http.NewRequest(http.MethodPost, hs.URL+"/pick/persons", strings.NewReader(url.Values{
			"csrf": {cw.csrf}, "pick_field": {"victim_ref"}, "victim_ref": {text}}.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("HX-Request", "true")
		res := cw.do(req)
		if res.status != http.StatusOK || !strings.Contains(res.body, per.Ref) {
			t.Errorf("search %q: %d, found %v", text, res.status, strings.Contains(res.body, per.Ref))
		}
	}
	l := logs.String()
	if !strings.Contains(l, "/pick/persons") {
		t.Fatalf("the request log has no picker request:\n%s", l)
	}
	for _, sec := range secrets {
		if strings.Contains(l, sec) || strings.Contains(l, url.QueryEscape(sec)) {
			t.Errorf("the request log holds %q", sec)
		}
	}
}

// TestPersonPageRecords shows a person's incidents with their part and
// their cases, only those the reader may see.
func TestPersonPageRecords(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	admin := app.users[haki.RoleAdmin]
	team := app.users[haki.RoleCaseworker].TeamID
	c := mustCase(t, app.store, admin, team, false)
	inc := mustIncident(t, app.store, admin, "Beating at Kilimani station")
	client, err := app.store.FindPersonByID(storetest.As(admin), c.ClientID)
	if err != nil {
		t.Fatal(err)
	}
	act, _, _ := mustAct(t, app.store, admin, inc, client)
	other := mustIncident(t, app.store, admin, "Shooting at Mathare")
	if err := app.store.CreateSource(storetest.As(admin), &haki.Source{IncidentID: other.ID, Kind: "witness", PersonID: client.ID, Reliability: "confirmed"}); err != nil {
		t.Fatal(err)
	}
	res := app.sessionClient(t, haki.RoleCaseworker).get("/persons/" + client.ID)
	if res.status != http.StatusOK {
		t.Fatalf("%d", res.status)
	}
	links := map[string]bool{}
	for _, a := range htmlNodes(t, res.body, func(n *html.Node) bool { return n.Data == "a" }) {
		links[htmlAttr(a, "href")] = true
	}
	for _, want := range []string{"/incidents/" + inc.ID, "/incidents/" + other.ID, "/cases/" + c.ID, "/incidents/" + inc.ID + "/acts/" + act.ID + "/edit"} {
		if !links[want] {
			t.Errorf("no link to %s", want)
		}
	}
	for _, want := range []string{"Victim", "Source", "Witness"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// A case of another team, with the same client, is not listed.
	otherTeam := storetest.MustTeam(t, app.store, "Mombasa")
	hidden := &haki.Case{ClientID: client.ID, ClientRelation: "survivor", IntakeDate: time.Now().AddDate(0, 0, -1),
		IntakeChannel: "walk_in", Status: "active", TeamID: otherTeam.ID}
	if err := app.store.CreateCase(storetest.As(admin), hidden); err != nil {
		t.Fatal(err)
	}
	if res := app.sessionClient(t, haki.RoleCaseworker).get("/persons/" + client.ID); strings.Contains(res.body, hidden.Ref) {
		t.Error("another team's case is listed")
	}
	if res := app.sessionClient(t, haki.RoleAdmin).get("/persons/" + client.ID); !strings.Contains(res.body, hidden.Ref) {
		t.Error("the administrator does not see the other team's case")
	}
}

// TestIntakeOffersVictimIncidents: step 2 offers the incidents the chosen
// client is already a victim in; ticking one adds it.
func TestIntakeOffersVictimIncidents(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	admin := app.users[haki.RoleAdmin]
	person := mustPerson(t, app.store, admin, "Wanjiru Kamau")
	inc := mustIncident(t, app.store, admin, "Beating at Kilimani station")
	mustAct(t, app.store, admin, inc, person)
	cw := app.sessionClient(t, haki.RoleCaseworker)
	res := cw.post("/intakes", url.Values{"step": {"1"}, "nav": {"next"}, "client_id": {person.ID}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("step 1: %d %.300s", res.status, res.body)
	}
	draft := strings.SplitN(res.location, "?", 2)[0]
	page := cw.get(draft + "?step=2")
	offers := htmlNodes(t, page.body, func(n *html.Node) bool { return htmlAttr(n, "name") == "offer_refs" })
	if len(offers) != 1 || htmlAttr(offers[0], "value") != inc.Ref {
		t.Fatalf("offers %d: %.2000s", len(offers), page.body)
	}
	res = cw.post(draft, url.Values{"step": {"2"}, "nav": {"next"}, "offer_refs": {inc.Ref}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("step 2: %d %.300s", res.status, res.body)
	}
	page = cw.get(draft + "?step=2")
	chosen := htmlNodes(t, page.body, func(n *html.Node) bool { return htmlAttr(n, "name") == "incident_ids" })
	if len(chosen) != 1 || htmlAttr(chosen[0], "value") != inc.ID {
		t.Errorf("chosen incidents %d", len(chosen))
	}
	if offers := htmlNodes(t, page.body, func(n *html.Node) bool { return htmlAttr(n, "name") == "offer_refs" }); len(offers) != 0 {
		t.Error("an incident already chosen is still offered")
	}
}
