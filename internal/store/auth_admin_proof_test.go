package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestStolenAdministratorSession plays a thief holding an administrator's
// session (and nothing else) who resets another account's password or
// second factor: each needs the administrator's own password and a code
// from their second factor; wrong answers are audited and count towards
// the administrator's lockout, which then refuses even right answers.
func TestStolenAdministratorSession(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		c := newClock(s)
		adminUser := storetest.MustUser(t, s, "admin", haki.RoleAdmin, "")
		admin := storetest.As(adminUser)
		secret, recovery := mustEnrol(t, s, c, adminUser)
		cw := storetest.MustUser(t, s, "caseworker", haki.RoleCaseworker, "")
		mustEnrol(t, s, c, cw)
		changes := map[string]func(store.AccountProof) error{
			"password": func(p store.AccountProof) error {
				return s.SetPassword(admin, cw.ID, "thief's own passphrase", p)
			},
			"second factor": func(p store.AccountProof) error { return s.ResetTwoFactor(admin, cw.ID, p) },
		}
		for name, change := range changes {
			for _, tc := range []struct {
				name      string
				proof     store.AccountProof
				wantField string
			}{
				{"nothing", store.AccountProof{}, "current_password"},
				{"wrong password", store.AccountProof{Password: "guess", Code: recovery[0]}, "current_password"},
				{"password only", store.AccountProof{Password: storetest.Password}, "current_code"},
				{"wrong code", store.AccountProof{Password: storetest.Password, Code: "000000"}, "current_code"},
			} {
				c.advance(time.Minute)
				if err := change(tc.proof); haki.ErrorFields(err)[tc.wantField] == "" {
					t.Errorf("%s with %s: %v, want a problem with %q", name, tc.name, err, tc.wantField)
				}
			}
			c.advance(20 * time.Minute) // the failures leave the lockout's window
		}
		if _, err := s.SignIn(context.Background(), signIn("caseworker", storetest.Password)); err != nil {
			t.Errorf("the caseworker's password changed: %v", err)
		}
		if got, _ := s.FindAuditEntries(admin, haki.AuditFilter{Action: "two_factor_reset"}); len(got) != 0 {
			t.Errorf("%d two_factor_reset entries, want none", len(got))
		}
		for action, want := range map[string]int{"password_check_failed": 4, "two_factor_failed": 4} {
			if got, err := s.FindAuditEntries(admin, haki.AuditFilter{Action: action}); err != nil || len(got) != want {
				t.Errorf("%d %q audit entries (%v), want %d", len(got), action, err, want)
			}
		}
		// With the administrator's password and a code, both work.
		c.advance(time.Minute)
		if err := changes["password"](store.AccountProof{Password: storetest.Password, Code: mustCode(t, secret, c.now())}); err != nil {
			t.Errorf("reset with the proof: %v", err)
		}
		if err := changes["second factor"](store.AccountProof{Password: storetest.Password, Code: recovery[1]}); err != nil {
			t.Errorf("second factor reset with the proof: %v", err)
		}
	})
}

// TestAdministratorProofLocksOut checks that the fifth wrong answer locks
// the administrator out, after which the right ones change nothing.
func TestAdministratorProofLocksOut(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		c := newClock(s)
		adminUser := storetest.MustUser(t, s, "admin", haki.RoleAdmin, "")
		admin := storetest.As(adminUser)
		cw := storetest.MustUser(t, s, "caseworker", haki.RoleCaseworker, "")
		reset := func(pw string) error {
			return s.SetPassword(admin, cw.ID, "thief's own passphrase", store.AccountProof{Password: pw, Lockout: store.DefaultLockout})
		}
		for i := range 4 {
			c.advance(time.Minute)
			if err := reset("guess"); haki.ErrorFields(err)["current_password"] == "" {
				t.Fatalf("guess %d: %v", i+1, err)
			}
		}
		if err := reset("guess"); err != store.ErrLockedOut {
			t.Fatalf("fifth guess: %v, want the lockout", err)
		}
		if err := reset(storetest.Password); err != store.ErrLockedOut {
			t.Errorf("right password while locked: %v", err)
		}
		if _, err := s.SignIn(context.Background(), signIn("caseworker", storetest.Password)); err != nil {
			t.Errorf("the caseworker's password changed: %v", err)
		}
	})
}

