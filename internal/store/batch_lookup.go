package store

import (
	"database/sql"
	"fmt"
)

// lookups holds the vocabularies and places in memory for the checks of
// a batch (checkTerm, checkPlace), loaded with two queries instead of
// several per record.
type lookups struct {
	terms  map[[2]string]bool // vocab, code: active
	places map[string]placeLevel
}

type placeLevel struct {
	level            int
	parent, boundary string
}

// loadLookups reads every term and place; the transaction's checks answer
// from them until it ends.
func (tx *Tx) loadLookups() error {
	l := &lookups{terms: map[[2]string]bool{}, places: map[string]placeLevel{}}
	err := scanRows(tx, `SELECT vocab, code, active FROM terms`, nil, func(rows *sql.Rows) error {
		var vocab, code string
		var active bool
		if err := rows.Scan(&vocab, &code, &active); err != nil {
			return err
		}
		l.terms[[2]string{vocab, code}] = active
		return nil
	})
	if err != nil {
		return fmt.Errorf("loadLookups: terms: %w", err)
	}
	err = scanRows(tx, `SELECT code, level, COALESCE(parent_code, ''), boundary FROM places`, nil, func(rows *sql.Rows) error {
		var p placeLevel
		var code string
		if err := rows.Scan(&code, &p.level, &p.parent, &p.boundary); err != nil {
			return err
		}
		l.places[code] = p
		return nil
	})
	if err != nil {
		return fmt.Errorf("loadLookups: places: %w", err)
	}
	tx.lookups = l
	return nil
}
