package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// LockoutPolicy says when sign-in is refused: after Failures failed
// attempts on an account within Window, for Duration, even with the right
// password. Zero fields take DefaultLockout's.
type LockoutPolicy struct {
	Failures int
	Window   time.Duration
	Duration time.Duration
}

// DefaultLockout: 5 failures within 15 minutes lock an account for 30.
var DefaultLockout = LockoutPolicy{Failures: 5, Window: 15 * time.Minute, Duration: 30 * time.Minute}

func (p LockoutPolicy) orDefault() LockoutPolicy {
	if p.Failures <= 0 {
		p.Failures = DefaultLockout.Failures
	}
	if p.Window <= 0 {
		p.Window = DefaultLockout.Window
	}
	if p.Duration <= 0 {
		p.Duration = DefaultLockout.Duration
	}
	return p
}

// PendingSignInLifetime is how long the step between the password and the
// second factor (or enrolment) may take.
const PendingSignInLifetime = 5 * time.Minute

// The answers of a sign-in that did not succeed. Each is EUNAUTHORIZED and
// says nothing about whether the account exists.
var (
	errWrongPassword = haki.Errorf(haki.EUNAUTHORIZED, "The user name or password is wrong, or the account is disabled.")
	// ErrLockedOut refuses sign-in after too many failures.
	ErrLockedOut = haki.Errorf(haki.EUNAUTHORIZED, "Too many failed sign-ins. Try again later.")
	// ErrWrongCode is a second factor that is wrong or was already used.
	ErrWrongCode = haki.Errorf(haki.EUNAUTHORIZED, "The code is wrong or was already used.")
	// ErrSignInExpired is a pending sign-in that is unknown, used or too old.
	ErrSignInExpired = haki.Errorf(haki.EUNAUTHORIZED, "The sign-in took too long. Start again.")
)

// SignInStep is what a sign-in needs next.
type SignInStep string

// The steps of a sign-in.
const (
	StepDone  SignInStep = "done"  // signed in: Session is set
	StepCode  SignInStep = "code"  // a TOTP or recovery code is needed: Pending is set
	StepEnrol SignInStep = "enrol" // the account must enrol first: Pending is set
)

// SignInResult is the outcome of a step of sign-in.
type SignInResult struct {
	Step    SignInStep
	Session *Session // StepDone
	Pending string   // the secret of the pending sign-in, for a cookie
	User    *haki.User
	// RecoveryCodes are set once, when an enrolment completed at sign-in.
	RecoveryCodes []string
}

// SignIn is one attempt to sign in with a password.
type SignIn struct {
	Username, Password string
	Device             string // a coarse description of the browser, e.g. "Firefox on Windows"
	// RequireTwoFactor enforces the accounts' "must use two-factor"; the
	// demo turns it off. Accounts that have enrolled are always asked.
	RequireTwoFactor bool
	Lockout          LockoutPolicy
}

