package store

import (
	"context"
	"fmt"
)

// CheckIntegrity asks the database to check itself and returns what it
// found wrong, nothing when all is well. SQLite checks its pages and
// indexes (integrity_check) and every foreign key (foreign_key_check); on
// PostgreSQL, which keeps its own pages, every foreign key is checked with
// a query, so rows written while constraints were bypassed are found too.
// It is for the shell (haki verify).
func (s *Store) CheckIntegrity(ctx context.Context) ([]string, error) {
	if s.d.name() == "postgres" {
		return s.checkForeignKeysPostgres(ctx)
	}
	var problems []string
	rows, err := s.rdb.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			rows.Close()
			return nil, err
		}
		if msg != "ok" {
			problems = append(problems, "integrity_check: "+msg)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.rdb.QueryContext(ctx, `SELECT "table", COALESCE(rowid, 0), parent FROM pragma_foreign_key_check`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var table, parent string
		var rowid int64
		if err := rows.Scan(&table, &rowid, &parent); err != nil {
			return nil, err
		}
		problems = append(problems, fmt.Sprintf("foreign_key_check: %s row %d refers to a missing %s", table, rowid, parent))
	}
	return problems, rows.Err()
}

func (s *Store) checkForeignKeysPostgres(ctx context.Context) ([]string, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT tc.table_name, kcu.column_name, ccu.table_name, ccu.column_name
		FROM information_schema.table_constraints tc
		JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
		JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
		WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()
		ORDER BY tc.table_name, kcu.column_name`)
	if err != nil {
		return nil, err
	}
	type fk struct{ table, col, ref, refCol string }
	var fks []fk
	for rows.Next() {
		var f fk
		if err := rows.Scan(&f.table, &f.col, &f.ref, &f.refCol); err != nil {
			rows.Close()
			return nil, err
		}
		fks = append(fks, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var problems []string
	for _, f := range fks {
		var n int
		q := fmt.Sprintf(`SELECT COUNT(*) FROM %s c WHERE c.%s IS NOT NULL AND NOT EXISTS (SELECT 1 FROM %s p WHERE p.%s = c.%s)`,
			sqlIdent(f.table), sqlIdent(f.col), sqlIdent(f.ref), sqlIdent(f.refCol), sqlIdent(f.col))
		if err := s.rdb.QueryRowContext(ctx, q).Scan(&n); err != nil {
			return nil, err
		}
		if n > 0 {
			problems = append(problems, fmt.Sprintf("foreign key: %d rows of %s.%s refer to a missing %s", n, f.table, f.col, f.ref))
		}
	}
	return problems, nil
}

func sqlIdent(s string) string {
	out := `"`
	for _, c := range s {
		if c == '"' {
			out += `""`
		} else {
			out += string(c)
		}
	}
	return out + `"`
}
