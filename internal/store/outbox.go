package store

import (
	"context"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/haki-kenya/haki"
)

// The outbox: email and SMS messages wait here until a worker
// (notify.Dispatcher) claims and sends them. A message is sent at most
// once: a claim marks it 'sending' under a lease, and a message still
// 'sending' when its lease runs out (the process died mid-send) becomes
// 'unknown' and is never sent again by itself; an administrator decides.
// For a survivor's phone a reminder sent twice is worse than one missed.

// The channels of the outbox.
const (
	ChannelEmail = "email"
	ChannelSMS   = "sms"
)

// The statuses of an outbox message.
const (
	OutboxQueued    = "queued"    // waiting for next_attempt_at
	OutboxSending   = "sending"   // claimed by a worker until lease_until
	OutboxSent      = "sent"      // the channel accepted it
	OutboxFailed    = "failed"    // given up: refused for good, or out of attempts
	OutboxCancelled = "cancelled" // withdrawn before it was sent
	OutboxUnknown   = "unknown"   // the worker stopped mid-send; an administrator may requeue it
)

var outboxStatuses = []string{OutboxQueued, OutboxSending, OutboxSent, OutboxFailed, OutboxCancelled, OutboxUnknown}

// MaxOutboxAttempts is how many times a message is tried before it fails.
const MaxOutboxAttempts = 10

// OutboxBackoff is the wait after the n-th failed attempt: 1 minute,
// doubling each time, at most 6 hours.
func OutboxBackoff(attempt int) time.Duration {
	const ceiling = 6 * time.Hour
	if attempt < 1 {
		attempt = 1
	}
	if attempt > 20 {
		return ceiling
	}
	return min(time.Minute<<(attempt-1), ceiling)
}

// OutboxMessage is a message to queue, or one claimed for sending. To,
// Subject and Body are sealed at rest.
type OutboxMessage struct {
	ID      string
	Channel string // ChannelEmail or ChannelSMS
	To      string // an email address, or a phone number
	Subject string // email only
	Body    string
	Purpose string // why it is sent, such as "reminder"
	// RefKind and RefID name what the message is about (an event, say).
	RefKind, RefID string
	// DedupeKey makes queueing twice a no-op, such as
	// "reminder/<event id>/<user id>/24h". Ids only: no personal data.
	// Empty means the message is unique.
	DedupeKey string
	// NotBefore is when it may be sent first; zero means now.
	NotBefore time.Time
	// ExpiresAt is when it is no longer worth sending (a reminder of an
	// appointment that has begun); zero means never.
	ExpiresAt time.Time
	Attempts  int // with this claim; set by ClaimOutbox
}

// Validate checks a message before it is queued. Phone numbers are
// checked in full (Kenyan numbers) by the SMS channel before sending.
func (m *OutboxMessage) Validate() error {
	p := haki.Problems{}
	switch m.Channel {
	case ChannelEmail:
		if a, err := mail.ParseAddress(m.To); err != nil || a.Name != "" {
			p.Add("to", "Enter a valid email address.")
		}
		if strings.ContainsAny(m.Subject, "\r\n") || utf8.RuneCountInString(m.Subject) > 200 {
			p.Add("subject", "Keep the subject on one line, under 200 characters.")
		}
		if utf8.RuneCountInString(m.Body) > 100000 {
			p.Add("body", "Keep this under 100000 characters.")
		}
	case ChannelSMS:
		if !plausiblePhone(m.To) {
			p.Add("to", "Write the phone number with digits only, e.g. 0712345678 or +254712345678.")
		}
		if utf8.RuneCountInString(m.Body) > 480 {
			p.Add("body", "Keep this under 480 characters.")
		}
	default:
		p.Add("channel", "Choose email or SMS.")
	}
	if strings.TrimSpace(m.Body) == "" {
		p.Add("body", "Write the message.")
	}
	if m.Purpose == "" || len(m.Purpose) > 40 {
		p.Add("purpose", "Say in a word what the message is for.")
	}
	if len(m.DedupeKey) > 200 || len(m.RefKind) > 40 || len(m.RefID) > 100 {
		p.Add("dedupe_key", "Keep this under 200 characters.")
	}
	return p.Err()
}

