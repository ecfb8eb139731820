package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/storetest"
)

func TestSignIn(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	anon := app.client(t, "")

	if res := anon.get("/"); res.status != http.StatusSeeOther || res.location != "/signin" {
		t.Errorf("anonymous home: %d %q", res.status, res.location)
	}
	form := anon.get("/signin")
	if form.status != 200 || !strings.Contains(form.body, `name="password"`) || !strings.Contains(form.body, "Demo") {
		t.Errorf("sign-in form: %d", form.status)
	}
	bad := anon.post("/signin", url.Values{"username": {"admin"}, "password": {"wrong password!"}})
	if bad.status != http.StatusUnauthorized || !strings.Contains(bad.body, "The user name or password is wrong") {
		t.Errorf("wrong password: %d", bad.status)
	}
	unknown := anon.post("/signin", url.Values{"username": {"nobody"}, "password": {"wrong password!"}})
	if unknown.status != bad.status {
		t.Errorf("unknown user: %d, wrong password: %d", unknown.status, bad.status)
	}
	entries, err := app.store.FindAuditEntries(storetest.As(app.users[haki.RoleAdmin]), haki.AuditFilter{Action: "sign_in_failed"})
	if err != nil || len(entries) != 2 {
		t.Fatalf("audit: %d entries, %v", len(entries), err)
	}
	if strings.Contains(entries[0].After, "wrong password") {
		t.Errorf("audit holds the password: %s", entries[0].After)
	}

	ok := anon.post("/signin", url.Values{"username": {"admin"}, "password": {storetest.Password}})
	if ok.status != http.StatusSeeOther || ok.location != "/" {
		t.Fatalf("sign in: %d %q", ok.status, ok.location)
	}
	cookie := ok.header.Get("Set-Cookie")
	for _, want := range []string{httpx.SessionCookie + "=", "HttpOnly", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("session cookie %q lacks %q", cookie, want)
		}
	}
	home := anon.get("/")
	if home.status != 200 || !strings.Contains(home.body, "Welcome, admin") {
		t.Fatalf("home after sign-in: %d", home.status)
	}
	anon.csrf = csrfToken(t, home.body)
	if res := anon.post("/lang", url.Values{"lang": {"sw"}, "next": {"//evil.example"}}); res.status != http.StatusSeeOther || res.location != "/" {
		t.Errorf("lang: %d %q", res.status, res.location)
	}
	if res := anon.get("/"); !strings.Contains(res.body, "Karibu, admin") || !strings.Contains(res.body, `lang="sw"`) {
		t.Errorf("Kiswahili home lacks the greeting")
	}
	if res := anon.post("/signout", nil); res.status != http.StatusSeeOther || res.location != "/signin" {
		t.Errorf("sign out: %d %q", res.status, res.location)
	}
	if res := anon.get("/"); res.status != http.StatusSeeOther {
		t.Errorf("home after sign-out: %d", res.status)
	}
}

func TestStaticAndErrors(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	c := app.client(t, haki.RoleViewer)
	css := c.get("/static/" + app.server.hashed["haki.css"])
	if css.status != 200 || !strings.Contains(css.header.Get("Cache-Control"), "immutable") {
		t.Errorf("css: %d %q", css.status, css.header.Get("Cache-Control"))
	}
	if res := c.get("/static/haki.css"); res.status != http.StatusNotFound {
		t.Errorf("unhashed css: %d", res.status)
	}
	if res := c.get("/no-such-page"); res.status != http.StatusNotFound || !strings.Contains(res.body, "Not found") {
		t.Errorf("unknown page: %d", res.status)
	}
	if res := c.get("/incidents/not-a-uuid"); res.status != http.StatusForbidden {
		t.Errorf("viewer incident: %d", res.status)
	}
	admin := app.client(t, haki.RoleAdmin)
	if res := admin.get("/incidents/00000000-0000-0000-0000-000000000000"); res.status != http.StatusNotFound {
		t.Errorf("unknown incident: %d", res.status)
	}
	if res := admin.get("/incidents?cursor=garbage"); res.status != http.StatusUnprocessableEntity {
		t.Errorf("bad cursor: %d", res.status)
	}
}
