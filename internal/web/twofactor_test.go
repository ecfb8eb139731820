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

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/i18n"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// newRealTestApp is newTestApp without the demo flag, so accounts that
// must use two-factor have to enrol.
func newRealTestApp(tb testing.TB, st *store.Store) *testApp {
	tb.Helper()
	cat, err := i18n.New()
	if err != nil {
		tb.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := New(Config{Store: st, Logger: logger, Catalog: cat, Now: time.Now})
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

// anonClient is a browser with no session.
func (a *testApp) anonClient(tb testing.TB) *testClient {
	jar, _ := cookiejar.New(nil)
	return &testClient{tb: tb, app: a, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// cookie returns the value of the browser's cookie for path, or "".
func (c *testClient) cookie(path, name string) string {
	u, _ := url.Parse(c.app.srv.URL + path)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// code is the code a phone shows for the secret at t.
func code(tb testing.TB, secret string, t time.Time) string {
	tb.Helper()
	c, err := totp.GenerateCodeCustom(secret, t, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

var recoveryRe = regexp.MustCompile(`<code>([2-9a-z]{4}-[2-9a-z]{4}-[2-9a-z]{4})</code>`)

func TestTwoFactorSignIn(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newRealTestApp(t, st)
		ctx := context.Background()
		cw := app.users[haki.RoleCaseworker]
		b := app.anonClient(t)
		pw := url.Values{"username": {"caseworker"}, "password": {storetest.Password}}

		// The password is right, but the caseworker must enrol first and
		// is not signed in until they have.
		res := b.post("/signin", pw)
		if res.status != http.StatusSeeOther || res.location != "/signin/enrol" {
			t.Fatalf("sign in: %d %q", res.status, res.location)
		}
		if res := b.get("/"); res.status != http.StatusSeeOther || res.location != "/signin" {
			t.Errorf("home before enrolling: %d %q", res.status, res.location)
		}
		page := b.get("/signin/enrol")
		if page.status != 200 || !strings.Contains(page.body, `src="data:image/png;base64,`) {
			t.Fatalf("enrol page: %d", page.status)
		}
		e, err := st.FindPendingEnrolment(ctx, b.cookie("/signin", pendingCookie))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.ReplaceAll(page.body, " ", ""), e.Secret) || strings.Contains(page.header.Get("Location"), e.Secret) {
			t.Error("the secret is not shown as text")
		}
		if res := b.post("/signin/enrol", url.Values{"code": {"000000"}}); res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, `class="field-error"`) {
			t.Errorf("wrong first code: %d", res.status)
		}
		first := code(t, e.Secret, time.Now())
		res = b.post("/signin/enrol", url.Values{"code": {first}})
		codes := recoveryRe.FindAllStringSubmatch(res.body, -1)
		if res.status != 200 || len(codes) != 10 {
			t.Fatalf("confirm: %d, %d recovery codes", res.status, len(codes))
		}
		if secret, err := st.TOTPSecretForTest(ctx, cw.ID); err != nil || secret != e.Secret {
			t.Fatalf("secret read back: %v", err)
		}
		if res := b.get("/"); res.status != 200 {
			t.Fatalf("home after enrolling: %d", res.status)
		}
		b.csrf = csrfToken(t, b.get("/").body)
		b.post("/signout", nil)

		// Every sign-in now asks for a code.
		signIn := func() *testClient {
			c := app.anonClient(t)
			if res := c.post("/signin", pw); res.status != http.StatusSeeOther || res.location != "/signin/code" {
				t.Fatalf("sign in: %d %q", res.status, res.location)
			}
			if res := c.get("/"); res.status != http.StatusSeeOther {
				t.Fatalf("signed in before the code: %d", res.status)
			}
			return c
		}
		later := time.Now().Add(2 * time.Minute)
		c := signIn()
		tests := []struct {
			name       string
			code       string
			at         time.Time
			wantStatus int
		}{
			{"enrolment code again", first, time.Now(), http.StatusUnauthorized},
			{"wrong code", "000000", time.Now(), http.StatusUnauthorized},
			{"recovery code", codes[0][1], time.Now(), http.StatusSeeOther},
			{"recovery code again", codes[0][1], time.Now(), http.StatusUnauthorized},
			{"fresh code", code(t, e.Secret, later), later, http.StatusSeeOther},
			{"fresh code again", code(t, e.Secret, later), later, http.StatusUnauthorized},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				st.Now = func() time.Time { return tc.at }
				defer func() { st.Now = time.Now }()
				if c == nil {
					c = signIn()
				}
				res := c.post("/signin/code", url.Values{"code": {tc.code}})
				if res.status != tc.wantStatus {
					t.Fatalf("status %d, want %d", res.status, tc.wantStatus)
				}
				if res.status == http.StatusSeeOther {
					if res := c.get("/"); res.status != 200 {
						t.Errorf("home: %d", res.status)
					}
					c = nil
				} else if !strings.Contains(res.body, "The code is wrong or was already used") {
					t.Errorf("no message beside the field")
				}
			})
		}
		admin := storetest.As(app.users[haki.RoleAdmin])
		for _, action := range []string{"two_factor_enrol", "two_factor_failed", "recovery_code_used", "sign_in"} {
			if entries, _ := st.FindAuditEntries(admin, haki.AuditFilter{Action: action, EntityID: cw.ID}); len(entries) == 0 {
				t.Errorf("no %s in the audit log", action)
			}
		}
	})
}

func TestTwoFactorRequirement(t *testing.T) {
	tests := []struct {
		name   string
		demo   bool
		role   haki.Role
		wantTo string
	}{
		{"caseworker must enrol", false, haki.RoleCaseworker, "/signin/enrol"},
		{"monitor must enrol", false, haki.RoleMonitor, "/signin/enrol"},
		{"researcher need not", false, haki.RoleResearcher, "/"},
		{"viewer need not", false, haki.RoleViewer, "/"},
		{"demo skips it", true, haki.RoleCaseworker, "/"},
	}
	st := storetest.Open(t)
	real, demo := newRealTestApp(t, st), (*testApp)(nil)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			app := real
			if tc.demo {
				if demo == nil {
					demo = newTestApp(t, storetest.Open(t))
				}
				app = demo
			}
			res := app.anonClient(t).post("/signin", url.Values{"username": {string(tc.role)}, "password": {storetest.Password}})
			if res.status != http.StatusSeeOther || res.location != tc.wantTo {
				t.Errorf("sign in: %d %q, want %q", res.status, res.location, tc.wantTo)
			}
		})
	}

	// An administrator lifts the requirement for one account, and sets it
	// for another; a session of an account newly required ends.
	admin := real.sessionClient(t, haki.RoleAdmin)
	viewer := real.sessionClient(t, haki.RoleViewer)
	for _, c := range []struct {
		user *haki.User
		on   bool
	}{{real.users[haki.RoleMonitor], false}, {real.users[haki.RoleViewer], true}} {
		form := url.Values{"display_name": {c.user.DisplayName}, "role": {string(c.user.Role)}, "team_id": {c.user.TeamID}, "language": {"en"}}
		if c.on {
			form.Set("two_factor_required", "1")
		}
		if res := admin.post("/users/"+c.user.ID, form); res.status != http.StatusSeeOther {
			t.Fatalf("update: %d", res.status)
		}
	}
	if res := real.anonClient(t).post("/signin", url.Values{"username": {"monitor"}, "password": {storetest.Password}}); res.location != "/" {
		t.Errorf("monitor after lifting: %q", res.location)
	}
	if res := viewer.get("/"); res.status != http.StatusSeeOther {
		t.Errorf("viewer's session after the requirement: %d", res.status)
	}
	if res := real.anonClient(t).post("/signin", url.Values{"username": {"viewer"}, "password": {storetest.Password}}); res.location != "/signin/enrol" {
		t.Errorf("viewer after requiring: %q", res.location)
	}
}

