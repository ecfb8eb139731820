package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/haki-kenya/haki"
)

// Restore loads into a new, empty database the rows that Dump produced,
// pulled one at a time from next until it reports !ok. It first applies
// the migrations the backup was made under (schema_migrations' rows, which
// come first), then inserts every row, all in one transaction, so a failure
// leaves the database as it was; then Migrate brings the schema up to date.
// A database that already has tables or migrations is refused.
func (s *Store) Restore(ctx context.Context, next func() (table string, columns []string, row []any, ok bool, err error)) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("migrations table: %w", err)
	}
	r := &restorer{next: next}
	if err := r.pull(); err != nil {
		return err
	}
	if r.table != "schema_migrations" {
		return fmt.Errorf("restore: the backup does not begin with the schema version")
	}
	err := s.write(ctx, func(tx *Tx) error {
		if err := tx.restoreSchema(r); err != nil {
			return err
		}
		if err := tx.loadRows(r); err != nil {
			return err
		}
		// The backup's own key made the file readable; this checks the
		// data keys open too, before anything is committed.
		var master, wrapped string
		if err := tx.queryRow(`SELECT master_id, wrapped FROM data_keys WHERE id = ?`, indexKeyID).Scan(&master, &wrapped); err != nil {
			return fmt.Errorf("restore: the backup has no index key: %w", err)
		}
		_, err := s.keys.Unwrap(master, wrapped)
		return err
	})
	if err != nil {
		return err
	}
	return s.Migrate(ctx)
}

// restorer holds the row pulled last, so a table's rows can be read until
// the next table begins.
type restorer struct {
	next    func() (string, []string, []any, bool, error)
	table   string // "" at the end
	columns []string
	row     []any
	// upsert holds the key of each table whose rows the migrations wrote
	// and that refuses a delete.
	upsert map[string][]string
}

func (r *restorer) pull() error {
	table, cols, row, ok, err := r.next()
	if err != nil {
		return err
	}
	if !ok {
		r.table = ""
		return nil
	}
	r.table, r.columns, r.row = table, cols, row
	return nil
}