// plausiblePhone accepts digits with an optional leading +, spaces and dashes.
func plausiblePhone(s string) bool {
	s = strings.NewReplacer(" ", "", "-", "").Replace(s)
	s = strings.TrimPrefix(s, "+")
	if len(s) < 9 || len(s) > 15 {
		return false
	}
	return strings.Trim(s, "0123456789") == ""
}

// Enqueue queues a message and reports whether it was new: a message whose
// dedupe key is already in the outbox is silently not queued again. Other
// writes queue theirs in their own transaction with tx.enqueue.
func (s *Store) Enqueue(ctx context.Context, m *OutboxMessage) (bool, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermSettings); err != nil {
		return false, err
	}
	var queued bool
	err := s.write(ctx, func(tx *Tx) (err error) {
		queued, err = tx.enqueue(m)
		return err
	})
	return queued, err
}

// enqueue queues m within the transaction; see Enqueue.
func (tx *Tx) enqueue(m *OutboxMessage) (bool, error) {
	if err := m.Validate(); err != nil {
		return false, err
	}
	var n int
	if m.DedupeKey != "" {
		if err := tx.queryRow(`SELECT COUNT(*) FROM outbox WHERE dedupe_key = ?`, m.DedupeKey).Scan(&n); err != nil || n > 0 {
			return false, err
		}
	}
	keyID, key, err := tx.newDataKey()
	if err != nil {
		return false, err
	}
	m.ID = newID()
	if m.DedupeKey == "" {
		m.DedupeKey = "id/" + m.ID
	}
	next := m.NotBefore
	if next.IsZero() || next.Before(tx.now) {
		next = tx.now
	}
	sl := sealer{key, "outbox", m.ID}
	res, err := tx.exec(`INSERT INTO outbox (id, channel, recipient, subject, body, key_id, purpose, ref_kind, ref_id,
		dedupe_key, status, attempts, next_attempt_at, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)
		ON CONFLICT (dedupe_key) DO NOTHING`,
		m.ID, m.Channel, sl.seal("recipient", m.To), sl.seal("subject", m.Subject), sl.seal("body", m.Body), keyID,
		m.Purpose, m.RefKind, m.RefID, m.DedupeKey, OutboxQueued, fmtTime(next), fmtTime(m.ExpiresAt), fmtTime(tx.now))
	if err != nil {
		return false, err
	}
	if rows, err := res.RowsAffected(); err != nil || rows == 1 {
		return err == nil, err
	}
	// Another transaction queued the same key first.
	_, err = tx.exec(`DELETE FROM data_keys WHERE id = ?`, keyID)
	return false, err
}

// ClaimOutbox takes up to limit messages of the channels (all if none
// given) that are due, marks them 'sending' until now+lease and returns
// them opened. Two workers never get the same message: each row moves
// from 'queued' to 'sending' in one conditional UPDATE, which a concurrent
// claimer re-checks after the first commits. First, messages whose lease
// ran out become 'unknown', and queued ones past their expiry fail.
func (s *Store) ClaimOutbox(ctx context.Context, limit int, lease time.Duration, channels ...string) ([]*OutboxMessage, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermSettings); err != nil {
		return nil, err
	}
	limit = min(max(limit, 1), 100)
	if lease <= 0 {
		lease = 5 * time.Minute
	}
	var out []*OutboxMessage
	err := s.write(ctx, func(tx *Tx) error {
		now := fmtTime(tx.now)
		if _, err := tx.exec(`UPDATE outbox SET status = ?, lease_until = '', last_error = ?
			WHERE status = ? AND lease_until < ?`, OutboxUnknown, "stopped while sending; not retried", OutboxSending, now); err != nil {
			return err
		}
		if err := tx.expireOutbox(now); err != nil {
			return err
		}
		ids, err := tx.dueOutbox(now, limit, channels)
		if err != nil {
			return err
		}
		for _, id := range ids {
			res, err := tx.exec(`UPDATE outbox SET status = ?, attempts = attempts + 1, lease_until = ? WHERE id = ? AND status = ?`,
				OutboxSending, fmtTime(tx.now.Add(lease)), id, OutboxQueued)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				continue // claimed by another worker meanwhile
			}
			m, err := tx.openOutbox(id)
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return nil
	})
	return out, err
}

