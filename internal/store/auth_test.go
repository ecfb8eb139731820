package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// clock is a settable clock for the store.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newClock(s *store.Store) *clock {
	c := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	s.Now = c.now
	return c
}
func signIn(name, pw string) store.SignIn {
	return store.SignIn{Username: name, Password: pw, Device: "Firefox on Linux", RequireTwoFactor: true}
}

// mustCode computes the code a phone shows for the secret at t.
func mustCode(tb testing.TB, secret string, t time.Time) string {
	tb.Helper()
	code, err := totp.GenerateCodeCustom(secret, t, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		tb.Fatal(err)
	}
	return code
}

// mustEnrol enrols the user through the store as the enrolment page does
// and returns the secret and the recovery codes.
func mustEnrol(tb testing.TB, s *store.Store, c *clock, u *haki.User) (string, []string) {
	tb.Helper()
	ctx := storetest.As(u)
	e, err := s.BeginTOTPEnrolment(ctx, store.AccountProof{Password: storetest.Password})
	if err != nil {
		tb.Fatal(err)
	}
	codes, err := s.ConfirmTOTP(ctx, mustCode(tb, e.Secret, c.now()))
	if err != nil {
		tb.Fatalf("confirm: %v", err)
	}
	secret, err := s.TOTPSecretForTest(context.Background(), u.ID)
	if err != nil || secret != e.Secret {
		tb.Fatalf("secret read back %q, %v", secret, err)
	}
	c.advance(30 * time.Second) // the next code is a new step
	return secret, codes
}

func TestSignInWithoutTwoFactor(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		ctx := context.Background()
		storetest.MustUser(t, s, "researcher", haki.RoleResearcher, "")
		storetest.MustUser(t, s, "caseworker", haki.RoleCaseworker, "")
		tests := []struct {
			name     string
			in       store.SignIn
			wantStep store.SignInStep
		}{
			{"not required", signIn("researcher", storetest.Password), store.StepDone},
			{"required: enrol first", signIn("caseworker", storetest.Password), store.StepEnrol},
			{"demo skips the requirement", store.SignIn{Username: "caseworker", Password: storetest.Password}, store.StepDone},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				res, err := s.SignIn(ctx, tc.in)
				if err != nil {
					t.Fatal(err)
				}
				if res.Step != tc.wantStep || (res.Step == store.StepDone) != (res.Session != nil) || (res.Step != store.StepDone) != (res.Pending != "") {
					t.Errorf("step %q session %v pending %q", res.Step, res.Session, res.Pending)
				}
			})
		}
	})
}

