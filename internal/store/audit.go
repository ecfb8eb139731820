package store

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/haki-kenya/haki"
)

// audit appends an entry to the audit log in the same transaction as the
// change it records, so there is never a change without its entry.
func (tx *Tx) audit(action, entity, id string, before, after any) error {
	b, err := auditJSON(before)
	if err != nil {
		return err
	}
	a, err := auditJSON(after)
	if err != nil {
		return err
	}
	username := ""
	if tx.user != nil {
		username = tx.user.Username
	}
	_, err = tx.exec(`INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, before_json, after_json, request_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		fmtTime(tx.now), tx.userID(), username, action, entity, id, b, a, haki.RequestIDFromContext(tx.ctx))
	return err
}

func auditJSON(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// Audit records an event that is not a change of a record, such as a
// sign-in, a failed sign-in or a command run from the shell.
func (s *Store) Audit(ctx context.Context, action, entity, id string, detail any) error {
	return s.write(ctx, func(tx *Tx) error { return tx.audit(action, entity, id, nil, detail) })
}

// FindAuditEntries returns entries newest first. Only administrators may
// read the log.
func (s *Store) FindAuditEntries(ctx context.Context, f haki.AuditFilter) ([]*haki.AuditEntry, error) {
	if !haki.UserFromContext(ctx).Can(haki.PermAudit) {
		return nil, haki.Errorf(haki.EFORBIDDEN, "Only an administrator can read the audit log.")
	}
	where, args := []string{"1 = 1"}, []any{}
	add := func(cond string, v any) { where = append(where, cond); args = append(args, v) }
	if f.Entity != "" {
		add("entity = ?", f.Entity)
	}
	if f.EntityID != "" {
		add("entity_id = ?", f.EntityID)
	}
	if f.UserID != "" {
		add("user_id = ?", f.UserID)
	}
	if f.Action != "" {
		add("action = ?", f.Action)
	}
	if !f.From.IsZero() {
		add("at >= ?", fmtTime(f.From))
	}
	if !f.To.IsZero() {
		add("at < ?", fmtTime(f.To))
	}
	if f.BeforeID > 0 {
		add("id < ?", f.BeforeID)
	}
	limit := clampLimit(f.Limit)
	var out []*haki.AuditEntry
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT id, at, user_id, username, action, entity, entity_id, before_json, after_json, request_id
			FROM audit_log WHERE `+strings.Join(where, " AND ")+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e := &haki.AuditEntry{}
			var at string
			if err := rows.Scan(&e.ID, &at, &e.UserID, &e.Username, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After, &e.RequestID); err != nil {
				return err
			}
			e.At = parseTime(at)
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}

// clampLimit keeps a page between 1 and 200 rows, 50 by default.
func clampLimit(n int) int {
	switch {
	case n <= 0:
		return 50
	case n > 200:
		return 200
	}
	return n
}