// SignIn checks a password. Unknown names, wrong passwords and disabled
// accounts give the same error after the same work, and each is recorded as
// a failure of the name tried. A locked account is refused even with the
// right password. When a second factor is needed it returns a pending
// sign-in instead of a session.
func (s *Store) SignIn(ctx context.Context, in SignIn) (*SignInResult, error) {
	var u *haki.User
	var hash, lastSignIn string
	err := s.read(ctx, func(tx *Tx) error {
		var err error
		u, err = scanUser(tx.queryRow(`SELECT `+userColumns+`, password_hash, last_sign_in_at FROM users WHERE username = ?`,
			normalUsername(in.Username)), &hash, &lastSignIn)
		if isNoRows(err) {
			u = nil
			return nil
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if u == nil {
		hash = ""
	}
	ok, err := s.checkPassword(ctx, hash, in.Password)
	if err != nil {
		return nil, err
	}
	ok = ok && !u.Disabled
	res := &SignInResult{User: u}
	var refused error
	err = s.write(ctx, func(tx *Tx) (err error) {
		key := accountKey(in.Username)
		if locked, err := tx.lockedOut(key, lastSignIn, in.Lockout); err != nil || locked {
			refused = ErrLockedOut
			return firstErr(err, tx.audit("sign_in_locked", "user", userIDOf(u), nil, nil))
		}
		if !ok {
			refused = errWrongPassword
			return tx.recordFailure(key, lastSignIn, in.Lockout, "sign_in_failed", userIDOf(u), in.Username)
		}
		tx.user = u
		switch {
		case u.TwoFactorEnabled:
			res.Step = StepCode
		case u.TwoFactorRequired && in.RequireTwoFactor:
			res.Step = StepEnrol
			if _, err := tx.exec(`UPDATE users SET totp_pending_secret = ? WHERE id = ? AND totp_pending_secret = ''`,
				tx.s.sealSecret(u.ID, "totp_pending_secret", newTOTPSecret()), u.ID); err != nil {
				return err
			}
		default:
			res.Step = StepDone
			res.Session, err = tx.completeSignIn(u.ID, in.Device, nil)
			return err
		}
		res.Pending = randomToken()
		_, err = tx.exec(`INSERT INTO pending_sign_ins (token_hash, user_id, purpose, device, expires_at) VALUES (?, ?, ?, ?, ?)`,
			hashToken(res.Pending), u.ID, string(res.Step), truncateString(in.Device, 100), fmtTime(tx.now.Add(PendingSignInLifetime)))
		return err
	})
	if err != nil {
		return nil, err
	} else if refused != nil {
		return nil, refused
	}
	return res, nil
}

// SignInWithCode completes a pending sign-in with a TOTP code or a recovery
// code. A wrong code counts as a failed sign-in; too many lock the account
// and end the pending sign-in.
func (s *Store) SignInWithCode(ctx context.Context, pending, code string, lockout LockoutPolicy) (*SignInResult, error) {
	res := &SignInResult{Step: StepDone}
	var refused error
	err := s.write(ctx, func(tx *Tx) error {
		p, err := tx.pendingSignIn(pending, StepCode)
		if err != nil {
			refused = err
			return nil
		}
		res.User, tx.user = p.user, p.user
		key := accountKey(p.user.Username)
		if locked, err := tx.lockedOut(key, p.lastSignIn, lockout); err != nil || locked {
			refused = ErrLockedOut
			if _, err := tx.exec(`DELETE FROM pending_sign_ins WHERE token_hash = ?`, hashToken(pending)); err != nil {
				return err
			}
			return firstErr(err, tx.audit("sign_in_locked", "user", p.user.ID, nil, nil))
		}
		how, err := tx.checkSecondFactor(p, code)
		if err != nil {
			return err
		} else if how == "" {
			refused = ErrWrongCode
			return tx.recordFailure(key, p.lastSignIn, lockout, "two_factor_failed", p.user.ID, p.user.Username)
		}
		if _, err := tx.exec(`DELETE FROM pending_sign_ins WHERE token_hash = ?`, hashToken(pending)); err != nil {
			return err
		}
		res.Session, err = tx.completeSignIn(p.user.ID, p.device, map[string]string{"second_factor": how})
		return err
	})
	if err != nil {
		return nil, err
	} else if refused != nil {
		return nil, refused
	}
	return res, nil
}

// pending is a pending sign-in with its account.
type pending struct {
	user       *haki.User
	device     string
	secret     string // the confirmed TOTP secret
	newSecret  string // the secret being enrolled
	lastStep   int64
	lastSignIn string
}

func (tx *Tx) pendingSignIn(token string, step SignInStep) (*pending, error) {
	p := &pending{}
	var expires string
	u, err := scanUser(tx.queryRow(`SELECT `+prefixed("u.", userColumns)+`, p.device, p.expires_at, u.totp_secret, u.totp_pending_secret, u.totp_last_step, u.last_sign_in_at
		FROM pending_sign_ins p JOIN users u ON u.id = p.user_id WHERE p.token_hash = ? AND p.purpose = ?`, hashToken(token), string(step)),
		&p.device, &expires, &p.secret, &p.newSecret, &p.lastStep, &p.lastSignIn)
	if isNoRows(err) {
		return nil, ErrSignInExpired
	} else if err != nil {
		return nil, err
	}
	if u.Disabled || !tx.now.Before(parseTime(expires)) {
		return nil, ErrSignInExpired
	}
	if p.secret, err = tx.s.openSecret(u.ID, "totp_secret", p.secret); err != nil {
		return nil, err
	}
	if p.newSecret, err = tx.s.openSecret(u.ID, "totp_pending_secret", p.newSecret); err != nil {
		return nil, err
	}
	p.user = u
	return p, nil
}

// checkSecondFactor returns "totp" or "recovery_code" for a code that is
// right and unused, and marks it used; "" for any other.
func (tx *Tx) checkSecondFactor(p *pending, code string) (string, error) {
	code = normalCode(code)
	if len(code) == 6 {
		step, ok := matchTOTP(p.secret, code, tx.now, p.lastStep)
		if !ok {
			return "", nil
		}
		// The condition makes two concurrent uses of one code fail but one.
		res, err := tx.exec(`UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?`, step, p.user.ID, step)
		if err != nil {
			return "", err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return "", err
		}
		return "totp", nil
	}
	res, err := tx.exec(`UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at = ''`,
		fmtTime(tx.now), p.user.ID, hashRecoveryCode(code))
	if err != nil {
		return "", err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return "", err
	}
	return "recovery_code", tx.audit("recovery_code_used", "user", p.user.ID, nil, nil)
}

// completeSignIn starts the session of a successful sign-in, which also
// closes the count of failures towards a lockout.
func (tx *Tx) completeSignIn(userID, device string, detail any) (*Session, error) {
	if _, err := tx.exec(`UPDATE users SET last_sign_in_at = ? WHERE id = ?`, fmtTime(tx.now), userID); err != nil {
		return nil, err
	}
	sess, err := tx.createSession(userID, device)
	if err != nil {
		return nil, err
	}
	return sess, tx.audit("sign_in", "user", userID, nil, detail)
}

// lockedOut reports whether the account is locked: policy.Failures failures
// since its last successful sign-in fell within policy.Window, and the last
// of them is less than policy.Duration ago.
func (tx *Tx) lockedOut(key, lastSignIn string, policy LockoutPolicy) (bool, error) {
	p := policy.orDefault()
	since := fmtTime(tx.now.Add(-p.Window - p.Duration))
	if lastSignIn > since {
		since = lastSignIn
	}
	rows, err := tx.query(`SELECT at FROM sign_in_failures WHERE account_key = ? AND at > ? ORDER BY at`, key, since)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	var times []time.Time
	for rows.Next() {
		var at string
		if err := rows.Scan(&at); err != nil {
			return false, err
		}
		times = append(times, parseTime(at))
	}
	if err := rows.Err(); err != nil {
		return false, err
	}
	for i := p.Failures - 1; i < len(times); i++ {
		if times[i].Sub(times[i-p.Failures+1]) <= p.Window && tx.now.Before(times[i].Add(p.Duration)) {
			return true, nil
		}
	}
	return false, nil
}

// recordFailure notes a failed sign-in of the account and audits it, and
// the lockout if this failure starts one. The audit keeps the account, never
// the password; a name that is no account is not kept either, since people
// type their password into the name field.
func (tx *Tx) recordFailure(key, lastSignIn string, policy LockoutPolicy, action, userID, username string) error {
	if _, err := tx.exec(`INSERT INTO sign_in_failures (id, account_key, at) VALUES (?, ?, ?)`, newID(), key, fmtTime(tx.now)); err != nil {
		return err
	}
	detail := map[string]string{"username": truncateString(username, 64)}
	if userID == "" {
		detail = map[string]string{"account": "unknown"}
	}
	if err := tx.audit(action, "user", userID, nil, detail); err != nil {
		return err
	}
	if locked, err := tx.lockedOut(key, lastSignIn, policy); err != nil || !locked {
		return err
	}
	return tx.audit("lockout", "user", userID, nil, detail)
}

// accountKey names the account a sign-in tried, for counting failures: a
// hash of the user name, so unknown names lock out like real ones and the
// table holds nothing typed.
func accountKey(username string) string {
	h := sha256.Sum256([]byte("haki sign-in\x00" + normalUsername(username)))
	return hex.EncodeToString(h[:])
}

func normalUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func userIDOf(u *haki.User) string {
	if u == nil {
		return ""
	}
	return u.ID
}

// firstErr returns the first error that is not nil.
func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}