func TestTwoFactorSignIn(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		c := newClock(s)
		ctx := context.Background()
		u := storetest.MustUser(t, s, "caseworker", haki.RoleCaseworker, "")

		// Enrolment at sign-in: the first code confirms it and signs in.
		res, err := s.SignIn(ctx, signIn("caseworker", storetest.Password))
		if err != nil || res.Step != store.StepEnrol {
			t.Fatalf("sign in: %+v, %v", res, err)
		}
		e, err := s.FindPendingEnrolment(ctx, res.Pending)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SignInEnrol(ctx, res.Pending, "000000"); haki.ErrorCode(err) != haki.EINVALID {
			t.Fatalf("wrong first code: %v", err)
		}
		done, err := s.SignInEnrol(ctx, res.Pending, mustCode(t, e.Secret, c.now()))
		if err != nil || done.Session == nil || len(done.RecoveryCodes) != store.RecoveryCodeCount {
			t.Fatalf("enrol: %+v, %v", done, err)
		}
		if _, err := s.SignInEnrol(ctx, res.Pending, mustCode(t, e.Secret, c.now())); err != store.ErrSignInExpired {
			t.Errorf("pending sign-in used twice: %v", err)
		}
		if secret, _ := s.TOTPSecretForTest(ctx, u.ID); secret != e.Secret {
			t.Fatalf("secret not stored")
		}
		recovery := done.RecoveryCodes
		c.advance(time.Minute)

		// From now on every sign-in asks for a code.
		pending := func() string {
			t.Helper()
			res, err := s.SignIn(ctx, store.SignIn{Username: "caseworker", Password: storetest.Password})
			if err != nil || res.Step != store.StepCode {
				t.Fatalf("sign in: %+v, %v", res, err)
			}
			return res.Pending
		}
		code := mustCode(t, e.Secret, c.now())
		p := pending()
		tests := []struct {
			name    string
			pending string
			code    string
			wantErr error
		}{
			{"wrong code", p, "123456", store.ErrWrongCode},
			{"right code", p, code, nil},
			{"pending used", p, code, store.ErrSignInExpired},
			{"same code again", pending(), code, store.ErrWrongCode},
			{"previous step's code", pending(), mustCode(t, e.Secret, c.now().Add(-30*time.Second)), store.ErrWrongCode},
			{"next step's code", pending(), mustCode(t, e.Secret, c.now().Add(30*time.Second)), nil},
			{"recovery code", pending(), recovery[0], nil},
			{"recovery code again", pending(), recovery[0], store.ErrWrongCode},
			{"recovery code typed in capitals without dashes", pending(), "  " + upperNoDash(recovery[1]), nil},
			{"unknown pending", "nonsense", code, store.ErrSignInExpired},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				res, err := s.SignInWithCode(ctx, tc.pending, tc.code, store.LockoutPolicy{})
				if err != tc.wantErr {
					t.Fatalf("err %v, want %v", err, tc.wantErr)
				}
				if err == nil && (res.Session == nil || res.User.ID != u.ID) {
					t.Errorf("no session: %+v", res)
				}
			})
		}

		// A pending sign-in lasts five minutes.
		p = pending()
		c.advance(store.PendingSignInLifetime)
		if _, err := s.SignInWithCode(ctx, p, mustCode(t, e.Secret, c.now()), store.LockoutPolicy{}); err != store.ErrSignInExpired {
			t.Errorf("old pending sign-in: %v", err)
		}

		// The audit log has the enrolment, the recovery code and the failures.
		admin := storetest.As(storetest.MustUser(t, s, "admin", haki.RoleAdmin, ""))
		for _, action := range []string{"two_factor_enrol", "recovery_code_used", "two_factor_failed", "sign_in"} {
			entries, err := s.FindAuditEntries(admin, haki.AuditFilter{Action: action, EntityID: u.ID})
			if err != nil || len(entries) == 0 {
				t.Errorf("no %s audit entry (%v)", action, err)
			}
		}
	})
}

func upperNoDash(s string) string {
	out := []byte{}
	for _, c := range []byte(s) {
		if c == '-' {
			continue
		}
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		out = append(out, c)
	}
	return string(out)
}

