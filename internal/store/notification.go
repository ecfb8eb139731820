package store

import (
	"context"
	"strings"

	"github.com/haki-kenya/haki"
)

// Notifications tell a colleague of work that came to them. A write that
// causes one (a referral, a task handed on, a hearing, a missed session)
// calls tx.notify in its own transaction, so the notice exists exactly when
// the work does. Each colleague reads only their own notices. A colleague
// who chose email or SMS gets, through the outbox, a message that says only
// that there is something to read (haki.NoticeMessage).

// PurposeNotice is the outbox purpose of notification messages.
const PurposeNotice = "notification"

// notify tells userID of a notice of kind about the record refKind/refID
// (of caseID, if any), whose page inside Haki is link. Nobody is told of
// their own work, and a disabled account is told nothing.
func (tx *Tx) notify(userID, kind, refKind, refID, caseID, link string) error {
	if userID == "" || userID == tx.userID() {
		return nil
	}
	var lang, email, phone string
	var disabled, byEmail, bySMS bool
	err := tx.queryRow(`SELECT language, email, phone, disabled, notify_email, notify_sms FROM users WHERE id = ?`, userID).Scan(
		&lang, &email, &phone, &disabled, &byEmail, &bySMS)
	if isNoRows(err) || (err == nil && disabled) {
		return nil
	} else if err != nil {
		return err
	}
	id := newID()
	if _, err := tx.exec(`INSERT INTO notifications (id, user_id, kind, ref_kind, ref_id, case_id, link, actor_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, userID, kind, refKind, refID, nullString(caseID), link, nullString(tx.userID()),
		fmtTime(tx.now)); err != nil {
		return err
	}
	var at string
	if base := strings.TrimRight(tx.s.BaseURL, "/"); base != "" {
		at = base + "/notifications"
	}
	subject, body := haki.NoticeMessage(lang, kind, at)
	if byEmail && email != "" {
		if _, err := tx.enqueue(&OutboxMessage{Channel: ChannelEmail, To: email, Subject: subject, Body: body, Purpose: PurposeNotice,
			RefKind: "notification", RefID: id, DedupeKey: "notification/" + id + "/email"}); err != nil {
			return err
		}
	}
	if bySMS && plausiblePhone(phone) {
		if _, err := tx.enqueue(&OutboxMessage{Channel: ChannelSMS, To: phone, Body: body, Purpose: PurposeNotice,
			RefKind: "notification", RefID: id, DedupeKey: "notification/" + id + "/sms"}); err != nil {
			return err
		}
	}
	return nil
}

const notificationColumns = `n.id, n.kind, n.ref_kind, n.ref_id, COALESCE(n.case_id, ''), COALESCE(c.ref, ''), n.link,
	COALESCE(a.display_name, a.username, ''), n.created_at, n.read_at`

const notificationFrom = `notifications n LEFT JOIN cases c ON c.id = n.case_id LEFT JOIN users a ON a.id = n.actor_id`

func scanNotification(row interface{ Scan(...any) error }) (*haki.Notification, error) {
	n := &haki.Notification{}
	var created, read string
	if err := row.Scan(&n.ID, &n.Kind, &n.RefKind, &n.RefID, &n.CaseID, &n.CaseRef, &n.Link, &n.ActorName, &created, &read); err != nil {
		return nil, err
	}
	n.CreatedAt, n.ReadAt = parseTime(created), parseTime(read)
	return n, nil
}

// signedIn returns the signed-in colleague of ctx, or EUNAUTHORIZED.
func signedIn(ctx context.Context) (*haki.User, error) {
	u := haki.UserFromContext(ctx)
	if u == nil || u.ID == "" || !u.Can(haki.PermDashboard) {
		return nil, haki.Errorf(haki.EUNAUTHORIZED, "Sign in first.")
	}
	return u, nil
}

// FindNotifications returns the caller's own notifications, newest first:
// at most limit (1 to 200), only the unread ones with unread.
func (s *Store) FindNotifications(ctx context.Context, limit int, unread bool) ([]*haki.Notification, error) {
	u, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	limit = min(max(limit, 1), 200)
	where, args := `n.user_id = ?`, []any{u.ID}
	if unread {
		where += ` AND n.read_at = ''`
	}
	out := []*haki.Notification{}
	err = s.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT `+notificationColumns+` FROM `+notificationFrom+` WHERE `+where+`
			ORDER BY n.created_at DESC, n.id DESC LIMIT ?`, append(args, limit)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			n, err := scanNotification(rows)
			if err != nil {
				return err
			}
			out = append(out, n)
		}
		return rows.Err()
	})
	return out, err
}

