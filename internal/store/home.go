package store

import (
	"context"
	"slices"
	"time"

	"github.com/haki-kenya/haki"
)

// The home page's lists: each reads a few rows through an index, so the
// page stays cheap however many incidents there are.

// HomeIncident is a line of a home page list: an incident's reference,
// when it was recorded and how far its verification has gone. No title or
// narrative: nothing sealed is opened.
type HomeIncident struct {
	ID           string    `json:"id"`
	Ref          string    `json:"ref"`
	Verification string    `json:"verification"`
	CreatedAt    time.Time `json:"created_at"`
}

// FindMySubmissions returns the latest incidents the caller recorded, newest
// first, at most limit (1 to 50).
func (s *Store) FindMySubmissions(ctx context.Context, limit int) ([]*HomeIncident, error) {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermIncidentWrite); err != nil {
		return nil, err
	}
	return s.homeIncidents(ctx, homeSubmissionsWhere, []any{u.ID}, limit)
}

// FindVerificationQueue returns the incidents waiting for verification
// (unverified, or being verified), oldest recorded first, at most limit;
// for those who see every record (data managers, administrators).
func (s *Store) FindVerificationQueue(ctx context.Context, limit int) ([]*HomeIncident, error) {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermIncidentWrite); err != nil {
		return nil, err
	}
	if !u.Role.SeesAllRecords() {
		return nil, haki.Errorf(haki.EFORBIDDEN, "You are not allowed to do that.")
	}
	// Two index ranges, one per status, each in created_at order.
	var out []*HomeIncident
	for _, v := range []string{"unverified", "being_verified"} {
		part, err := s.homeIncidents(ctx, homeQueueWhere, []any{v}, limit)
		if err != nil {
			return nil, err
		}
		out = append(out, part...)
	}
	slices.SortStableFunc(out, func(a, b *HomeIncident) int { return a.CreatedAt.Compare(b.CreatedAt) })
	return out[:min(len(out), limit)], nil
}

// The conditions of the home page's incident lists, each served by an
// index of migration 020 (incidents_created_by_at, incidents_verification).
const (
	homeSubmissionsWhere = `i.created_by = ? ORDER BY i.created_at DESC, i.id DESC`
	homeQueueWhere       = `i.verification = ? ORDER BY i.created_at, i.id`
	homeIncidentsSQL     = `SELECT i.id, i.ref, i.verification, i.created_at FROM incidents i WHERE i.merged_into IS NULL AND `
)

func (s *Store) homeIncidents(ctx context.Context, where string, args []any, limit int) ([]*HomeIncident, error) {
	limit = min(max(limit, 1), 50)
	out := []*HomeIncident{}
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(homeIncidentsSQL+where+` LIMIT ?`, append(args, limit)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			h := &HomeIncident{}
			var created string
			if err := rows.Scan(&h.ID, &h.Ref, &h.Verification, &created); err != nil {
				return err
			}
			h.CreatedAt = parseTime(created)
			out = append(out, h)
		}
		return rows.Err()
	})
	return out, err
}

// CountOutboxTrouble counts the outbox messages an administrator must look
// at: failed, or stopped while sending (unknown); at most 100.
func (s *Store) CountOutboxTrouble(ctx context.Context) (int, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermSettings); err != nil {
		return 0, err
	}
	var n int
	err := s.read(ctx, func(tx *Tx) error {
		return tx.queryRow(`SELECT COUNT(*) FROM (SELECT 1 FROM outbox WHERE status IN (?, ?) LIMIT 100) x`, OutboxFailed, OutboxUnknown).Scan(&n)
	})
	return n, err
}