// restoreSchema refuses a database that has any table, then applies the
// migrations the backup lists, in the transaction that loads the rows. It
// refuses a backup from a newer haki.
func (tx *Tx) restoreSchema(r *restorer) error {
	var rows [][]any
	var names []string
	for r.table == "schema_migrations" {
		i, j := slices.Index(r.columns, "name"), slices.Index(r.columns, "applied_at")
		if i < 0 || j < 0 {
			return fmt.Errorf("restore: a malformed schema_migrations row")
		}
		name, ok := r.row[i].(string)
		if !ok {
			return fmt.Errorf("restore: a malformed schema_migrations row")
		}
		names, rows = append(names, name), append(rows, []any{r.row[i], r.row[j]})
		if err := r.pull(); err != nil {
			return err
		}
	}
	slices.Sort(names)
	tables, err := tx.s.tableOrder(tx.ctx, tx.tx)
	if err != nil {
		return err
	}
	var n int
	if err := tx.queryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil {
		return err
	}
	if n > 0 || len(tables) > 1 {
		return haki.Errorf(haki.ECONFLICT, "The database is not empty: restore into a new, empty database (or PostgreSQL schema).")
	}
	for _, name := range names {
		body, err := migrations.ReadFile("migrations/" + tx.d.name() + "/" + name)
		if err != nil {
			return fmt.Errorf("the backup has migration %q, which this haki does not know: it was made by a newer haki; restore it with that version", name)
		}
		if _, err := tx.tx.ExecContext(tx.ctx, string(body)); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	if err := tx.clearMigrationRows(r); err != nil {
		return err
	}
	return tx.insertRows("schema_migrations", []string{"name", "applied_at"}, rows, nil, "")
}

// clearMigrationRows empties the tables the migrations wrote rows into, so
// the backup's rows replace them. A table whose triggers refuse a delete
// (audit_head) keeps its rows, and the backup's are upserted on its key.
func (tx *Tx) clearMigrationRows(r *restorer) error {
	tables, err := tx.s.tableOrder(tx.ctx, tx.tx)
	if err != nil {
		return err
	}
	r.upsert = map[string][]string{}
	for _, t := range slices.Backward(tables) {
		var n int
		if err := tx.queryRow(`SELECT COUNT(*) FROM (SELECT 1 FROM ` + quoteIdent(t.name) + ` LIMIT 1) x`).Scan(&n); err != nil {
			return err
		} else if n == 0 {
			continue
		}
		if _, err := tx.exec(`SAVEPOINT restore_clear`); err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM ` + quoteIdent(t.name)); err == nil {
			if _, err := tx.exec(`RELEASE SAVEPOINT restore_clear`); err != nil {
				return err
			}
			continue
		}
		if _, err := tx.exec(`ROLLBACK TO SAVEPOINT restore_clear`); err != nil {
			return err
		}
		key, err := tx.columnStrings(tx.s.primaryKeyQuery(), t.name)
		if err != nil || len(key) == 0 {
			return fmt.Errorf("restore: cannot empty the table %s before loading it (%v)", t.name, err)
		}
		r.upsert[t.name] = key
	}
	return nil
}

// primaryKeyQuery lists the primary key columns of the table named by its
// one parameter.
func (s *Store) primaryKeyQuery() string {
	if s.Dialect() == "postgres" {
		return `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
			WHERE i.indrelid = to_regclass(?) AND i.indisprimary`
	}
	return `SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`
}

// loadRows inserts the rows table by table in batches. A table that refers
// to its own rows is held and inserted parents first.
func (tx *Tx) loadRows(r *restorer) error {
	tables, err := tx.s.tableOrder(tx.ctx, tx.tx)
	if err != nil {
		return err
	}
	identity, err := tx.identityColumns()
	if err != nil {
		return err
	}
	for r.table != "" {
		name, cols := r.table, slices.Clone(r.columns)
		i := slices.IndexFunc(tables, func(t tableRefs) bool { return t.name == name })
		if i < 0 {
			return fmt.Errorf("restore: the backup has a table %q this database lacks", name)
		}
		self := tables[i]
		var batch [][]any
		flush := func() error {
			err := tx.insertRows(name, cols, batch, r.upsert[name], identity[name])
			batch = batch[:0]
			return err
		}
		// SQLite allows 32766 parameters in a statement, PostgreSQL 65535.
		size := max(1, min(500, 30000/max(1, len(cols))))
		for r.table == name {
			if err := checkRestoredText(name, cols, r.row); err != nil {
				return err
			}
			batch = append(batch, slices.Clone(r.row))
			if len(batch) >= size && self.selfFrom == "" {
				if err := flush(); err != nil {
					return err
				}
			}
			if err := r.pull(); err != nil {
				return err
			}
		}
		if self.selfFrom != "" {
			batch = parentsFirst(batch, slices.Index(cols, self.selfFrom), slices.Index(cols, self.selfTo))
			for len(batch) > 0 {
				n := min(size, len(batch))
				if err := tx.insertRows(name, cols, batch[:n], r.upsert[name], identity[name]); err != nil {
					return err
				}
				batch = batch[n:]
			}
		} else if err := flush(); err != nil {
			return err
		}
		if col := identity[name]; col != "" {
			if err := tx.resetIdentity(name, col); err != nil {
				return err
			}
		}
	}
	return nil
}

// parentsFirst orders rows so each comes after the row its from column
// refers to (by the to column).
func parentsFirst(rows [][]any, from, to int) [][]any {
	if from < 0 || to < 0 {
		return rows
	}
	present := map[any]bool{}
	for _, r := range rows {
		present[r[to]] = true
	}
	placed := map[any]bool{}
	out := make([][]any, 0, len(rows))
	for len(rows) > 0 {
		var rest [][]any
		for _, r := range rows {
			if p := r[from]; p == nil || placed[p] || !present[p] {
				out = append(out, r)
				placed[r[to]] = true
			} else {
				rest = append(rest, r)
			}
		}
		if len(rest) == len(rows) { // a cycle: let the database judge
			return append(out, rest...)
		}
		rows = rest
	}
	return out
}

// insertRows inserts rows in one statement, or upserts them on the key
// columns if any are given.
func (tx *Tx) insertRows(table string, cols []string, rows [][]any, key []string, identity string) error {
	if len(rows) == 0 {
		return nil
	}
	quoted := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = quoteIdent(c)
	}
	var b strings.Builder
	b.WriteString("INSERT INTO " + quoteIdent(table) + " (" + strings.Join(quoted, ", ") + ")")
	if identity != "" {
		b.WriteString(tx.s.overridingIdentity())
	}
	b.WriteString(" VALUES ")
	one := "(" + placeholders(len(cols)) + ")"
	args := make([]any, 0, len(rows)*len(cols))
	for i, r := range rows {
		if len(r) != len(cols) {
			return fmt.Errorf("restore %s: a row has %d values for %d columns", table, len(r), len(cols))
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(one)
		args = append(args, r...)
	}
	if len(key) > 0 {
		quotedKey := make([]string, len(key))
		for i, k := range key {
			quotedKey[i] = quoteIdent(k)
		}
		b.WriteString(" ON CONFLICT (" + strings.Join(quotedKey, ", ") + ") DO UPDATE SET ")
		for i, c := range quoted {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(c + " = excluded." + c)
		}
	}
	if _, err := tx.exec(b.String(), args...); err != nil {
		return fmt.Errorf("restore %s: %w", table, err)
	}
	return nil
}

// The engines differ in how a restore keeps generated ids. SQLite takes an
// explicit id as given (and moves its AUTOINCREMENT counter past it);
// PostgreSQL's identity columns need OVERRIDING SYSTEM VALUE, and their
// sequence set past the restored ids afterwards.

// identityColumns returns each table's identity column (PostgreSQL only).
func (tx *Tx) identityColumns() (map[string]string, error) {
	out := map[string]string{}
	if tx.s.Dialect() != "postgres" {
		return out, nil
	}
	rows, err := tx.query(`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			return nil, err
		}
		out[t] = c
	}
	return out, rows.Err()
}

