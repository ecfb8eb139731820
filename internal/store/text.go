package store

import (
	"database/sql"

	"github.com/haki-kenya/haki"
)

// validArgs reports whether every text argument of a statement is
// haki.ValidText. The store refuses the others before they reach the
// database, whoever wrote them (a request, an import, a command): PostgreSQL
// would fail on them, and SQLite would keep what PostgreSQL cannot restore.
// Bytes ([]byte, sealed values) are not text and pass.
func validArgs(args []any) bool {
	for _, a := range args {
		switch v := a.(type) {
		case string:
			if !haki.ValidText(v) {
				return false
			}
		case *string:
			if v != nil && !haki.ValidText(*v) {
				return false
			}
		case sql.NullString:
			if v.Valid && !haki.ValidText(v.String) {
				return false
			}
		}
	}
	return true
}

// row is what queryRow returns: a *sql.Row, or refusedRow when the
// arguments were refused.
type row interface {
	Scan(dest ...any) error
}

// refusedRow is the row of a query whose arguments were refused.
type refusedRow struct{ err error }

func (r refusedRow) Scan(...any) error { return r.err }
