package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// TestSQLiteStatementCache runs the same statement again while its rows are
// still being read, more different statements than a connection keeps, and
// a kept statement whose run failed, and checks every answer and the bound.
func TestSQLiteStatementCache(t *testing.T) {
	db, err := openSQLite(filepath.Join(t.TempDir(), "stmts.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, "CREATE TABLE n (v INTEGER CHECK (v < 100))"); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		if _, err := db.ExecContext(ctx, "INSERT INTO n (v) VALUES (?)", i); err != nil {
			t.Fatal(err)
		}
	}
	const q = "SELECT v FROM n WHERE v >= ? ORDER BY v"
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	outer, err := tx.QueryContext(ctx, q, 1)
	if err != nil {
		t.Fatal(err)
	}
	var pairs []string
	for outer.Next() {
		var v int
		if err := outer.Scan(&v); err != nil {
			t.Fatal(err)
		}
		// The same text while the outer rows are open: prepared afresh.
		inner, err := tx.QueryContext(ctx, q, v)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for inner.Next() {
			n++
		}
		if err := inner.Close(); err != nil {
			t.Fatal(err)
		}
		pairs = append(pairs, fmt.Sprintf("%d:%d", v, n))
	}
	if err := outer.Close(); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(pairs); got != "[1:3 2:2 3:1]" {
		t.Errorf("nested reads of one statement = %s, want [1:3 2:2 3:1]", got)
	}
	// More statements than one connection keeps: each still answers right,
	// and the first, let go or kept, still does.
	for i := range maxCachedStmts + 20 {
		var got int
		if err := tx.QueryRowContext(ctx, fmt.Sprintf("SELECT v + %d FROM n WHERE v = ?", i), 2).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != i+2 {
			t.Fatalf("statement %d answered %d, want %d", i, got, i+2)
		}
	}
	var got int
	if err := tx.QueryRowContext(ctx, q, 3).Scan(&got); err != nil || got != 3 {
		t.Errorf("first statement again = %d, %v; want 3", got, err)
	}
	// A kept statement whose run failed (the CHECK refuses 500) is reset
	// for the next run of the same text.
	const insert = "INSERT INTO n (v) VALUES (?)"
	if _, err := tx.ExecContext(ctx, insert, 4); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, insert, 500); err == nil {
		t.Error("inserting 500 past the CHECK: no error")
	}
	if _, err := tx.ExecContext(ctx, insert, 5); err != nil {
		t.Fatalf("the statement after its failed run: %v", err)
	}
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM n").Scan(&got); err != nil || got != 5 {
		t.Errorf("count = %d, %v; want 5", got, err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		sc, ok := dc.(*stmtConn)
		if !ok {
			return fmt.Errorf("connection is %T, not the statement-keeping one", dc)
		}
		if n := len(sc.stmts); n == 0 || n > maxCachedStmts {
			return fmt.Errorf("the connection keeps %d statements, want 1 to %d", n, maxCachedStmts)
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}
}