// expireOutbox fails the queued messages that are past their expiry.
func (tx *Tx) expireOutbox(now string) error {
	ids, err := tx.outboxIDs(`SELECT id FROM outbox WHERE status = ? AND expires_at <> '' AND expires_at <= ?`, OutboxQueued, now)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := tx.shredOutbox(id); err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE outbox SET status = ?, last_error = ? WHERE id = ?`, OutboxFailed, "expired before it could be sent", id); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) dueOutbox(now string, limit int, channels []string) ([]string, error) {
	where, args := "", []any{OutboxQueued, now}
	if len(channels) > 0 {
		where = " AND channel IN (" + placeholders(len(channels)) + ")"
		for _, c := range channels {
			args = append(args, c)
		}
	}
	return tx.outboxIDs(`SELECT id FROM outbox WHERE status = ? AND next_attempt_at <= ?`+where+` ORDER BY next_attempt_at, id LIMIT ?`,
		append(args, limit)...)
}

func (tx *Tx) outboxIDs(q string, args ...any) ([]string, error) {
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// openOutbox reads one message with its content opened.
func (tx *Tx) openOutbox(id string) (*OutboxMessage, error) {
	m := &OutboxMessage{ID: id}
	var master, wrapped string
	err := tx.queryRow(`SELECT o.channel, o.recipient, o.subject, o.body, o.purpose, o.ref_kind, o.ref_id, o.dedupe_key, o.attempts,
		COALESCE(k.master_id, ''), COALESCE(k.wrapped, '')
		FROM outbox o LEFT JOIN data_keys k ON k.id = o.key_id WHERE o.id = ?`, id).Scan(
		&m.Channel, &m.To, &m.Subject, &m.Body, &m.Purpose, &m.RefKind, &m.RefID, &m.DedupeKey, &m.Attempts, &master, &wrapped)
	if err != nil {
		return nil, tx.mapErr(err, "outbox message")
	}
	key, err := tx.s.unwrapJoined(master, wrapped)
	if err != nil {
		return nil, err
	}
	if key == nil {
		return nil, haki.Errorf(haki.ECONFLICT, "The content of this message was destroyed; queue a new one.")
	}
	sl := sealer{key, "outbox", id}
	return m, sl.openAll(map[string]*string{"recipient": &m.To, "subject": &m.Subject, "body": &m.Body})
}

// MarkSent records that the channel accepted a claimed message, under the
// provider's id, and destroys its content.
func (s *Store) MarkSent(ctx context.Context, id, providerID string) error {
	return s.outboxWrite(ctx, func(tx *Tx) error {
		if _, err := tx.outboxStatus(id, OutboxSending, OutboxUnknown); err != nil {
			return err
		}
		if err := tx.shredOutbox(id); err != nil {
			return err
		}
		return tx.execOne("outbox message", `UPDATE outbox SET status = ?, sent_at = ?, provider_id = ?, lease_until = '', last_error = ''
			WHERE id = ?`, OutboxSent, fmtTime(tx.now), clip(providerID, 200), id)
	})
}

// MarkFailed records a failed attempt. reason must carry no personal data
// (notify.Reason gives such a text). A retryable failure is tried again
// after OutboxBackoff, up to MaxOutboxAttempts; then, or when the failure is
// permanent, the message fails. A permanent failure destroys the content.
func (s *Store) MarkFailed(ctx context.Context, id string, retryable bool, reason string) error {
	return s.outboxWrite(ctx, func(tx *Tx) error {
		attempts, err := tx.outboxStatus(id, OutboxSending, OutboxUnknown)
		if err != nil {
			return err
		}
		if retryable && attempts < MaxOutboxAttempts {
			return tx.execOne("outbox message", `UPDATE outbox SET status = ?, next_attempt_at = ?, lease_until = '', last_error = ? WHERE id = ?`,
				OutboxQueued, fmtTime(tx.now.Add(OutboxBackoff(attempts))), clip(reason, 200), id)
		}
		if !retryable {
			if err := tx.shredOutbox(id); err != nil {
				return err
			}
		}
		return tx.execOne("outbox message", `UPDATE outbox SET status = ?, lease_until = '', last_error = ? WHERE id = ?`,
			OutboxFailed, clip(reason, 200), id)
	})
}

// MarkUnknown records that a claimed message may or may not have gone out
// (the channel timed out after taking it): it is not sent again by itself.
func (s *Store) MarkUnknown(ctx context.Context, id, reason string) error {
	return s.outboxWrite(ctx, func(tx *Tx) error {
		if _, err := tx.outboxStatus(id, OutboxSending); err != nil {
			return err
		}
		return tx.execOne("outbox message", `UPDATE outbox SET status = ?, lease_until = '', last_error = ? WHERE id = ?`,
			OutboxUnknown, clip(reason, 200), id)
	})
}

// ReleaseOutbox puts a claimed message that was never handed to its
// channel back in the queue, as if it had not been claimed (a worker
// stopping between claim and send).
func (s *Store) ReleaseOutbox(ctx context.Context, id string) error {
	return s.outboxWrite(ctx, func(tx *Tx) error {
		if _, err := tx.outboxStatus(id, OutboxSending); err != nil {
			return err
		}
		return tx.execOne("outbox message", `UPDATE outbox SET status = ?, attempts = attempts - 1, lease_until = '' WHERE id = ?`,
			OutboxQueued, id)
	})
}

// outboxWrite runs a worker's write: the worker acts as the system.
func (s *Store) outboxWrite(ctx context.Context, fn func(tx *Tx) error) error {
	if err := require(haki.UserFromContext(ctx), haki.PermSettings); err != nil {
		return err
	}
	return s.write(ctx, fn)
}

// outboxStatus returns the attempts of a message whose status is one of
// want, and a conflict otherwise.
func (tx *Tx) outboxStatus(id string, want ...string) (int, error) {
	var status string
	var attempts int
	err := tx.queryRow(`SELECT status, attempts FROM outbox WHERE id = ?`, id).Scan(&status, &attempts)
	if isNoRows(err) {
		return 0, haki.Errorf(haki.ENOTFOUND, "No such message in the outbox.")
	} else if err != nil {
		return 0, err
	}
	for _, w := range want {
		if status == w {
			return attempts, nil
		}
	}
	return 0, haki.Errorf(haki.ECONFLICT, "This message cannot be changed in its present state.")
}

// shredOutbox empties a message's content and destroys its data key, so
// not even a copy of the old pages or a later backup can show it.
func (tx *Tx) shredOutbox(id string) error {
	var keyID string
	if err := tx.queryRow(`SELECT COALESCE(key_id, '') FROM outbox WHERE id = ?`, id).Scan(&keyID); err != nil {
		return tx.mapErr(err, "outbox message")
	}
	if _, err := tx.exec(`UPDATE outbox SET recipient = '', subject = '', body = '', key_id = NULL WHERE id = ?`, id); err != nil {
		return err
	}
	if keyID == "" {
		return nil
	}
	_, err := tx.exec(`DELETE FROM data_keys WHERE id = ?`, keyID)
	return err
}

// RequeueOutbox queues again a message whose delivery is unknown or that
// failed, with fresh attempts: an administrator's decision, audited.
func (s *Store) RequeueOutbox(ctx context.Context, id string) error {
	return s.outboxWrite(ctx, func(tx *Tx) error {
		var keyID string
		if _, err := tx.outboxStatus(id, OutboxUnknown, OutboxFailed); err != nil {
			return err
		}
		if err := tx.queryRow(`SELECT COALESCE(key_id, '') FROM outbox WHERE id = ?`, id).Scan(&keyID); err != nil {
			return err
		} else if keyID == "" {
			return haki.Errorf(haki.ECONFLICT, "The content of this message was destroyed; queue a new one.")
		}
		if err := tx.execOne("outbox message", `UPDATE outbox SET status = ?, attempts = 0, next_attempt_at = ?, lease_until = '',
			last_error = '' WHERE id = ?`, OutboxQueued, fmtTime(tx.now), id); err != nil {
			return err
		}
		return tx.audit("requeue", "outbox", id, nil, nil)
	})
}

// CancelOutbox withdraws the queued messages about a record (an event
// that was cancelled, say) and returns how many.
func (s *Store) CancelOutbox(ctx context.Context, refKind, refID string) (int, error) {
	var n int
	err := s.outboxWrite(ctx, func(tx *Tx) (err error) {
		n, err = tx.cancelOutbox(refKind, refID)
		return err
	})
	return n, err
}

// cancelOutbox is CancelOutbox within another write.
func (tx *Tx) cancelOutbox(refKind, refID string) (int, error) {
	ids, err := tx.outboxIDs(`SELECT id FROM outbox WHERE ref_kind = ? AND ref_id = ? AND status = ?`, refKind, refID, OutboxQueued)
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		if err := tx.shredOutbox(id); err != nil {
			return 0, err
		}
		if _, err := tx.exec(`UPDATE outbox SET status = ? WHERE id = ?`, OutboxCancelled, id); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// OutboxEntry is what an administrator sees of a message: its delivery,
// never its recipient or content.
type OutboxEntry struct {
	ID, Channel, Purpose, RefKind, RefID, Status string
	Attempts                                     int
	NextAttemptAt, ExpiresAt, CreatedAt, SentAt  time.Time
	LastError, ProviderID                        string
	Requeueable                                  bool // unknown or failed, with its content still kept
}

// OutboxFilter selects outbox entries, newest first.
type OutboxFilter struct {
	Status, Channel, Purpose, RefKind, RefID string
	Before                                   string // the id of the last entry of the previous page
	Limit                                    int    // 1 to 500; 100 if zero
}

// FindOutbox lists outbox entries for administrators.
func (s *Store) FindOutbox(ctx context.Context, f OutboxFilter) ([]*OutboxEntry, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermSettings); err != nil {
		return nil, err
	}
	if f.Status != "" && !slices.Contains(outboxStatuses, f.Status) {
		return nil, &haki.Error{Code: haki.EINVALID, Message: "Some fields need attention.",
			Fields: map[string]string{"status": "Choose a status from the list."}}
	}
	where, args := []string{"1 = 1"}, []any{}
	for col, v := range map[string]string{"status": f.Status, "channel": f.Channel, "purpose": f.Purpose, "ref_kind": f.RefKind, "ref_id": f.RefID} {
		if v != "" {
			where, args = append(where, col+" = ?"), append(args, v)
		}
	}
	if f.Before != "" {
		where, args = append(where, "id < ?"), append(args, f.Before)
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	var out []*OutboxEntry
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT id, channel, purpose, ref_kind, ref_id, status, attempts, next_attempt_at, expires_at, created_at, sent_at,
			last_error, provider_id, key_id IS NOT NULL FROM outbox WHERE `+strings.Join(where, " AND ")+` ORDER BY id DESC LIMIT ?`,
			append(args, min(f.Limit, 500))...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e := &OutboxEntry{}
			var next, expires, created, sent string
			var kept bool
			if err := rows.Scan(&e.ID, &e.Channel, &e.Purpose, &e.RefKind, &e.RefID, &e.Status, &e.Attempts, &next, &expires, &created, &sent,
				&e.LastError, &e.ProviderID, &kept); err != nil {
				return err
			}
			e.NextAttemptAt, e.ExpiresAt, e.CreatedAt, e.SentAt = parseTime(next), parseTime(expires), parseTime(created), parseTime(sent)
			e.Requeueable = kept && (e.Status == OutboxUnknown || e.Status == OutboxFailed)
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}

// clip cuts s to at most n bytes on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
