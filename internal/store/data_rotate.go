package store

import (
	"context"
	"fmt"
	"time"

	"github.com/haki-kenya/haki"
)

// rotateBatch is how many data keys one transaction re-wraps, so a running
// server waits only briefly for the writer.
const rotateBatch = 1000

// RotateKeys replaces the master key without stopping the server: it adds
// a new master key to the key file, re-wraps every data key with it in
// small transactions, checks that every data key opens with the new key,
// and only then drops the old keys from the file. A server running on the
// same data reads the new key from the file within a second, so it keeps
// working throughout. Only the system (a command) may rotate. It returns
// how many data keys it re-wrapped.
func (s *Store) RotateKeys(ctx context.Context, progress func(done int)) (int, error) {
	if haki.UserFromContext(ctx) != haki.SystemUser {
		return 0, haki.Errorf(haki.EFORBIDDEN, "Only a command run on the server can rotate keys.")
	}
	old := s.keys.IDs()
	newID, err := s.keys.AddKey()
	if err != nil {
		return 0, fmt.Errorf("add the new master key to the key file: %w", err)
	}
	done := 0
	// A second pass after a pause catches data keys that a running server
	// made with the old key before it noticed the new one.
	for pass := 0; pass < 2; pass++ {
		for {
			n, err := s.rewrapBatch(ctx, newID)
			if err != nil {
				return done, err
			}
			done += n
			if progress != nil && n > 0 {
				progress(done)
			}
			if n < rotateBatch {
				break
			}
		}
		if pass == 0 {
			time.Sleep(2 * time.Second)
		}
	}
	if err := s.verifyDataKeys(ctx, newID); err != nil {
		return done, fmt.Errorf("the new key was written to the key file but not every data key opens with it; the old key is kept: %w", err)
	}
	if err := s.resignCheckpoint(); err != nil {
		return done, err
	}
	for _, id := range old {
		if err := s.keys.DropKey(id); err != nil {
			return done, err
		}
	}
	return done, s.Audit(ctx, "rotate", "master_key", newID, map[string]any{"rewrapped": done, "dropped": old})
}

func (s *Store) rewrapBatch(ctx context.Context, newID string) (int, error) {
	n := 0
	err := s.write(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT id, master_id, wrapped FROM data_keys WHERE master_id <> ? ORDER BY id LIMIT ?`, newID, rotateBatch)
		if err != nil {
			return err
		}
		type dk struct{ id, master, wrapped string }
		var batch []dk
		for rows.Next() {
			var k dk
			if err := rows.Scan(&k.id, &k.master, &k.wrapped); err != nil {
				rows.Close()
				return err
			}
			batch = append(batch, k)
		}
		rows.Close()
		for _, k := range batch {
			key, err := s.keys.Unwrap(k.master, k.wrapped)
			if err != nil {
				return fmt.Errorf("data key %s: %w", k.id, err)
			}
			wrapped, master := s.keys.Wrap(key)
			if master != newID {
				return fmt.Errorf("the key file changed during rotation (current key %s, expected %s)", master, newID)
			}
			if _, err := tx.exec(`UPDATE data_keys SET master_id = ?, wrapped = ? WHERE id = ? AND master_id = ?`, master, wrapped, k.id, k.master); err != nil {
				return err
			}
		}
		n = len(batch)
		return nil
	})
	return n, err
}

// verifyDataKeys checks that every data key is wrapped by the master key
// with the id and opens with it.
func (s *Store) verifyDataKeys(ctx context.Context, masterID string) error {
	return s.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT id, master_id, wrapped FROM data_keys`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, master, wrapped string
			if err := rows.Scan(&id, &master, &wrapped); err != nil {
				return err
			}
			if master != masterID {
				return fmt.Errorf("data key %s is still wrapped by key %s", id, master)
			}
			if _, err := s.keys.Unwrap(master, wrapped); err != nil {
				return fmt.Errorf("data key %s: %w", id, err)
			}
		}
		return rows.Err()
	})
}
