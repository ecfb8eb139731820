package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestAuditCheckpointFindsRewrites plays someone who can write to the
// database but has neither the key file nor the checkpoint's copies: each
// attack leaves a chain that checks from its (moved) start to its (moved)
// head, and the checkpoint kept outside finds it.
func TestAuditCheckpointFindsRewrites(t *testing.T) {
	tests := []struct {
		name     string
		tamper   func(t *testing.T, s *store.Store, mid, last int64)
		wantKind string
	}{
		{"chain start moved past every entry", func(t *testing.T, s *store.Store, _, _ int64) {
			mustTamper(t, s, `UPDATE audit_head SET chain_start = last_id, last_hash = ''`)
		}, "rewound"},
		{"entries deleted and the start moved past them", func(t *testing.T, s *store.Store, mid, _ int64) {
			mustTamper(t, s, fmt.Sprintf(`DELETE FROM audit_log WHERE id <= %d`, mid))
			mustTamper2(t, s, fmt.Sprintf(`UPDATE audit_head SET chain_start = %d`, mid))
		}, "rewound"},
		{"entries deleted in the middle", func(t *testing.T, s *store.Store, mid, _ int64) {
			mustTamper(t, s, fmt.Sprintf(`DELETE FROM audit_log WHERE id = %d`, mid))
		}, "missing"},
		{"tail cut below the checkpoint and the head moved back", func(t *testing.T, s *store.Store, mid, _ int64) {
			mustTamper(t, s, fmt.Sprintf(`DELETE FROM audit_log WHERE id > %d`, mid))
			mustTamper2(t, s, fmt.Sprintf(`UPDATE audit_head SET last_id = %[1]d, last_hash = (SELECT hash FROM audit_log WHERE id = %[1]d)`, mid))
		}, "truncated"},
		{"entry edited", func(t *testing.T, s *store.Store, mid, _ int64) {
			mustTamper(t, s, fmt.Sprintf(`UPDATE audit_log SET username = 'someone else' WHERE id = %d`, mid))
		}, "edited"},
		{"entry edited and the chain rebuilt after it", func(t *testing.T, s *store.Store, mid, last int64) {
			mustTamper(t, s, fmt.Sprintf(`UPDATE audit_log SET username = 'someone else' WHERE id = %d`, mid))
			rebuildChain(t, s, mid)
		}, "rewritten"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T, s *store.Store) {
				ctx := haki.SystemContext(context.Background())
				s.UseAuditCheckpoint(filepath.Join(t.TempDir(), "audit.checkpoint"))
				if _, err := s.StartAuditCheckpoint(ctx, false); err != nil {
					t.Fatal(err)
				}
				for i := range 6 {
					if err := s.Audit(ctx, "test", "thing", fmt.Sprint(i), nil); err != nil {
						t.Fatal(err)
					}
				}
				cp, err := s.WriteAuditCheckpoint(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if c := mustVerify(t, s); c.Problem != nil || c.Anchors != 1 {
					t.Fatalf("untouched log: %v, %d anchors", c.Problem, c.Anchors)
				}
				tc.tamper(t, s, cp.Last-3, cp.Last)
				p := mustVerify(t, s).Problem
				if p == nil {
					t.Fatal("tampering not found")
				}
				if p.Kind != tc.wantKind {
					t.Errorf("problem %s (%v), want %s", p.Kind, p, tc.wantKind)
				}
			})
		})
	}
}

// TestAuditCheckpointFile checks the file itself: moved forward by writes
// only now and then, refused when forged or missing, and a copy given from
// elsewhere still binds after the file was replaced by an older one.
func TestAuditCheckpointFile(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := haki.SystemContext(context.Background())
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		path := filepath.Join(t.TempDir(), "audit.checkpoint")
		s.UseAuditCheckpoint(path)
		if c := mustVerify(t, s); c.Problem == nil || c.Problem.Kind != "unanchored" {
			t.Fatalf("no checkpoint file: %v", c.Problem)
		}
		first, err := s.StartAuditCheckpoint(ctx, false)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.StartAuditCheckpoint(ctx, false); err == nil {
			t.Error("a second start replaced the checkpoint")
		}
		for i := range 10 {
			mustAudit(t, s, i)
		}
		if got := mustReadCheckpoint(t, path); got.Last != first.Last {
			t.Errorf("ten writes moved the checkpoint from %d to %d: it should wait for the interval", first.Last, got.Last)
		}
		now = now.Add(2 * time.Minute)
		mustAudit(t, s, 10)
		moved := mustReadCheckpoint(t, path)
		if moved.Last != first.Last+11 {
			t.Errorf("after the age passed the checkpoint is at %d, want %d", moved.Last, first.Last+11)
		}
		for i := range 300 {
			mustAudit(t, s, i)
		}
		if got := mustReadCheckpoint(t, path); got.Last <= moved.Last {
			t.Errorf("300 writes left the checkpoint at %d", got.Last)
		}

		// A line from the file, parsed back, is the same checkpoint.
		line := moved.String()
		back, err := store.ParseAuditCheckpoint(line)
		if err != nil || back.String() != line {
			t.Fatalf("parse %q: %v, %v", line, back, err)
		}
		// The file replaced by an older copy: a later copy kept elsewhere
		// still finds the head moved back.
		mustTamper(t, s, fmt.Sprintf(`DELETE FROM audit_log WHERE id > %d`, moved.Last))
		mustTamper2(t, s, fmt.Sprintf(`UPDATE audit_head SET last_id = %[1]d, last_hash = (SELECT hash FROM audit_log WHERE id = %[1]d)`, moved.Last))
		if err := os.WriteFile(path, []byte(moved.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		if p := mustVerify(t, s).Problem; p != nil {
			t.Fatalf("with the older file alone: %v", p)
		}
		later := *moved
		later.Last += 100
		c, err := s.VerifyAudit(ctx, &later)
		if err != nil || c.Problem == nil || c.Problem.Kind != "forged checkpoint" {
			t.Errorf("a copy edited by hand: %v, %v", c, err)
		}

		// A forged file: the numbers changed, the MAC kept.
		forged := strings.Replace(moved.String(), fmt.Sprintf("last=%d", moved.Last), fmt.Sprintf("last=%d", moved.Last-1), 1)
		if err := os.WriteFile(path, []byte(forged), 0o600); err != nil {
			t.Fatal(err)
		}
		if p := mustVerify(t, s).Problem; p == nil || p.Kind != "forged checkpoint" {
			t.Errorf("forged file: %v", p)
		}
	})
}

