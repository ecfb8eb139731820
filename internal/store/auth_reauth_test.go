package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestStolenSessionGuessesPassword plays a thief holding a session who
// guesses the current password on the password form: each wrong guess is
// audited and counts towards the lockout of sign-in; the fifth locks the
// account and ends the thief's session, and then even the right password
// changes nothing.
func TestStolenSessionGuessesPassword(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		c := newClock(s)
		ctx := context.Background()
		u := storetest.MustUser(t, s, "viewer", haki.RoleViewer, "")
		admin := storetest.As(storetest.MustUser(t, s, "admin", haki.RoleAdmin, ""))
		stolen := mustSignIn(t, s, "viewer", "")
		change := func(current string) error {
			return s.ChangeOwnPassword(storetest.As(u), store.PasswordChange{Session: stolen.Token, Current: current,
				Password: "tembo kijani mvua ndefu", Lockout: store.DefaultLockout})
		}
		for i := range 4 {
			c.advance(time.Minute)
			if err := change("guess number one"); haki.ErrorFields(err)["current_password"] == "" {
				t.Fatalf("guess %d: %v, want a wrong current password", i+1, err)
			}
		}
		if err := change("guess number five"); err != store.ErrLockedOut {
			t.Fatalf("fifth guess: %v, want the lockout", err)
		}
		if _, err := s.FindSession(ctx, stolen.Token); err == nil {
			t.Error("the guessing session survived the lockout")
		}
		if err := change(storetest.Password); err != store.ErrLockedOut {
			t.Errorf("right password while locked: %v", err)
		}
		if _, err := s.SignIn(ctx, signIn("viewer", storetest.Password)); err != store.ErrLockedOut {
			t.Errorf("sign-in while locked: %v", err)
		}
		for action, want := range map[string]int{"password_check_failed": 5, "lockout": 1, "password": 0} {
			if got, err := s.FindAuditEntries(admin, haki.AuditFilter{Action: action}); err != nil || len(got) != want {
				t.Errorf("%d %q audit entries (%v), want %d", len(got), action, err, want)
			}
		}
	})
}

// TestStolenSessionMovesSecondFactor checks that moving the second factor
// to a new phone needs the current password and a code from the present
// one, and that wrong answers count towards the lockout.
func TestStolenSessionMovesSecondFactor(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		c := newClock(s)
		other := storetest.MustUser(t, s, "viewer", haki.RoleViewer, "")
		if _, err := s.BeginTOTPEnrolment(storetest.As(other), store.AccountProof{}); haki.ErrorFields(err)["current_password"] == "" {
			t.Errorf("first enrolment without the password: %v", err)
		}
		u := storetest.MustUser(t, s, "caseworker", haki.RoleCaseworker, "")
		ctx := storetest.As(u)
		secret, recovery := mustEnrol(t, s, c, u)
		code := mustCode(t, secret, c.now())
		tests := []struct {
			name      string
			proof     store.AccountProof
			wantField string
		}{
			{"password and code", store.AccountProof{Password: storetest.Password, Code: code}, ""},
			{"password and a recovery code", store.AccountProof{Password: storetest.Password, Code: recovery[0]}, ""},
			{"nothing", store.AccountProof{}, "current_password"},
			{"password only", store.AccountProof{Password: storetest.Password}, "current_code"},
			{"wrong code", store.AccountProof{Password: storetest.Password, Code: "000000"}, "current_code"},
			{"the same code again", store.AccountProof{Password: storetest.Password, Code: code}, "current_code"},
		}
		for _, tc := range tests {
			_, err := s.BeginTOTPEnrolment(ctx, tc.proof)
			if got := haki.ErrorFields(err); (tc.wantField == "" && err != nil) || (tc.wantField != "" && got[tc.wantField] == "") {
				t.Errorf("%s: %v, want a problem with %q", tc.name, err, tc.wantField)
			}
		}
		// The fifth failure locks the account, and the right answers no
		// longer help: the code of the next step, from the present phone.
		if _, err := s.BeginTOTPEnrolment(ctx, store.AccountProof{Password: storetest.Password, Code: recovery[0]}); err != store.ErrLockedOut {
			t.Errorf("the same recovery code again, the fifth failure: %v, want the lockout", err)
		}
		c.advance(30 * time.Second)
		if _, err := s.BeginTOTPEnrolment(ctx, store.AccountProof{Password: storetest.Password, Code: mustCode(t, secret, c.now())}); err != store.ErrLockedOut {
			t.Errorf("right answers while locked: %v", err)
		}
		admin := storetest.MustUser(t, s, "admin", haki.RoleAdmin, "")
		if err := s.ResetTwoFactor(storetest.As(admin), admin.ID, store.AccountProof{Password: storetest.Password}); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("an administrator lifts their own second factor: %v", err)
		}
	})
}