// TestStolenAdministratorSessionMakesAccounts checks that making an
// account, or making one an administrator, needs the acting
// administrator's own password; other changes to an account do not.
func TestStolenAdministratorSessionMakesAccounts(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		admin := storetest.As(storetest.MustUser(t, s, "admin", haki.RoleAdmin, ""))
		cw := storetest.MustUser(t, s, "caseworker", haki.RoleCaseworker, "")
		mwizi := func() *haki.User { return &haki.User{Username: "mwizi", DisplayName: "Mwizi", Role: haki.RoleAdmin} }
		promote := func() *haki.User { u := *cw; u.Role = haki.RoleAdmin; return &u }
		for _, tc := range []struct {
			name   string
			change func(store.AccountProof) error
		}{
			{"create", func(p store.AccountProof) error { return s.CreateUser(admin, mwizi(), "a long enough passphrase", p) }},
			{"make an administrator", func(p store.AccountProof) error { return s.UpdateUser(admin, promote(), p) }},
		} {
			for _, p := range []store.AccountProof{{}, {Password: "guess"}} {
				if err := tc.change(p); haki.ErrorFields(err)["current_password"] == "" {
					t.Errorf("%s with %q: %v, want a wrong current password", tc.name, p.Password, err)
				}
			}
		}
		if _, err := s.FindUserByUsername(admin, "mwizi"); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("the account was made: %v", err)
		}
		if u, _ := s.FindUserByID(admin, cw.ID); u.Role != haki.RoleCaseworker {
			t.Errorf("role %q after the refused change", u.Role)
		}
		renamed := *cw
		renamed.DisplayName = "Renamed"
		if err := s.UpdateUser(admin, &renamed, store.AccountProof{}); err != nil {
			t.Errorf("a rename without the password: %v", err)
		}
		if err := s.CreateUser(admin, mwizi(), "a long enough passphrase", store.AccountProof{Password: storetest.Password}); err != nil {
			t.Errorf("create with the password: %v", err)
		}
	})
}

// An API token acts as its owner: minting one for another account needs
// the administrator's own password, like resetting that account's password.
func TestStolenAdministratorSessionMintsToken(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		admin := storetest.As(storetest.MustUser(t, s, "admin", haki.RoleAdmin, ""))
		dm := storetest.MustUser(t, s, "datamanager", haki.RoleDataManager, "")
		for _, p := range []store.AccountProof{{}, {Password: "guess"}} {
			token, err := s.CreateAPIToken(admin, dm.ID, p)
			if haki.ErrorFields(err)["current_password"] == "" || token != "" {
				t.Errorf("a token with %q: %q, %v; want a wrong current password and no token", p.Password, token, err)
			}
		}
		token, err := s.CreateAPIToken(admin, dm.ID, store.AccountProof{Password: storetest.Password})
		if err != nil || token == "" {
			t.Fatalf("a token with the password: %q, %v", token, err)
		}
		if u, err := s.FindUserByAPIToken(context.Background(), token); err != nil || u.ID != dm.ID {
			t.Errorf("the token signs in as %v (%v), want the data manager", u, err)
		}
	})
}

// Where a colleague's reminders go is changed with the administrator's
// own password too: a stolen session must not redirect them.
func TestStolenAdministratorSessionReaddresses(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		admin := storetest.As(storetest.MustUser(t, s, "admin", haki.RoleAdmin, ""))
		cw := storetest.MustUser(t, s, "caseworker", haki.RoleCaseworker, "")
		readdress := func() *haki.User { u := *cw; u.Email = "mwizi@example.org"; return &u }
		if err := s.UpdateUser(admin, readdress(), store.AccountProof{Password: "guess"}); haki.ErrorFields(err)["current_password"] == "" {
			t.Errorf("change the email address with a wrong password: %v", err)
		}
		if u, _ := s.FindUserByID(admin, cw.ID); u.Email != "" {
			t.Errorf("email %q after the refused change", u.Email)
		}
		moved := readdress()
		if err := s.UpdateUser(admin, moved, store.AccountProof{Password: storetest.Password}); err != nil {
			t.Errorf("change the email address with the password: %v", err)
		}
		if u, _ := s.FindUserByID(admin, cw.ID); u.Email != "mwizi@example.org" {
			t.Errorf("email %q, want the new address", u.Email)
		}
		bad := readdress()
		bad.Email = "not an address"
		if err := s.UpdateUser(admin, bad, store.AccountProof{Password: storetest.Password}); haki.ErrorFields(err)["email"] == "" {
			t.Errorf("a bad address: %v", err)
		}
	})
}
