package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/storetest"
)

// sessionIDs gives {id} a session of the administrator: others may not end it.
func sessionIDs(tb testing.TB, app *testApp) map[string]string {
	sess, err := app.store.CreateSession(context.Background(), app.users[haki.RoleAdmin].ID)
	if err != nil {
		tb.Fatal(err)
	}
	return map[string]string{"id": sess.ID}
}

func TestSessionPages(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	viewer := app.users[haki.RoleViewer]
	phone := app.sessionClient(t, haki.RoleViewer)
	laptop := app.anonClient(t)
	req := func(c *testClient, method, path string, form url.Values) response {
		r, _ := http.NewRequest(method, app.srv.URL+path, strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0")
		return c.do(r)
	}
	if res := req(laptop, "POST", "/signin", url.Values{"username": {"viewer"}, "password": {storetest.Password}}); res.status != http.StatusSeeOther {
		t.Fatalf("sign in: %d", res.status)
	}
	laptop.csrf = csrfToken(t, laptop.get("/").body)

	list := laptop.get("/account/sessions")
	if list.status != 200 || !strings.Contains(list.body, "Firefox on Windows") || strings.Count(list.body, "/end\"") != 2 {
		t.Fatalf("list: %d", list.status)
	}
	if !strings.Contains(list.body, "This browser") {
		t.Error("current session not marked")
	}
	others, _ := app.store.FindMySessions(storetest.As(viewer), "")
	var phoneID string
	for _, s := range others {
		if s.Device == "" {
			phoneID = s.ID
		}
	}
	if res := laptop.post("/account/sessions/"+phoneID+"/end", nil); res.status != http.StatusSeeOther {
		t.Fatalf("end: %d", res.status)
	}
	if res := phone.get("/"); res.status != http.StatusSeeOther || res.location != "/signin" {
		t.Errorf("ended session still works: %d", res.status)
	}
	adminID := sessionIDs(t, app)["id"]
	if res := laptop.post("/account/sessions/"+adminID+"/end", nil); res.status != http.StatusNotFound {
		t.Errorf("ending another user's session: %d", res.status)
	}

	// Replaying the cookie after signing out gets nowhere.
	token := laptop.cookie("/", httpx.SessionCookie)
	laptop.post("/signout", nil)
	replay := app.anonClient(t)
	u, _ := url.Parse(app.srv.URL)
	replay.http.Jar.SetCookies(u, []*http.Cookie{{Name: httpx.SessionCookie, Value: token, Path: "/"}})
	if res := replay.get("/account"); res.status != http.StatusSeeOther || res.location != "/signin" {
		t.Errorf("replay after sign-out: %d", res.status)
	}

	// An administrator ends all of a user's sessions at once.
	a, b := app.sessionClient(t, haki.RoleViewer), app.sessionClient(t, haki.RoleViewer)
	admin := app.sessionClient(t, haki.RoleAdmin)
	if res := admin.post("/users/"+viewer.ID+"/sessions/end", nil); res.status != http.StatusSeeOther {
		t.Fatalf("end all: %d", res.status)
	}
	for _, c := range []*testClient{a, b} {
		if res := c.get("/"); res.status != http.StatusSeeOther {
			t.Errorf("session survived: %d", res.status)
		}
	}
	if res := admin.get("/"); res.status != 200 {
		t.Errorf("the administrator's own session ended: %d", res.status)
	}
}

func TestPasswordChangeKeepsThisSession(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	here, there := app.sessionClient(t, haki.RoleViewer), app.sessionClient(t, haki.RoleViewer)
	tests := []struct {
		name       string
		password   string
		wantStatus int
		wantBody   string
	}{
		{"common", "Password1234", http.StatusUnprocessableEntity, "passwords attackers try first"},
		{"repeated", "zzzzzzzzzzzzzz", http.StatusUnprocessableEntity, "Repeats like aaa or abcabc"},
		{"brand and a year", "Safaricom@2024", http.StatusUnprocessableEntity, "well-known Kenyan words"},
		{"user name", "i am the viewer here", http.StatusUnprocessableEntity, "user name in your password"},
		{"good", "a quiet river at dawn", http.StatusSeeOther, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := here.post("/account/password", url.Values{"current_password": {storetest.Password}, "password": {tc.password}, "password2": {tc.password}})
			if res.status != tc.wantStatus || !strings.Contains(res.body, tc.wantBody) {
				t.Errorf("status %d, want %d with %q", res.status, tc.wantStatus, tc.wantBody)
			}
		})
	}
	if res := here.get("/account"); res.status != 200 {
		t.Errorf("this browser was signed out: %d", res.status)
	}
	if res := there.get("/account"); res.status != http.StatusSeeOther {
		t.Errorf("the other session survived: %d", res.status)
	}
}

func TestDeviceName(t *testing.T) {
	for ua, want := range map[string]string{
		"Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36":                      "Chrome on Android",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1": "Safari on iPhone",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0":                   "Edge on Windows",
		"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0":                                                                  "Firefox on Linux",
		"curl/8.5.0": "curl",
		"":           "",
		"something":  "Other",
	} {
		if got := deviceName(ua); got != want {
			t.Errorf("deviceName(%q) = %q, want %q", ua, got, want)
		}
	}
}
