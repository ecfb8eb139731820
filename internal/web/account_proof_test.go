package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestStolenSessionPasswordGuesses plays a thief with a session cookie who
// guesses the current password on the account page: four wrong guesses
// are refused beside the field, the fifth locks the account and signs the
// thief out, and the account then refuses sign-in.
func TestStolenSessionPasswordGuesses(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		thief := app.sessionClient(t, haki.RoleCaseworker)
		guess := func(pw string) response {
			return thief.post("/account/password", url.Values{"current_password": {pw},
				"password": {"tembo kijani mvua ndefu"}, "password2": {"tembo kijani mvua ndefu"}})
		}
		for i := range 4 {
			if res := guess("guess number one"); res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "The current password is wrong.") {
				t.Fatalf("guess %d: %d", i+1, res.status)
			}
		}
		if res := guess("guess number five"); res.status != http.StatusUnauthorized {
			t.Errorf("fifth guess: %d, want 401", res.status)
		}
		if res := thief.get("/account"); res.status != http.StatusSeeOther || res.location != "/signin" {
			t.Errorf("the thief's session after the lockout: %d %q", res.status, res.location)
		}
		res := app.anonClient(t).post("/signin", url.Values{"username": {"caseworker"}, "password": {storetest.Password}})
		if res.status != http.StatusUnauthorized || !strings.Contains(res.body, "Too many failed sign-ins") {
			t.Errorf("sign-in after the guesses: %d", res.status)
		}
	})
}

// TestStolenSessionSecondFactor checks the two-factor page asks for the
// current password before enrolling, and also for a code from the present
// phone before moving to a new one.
func TestStolenSessionSecondFactor(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	c := app.sessionClient(t, haki.RoleResearcher)
	page := c.get("/account/two-factor")
	if !strings.Contains(page.body, `name="current_password"`) || strings.Contains(page.body, `name="current_code"`) {
		t.Errorf("the setup form of an account without a second factor")
	}
	if res := c.post("/account/two-factor/setup", nil); res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "The current password is wrong.") {
		t.Fatalf("setup without the password: %d", res.status)
	}
	if res := c.post("/account/two-factor/setup", url.Values{"current_password": {storetest.Password}}); res.status != http.StatusSeeOther {
		t.Fatalf("setup: %d", res.status)
	}
	e, err := app.store.FindTOTPEnrolment(storetest.As(app.users[haki.RoleResearcher]))
	if err != nil || e == nil {
		t.Fatalf("enrolment: %v", err)
	}
	now := time.Now()
	if res := c.post("/account/two-factor", url.Values{"code": {code(t, e.Secret, now)}}); res.status != http.StatusOK {
		t.Fatalf("confirm: %d", res.status)
	}
	if res := c.get("/account/two-factor"); !strings.Contains(res.body, `name="current_code"`) {
		t.Error("the move form of an enrolled account asks for no code")
	}
	res := c.post("/account/two-factor/setup", url.Values{"current_password": {storetest.Password}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "or an unused recovery code") {
		t.Errorf("moving without a code: %d", res.status)
	}
	res = c.post("/account/two-factor/setup", url.Values{"current_password": {storetest.Password}, "current_code": {code(t, e.Secret, now.Add(30*time.Second))}})
	if res.status != http.StatusSeeOther {
		t.Errorf("moving with the password and a code: %d", res.status)
	}
}

// TestStolenAdministratorSessionWeb plays a thief with an administrator's
// session cookie and nothing else: resetting another account's password or
// second factor is refused beside the field for the administrator's own
// password, and nothing changes; with it, both work.
func TestStolenAdministratorSessionWeb(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		victim := app.users[haki.RoleResearcher]
		c := app.sessionClient(t, haki.RoleResearcher)
		if res := c.post("/account/two-factor/setup", url.Values{"current_password": {storetest.Password}}); res.status != http.StatusSeeOther {
			t.Fatalf("setup: %d", res.status)
		}
		e, err := st.FindTOTPEnrolment(storetest.As(victim))
		if err != nil || e == nil {
			t.Fatalf("enrolment: %v", err)
		}
		if res := c.post("/account/two-factor", url.Values{"code": {code(t, e.Secret, time.Now())}}); res.status != http.StatusOK {
			t.Fatalf("confirm: %d", res.status)
		}
		thief := app.sessionClient(t, haki.RoleAdmin)
		if page := thief.get("/users/" + victim.ID); !strings.Contains(page.body, `name="current_password"`) || !strings.Contains(page.body, `name="reset_current_password"`) {
			t.Error("the user page asks for no administrator's password")
		}
		newPW := url.Values{"password": {"the thief's passphrase"}, "password2": {"the thief's passphrase"}}
		for _, tc := range []struct {
			name, path, field string
			form              url.Values
		}{
			{"password", "/password", "current_password", newPW},
			{"password, wrong", "/password", "current_password", url.Values{"password": newPW["password"], "password2": newPW["password"], "current_password": {"guess"}}},
			{"second factor", "/two-factor/reset", "reset_current_password", nil},
			{"second factor, wrong", "/two-factor/reset", "reset_current_password", url.Values{"reset_current_password": {"guess"}}},
		} {
			res := thief.post("/users/"+victim.ID+tc.path, tc.form)
			if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "The current password is wrong.") ||
				!strings.Contains(res.body, `id="`+tc.field+`" name="`+tc.field+`" type="password" autocomplete="current-password" aria-invalid="true"`) {
				t.Errorf("%s without the administrator's password: %d", tc.name, res.status)
			}
		}
		if secret, _ := st.TOTPSecretForTest(context.Background(), victim.ID); secret == "" {
			t.Error("the second factor was reset")
		}
		if res := app.anonClient(t).post("/signin", url.Values{"username": {"researcher"}, "password": {storetest.Password}}); res.location != "/signin/code" {
			t.Errorf("the researcher's password changed: %d %q", res.status, res.location)
		}
		with := url.Values{"password": newPW["password"], "password2": newPW["password"], "current_password": {storetest.Password}}
		if res := thief.post("/users/"+victim.ID+"/password", with); res.status != http.StatusSeeOther {
			t.Errorf("reset with the administrator's password: %d", res.status)
		}
		if res := thief.post("/users/"+victim.ID+"/two-factor/reset", url.Values{"reset_current_password": {storetest.Password}}); res.status != http.StatusSeeOther {
			t.Errorf("second factor reset with the administrator's password: %d", res.status)
		}
	})
}

// TestStolenAdministratorSessionMintsToken: an API token acts as its owner,
// so a thief with an administrator's cookie alone cannot mint one for
// another account; with the administrator's password it is shown once.
func TestStolenAdministratorSessionMintsToken(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		victim := app.users[haki.RoleDataManager]
		thief := app.sessionClient(t, haki.RoleAdmin)
		for _, form := range []url.Values{nil, {"token_current_password": {"guess"}}} {
			res := thief.post("/users/"+victim.ID+"/token", form)
			if res.status != http.StatusUnprocessableEntity || strings.Contains(res.body, "haki_") ||
				!strings.Contains(res.body, `id="token_current_password" name="token_current_password" type="password" autocomplete="current-password" aria-invalid="true"`) {
				t.Errorf("a token with %v: %d", form, res.status)
			}
		}
		res := thief.post("/users/"+victim.ID+"/token", url.Values{"token_current_password": {storetest.Password}})
		if res.status != http.StatusOK || !strings.Contains(res.body, `id="token" readonly value="haki_`) {
			t.Errorf("a token with the administrator's password: %d", res.status)
		}
	})
}
