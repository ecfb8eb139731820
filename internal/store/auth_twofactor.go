package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/hex"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/haki-kenya/haki"
)

// TOTP parameters as phone authenticator apps expect them (RFC 6238).
const (
	totpPeriod = 30
	totpDigits = otp.DigitsSix
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: totpDigits, Algorithm: otp.AlgorithmSHA1}

// newTOTPSecret returns 160 random bits in base32, the form apps read.
func newTOTPSecret() string {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
}

// matchTOTP checks a code against the steps before, at and after now, and
// returns the step it matched; steps up to lastStep were used already.
func matchTOTP(secret, code string, now time.Time, lastStep int64) (int64, bool) {
	if secret == "" || len(code) != 6 {
		return 0, false
	}
	step := now.Unix() / totpPeriod
	for _, st := range []int64{step - 1, step, step + 1} {
		if st <= lastStep {
			continue
		}
		want, err := totp.GenerateCodeCustom(secret, time.Unix(st*totpPeriod, 0), totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return st, true
		}
	}
	return 0, false
}

// normalCode drops spaces and dashes and lowers case, so codes may be typed
// as they are shown.
func normalCode(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '-' || r == '\t':
			return -1
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// TOTPEnrolment is a secret being enrolled, to show as text and as a QR code.
type TOTPEnrolment struct {
	Username string
	Secret   string
}

// BeginTOTPEnrolment makes a new secret for the signed-in user to enrol,
// once the proof holds: the current password and, when the account has a
// second factor, a code from it. So a stolen session cannot move the
// second factor to the thief's phone. The secret in use, if any, stays
// until the new one is confirmed.
func (s *Store) BeginTOTPEnrolment(ctx context.Context, proof AccountProof) (*TOTPEnrolment, error) {
	a, err := s.findAccount(ctx)
	if err != nil {
		return nil, err
	}
	ok, err := s.checkPassword(ctx, a.hash, proof.Password)
	if err != nil {
		return nil, err
	}
	e := &TOTPEnrolment{Username: a.user.Username, Secret: newTOTPSecret()}
	var refused error
	err = s.write(ctx, func(tx *Tx) error {
		if refused, err = tx.checkProof(a, ok, true, proof); err != nil || refused != nil {
			return err
		}
		if err := tx.execOne("user", `UPDATE users SET totp_pending_secret = ? WHERE id = ?`, s.sealSecret(a.user.ID, "totp_pending_secret", e.Secret), a.user.ID); err != nil {
			return err
		}
		return tx.audit("two_factor_enrol_begin", "user", a.user.ID, nil, nil)
	})
	if err = firstErr(err, refused); err != nil {
		return nil, err
	}
	return e, nil
}

// FindTOTPEnrolment returns the signed-in user's enrolment in progress, or
// nil when none was begun.
func (s *Store) FindTOTPEnrolment(ctx context.Context) (*TOTPEnrolment, error) {
	me := haki.UserFromContext(ctx)
	if me == nil {
		return nil, haki.Errorf(haki.EUNAUTHORIZED, "Sign in first.")
	}
	e := &TOTPEnrolment{Username: me.Username}
	err := s.read(ctx, func(tx *Tx) error {
		if err := tx.mapErr(tx.queryRow(`SELECT totp_pending_secret FROM users WHERE id = ?`, me.ID).Scan(&e.Secret), "user"); err != nil {
			return err
		}
		var err error
		e.Secret, err = s.openSecret(me.ID, "totp_pending_secret", e.Secret)
		return err
	})
	if err != nil || e.Secret == "" {
		return nil, err
	}
	return e, nil
}

// FindPendingEnrolment returns the enrolment of a sign-in that must enrol
// before it may go on.
func (s *Store) FindPendingEnrolment(ctx context.Context, pendingToken string) (*TOTPEnrolment, error) {
	var e *TOTPEnrolment
	err := s.read(ctx, func(tx *Tx) error {
		p, err := tx.pendingSignIn(pendingToken, StepEnrol)
		if err != nil {
			return err
		}
		e = &TOTPEnrolment{Username: p.user.Username, Secret: p.newSecret}
		return nil
	})
	return e, err
}

// errEnrolCode is a first code that does not match the secret being enrolled.
var errEnrolCode = &haki.Error{Code: haki.EINVALID, Message: "The code does not match.",
	Fields: map[string]string{"code": "The code does not match. Check the phone's clock and type the code now shown."}}

// ConfirmTOTP checks the signed-in user's first code from the secret being
// enrolled, makes it the account's secret and returns 10 new recovery
// codes, which are not stored and cannot be shown again.
func (s *Store) ConfirmTOTP(ctx context.Context, code string) ([]string, error) {
	me := haki.UserFromContext(ctx)
	if me == nil {
		return nil, haki.Errorf(haki.EUNAUTHORIZED, "Sign in first.")
	}
	var codes []string
	err := s.write(ctx, func(tx *Tx) error {
		var secret string
		var lastStep int64
		if err := tx.queryRow(`SELECT totp_pending_secret, totp_last_step FROM users WHERE id = ?`, me.ID).Scan(&secret, &lastStep); err != nil {
			return tx.mapErr(err, "user")
		}
		secret, err := s.openSecret(me.ID, "totp_pending_secret", secret)
		if err != nil {
			return err
		}
		step, ok := matchTOTP(secret, normalCode(code), tx.now, lastStep)
		if !ok {
			return errEnrolCode
		}
		codes, err = tx.enableTOTP(me.ID, secret, step)
		return err
	})
	return codes, err
}

// SignInEnrol completes a sign-in that had to enrol: the first code is
// checked as ConfirmTOTP does, then the session starts. The recovery codes
// are in the result, once.
func (s *Store) SignInEnrol(ctx context.Context, pendingToken, code string) (*SignInResult, error) {
	res := &SignInResult{Step: StepDone}
	err := s.write(ctx, func(tx *Tx) error {
		p, err := tx.pendingSignIn(pendingToken, StepEnrol)
		if err != nil {
			return err
		}
		res.User, tx.user = p.user, p.user
		step, ok := matchTOTP(p.newSecret, normalCode(code), tx.now, p.lastStep)
		if !ok {
			return errEnrolCode
		}
		if res.RecoveryCodes, err = tx.enableTOTP(p.user.ID, p.newSecret, step); err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM pending_sign_ins WHERE token_hash = ?`, hashToken(pendingToken)); err != nil {
			return err
		}
		res.Session, err = tx.completeSignIn(p.user.ID, p.device, nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// enableTOTP makes secret the account's, records step as used, and
// replaces the recovery codes.
func (tx *Tx) enableTOTP(userID, secret string, step int64) ([]string, error) {
	if _, err := tx.exec(`UPDATE users SET totp_secret = ?, totp_pending_secret = '', totp_last_step = ?, updated_at = ? WHERE id = ?`,
		tx.s.sealSecret(userID, "totp_secret", secret), step, fmtTime(tx.now), userID); err != nil {
		return nil, err
	}
	if _, err := tx.exec(`DELETE FROM recovery_codes WHERE user_id = ?`, userID); err != nil {
		return nil, err
	}
	codes := make([]string, RecoveryCodeCount)
	for i := range codes {
		codes[i] = newRecoveryCode()
		if _, err := tx.exec(`INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)`, userID, hashRecoveryCode(normalCode(codes[i]))); err != nil {
			return nil, err
		}
	}
	return codes, tx.audit("two_factor_enrol", "user", userID, nil, nil)
}

// ResetTwoFactor removes another account's second factor and recovery
// codes and ends its sessions, for a lost or seized phone. If the account
// must use two-factor, it enrols again at its next sign-in. proof is the
// acting administrator's own (see asAdministrator).
func (s *Store) ResetTwoFactor(ctx context.Context, userID string, proof AccountProof) error {
	if err := requireUsers(ctx); err != nil {
		return err
	}
	if haki.UserFromContext(ctx).ID == userID {
		// That would lift one's own second factor with nothing but a
		// session; one's own moves to a new phone with BeginTOTPEnrolment.
		return haki.Errorf(haki.EFORBIDDEN, "Another administrator must reset your own second factor.")
	}
	return s.asAdministrator(ctx, proof, nil, func(tx *Tx) error {
		if err := tx.execOne("user", `UPDATE users SET totp_secret = '', totp_pending_secret = '', updated_at = ? WHERE id = ?`, fmtTime(tx.now), userID); err != nil {
			return tx.mapErr(err, "user")
		}
		if _, err := tx.exec(`DELETE FROM recovery_codes WHERE user_id = ?`, userID); err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM pending_sign_ins WHERE user_id = ?`, userID); err != nil {
			return err
		}
		if err := tx.endSessions(userID, ""); err != nil {
			return err
		}
		return tx.audit("two_factor_reset", "user", userID, nil, nil)
	})
}

