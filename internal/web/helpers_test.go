package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/i18n"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// testApp is the web room behind the production middleware, over a real store.
type testApp struct {
	server *Server
	store  *store.Store
	srv    *httptest.Server
	users  map[haki.Role]*haki.User
}

// allRoles are the roles the tests sign in as; "" is anonymous.
var allRoles = append(append([]haki.Role{}, haki.Roles...), "")

// newTestApp starts the server over st with one user per role, named after the role.
func newTestApp(tb testing.TB, st *store.Store) *testApp {
	tb.Helper()
	cat, err := i18n.New()
	if err != nil {
		tb.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := New(Config{Store: st, Logger: logger, Catalog: cat, Demo: true, Now: time.Now, EvidenceDir: tb.TempDir()})
	if err != nil {
		tb.Fatal(err)
	}
	team := storetest.MustTeam(tb, st, "Nairobi")
	a := &testApp{server: s, store: st, users: map[haki.Role]*haki.User{}}
	for _, r := range haki.Roles {
		a.users[r] = storetest.MustUser(tb, st, string(r), r, team.ID)
	}
	a.srv = httptest.NewServer(productionChain(st, logger, s.Handler()))
	tb.Cleanup(a.srv.Close)
	return a
}

// productionChain wraps the pages as the binary does.
func productionChain(st *store.Store, logger *slog.Logger, pages http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/", pages)
	return httpx.Chain(st, logger, mux)
}

// testClient is a browser: a cookie jar that does not follow redirects.
type testClient struct {
	tb   testing.TB
	app  *testApp
	http *http.Client
	csrf string
}

type response struct {
	status   int
	body     string
	location string
	header   http.Header
}

// client returns a browser signed in as the role's user, or anonymous for "".
func (a *testApp) client(tb testing.TB, role haki.Role) *testClient {
	tb.Helper()
	jar, _ := cookiejar.New(nil)
	c := &testClient{tb: tb, app: a, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if role == "" {
		return c
	}
	res := c.post("/signin", url.Values{"username": {string(role)}, "password": {storetest.Password}})
	if res.status != http.StatusSeeOther || res.location != "/" {
		tb.Fatalf("sign in as %s: status %d, location %q", role, res.status, res.location)
	}
	c.csrf = csrfToken(tb, c.get("/").body)
	return c
}

// sessionClient returns a browser with a fresh session of the role's user,
// made directly in the store: quicker than signing in through the form.
func (a *testApp) sessionClient(tb testing.TB, role haki.Role) *testClient {
	tb.Helper()
	jar, _ := cookiejar.New(nil)
	c := &testClient{tb: tb, app: a, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if role == "" {
		return c
	}
	sess, err := a.store.CreateSession(context.Background(), a.users[role].ID)
	if err != nil {
		tb.Fatal(err)
	}
	u, _ := url.Parse(a.srv.URL)
	jar.SetCookies(u, []*http.Cookie{{Name: httpx.SessionCookie, Value: sess.Token, Path: "/"}})
	c.csrf = sess.CSRFToken
	return c
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrfToken finds the CSRF token in a page's forms.
func csrfToken(tb testing.TB, body string) string {
	tb.Helper()
	m := csrfRe.FindStringSubmatch(body)
	if m == nil {
		tb.Fatalf("no csrf field in page")
	}
	return m[1]
}

func (c *testClient) do(req *http.Request) response {
	c.tb.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		c.tb.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.tb.Fatal(err)
	}
	return response{status: res.StatusCode, body: string(b), location: res.Header.Get("Location"), header: res.Header}
}

func (c *testClient) get(path string) response {
	c.tb.Helper()
	req, err := http.NewRequest(http.MethodGet, c.app.srv.URL+path, nil)
	if err != nil {
		c.tb.Fatal(err)
	}
	return c.do(req)
}

// post submits a form, adding the session's CSRF token unless the form has one.
func (c *testClient) post(path string, form url.Values) response {
	c.tb.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok && c.csrf != "" {
		form.Set("csrf", c.csrf)
	}
	req, err := http.NewRequest(http.MethodPost, c.app.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// mustIncident creates an incident as the admin and returns it.
func mustIncident(tb testing.TB, st *store.Store, as *haki.User, title string) *haki.Incident {
	tb.Helper()
	inc := &haki.Incident{Title: title, Types: []string{"torture"}, Occurred: haki.MustFuzzyDate("2024-03-14"),
		CountyCode: "KE-047", Verification: "unverified", Narrative: "Beaten at the station."}
	if err := st.CreateIncident(storetest.As(as), inc); err != nil {
		tb.Fatalf("create incident: %v", err)
	}
	return inc
}

// mustPerson creates a person as the admin and returns it.
func mustPerson(tb testing.TB, st *store.Store, as *haki.User, name string) *haki.Person {
	tb.Helper()
	p := &haki.Person{FullName: name, Sex: "male"}
	if err := st.CreatePerson(storetest.As(as), p); err != nil {
		tb.Fatalf("create person: %v", err)
	}
	return p
}

// mustAct records an act on an incident with an involvement and a source.
func mustAct(tb testing.TB, st *store.Store, as *haki.User, inc *haki.Incident, victim *haki.Person) (*haki.Act, *haki.Involvement, *haki.Source) {
	tb.Helper()
	ctx := storetest.As(as)
	a := &haki.Act{IncidentID: inc.ID, VictimID: victim.ID, ActType: "killing", Method: "shooting", VictimStatus: "killed"}
	if err := st.CreateAct(ctx, a); err != nil {
		tb.Fatalf("create act: %v", err)
	}
	v := &haki.Involvement{ActID: a.ID, ServiceCode: "kps", Degree: "direct", OfficerName: "Cpl. Otieno"}
	if err := st.CreateInvolvement(ctx, v); err != nil {
		tb.Fatalf("create involvement: %v", err)
	}
	src := &haki.Source{IncidentID: inc.ID, Kind: "survivor", Reliability: "confirmed", Description: "Told by the brother."}
	if err := st.CreateSource(ctx, src); err != nil {
		tb.Fatalf("create source: %v", err)
	}
	return a, v, src
}