func TestTwoFactorAccountPage(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	ctx := context.Background()
	c := app.sessionClient(t, haki.RoleResearcher)
	if res := c.get("/account/two-factor"); res.status != 200 || !strings.Contains(res.body, "/account/two-factor/setup") {
		t.Fatalf("page: %d", res.status)
	}
	if res := c.post("/account/two-factor/setup", url.Values{"current_password": {storetest.Password}}); res.status != http.StatusSeeOther || res.location != "/account/two-factor" {
		t.Fatalf("setup: %d %q", res.status, res.location)
	}
	page := c.get("/account/two-factor")
	if !strings.Contains(page.body, "data:image/png;base64,") {
		t.Fatal("no QR code")
	}
	e, err := app.store.FindTOTPEnrolment(storetest.As(app.users[haki.RoleResearcher]))
	if err != nil || e == nil {
		t.Fatalf("enrolment: %v", err)
	}
	if res := c.post("/account/two-factor", url.Values{"code": {"12"}}); res.status != http.StatusUnprocessableEntity {
		t.Errorf("wrong code: %d", res.status)
	}
	res := c.post("/account/two-factor", url.Values{"code": {code(t, e.Secret, time.Now())}})
	if res.status != 200 || len(recoveryRe.FindAllString(res.body, -1)) != 10 {
		t.Fatalf("confirm: %d", res.status)
	}
	if u, _ := app.store.FindUserByID(storetest.As(app.users[haki.RoleAdmin]), app.users[haki.RoleResearcher].ID); !u.TwoFactorEnabled {
		t.Error("not enabled")
	}
	if res := c.get("/account/two-factor"); !strings.Contains(res.body, "Recovery codes left: 10.") {
		t.Error("recovery codes not counted")
	}
	// Enrolled accounts are asked for a code even in the demo.
	if res := app.anonClient(t).post("/signin", url.Values{"username": {"researcher"}, "password": {storetest.Password}}); res.location != "/signin/code" {
		t.Errorf("sign in after enrolling: %q", res.location)
	}
	// An administrator removes it, for a lost phone.
	admin := app.sessionClient(t, haki.RoleAdmin)
	if res := admin.post("/users/"+app.users[haki.RoleResearcher].ID+"/two-factor/reset", url.Values{"reset_current_password": {storetest.Password}}); res.status != http.StatusSeeOther {
		t.Fatalf("reset: %d", res.status)
	}
	if secret, _ := app.store.TOTPSecretForTest(ctx, app.users[haki.RoleResearcher].ID); secret != "" {
		t.Error("secret kept after reset")
	}
}

