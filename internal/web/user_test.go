package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/storetest"
)

var userSeq atomic.Int64

// userIDs gives the account routes a fresh account.
func userIDs(tb testing.TB, app *testApp) map[string]string {
	u := storetest.MustUser(tb, app.store, fmt.Sprintf("staff%d", userSeq.Add(1)), haki.RoleCaseworker, "")
	return map[string]string{"id": u.ID}
}

// sessionClientFor is sessionClient for any account, not only the one per role.
func (a *testApp) sessionClientFor(tb testing.TB, u *haki.User) *testClient {
	tb.Helper()
	jar, _ := cookiejar.New(nil)
	c := &testClient{tb: tb, app: a, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	sess, err := a.store.CreateSession(context.Background(), u.ID)
	if err != nil {
		tb.Fatal(err)
	}
	su, _ := url.Parse(a.srv.URL)
	jar.SetCookies(su, []*http.Cookie{{Name: httpx.SessionCookie, Value: sess.Token, Path: "/"}})
	c.csrf = sess.CSRFToken
	return c
}

func TestUserPages(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	ids := userIDs(t, app)
	runScenarios(t, app, []scenario{
		{name: "admin lists", role: haki.RoleAdmin, method: http.MethodGet, path: "/users", wantStatus: http.StatusOK,
			wantBody: []string{"datamanager", "Nairobi"}},
		{name: "data manager may not", role: haki.RoleDataManager, method: http.MethodGet, path: "/users", wantStatus: http.StatusForbidden},
		{name: "passwords differ", role: haki.RoleAdmin, method: http.MethodPost, path: "/users",
			form: url.Values{"username": {"wambui"}, "role": {"caseworker"}, "language": {"sw"}, "password": {"a long enough password"},
				"password2": {"another long password"}}, wantStatus: http.StatusUnprocessableEntity, wantBody: []string{`class="field-error"`, "wambui"}},
		{name: "bad user name and short password", role: haki.RoleAdmin, method: http.MethodPost, path: "/users",
			form:       url.Values{"username": {"Wambui K"}, "role": {"caseworker"}, "password": {"short"}, "password2": {"short"}},
			wantStatus: http.StatusUnprocessableEntity, wantBody: []string{`class="field-error"`}},
		{name: "user name taken", role: haki.RoleAdmin, method: http.MethodPost, path: "/users",
			form: url.Values{"username": {"caseworker"}, "role": {"caseworker"}, "password": {"a long enough password"},
				"password2": {"a long enough password"}, "current_password": {storetest.Password}}, wantStatus: http.StatusUnprocessableEntity, wantBody: []string{"taken"}},
		{name: "bad role", role: haki.RoleAdmin, method: http.MethodPost, path: "/users/" + ids["id"],
			form: url.Values{"role": {"king"}, "language": {"en"}}, wantStatus: http.StatusUnprocessableEntity, wantBody: []string{`class="field-error"`}},
		{name: "create without the administrator's password", role: haki.RoleAdmin, method: http.MethodPost, path: "/users",
			form: url.Values{"username": {"mwizi"}, "role": {"admin"}, "language": {"en"}, "password": {"a long enough password"},
				"password2": {"a long enough password"}}, wantStatus: http.StatusUnprocessableEntity,
			wantBody: []string{`id="current_password" name="current_password" type="password" autocomplete="current-password" aria-invalid="true"`}},
		{name: "make an administrator without the administrator's password", role: haki.RoleAdmin, method: http.MethodPost, path: "/users/" + ids["id"],
			form: url.Values{"display_name": {"X"}, "role": {"admin"}, "language": {"en"}, "role_current_password": {"guess"}}, wantStatus: http.StatusUnprocessableEntity,
			wantBody: []string{`id="role_current_password" name="role_current_password" type="password" autocomplete="current-password" aria-invalid="true"`}},
		{name: "reset passwords differ", role: haki.RoleAdmin, method: http.MethodPost, path: "/users/" + ids["id"] + "/password",
			form: url.Values{"password": {"a long enough password"}, "password2": {"x"}}, wantStatus: http.StatusUnprocessableEntity},
		{name: "team name missing", role: haki.RoleAdmin, method: http.MethodPost, path: "/teams",
			form: url.Values{"name": {" "}}, wantStatus: http.StatusUnprocessableEntity, wantBody: []string{`class="field-error"`}},
		{name: "account page", role: haki.RoleViewer, method: http.MethodGet, path: "/account", wantStatus: http.StatusOK,
			wantBody: []string{"viewer", "Nairobi"}},
	})
	if _, err := app.store.FindUserByUsername(storetest.As(app.users[haki.RoleAdmin]), "wambui"); haki.ErrorCode(err) != haki.ENOTFOUND {
		t.Errorf("rejected account was saved: %v", err)
	}

	t.Run("create and edit", func(t *testing.T) {
		c := app.sessionClient(t, haki.RoleAdmin)
		res := c.post("/users", url.Values{"username": {"wambui"}, "display_name": {"Wambui Njeri"}, "role": {"caseworker"},
			"language": {"sw"}, "password": {"a long enough password"}, "password2": {"a long enough password"}, "current_password": {storetest.Password}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("create: %d", res.status)
		}
		if res := c.post(res.location, url.Values{"display_name": {"W. Njeri"}, "role": {"professional"}, "language": {"en"}}); res.status != http.StatusSeeOther {
			t.Fatalf("update: %d", res.status)
		}
		u, err := app.store.FindUserByUsername(storetest.As(app.users[haki.RoleAdmin]), "wambui")
		if err != nil || u.Role != haki.RoleProfessional || u.DisplayName != "W. Njeri" {
			t.Errorf("after update: %+v, %v", u, err)
		}
		if _, err := app.store.Authenticate(context.Background(), "wambui", "a long enough password"); err != nil {
			t.Errorf("sign in with the initial password: %v", err)
		}
	})

	t.Run("token shown once", func(t *testing.T) {
		c := app.sessionClient(t, haki.RoleAdmin)
		res := c.post("/users/"+ids["id"]+"/token", url.Values{"token_current_password": {storetest.Password}})
		if res.status != http.StatusOK {
			t.Fatalf("token: status %d", res.status)
		}
		m := tokenRe.FindStringSubmatch(res.body)
		if m == nil {
			t.Fatal("no token on the page")
		}
		if u, err := app.store.FindUserByAPIToken(context.Background(), m[1]); err != nil || u.ID != ids["id"] {
			t.Errorf("token does not work: %v, %v", u, err)
		}
		if again := c.get("/users/" + ids["id"]); strings.Contains(again.body, m[1]) || tokenRe.MatchString(again.body) {
			t.Error("token shown again")
		}
	})

	t.Run("password reset ends the user's sessions", func(t *testing.T) {
		victim := app.sessionClient(t, haki.RoleMonitor)
		if res := victim.get("/account"); res.status != http.StatusOK {
			t.Fatalf("before: %d", res.status)
		}
		c := app.sessionClient(t, haki.RoleAdmin)
		res := c.post("/users/"+app.users[haki.RoleMonitor].ID+"/password",
			url.Values{"password": {"a brand new password"}, "password2": {"a brand new password"}, "current_password": {storetest.Password}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("reset: %d", res.status)
		}
		if res := victim.get("/account"); res.status != http.StatusSeeOther || res.location != "/signin" {
			t.Errorf("old session still works: %d", res.status)
		}
	})
}

var tokenRe = regexp.MustCompile(`value="(haki_[A-Za-z0-9_-]+)"`)

func TestAccountPassword(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	me := app.sessionClient(t, haki.RoleCaseworker)
	other := app.sessionClient(t, haki.RoleCaseworker) // the same account on another device
	const newPW = "a much better passphrase"
	for _, tc := range []struct {
		name    string
		form    url.Values
		wantErr string
	}{
		{"wrong current password", url.Values{"current_password": {"guess"}, "password": {newPW}, "password2": {newPW}}, "current_password"},
		{"passwords differ", url.Values{"current_password": {storetest.Password}, "password": {newPW}, "password2": {newPW + "!"}}, "password2"},
		{"too short", url.Values{"current_password": {storetest.Password}, "password": {"short"}, "password2": {"short"}}, "password"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := me.post("/account/password", tc.form)
			invalid := regexp.MustCompile(`id="` + tc.wantErr + `"[^>]*aria-invalid="true"`)
			if res.status != http.StatusUnprocessableEntity || !invalid.MatchString(res.body) || !strings.Contains(res.body, `class="field-error"`) {
				t.Errorf("status %d, want 422 with an error at %s", res.status, tc.wantErr)
			}
		})
	}
	if _, err := app.store.Authenticate(context.Background(), "caseworker", storetest.Password); err != nil {
		t.Fatalf("a rejected change changed the password: %v", err)
	}
	res := me.post("/account/password", url.Values{"current_password": {storetest.Password}, "password": {newPW}, "password2": {newPW}})
	if res.status != http.StatusSeeOther || res.location != "/account" {
		t.Fatalf("change: %d %q", res.status, res.location)
	}
	if res := me.get("/account"); res.status != http.StatusOK {
		t.Errorf("this browser was signed out: %d", res.status)
	}
	if res := other.get("/account"); res.status != http.StatusSeeOther || res.location != "/signin" {
		t.Errorf("the other session survived: %d %q", res.status, res.location)
	}
	if _, err := app.store.Authenticate(context.Background(), "caseworker", newPW); err != nil {
		t.Errorf("new password does not work: %v", err)
	}
}
