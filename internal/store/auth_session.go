package store

import (
	"context"
	"time"

	"github.com/haki-kenya/haki"
)

// Session lifetimes.
const (
	SessionIdle     = 30 * time.Minute
	SessionAbsolute = 12 * time.Hour
)

// Session is a signed-in browser. Only the hash of its token is stored.
type Session struct {
	ID        string // names the session in lists; not a secret
	Token     string // the secret for the cookie; only set when the session is made
	CSRFToken string
	User      *haki.User
	ExpiresAt time.Time
}

// SessionInfo describes one of a user's sessions, for the list where they
// can end it. No address is kept: only a coarse device description.
type SessionInfo struct {
	ID         string
	Device     string // e.g. "Chrome on Android"
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	Current    bool
}

// CreateSession starts a session for the user and returns its token. The
// sign-in methods make sessions themselves; this is for commands and tests.
func (s *Store) CreateSession(ctx context.Context, userID string) (*Session, error) {
	var sess *Session
	err := s.write(ctx, func(tx *Tx) (err error) {
		sess, err = tx.createSession(userID, "")
		return err
	})
	return sess, err
}

func (tx *Tx) createSession(userID, device string) (*Session, error) {
	sess := &Session{ID: newID(), Token: randomToken(), CSRFToken: randomToken(), ExpiresAt: tx.now.Add(SessionAbsolute)}
	_, err := tx.exec(`INSERT INTO sessions (id, token_hash, user_id, csrf_token, device, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		sess.ID, hashToken(sess.Token), userID, sess.CSRFToken, truncateString(device, 100), fmtTime(tx.now), fmtTime(tx.now), fmtTime(sess.ExpiresAt))
	return sess, err
}

// errSessionEnded is the answer for every session that is not live.
var errSessionEnded = haki.Errorf(haki.EUNAUTHORIZED, "Your session has ended. Sign in again.")

// SessionTouch is how stale a session's last-seen time may grow before a
// request writes it again: reading a session never takes the writer, and
// the idle limit is kept to within this (a session idle for SessionIdle
// less at most SessionTouch ends; never later than SessionIdle).
const SessionTouch = time.Minute

// FindSession returns the live session for a token and marks it used. An
// unknown, idle or expired session, or one of a disabled account, is
// EUNAUTHORIZED (and an expired one is removed).
//
// It reads in a read transaction, so a revocation or sign-out committed
// before the request is seen at once. Only a session last marked used more
// than SessionTouch ago, or one that has ended, opens a write transaction.
func (s *Store) FindSession(ctx context.Context, token string) (*Session, error) {
	sess := &Session{}
	var lastSeen time.Time
	var now time.Time
	err := s.read(ctx, func(tx *Tx) error {
		var seen, expires string
		u, err := scanUser(tx.queryRow(`SELECT `+prefixed("u.", userColumns)+`, s.id, s.csrf_token, s.last_seen_at, s.expires_at
			FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, hashToken(token)), &sess.ID, &sess.CSRFToken, &seen, &expires)
		if isNoRows(err) {
			return errSessionEnded
		} else if err != nil {
			return err
		}
		sess.User, sess.ExpiresAt, lastSeen, now = u, parseTime(expires), parseTime(seen), tx.now
		return nil
	})
	if err != nil {
		return nil, err
	}
	if sess.User.Disabled || !now.Before(sess.ExpiresAt) || now.Sub(lastSeen) > SessionIdle {
		// The session has ended: remove it, and refuse it whatever the removal says.
		if err := s.DeleteSession(ctx, token); err != nil {
			return nil, err
		}
		return nil, errSessionEnded
	}
	if now.Sub(lastSeen) <= SessionTouch {
		return sess, nil
	}
	err = s.write(ctx, func(tx *Tx) error {
		// Only a session still there is marked: one ended since the read
		// above is refused.
		res, err := tx.exec(`UPDATE sessions SET last_seen_at = ? WHERE token_hash = ? AND last_seen_at < ?`,
			fmtTime(now), hashToken(token), fmtTime(now))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			var left int
			if err := tx.queryRow(`SELECT COUNT(*) FROM sessions WHERE token_hash = ?`, hashToken(token)).Scan(&left); err != nil {
				return err
			} else if left == 0 {
				return errSessionEnded
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return sess, nil
}

// DeleteSession ends a session (sign out).
func (s *Store) DeleteSession(ctx context.Context, token string) error {
	return s.write(ctx, func(tx *Tx) error {
		_, err := tx.exec(`DELETE FROM sessions WHERE token_hash = ?`, hashToken(token))
		return err
	})
}

// FindMySessions lists the signed-in user's live sessions, newest first;
// the one with currentToken is marked Current.
func (s *Store) FindMySessions(ctx context.Context, currentToken string) ([]*SessionInfo, error) {
	me := haki.UserFromContext(ctx)
	if me == nil {
		return nil, haki.Errorf(haki.EUNAUTHORIZED, "Sign in first.")
	}
	var out []*SessionInfo
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT id, token_hash, device, created_at, last_seen_at, expires_at FROM sessions
			WHERE user_id = ? AND expires_at > ? AND last_seen_at >= ? ORDER BY created_at DESC, id DESC`,
			me.ID, fmtTime(tx.now), fmtTime(tx.now.Add(-SessionIdle)))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			si := &SessionInfo{}
			var tokenHash, created, seen, expires string
			if err := rows.Scan(&si.ID, &tokenHash, &si.Device, &created, &seen, &expires); err != nil {
				return err
			}
			si.CreatedAt, si.LastSeenAt, si.ExpiresAt = parseTime(created), parseTime(seen), parseTime(expires)
			si.Current = tokenHash == hashToken(currentToken)
			out = append(out, si)
		}
		return rows.Err()
	})
	return out, err
}

// EndMySession ends one of the signed-in user's own sessions by its id.
// Another user's session is "not found".
func (s *Store) EndMySession(ctx context.Context, id string) error {
	me := haki.UserFromContext(ctx)
	if me == nil {
		return haki.Errorf(haki.EUNAUTHORIZED, "Sign in first.")
	}
	return s.write(ctx, func(tx *Tx) error {
		res, err := tx.exec(`DELETE FROM sessions WHERE id = ? AND user_id = ?`, id, me.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return haki.Errorf(haki.ENOTFOUND, "No such session.")
		}
		return tx.audit("end_session", "user", me.ID, nil, nil)
	})
}

// EndUserSessions ends every session of an account at once: an
// administrator's answer to a lost phone or a coerced colleague.
func (s *Store) EndUserSessions(ctx context.Context, userID string) error {
	if err := requireUsers(ctx); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		var n int
		if err := tx.queryRow(`SELECT COUNT(*) FROM users WHERE id = ?`, userID).Scan(&n); err != nil {
			return err
		} else if n == 0 {
			return haki.Errorf(haki.ENOTFOUND, "No such user.")
		}
		if err := tx.endSessions(userID, ""); err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM pending_sign_ins WHERE user_id = ?`, userID); err != nil {
			return err
		}
		return tx.audit("end_sessions", "user", userID, nil, nil)
	})
}

// endSessions ends a user's sessions except the one with keepHash.
func (tx *Tx) endSessions(userID, keepHash string) error {
	_, err := tx.exec(`DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?`, userID, keepHash)
	return err
}

func truncateString(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
