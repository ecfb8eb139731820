package store

import (
	"context"
	"time"

	"github.com/haki-kenya/haki"
)

// Diary notes are a colleague's own short dated notes: only they read and
// write them (not administrators either); each is sealed with its own key.

// CreateDiaryNote adds a note to the caller's diary.
func (s *Store) CreateDiaryNote(ctx context.Context, n *haki.DiaryNote) error {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermTasks); err != nil {
		return err
	}
	n.Normalize()
	if err := n.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		keyID, key, err := tx.newDataKey()
		if err != nil {
			return err
		}
		n.ID, n.UserID, n.CreatedAt, n.UpdatedAt, n.Version = newID(), u.ID, tx.now, tx.now, 1
		if _, err := tx.exec(`INSERT INTO diary_notes (id, user_id, day, body, key_id, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1)`,
			n.ID, n.UserID, fmtDate(n.Day), (sealer{key, "diary_note", n.ID}).seal("body", n.Body), keyID, fmtTime(tx.now), fmtTime(tx.now)); err != nil {
			return tx.mapErr(err, "note")
		}
		return tx.audit("create", "diary_note", n.ID, nil, map[string]any{"day": fmtDate(n.Day)})
	})
}

// findDiaryNote returns one of the caller's notes, opened, with its key.
func (tx *Tx) findDiaryNote(id string) (*haki.DiaryNote, []byte, error) {
	n := &haki.DiaryNote{}
	var day, created, updated, keyID string
	err := tx.queryRow(`SELECT id, user_id, day, body, key_id, created_at, updated_at, version FROM diary_notes WHERE id = ? AND user_id = ?`,
		id, tx.userID()).Scan(&n.ID, &n.UserID, &day, &n.Body, &keyID, &created, &updated, &n.Version)
	if err != nil {
		return nil, nil, tx.mapErr(err, "note")
	}
	n.Day, n.CreatedAt, n.UpdatedAt = parseDate(day), parseTime(created), parseTime(updated)
	key, err := tx.dataKey(keyID)
	if err != nil {
		return nil, nil, err
	}
	n.Body, err = (sealer{key, "diary_note", n.ID}).open("body", n.Body)
	return n, key, err
}

// FindDiaryNote returns one of the caller's notes.
func (s *Store) FindDiaryNote(ctx context.Context, id string) (*haki.DiaryNote, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermTasks, "note"); err != nil {
		return nil, err
	}
	var out *haki.DiaryNote
	err := s.read(ctx, func(tx *Tx) (err error) {
		out, _, err = tx.findDiaryNote(id)
		return err
	})
	return out, err
}

// FindDiaryNotes returns the caller's notes of the days from..to
// (inclusive), in order.
func (s *Store) FindDiaryNotes(ctx context.Context, from, to time.Time) ([]*haki.DiaryNote, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermTasks); err != nil {
		return nil, err
	}
	out := []*haki.DiaryNote{}
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT id, day, body, key_id, created_at, updated_at, version FROM diary_notes WHERE user_id = ? AND day >= ? AND day <= ?
			ORDER BY day, created_at, id LIMIT 500`, tx.userID(), fmtDate(from), fmtDate(to))
		if err != nil {
			return err
		}
		var keys []string
		for rows.Next() {
			n := &haki.DiaryNote{UserID: tx.userID()}
			var day, keyID, created, updated string
			if err := rows.Scan(&n.ID, &day, &n.Body, &keyID, &created, &updated, &n.Version); err != nil {
				rows.Close()
				return err
			}
			n.Day, n.CreatedAt, n.UpdatedAt = parseDate(day), parseTime(created), parseTime(updated)
			out, keys = append(out, n), append(keys, keyID)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		for i, n := range out {
			key, err := tx.dataKey(keys[i])
			if err != nil {
				return err
			}
			if n.Body, err = (sealer{key, "diary_note", n.ID}).open("body", n.Body); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// UpdateDiaryNote changes one of the caller's notes; n.Version must be the
// version read.
func (s *Store) UpdateDiaryNote(ctx context.Context, n *haki.DiaryNote) error {
	if err := require(haki.UserFromContext(ctx), haki.PermTasks); err != nil {
		return err
	}
	n.Normalize()
	if err := n.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, key, err := tx.findDiaryNote(n.ID)
		if err != nil {
			return err
		}
		if err := tx.execOne("note", `UPDATE diary_notes SET day = ?, body = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			fmtDate(n.Day), (sealer{key, "diary_note", n.ID}).seal("body", n.Body), fmtTime(tx.now), n.ID, n.Version); err != nil {
			return err
		}
		n.UserID, n.CreatedAt, n.UpdatedAt, n.Version = before.UserID, before.CreatedAt, tx.now, before.Version+1
		return tx.audit("update", "diary_note", n.ID, map[string]any{"day": fmtDate(before.Day)}, map[string]any{"day": fmtDate(n.Day)})
	})
}

// DeleteDiaryNote removes one of the caller's notes and destroys its key.
func (s *Store) DeleteDiaryNote(ctx context.Context, id string) error {
	if err := require(haki.UserFromContext(ctx), haki.PermTasks); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		var keyID, day string
		if err := tx.queryRow(`SELECT key_id, day FROM diary_notes WHERE id = ? AND user_id = ?`, id, tx.userID()).Scan(&keyID, &day); err != nil {
			return tx.mapErr(err, "note")
		}
		if _, err := tx.exec(`DELETE FROM diary_notes WHERE id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM data_keys WHERE id = ?`, keyID); err != nil {
			return err
		}
		return tx.audit("delete", "diary_note", id, map[string]any{"day": day}, nil)
	})
}