func TestLockout(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		c := newClock(s)
		ctx := context.Background()
		storetest.MustUser(t, s, "monitor", haki.RoleMonitor, "")
		try := func(name, pw string) error {
			_, err := s.SignIn(ctx, store.SignIn{Username: name, Password: pw})
			return err
		}
		for i := range 4 {
			if err := try("monitor", "wrong password "+string(rune('a'+i))); haki.ErrorCode(err) != haki.EUNAUTHORIZED || err == store.ErrLockedOut {
				t.Fatalf("failure %d: %v", i+1, err)
			}
			c.advance(time.Minute)
		}
		// Four failures: the right password still works, and ends the count.
		if err := try("monitor", storetest.Password); err != nil {
			t.Fatalf("after 4 failures: %v", err)
		}
		c.advance(time.Minute)
		for range 5 {
			try("MONITOR ", "wrong password")
			c.advance(2 * time.Minute)
		}
		if err := try("monitor", storetest.Password); err != store.ErrLockedOut {
			t.Fatalf("after 5 failures: %v, want locked out", err)
		}
		c.advance(27 * time.Minute) // 29 minutes after the last failure
		if err := try("monitor", storetest.Password); err != store.ErrLockedOut {
			t.Fatalf("29 minutes after the last failure: %v, want locked out", err)
		}
		c.advance(time.Minute)
		if err := try("monitor", storetest.Password); err != nil {
			t.Fatalf("30 minutes after: %v", err)
		}

		// Failures spread wider than the window do not lock.
		for range 5 {
			try("monitor", "wrong password")
			c.advance(4 * time.Minute)
		}
		if err := try("monitor", storetest.Password); err != nil {
			t.Fatalf("5 failures over 20 minutes: %v", err)
		}

		// An unknown name locks out the same way, so lockout does not tell
		// which names exist.
		for range 5 {
			if err := try("nobody", "wrong password"); err == nil || err.Error() != try("monitor", "wrong password x").Error() {
				t.Fatalf("unknown user: %v", err)
			}
			c.advance(time.Second)
		}
		if err := try("nobody", storetest.Password); err != store.ErrLockedOut {
			t.Errorf("unknown name after 5 failures: %v", err)
		}

		// The numbers are configurable.
		storetest.MustUser(t, s, "viewer", haki.RoleViewer, "")
		strict := store.SignIn{Username: "viewer", Password: "wrong", Lockout: store.LockoutPolicy{Failures: 2, Window: time.Minute, Duration: time.Hour}}
		s.SignIn(ctx, strict)
		s.SignIn(ctx, strict)
		strict.Password = storetest.Password
		if _, err := s.SignIn(ctx, strict); err != store.ErrLockedOut {
			t.Errorf("custom policy: %v", err)
		}
	})
}

func TestLockoutCountsSecondFactor(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		c := newClock(s)
		ctx := context.Background()
		u := storetest.MustUser(t, s, "professional", haki.RoleProfessional, "")
		secret, _ := mustEnrol(t, s, c, u)
		res, err := s.SignIn(ctx, signIn("professional", storetest.Password))
		if err != nil || res.Step != store.StepCode {
			t.Fatalf("sign in: %+v %v", res, err)
		}
		for range 5 {
			if _, err := s.SignInWithCode(ctx, res.Pending, "999999", store.LockoutPolicy{}); err != store.ErrWrongCode {
				t.Fatalf("wrong code: %v", err)
			}
		}
		if _, err := s.SignInWithCode(ctx, res.Pending, mustCode(t, secret, c.now()), store.LockoutPolicy{}); err != store.ErrLockedOut {
			t.Errorf("right code after 5 wrong: %v", err)
		}
		if _, err := s.SignIn(ctx, signIn("professional", storetest.Password)); err != store.ErrLockedOut {
			t.Errorf("password after 5 wrong codes: %v", err)
		}
		admin := storetest.As(storetest.MustUser(t, s, "admin", haki.RoleAdmin, ""))
		if entries, _ := s.FindAuditEntries(admin, haki.AuditFilter{Action: "lockout"}); len(entries) != 1 {
			t.Errorf("%d lockout audit entries, want 1", len(entries))
		}
	})
}

func TestResetTwoFactor(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		c := newClock(s)
		ctx := context.Background()
		u := storetest.MustUser(t, s, "caseworker", haki.RoleCaseworker, "")
		admin := storetest.As(storetest.MustUser(t, s, "admin", haki.RoleAdmin, ""))
		mustEnrol(t, s, c, u)
		if err := s.ResetTwoFactor(storetest.As(u), u.ID, store.AccountProof{Password: storetest.Password}); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("reset by the user: %v", err)
		}
		if err := s.ResetTwoFactor(admin, u.ID, store.AccountProof{Password: storetest.Password}); err != nil {
			t.Fatal(err)
		}
		if res, err := s.SignIn(ctx, signIn("caseworker", storetest.Password)); err != nil || res.Step != store.StepEnrol {
			t.Errorf("after reset: %+v %v", res, err)
		}
	})
}
