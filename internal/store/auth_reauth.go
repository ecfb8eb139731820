package store

import (
	"context"

	"github.com/haki-kenya/haki"
)

// AccountProof is what the signed-in user gives before changing how the
// account signs in, so that a stolen session alone cannot: the current
// password and, when the account has a second factor, a code from it (a
// current TOTP code or an unused recovery code). Wrong answers count
// towards the same lockout as sign-in; when they start one, the session
// that gave them ends.
type AccountProof struct {
	Session  string // the token of the session making the change
	Password string
	Code     string
	Lockout  LockoutPolicy
}

// The answers of a proof that does not hold; the fields are the form's.
var (
	errCurrentPassword = &haki.Error{Code: haki.EINVALID, Message: "The current password is wrong.",
		Fields: map[string]string{"current_password": "The current password is wrong."}}
	errCurrentCode = &haki.Error{Code: haki.EINVALID, Message: "The code is wrong or was already used.",
		Fields: map[string]string{"current_code": "Type the code your authenticator app shows now, or an unused recovery code."}}
)

// account is what a proof is checked against.
type account struct {
	user       *haki.User
	hash       string
	lastSignIn string
	secret     string // the confirmed TOTP secret, "" when none
	lastStep   int64
}

// findAccount reads the signed-in user's account for a proof.
func (s *Store) findAccount(ctx context.Context) (*account, error) {
	me := haki.UserFromContext(ctx)
	if me == nil || me.ID == "" {
		return nil, haki.Errorf(haki.EUNAUTHORIZED, "Sign in first.")
	}
	a := &account{}
	err := s.read(ctx, func(tx *Tx) error {
		var err error
		a.user, err = scanUser(tx.queryRow(`SELECT `+userColumns+`, password_hash, last_sign_in_at, totp_secret, totp_last_step FROM users WHERE id = ?`, me.ID),
			&a.hash, &a.lastSignIn, &a.secret, &a.lastStep)
		if err != nil {
			return tx.mapErr(err, "user")
		}
		a.secret, err = s.openSecret(me.ID, "totp_secret", a.secret)
		return err
	})
	return a, err
}

// checkProof checks a proof in the transaction that makes the change:
// passwordOK is the outcome of checking the password, made before the
// transaction since it takes a turn to hash; withCode asks for the second
// factor too, if the account has one. It returns refused when the
// change must not happen; the transaction is then to commit, keeping the
// failure it recorded.
func (tx *Tx) checkProof(a *account, passwordOK, withCode bool, p AccountProof) (refused, err error) {
	key := accountKey(a.user.Username)
	if locked, err := tx.lockedOut(key, a.lastSignIn, p.Lockout); err != nil {
		return nil, err
	} else if locked {
		return ErrLockedOut, firstErr(tx.endSession(p.Session), tx.audit("account_proof_locked", "user", a.user.ID, nil, nil))
	}
	refused, action := error(nil), ""
	if !passwordOK {
		refused, action = errCurrentPassword, "password_check_failed"
	} else if withCode && a.secret != "" {
		how, err := tx.checkSecondFactor(&pending{user: a.user, secret: a.secret, lastStep: a.lastStep}, p.Code)
		if err != nil {
			return nil, err
		} else if how == "" {
			refused, action = errCurrentCode, "two_factor_failed"
		}
	}
	if refused == nil {
		return nil, nil
	}
	if err := tx.recordFailure(key, a.lastSignIn, p.Lockout, action, a.user.ID, a.user.Username); err != nil {
		return nil, err
	}
	if locked, err := tx.lockedOut(key, a.lastSignIn, p.Lockout); err != nil {
		return nil, err
	} else if locked {
		return ErrLockedOut, tx.endSession(p.Session)
	}
	return refused, nil
}

// endSession ends one session, by its token.
func (tx *Tx) endSession(token string) error {
	if token == "" {
		return nil
	}
	_, err := tx.exec(`DELETE FROM sessions WHERE token_hash = ?`, hashToken(token))
	return err
}

// asAdministrator makes change, an administrator's change to another
// account, once the acting administrator's proof holds: their own current
// password and, when they have a second factor, a code from it. So a
// stolen administrator's session alone cannot take over other accounts.
// Wrong answers count towards the administrator's own sign-in lockout and
// are audited; when they start it, the session that gave them ends. The
// system (the command line on the server) gives no proof. prepare, if
// not nil, runs once the password is right and before the transaction
// (to hash a new password, say).
func (s *Store) asAdministrator(ctx context.Context, proof AccountProof, prepare func() error, change func(tx *Tx) error) error {
	if err := requireUsers(ctx); err != nil {
		return err
	}
	if haki.UserFromContext(ctx).ID == "" {
		if prepare != nil {
			if err := prepare(); err != nil {
				return err
			}
		}
		return s.write(ctx, change)
	}
	a, err := s.findAccount(ctx)
	if err != nil {
		return err
	}
	ok, err := s.checkPassword(ctx, a.hash, proof.Password)
	if err != nil {
		return err
	}
	if ok && prepare != nil {
		if err := prepare(); err != nil {
			return err
		}
	}
	var refused error
	err = s.write(ctx, func(tx *Tx) error {
		if refused, err = tx.checkProof(a, ok, true, proof); err != nil || refused != nil {
			return err
		}
		return change(tx)
	})
	return firstErr(err, refused)
}
