package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// TestSQLiteStatementCache runs the same statement again while its rows are
// still being read, and more different statements than a connection keeps,
// and checks every answer.
func TestSQLiteStatementCache(t *testing.T) {
	db, err := openSQLite(filepath.Join(t.TempDir(), "stmts.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, "CREATE TABLE n (v INTEGER)"); err != nil {
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
	// An error leaves the statement usable.
	if _, err := tx.ExecContext(ctx, "INSERT INTO n (v) VALUES (?)", struct{}{}); err == nil {
		t.Error("inserting a struct: no error")
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO n (v) VALUES (?)", 4); err != nil {
		t.Fatal(err)
	}
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM n").Scan(&got); err != nil || got != 4 {
		t.Errorf("count = %d, %v; want 4", got, err)
	}
}
