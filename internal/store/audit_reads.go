package store

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// auditView is what a "view" entry records: whose records were shown and why.
type auditView struct {
	IDs     []string `json:"ids"`
	Purpose string   `json:"purpose,omitempty"`
}

// IdentityRead is one account's sight of one person's identifying data: a
// page or export that showed it, or the person's record created or changed
// by that account.
type IdentityRead struct {
	At        time.Time `json:"at"`
	UserID    string    `json:"user_id"`
	Username  string    `json:"username"`
	PersonID  string    `json:"person_id"`
	PersonRef string    `json:"person_ref"` // "" when the person has since been deleted
	Action    string    `json:"action"`     // view, create, update
	Purpose   string    `json:"purpose,omitempty"`
	EntryID   int64     `json:"entry_id"` // the audit entry that records it
}

// FindIdentityReads answers a breach question: which persons' identifying
// data did which accounts see between from and to (to excluded), from the
// audit log; userID, if set, narrows it to one account. Reads are ordered by
// account, then time. Only administrators may ask.
func (s *Store) FindIdentityReads(ctx context.Context, from, to time.Time, userID string) ([]IdentityRead, error) {
	if !haki.UserFromContext(ctx).Can(haki.PermAudit) {
		return nil, haki.Errorf(haki.EFORBIDDEN, "Only an administrator can read the audit log.")
	}
	if from.IsZero() || to.IsZero() || !from.Before(to) {
		return nil, haki.Errorf(haki.EINVALID, "Give a start time before the end time.")
	}
	q := `SELECT id, at, user_id, username, action, entity_id, after_json FROM audit_log
		WHERE at >= ? AND at < ? AND entity = 'person' AND action IN ('view', 'create', 'update')`
	args := []any{fmtTime(from), fmtTime(to)}
	if userID != "" {
		q += ` AND user_id = ?`
		args = append(args, userID)
	}
	var out []IdentityRead
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(q+` ORDER BY id`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r IdentityRead
			var at, entityID, after string
			if err := rows.Scan(&r.EntryID, &at, &r.UserID, &r.Username, &r.Action, &entityID, &after); err != nil {
				return err
			}
			r.At = parseTime(at)
			for _, id := range readPersons(r.Action, entityID, after, &r.Purpose) {
				r.PersonID = id
				out = append(out, r)
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return tx.fillPersonRefs(out)
	})
	slices.SortStableFunc(out, func(a, b IdentityRead) int {
		if a.Username != b.Username {
			return strings.Compare(a.Username, b.Username)
		}
		return strings.Compare(a.UserID, b.UserID)
	})
	return out, err
}

// readPersons returns the persons an entry revealed: the listed ids of a
// view, the record of a create or update.
func readPersons(action, entityID, after string, purpose *string) []string {
	if action != "view" {
		return []string{entityID}
	}
	var v auditView
	if json.Unmarshal([]byte(after), &v) != nil {
		return nil
	}
	*purpose = v.Purpose
	return v.IDs
}

// fillPersonRefs looks up the reference of each person read, a batch at a time.
func (tx *Tx) fillPersonRefs(reads []IdentityRead) error {
	refs := map[string]string{}
	var ids []string
	for _, r := range reads {
		if _, ok := refs[r.PersonID]; !ok {
			refs[r.PersonID] = ""
			ids = append(ids, r.PersonID)
		}
	}
	if err := tx.refsByID("persons", ids, refs); err != nil {
		return err
	}
	for i := range reads {
		reads[i].PersonRef = refs[reads[i].PersonID]
	}
	return nil
}