// CountRecoveryCodes returns how many unused recovery codes the signed-in
// user has left.
func (s *Store) CountRecoveryCodes(ctx context.Context) (int, error) {
	me := haki.UserFromContext(ctx)
	if me == nil {
		return 0, haki.Errorf(haki.EUNAUTHORIZED, "Sign in first.")
	}
	var n int
	err := s.read(ctx, func(tx *Tx) error {
		return tx.queryRow(`SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at = ''`, me.ID).Scan(&n)
	})
	return n, err
}

// RecoveryCodeCount is how many recovery codes an enrolment gives.
const RecoveryCodeCount = 10

// recoveryAlphabet has no 0/o, 1/l/i, so codes read aloud or copied by
// hand survive.
const recoveryAlphabet = "23456789abcdefghjkmnpqrstuvwxyz"

// newRecoveryCode returns a code like "k7m2-x9qp-4hta": 12 characters of a
// 31-letter alphabet, about 59 bits, enough that a fast hash is safe.
func newRecoveryCode() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	var sb strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		// 256 % 31 leaves a bias of under 1% towards the first letters;
		// with 59 bits it does not matter.
		sb.WriteByte(recoveryAlphabet[int(c)%len(recoveryAlphabet)])
	}
	return sb.String()
}

func hashRecoveryCode(normal string) string {
	h := sha256.Sum256([]byte("haki recovery code\x00" + normal))
	return hex.EncodeToString(h[:])
}

// TOTPSecretForTest returns an account's confirmed TOTP secret, so tests
// can compute codes as a phone would. Nothing else may call it.
func (s *Store) TOTPSecretForTest(ctx context.Context, userID string) (string, error) {
	var secret string
	err := s.read(ctx, func(tx *Tx) error {
		if err := tx.mapErr(tx.queryRow(`SELECT totp_secret FROM users WHERE id = ?`, userID).Scan(&secret), "user"); err != nil {
			return err
		}
		var err error
		secret, err = s.openSecret(userID, "totp_secret", secret)
		return err
	})
	return secret, err
}
