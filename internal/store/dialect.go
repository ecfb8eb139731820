package store

import (
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dialect holds every difference between SQLite and PostgreSQL that the
// store's SQL meets. Everything else is written once in the SQL both share.
type dialect interface {
	name() string
	// rebind turns the ? placeholders the store writes into the engine's own.
	rebind(q string) string
	// ilike is a case-insensitive LIKE of col against a placeholder.
	ilike(col string) string
	isUnique(err error) bool
	isForeignKey(err error) bool
	// bulkStart and bulkEnd bracket a bulk load with settings for speed.
	bulkStart() []string
	bulkEnd() []string
	// auditLock is the statement that makes appends to the audit chain take
	// turns within their transactions; "" where writers are serialised already.
	auditLock() string
	// snapshot is the transaction options under which several queries see
	// one state of the database.
	snapshot() *sql.TxOptions
	// joinCodes is the aggregate that joins a group's codes with ";".
	joinCodes(col string) string
}

type sqliteDialect struct{}

func (sqliteDialect) name() string                { return "sqlite" }
func (sqliteDialect) joinCodes(col string) string { return "GROUP_CONCAT(" + col + ", ';')" }
func (sqliteDialect) rebind(q string) string      { return q }

// SQLite's LIKE is already case-insensitive for ASCII.
func (sqliteDialect) ilike(col string) string { return col + " LIKE ? ESCAPE '\\'" }

func (sqliteDialect) isUnique(err error) bool {
	code := sqliteCode(err)
	return code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

func (sqliteDialect) isForeignKey(err error) bool {
	return sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
}

func sqliteCode(err error) int {
	var e *sqlite.Error
	if errors.As(err, &e) {
		return e.Code()
	}
	return 0
}

// While loading, a big page cache keeps the randomly keyed indexes in
// memory; without it inserts wait on reads of index pages. The loader only
// fills an empty database, so it writes pages straight into the file (no
// journal, no sync per commit) instead of writing each twice through the
// WAL: a load that fails leaves a database to throw away, never one to
// trust. The end puts WAL and full sync back; the loaded pages reach the
// disk for certain at the next checkpoint (at the latest when the database
// is closed), which is why the demo loads before it serves.
func (sqliteDialect) bulkStart() []string {
	return []string{"PRAGMA cache_size = -1048576", "PRAGMA journal_mode = OFF", "PRAGMA synchronous = OFF"}
}

func (sqliteDialect) bulkEnd() []string {
	return []string{"PRAGMA synchronous = FULL", "PRAGMA journal_mode = WAL", "PRAGMA cache_size = -65536"}
}

// SQLite has one writer connection, and a read transaction on WAL sees one
// snapshot from its first query.
func (sqliteDialect) auditLock() string        { return "" }
func (sqliteDialect) snapshot() *sql.TxOptions { return nil }

type postgresDialect struct{}

// auditChainLock is the advisory lock under which audit entries are
// appended ("audt" in ASCII).
const auditChainLock = 0x61756474

func (postgresDialect) auditLock() string {
	return "SELECT pg_advisory_xact_lock(" + strconv.Itoa(auditChainLock) + ")"
}

func (postgresDialect) snapshot() *sql.TxOptions {
	return &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
}

func (postgresDialect) bulkStart() []string { return nil }
func (postgresDialect) bulkEnd() []string   { return nil }

func (postgresDialect) name() string                { return "postgres" }
func (postgresDialect) joinCodes(col string) string { return "STRING_AGG(" + col + ", ';')" }

// rebind numbers the placeholders: the n-th ? outside a string literal
// becomes $n.
func (postgresDialect) rebind(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n, quoted := 0, false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			quoted = !quoted
		case c == '?' && !quoted:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func (postgresDialect) ilike(col string) string { return col + " ILIKE ? ESCAPE '\\'" }

func (postgresDialect) isUnique(err error) bool     { return pgCode(err) == "23505" }
func (postgresDialect) isForeignKey(err error) bool { return pgCode(err) == "23503" }

func pgCode(err error) string {
	var e *pgconn.PgError
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// likePattern escapes s for LIKE and wraps it in % for a contains-match.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(s)) + "%"
}
