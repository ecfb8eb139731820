package web

import (
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