func (s *Store) overridingIdentity() string {
	if s.Dialect() == "postgres" {
		return " OVERRIDING SYSTEM VALUE"
	}
	return ""
}

func (tx *Tx) resetIdentity(table, col string) error {
	if tx.s.Dialect() != "postgres" {
		return nil
	}
	t, c := quoteIdent(table), quoteIdent(col)
	_, err := tx.exec(`SELECT setval(pg_get_serial_sequence('` + strings.ReplaceAll(t, `'`, `''`) + `', '` + strings.ReplaceAll(col, `'`, `''`) + `'), COALESCE(MAX(` + c + `), 0) + 1, false) FROM ` + t)
	return err
}

// columnStrings returns the first column of every row of q.
func (tx *Tx) columnStrings(q string, args ...any) ([]string, error) {
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// checkRestoredText refuses a row holding text that is not haki.ValidText,
// naming where it is. The store refuses such text when it is written, so
// only a backup made before it did can hold one; PostgreSQL cannot store it.
func checkRestoredText(table string, cols []string, row []any) error {
	for i, v := range row {
		if s, ok := v.(string); ok && !haki.ValidText(s) {
			where := ""
			if j := slices.Index(cols, "id"); j >= 0 && j < len(row) {
				where = fmt.Sprintf(" (row id %v)", row[j])
			}
			return fmt.Errorf("restore: table %s, column %s%s holds text with a NUL character or bytes that are not UTF-8, "+
				"which the database cannot store; clean that value in the database the backup was taken from and take a new backup", table, cols[i], where)
		}
	}
	return nil
}
