package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

func TestAuditChainVerifies(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := haki.SystemContext(context.Background())
		for i := range 5 {
			if err := s.Audit(ctx, "test", "thing", fmt.Sprint(i), map[string]int{"n": i}); err != nil {
				t.Fatal(err)
			}
		}
		c := mustVerify(t, s)
		if c.Problem != nil {
			t.Fatalf("problem in an untouched log: %v", c.Problem)
		}
		if c.Entries != c.HeadID || c.Entries < 5 || len(c.HeadHash) != 64 {
			t.Errorf("checked %d entries, head %d %q", c.Entries, c.HeadID, c.HeadHash)
		}
		checked, err := s.CheckAuditEntries(ctx, []int64{1, c.HeadID})
		if err != nil || !checked[1] || !checked[c.HeadID] {
			t.Errorf("CheckAuditEntries = %v, %v", checked, err)
		}
		researcher := storetest.As(storetest.MustUser(t, s, "res", haki.RoleResearcher, ""))
		if _, err := s.VerifyAudit(researcher); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("a researcher verifying: %v", err)
		}
	})
}

// TestAuditVerifyFindsTampering tampers with the log as someone with
// direct access to the database would: the triggers dropped first.
func TestAuditVerifyFindsTampering(t *testing.T) {
	tests := []struct {
		name     string
		sql      string // %[1]d is the id of an entry in the middle, %[2]d the last
		wantKind string
		wantID   func(mid, last int64) int64
	}{
		{"edited", `UPDATE audit_log SET username = 'someone else' WHERE id = %[1]d`, "edited", func(mid, _ int64) int64 { return mid }},
		{"edited with its hash moved along", `UPDATE audit_log SET after_json = '{}', hash = (SELECT hash FROM audit_log WHERE id = %[1]d - 1) WHERE id = %[1]d`, "edited", func(mid, _ int64) int64 { return mid }},
		{"deleted in the middle", `DELETE FROM audit_log WHERE id = %[1]d`, "missing", func(mid, _ int64) int64 { return mid }},
		{"deleted at the end", `DELETE FROM audit_log WHERE id = %[2]d`, "truncated", func(_, last int64) int64 { return last }},
		{"inserted", `INSERT INTO audit_log (id, at, action, entity, hash) VALUES (%[2]d + 1, '2026-01-01T00:00:00.000000Z', 'view', 'person', 'feed')`, "inserted", func(_, last int64) int64 { return last + 1 }},
		{"replaced in the middle", `DELETE FROM audit_log WHERE id = %[1]d;
			INSERT INTO audit_log (id, at, action, entity, hash) VALUES (%[1]d, '2026-01-01T00:00:00.000000Z', 'view', 'person', 'feed')`, "edited", func(mid, _ int64) int64 { return mid }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T, s *store.Store) {
				ctx := haki.SystemContext(context.Background())
				for i := range 6 {
					if err := s.Audit(ctx, "test", "thing", fmt.Sprint(i), nil); err != nil {
						t.Fatal(err)
					}
				}
				last := mustVerify(t, s).HeadID
				mid := last - 3
				mustTamper(t, s, fmt.Sprintf(tc.sql, mid, last))
				p := mustVerify(t, s).Problem
				if p == nil {
					t.Fatal("tampering not found")
				}
				if p.Kind != tc.wantKind || p.ID != tc.wantID(mid, last) {
					t.Errorf("problem %s at %d (%v), want %s at %d", p.Kind, p.ID, p, tc.wantKind, tc.wantID(mid, last))
				}
			})
		})
	}
}

// TestAuditChainConcurrentWriters appends from many goroutines at once; on
// PostgreSQL they run in parallel transactions and must still form one chain.
func TestAuditChainConcurrentWriters(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := haki.SystemContext(context.Background())
		const writers, each = 8, 25
		var wg sync.WaitGroup
		errs := make(chan error, writers*each)
		for w := range writers {
			wg.Go(func() {
				for i := range each {
					errs <- s.Audit(ctx, "test", "thing", fmt.Sprintf("%d-%d", w, i), nil)
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		c := mustVerify(t, s)
		if c.Problem != nil {
			t.Fatalf("chain broken by concurrent writers: %v", c.Problem)
		}
		if c.Entries < writers*each {
			t.Errorf("%d entries, want at least %d", c.Entries, writers*each)
		}
	})
}

func mustVerify(tb testing.TB, s *store.Store) *store.AuditChain {
	tb.Helper()
	c, err := s.VerifyAudit(haki.SystemContext(context.Background()))
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// mustTamper drops the append-only triggers and runs q, on a connection of
// its own (SQLite's read pool is query-only, so it is switched back on).
func mustTamper(tb testing.TB, s *store.Store, q string) {
	tb.Helper()
	ctx := context.Background()
	conn, err := s.DB().Conn(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close()
	drop := []string{"PRAGMA query_only = 0", "DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"}
	if s.Dialect() == "postgres" {
		drop = []string{"DROP TRIGGER audit_log_no_change ON audit_log"}
	}
	for _, stmt := range append(drop, q) {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			tb.Fatalf("%s: %v", stmt, err)
		}
	}
	if s.Dialect() == "sqlite" {
		conn.ExecContext(ctx, "PRAGMA query_only = 1")
	}
}
