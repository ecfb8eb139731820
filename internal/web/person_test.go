package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/storetest"
)

// personIDs gives the person routes a fresh person.
func personIDs(tb testing.TB, app *testApp) map[string]string {
	return map[string]string{"id": mustPerson(tb, app.store, app.users[haki.RoleAdmin], "Wanjiku Kamau").ID}
}

// scenario is one request of a page test and what it must answer.
type scenario struct {
	name       string
	role       haki.Role
	method     string
	path       string
	form       url.Values
	wantStatus int
	wantBody   []string // texts the page must hold
	notBody    []string // texts it must not
}

// runScenarios sends each scenario as its role and checks the answer.
func runScenarios(t *testing.T, app *testApp, cases []scenario) {
	t.Helper()
	for _, sc := range cases {
		t.Run(sc.name, func(t *testing.T) {
			c := app.sessionClient(t, sc.role)
			var res response
			if sc.method == http.MethodPost {
				res = c.post(sc.path, sc.form)
			} else {
				res = c.get(sc.path)
			}
			if res.status != sc.wantStatus {
				t.Fatalf("%s %s as %s: status %d, want %d", sc.method, sc.path, sc.role, res.status, sc.wantStatus)
			}
			for _, want := range sc.wantBody {
				if !strings.Contains(res.body, want) {
					t.Errorf("body lacks %q", want)
				}
			}
			for _, not := range sc.notBody {
				if strings.Contains(res.body, not) {
					t.Errorf("body holds %q", not)
				}
			}
		})
	}
}

func TestPersonPages(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	admin := app.users[haki.RoleAdmin]
	per := mustPerson(t, app.store, admin, "Wanjiku Kamau")
	get := func(name string, role haki.Role, path string, status int, body ...string) scenario {
		return scenario{name: name, role: role, method: http.MethodGet, path: path, wantStatus: status, wantBody: body}
	}
	runScenarios(t, app, []scenario{
		get("admin lists", haki.RoleAdmin, "/persons", http.StatusOK, "Wanjiku Kamau", per.Ref),
		{name: "county filter by GET", role: haki.RoleAdmin, method: http.MethodGet, path: "/persons?county=KE-001",
			wantStatus: http.StatusOK, notBody: []string{per.Ref}},
		get("caseworker opens", haki.RoleCaseworker, "/persons/"+per.ID, http.StatusOK, "Wanjiku Kamau"),
		get("admin sees history link", haki.RoleAdmin, "/persons/"+per.ID, http.StatusOK, "/audit?entity=person&amp;entity_id="+per.ID),
		get("researcher may not list", haki.RoleResearcher, "/persons", http.StatusForbidden),
		get("researcher gets not found", haki.RoleResearcher, "/persons/"+per.ID, http.StatusNotFound),
		get("viewer gets not found", haki.RoleViewer, "/persons/"+per.ID, http.StatusNotFound),
		get("monitor cannot see another's person", haki.RoleMonitor, "/persons/"+per.ID, http.StatusNotFound),
		get("edit form has version", haki.RoleCaseworker, "/persons/"+per.ID+"/edit", http.StatusOK, `name="version" value="1"`),
		{name: "search by name is a POST", role: haki.RoleCaseworker, method: http.MethodPost, path: "/persons/search",
			form: url.Values{"q": {"wanjiku"}}, wantStatus: http.StatusOK, wantBody: []string{per.Ref}},
		{name: "search finds no one", role: haki.RoleCaseworker, method: http.MethodPost, path: "/persons/search",
			form: url.Values{"q": {"Odhiambo"}}, wantStatus: http.StatusOK, notBody: []string{per.Ref}},
		{name: "bad phone", role: haki.RoleCaseworker, method: http.MethodPost, path: "/persons",
			form: url.Values{"full_name": {"Otieno Ouma"}, "phone": {"call me"}}, wantStatus: http.StatusUnprocessableEntity,
			wantBody: []string{`class="field-error"`, "digits only", "Otieno Ouma"}},
		{name: "bad birth date", role: haki.RoleCaseworker, method: http.MethodPost, path: "/persons",
			form: url.Values{"full_name": {"Otieno Ouma"}, "birth_date": {"yesterday"}}, wantStatus: http.StatusUnprocessableEntity,
			wantBody: []string{`class="field-error"`, "yesterday"}},
		{name: "no name, Kiswahili labels", role: haki.RoleCaseworker, method: http.MethodPost, path: "/persons",
			form: url.Values{"full_name": {""}, "county_code": {"KE-999"}}, wantStatus: http.StatusUnprocessableEntity,
			wantBody: []string{`class="field-error"`}},
		{name: "stale version", role: haki.RoleCaseworker, method: http.MethodPost, path: "/persons/" + per.ID,
			form: url.Values{"full_name": {"Wanjiku W. Kamau"}, "version": {"7"}}, wantStatus: http.StatusConflict},
		{name: "monitor may not delete", role: haki.RoleMonitor, method: http.MethodPost, path: "/persons/" + per.ID + "/delete",
			wantStatus: http.StatusForbidden},
	})
	// Nothing of the rejected forms was saved.
	if ps, _, _ := app.store.FindPersons(storetest.As(admin), haki.PersonFilter{Text: "Otieno"}); len(ps) != 0 {
		t.Errorf("rejected forms saved %d persons", len(ps))
	}
	if got, _ := app.store.FindPersonByID(storetest.As(admin), per.ID); got.FullName != "Wanjiku Kamau" || got.Version != 1 {
		t.Errorf("stale update changed the person: %+v", got)
	}
}