// CountUnreadNotifications counts the caller's unread notifications, at
// most 100 (the header shows "99+" beyond).
func (s *Store) CountUnreadNotifications(ctx context.Context) (int, error) {
	u, err := signedIn(ctx)
	if err != nil {
		return 0, err
	}
	var n int
	err = s.read(ctx, func(tx *Tx) error {
		return tx.queryRow(`SELECT COUNT(*) FROM (SELECT 1 FROM notifications WHERE user_id = ? AND read_at = '' LIMIT 100) x`, u.ID).Scan(&n)
	})
	return n, err
}

// ReadNotification marks one of the caller's notifications read and
// returns it; another's is not found.
func (s *Store) ReadNotification(ctx context.Context, id string) (*haki.Notification, error) {
	u, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	var n *haki.Notification
	err = s.write(ctx, func(tx *Tx) error {
		if _, err := tx.exec(`UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ? AND read_at = ''`,
			fmtTime(tx.now), id, u.ID); err != nil {
			return err
		}
		n, err = scanNotification(tx.queryRow(`SELECT `+notificationColumns+` FROM `+notificationFrom+` WHERE n.id = ? AND n.user_id = ?`, id, u.ID))
		if isNoRows(err) {
			return haki.Errorf(haki.ENOTFOUND, "No such notification.")
		}
		return err
	})
	return n, err
}

// ReadAllNotifications marks every unread notification of the caller read
// and says how many there were.
func (s *Store) ReadAllNotifications(ctx context.Context) (int, error) {
	u, err := signedIn(ctx)
	if err != nil {
		return 0, err
	}
	var n int64
	err = s.write(ctx, func(tx *Tx) error {
		res, err := tx.exec(`UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at = ''`, fmtTime(tx.now), u.ID)
		if err == nil {
			n, err = res.RowsAffected()
		}
		return err
	})
	return int(n), err
}

// FindNoticeSettings returns how the caller chose to be told.
func (s *Store) FindNoticeSettings(ctx context.Context) (*haki.NoticeSettings, error) {
	u, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	ns := &haki.NoticeSettings{}
	err = s.read(ctx, func(tx *Tx) error {
		return tx.queryRow(`SELECT notify_email, notify_sms, phone, email FROM users WHERE id = ?`, u.ID).Scan(&ns.Email, &ns.SMS, &ns.Phone, &ns.Address)
	})
	return ns, err
}

// UpdateNoticeSettings sets how the caller is told besides the list: by
// email to their address, by SMS to ns.Phone.
func (s *Store) UpdateNoticeSettings(ctx context.Context, ns *haki.NoticeSettings) error {
	u, err := signedIn(ctx)
	if err != nil {
		return err
	}
	ns.Normalize()
	return s.write(ctx, func(tx *Tx) error {
		before := &haki.NoticeSettings{}
		if err := tx.queryRow(`SELECT notify_email, notify_sms, phone, email FROM users WHERE id = ?`, u.ID).Scan(
			&before.Email, &before.SMS, &before.Phone, &before.Address); err != nil {
			return tx.mapErr(err, "user")
		}
		ns.Address = before.Address
		if err := ns.Validate(); err != nil {
			return err
		}
		if err := tx.execOne("user", `UPDATE users SET notify_email = ?, notify_sms = ?, phone = ?, updated_at = ? WHERE id = ?`,
			boolInt(ns.Email), boolInt(ns.SMS), ns.Phone, fmtTime(tx.now), u.ID); err != nil {
			return err
		}
		return tx.audit("update", "user_notices", u.ID, before, ns)
	})
}