func TestLockoutPage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		now := time.Now()
		st.Now = func() time.Time { return now }
		b := app.anonClient(t)
		try := func(name, pw string) response {
			res := b.post("/signin", url.Values{"username": {name}, "password": {pw}})
			res.body = strings.ReplaceAll(res.body, `value="`+name+`"`, `value=""`)
			return res
		}
		wrong, unknown := try("viewer", "wrong password!"), try("nobody", "wrong password!")
		if wrong.status != http.StatusUnauthorized || wrong.status != unknown.status || wrong.body != unknown.body {
			t.Errorf("wrong password %d and unknown user %d differ", wrong.status, unknown.status)
		}
		for range 4 {
			try("viewer", "wrong password!")
			try("nobody", "wrong password!")
		}
		locked, lockedUnknown := try("viewer", storetest.Password), try("nobody", storetest.Password)
		if locked.status != http.StatusUnauthorized || !strings.Contains(locked.body, "Too many failed sign-ins") {
			t.Errorf("right password after 5 failures: %d", locked.status)
		}
		if lockedUnknown.status != locked.status || lockedUnknown.body != locked.body {
			t.Error("a locked unknown user looks different from a locked account")
		}
		now = now.Add(31 * time.Minute)
		if res := try("viewer", storetest.Password); res.status != http.StatusSeeOther {
			t.Errorf("after the lockout: %d", res.status)
		}
	})
}