func TestPersonCreateEditDelete(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	c := app.sessionClient(t, haki.RoleCaseworker)
	res := c.post("/persons", url.Values{"full_name": {"Akinyi Odera"}, "other_names": {"Aki\r\nMama Odera"}, "sex": {"female"},
		"birth_date": {"1990-05"}, "phone": {"0712345678"}, "county_code": {"KE-042"}})
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/persons/") {
		t.Fatalf("create: %d %q", res.status, res.location)
	}
	page := c.get(res.location)
	for _, want := range []string{"Akinyi Odera", "Mama Odera", "1990-05", "0712345678", "Kisumu"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("person page lacks %q", want)
		}
	}
	id := strings.TrimPrefix(res.location, "/persons/")
	res = c.post("/persons/"+id, url.Values{"full_name": {"Akinyi A. Odera"}, "sex": {"female"}, "version": {"1"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("update: %d", res.status)
	}
	if page := c.get("/persons/" + id); !strings.Contains(page.body, "Akinyi A. Odera") {
		t.Errorf("update not shown")
	}
	dm := app.sessionClient(t, haki.RoleDataManager)
	if res := dm.post("/persons/"+id+"/delete", nil); res.status != http.StatusSeeOther || res.location != "/persons" {
		t.Fatalf("delete: %d %q", res.status, res.location)
	}
	if res := dm.get("/persons/" + id); res.status != http.StatusNotFound {
		t.Errorf("deleted person: %d", res.status)
	}
}

func TestPersonNextPage(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	admin := app.users[haki.RoleAdmin]
	first := mustPerson(t, app.store, admin, "Mutua Musyoka")
	for i := 0; i < 50; i++ {
		mustPerson(t, app.store, admin, "Mutua Filler")
	}
	c := app.sessionClient(t, haki.RoleDataManager)
	page := c.post("/persons/search", url.Values{"q": {"mutua"}})
	if page.status != http.StatusOK || strings.Contains(page.body, first.Ref) {
		t.Fatalf("first page: %d, holds the oldest", page.status)
	}
	m := regexp.MustCompile(`name="cursor" value="([^"]+)"`).FindStringSubmatch(page.body)
	if m == nil || strings.Contains(page.body, "/persons?") && strings.Contains(page.body, "cursor=") {
		t.Fatal("no POST form for the next page")
	}
	next := c.post("/persons/search", url.Values{"q": {"mutua"}, "cursor": {m[1]}})
	if next.status != http.StatusOK || !strings.Contains(next.body, first.Ref) {
		t.Errorf("next page: %d, lacks the oldest", next.status)
	}
}