func mustAudit(tb testing.TB, s *store.Store, i int) {
	tb.Helper()
	if err := s.Audit(haki.SystemContext(context.Background()), "test", "thing", fmt.Sprint(i), nil); err != nil {
		tb.Fatal(err)
	}
}

func mustReadCheckpoint(tb testing.TB, path string) *store.AuditCheckpoint {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	c, err := store.ParseAuditCheckpoint(string(b))
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// mustTamper2 runs q on a connection of its own, after mustTamper dropped
// the triggers.
func mustTamper2(tb testing.TB, s *store.Store, q string) {
	tb.Helper()
	ctx := context.Background()
	conn, err := s.DB().Conn(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close()
	stmts := []string{q}
	if s.Dialect() == "sqlite" {
		stmts = []string{"PRAGMA query_only = 0", q, "PRAGMA query_only = 1"}
	}
	for _, stmt := range stmts {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			tb.Fatalf("%s: %v", stmt, err)
		}
	}
}

// rebuildChain hashes every entry from id on again and moves the head, as
// someone who knows the (public) hash rule but not the key file would.
func rebuildChain(tb testing.TB, s *store.Store, from int64) {
	tb.Helper()
	rows, err := s.DB().Query(`SELECT id, at, user_id, username, action, entity, entity_id, before_json, after_json, request_id, hash FROM audit_log ORDER BY id`)
	if err != nil {
		tb.Fatal(err)
	}
	prev, last := "", int64(0)
	var updates []string
	for rows.Next() {
		var id int64
		var c [9]string
		var h string
		if err := rows.Scan(&id, &c[0], &c[1], &c[2], &c[3], &c[4], &c[5], &c[6], &c[7], &c[8], &h); err != nil {
			tb.Fatal(err)
		}
		if id >= from {
			h = store.ChainHash(prev, id, c)
			updates = append(updates, fmt.Sprintf(`UPDATE audit_log SET hash = '%s' WHERE id = %d`, h, id))
		}
		prev, last = h, id
	}
	rows.Close()
	updates = append(updates, fmt.Sprintf(`UPDATE audit_head SET last_id = %d, last_hash = '%s'`, last, prev))
	for _, q := range updates {
		mustTamper2(tb, s, q)
	}
	if c := mustVerifyAgainst(tb, s); c.Problem != nil {
		tb.Fatalf("the rebuilt chain does not hold by itself: %v", c.Problem)
	}
}

// mustVerifyAgainst checks the chain with no checkpoint, as haki did before
// checkpoints: the rebuilt chain must pass that.
func mustVerifyAgainst(tb testing.TB, s *store.Store) *store.AuditChain {
	tb.Helper()
	bare, err := store.VerifyAuditBare(s, haki.SystemContext(context.Background()))
	if err != nil {
		tb.Fatal(err)
	}
	return bare
}

// TestAuditCheckpointConcurrentWriters moves the checkpoint from many
// writers at once (the clock makes every commit due): whichever writer
// wins, the file must hold an entry of the chain as it is.
func TestAuditCheckpointConcurrentWriters(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := haki.SystemContext(context.Background())
		var mu sync.Mutex
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		s.Now = func() time.Time {
			mu.Lock()
			defer mu.Unlock()
			now = now.Add(2 * time.Minute)
			return now
		}
		s.UseAuditCheckpoint(filepath.Join(t.TempDir(), "audit.checkpoint"))
		if _, err := s.StartAuditCheckpoint(ctx, false); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for w := range 6 {
			wg.Go(func() {
				for i := range 15 {
					if err := s.Audit(ctx, "test", "thing", fmt.Sprintf("%d-%d", w, i), nil); err != nil {
						t.Error(err)
					}
				}
			})
		}
		wg.Wait()
		c := mustVerify(t, s)
		if c.Problem != nil || c.Checkpoint == nil || c.Checkpoint.Last < 80 {
			t.Fatalf("after concurrent writers: %v, checkpoint %v", c.Problem, c.Checkpoint)
		}
	})
}
