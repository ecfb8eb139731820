package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// A backup is every row of every table, parents first, read in one
// snapshot. Tables are found in the catalogue, so a table a later migration
// adds is backed up without a change here.

// Dump calls fn with every row of every table, tables parents first and
// schema_migrations first of all, all read in one snapshot while writers
// carry on. row holds the values as the driver returns them: nil, int64,
// float64, string, []byte, bool or time.Time.
func (s *Store) Dump(ctx context.Context, fn func(table string, columns []string, row []any) error) error {
	tx, err := s.rdb.BeginTx(ctx, s.d.snapshot())
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	// SQLite's snapshot starts at the first read: this one.
	tables, err := s.tableOrder(ctx, tx)
	if err != nil {
		return err
	}
	for _, t := range tables {
		if err := dumpTable(ctx, tx, t.name, fn); err != nil {
			return fmt.Errorf("back up %s: %w", t.name, err)
		}
	}
	return nil
}

func dumpTable(ctx context.Context, tx *sql.Tx, table string, fn func(string, []string, []any) error) error {
	rows, err := tx.QueryContext(ctx, `SELECT * FROM `+quoteIdent(table))
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if err := fn(table, cols, vals); err != nil {
			return err
		}
	}
	return rows.Err()
}

// tableRefs is a table and what it refers to.
type tableRefs struct {
	name    string
	parents []string // tables it refers to, itself excluded
	// selfFrom and selfTo are the columns of a reference to its own rows
	// (places.parent_code to places.code), "" when it has none.
	selfFrom, selfTo string
}

// tableOrder returns the tables parents first: schema_migrations, then
// each table after every table it refers to, ties broken by name.
func (s *Store) tableOrder(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) ([]tableRefs, error) {
	byName := map[string]*tableRefs{}
	rows, err := q.QueryContext(ctx, s.catalogQueries()[0])
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return nil, err
		}
		byName[name] = &tableRefs{name: name}
	}
	rows.Close()
	if rows.Err() != nil {
		return nil, rows.Err()
	}
	if rows, err = q.QueryContext(ctx, s.catalogQueries()[1]); err != nil {
		return nil, fmt.Errorf("list references: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var child, parent, from, to string
		if err := rows.Scan(&child, &parent, &from, &to); err != nil {
			return nil, err
		}
		t := byName[child]
		switch {
		case t == nil:
		case child == parent:
			t.selfFrom, t.selfTo = from, to
		default:
			t.parents = append(t.parents, parent)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var order []tableRefs
	done := map[string]bool{}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int {
		// schema_migrations leads, so a restore knows the schema first.
		return cmp.Or(cmp.Compare(boolInt(a != "schema_migrations"), boolInt(b != "schema_migrations")), cmp.Compare(a, b))
	})
	for len(order) < len(names) {
		progress := false
		for _, n := range names {
			t := byName[n]
			if done[n] || slices.ContainsFunc(t.parents, func(p string) bool { return !done[p] && byName[p] != nil }) {
				continue
			}
			done[n], progress = true, true
			order = append(order, *t)
			break // start again from the first name, so the order is stable
		}
		if !progress {
			return nil, errors.New("the tables refer to each other in a cycle")
		}
	}
	return order, nil
}

// catalogQueries returns the query listing the tables and the one listing
// single-column foreign keys (child, parent, from, to) of the engine.
func (s *Store) catalogQueries() [2]string {
	if s.d.name() == "postgres" {
		return [2]string{
			`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
			`SELECT cl.relname, fcl.relname, a.attname, fa.attname
			FROM pg_constraint c
			JOIN pg_class cl ON cl.oid = c.conrelid
			JOIN pg_class fcl ON fcl.oid = c.confrelid
			JOIN pg_namespace n ON n.oid = c.connamespace
			JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
			JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
			WHERE c.contype = 'f' AND n.nspname = current_schema()`,
		}
	}
	return [2]string{
		`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
		`SELECT m.name, p."table", p."from", COALESCE(p."to", '') FROM sqlite_master m, pragma_foreign_key_list(m.name) p WHERE m.type = 'table'`,
	}
}

// quoteIdent quotes a table or column name for both engines.
func quoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}
