package store

import (
	"database/sql"

	"github.com/haki-kenya/haki"
)

// The lists, the pickers and a person's records read persons, incidents and
// cases newest first, the order their cursors page by. Each helper runs
// `SELECT columns FROM ... WHERE where ORDER BY newest LIMIT limit` and
// scans the rows; where and args carry the caller's filter and visibility.

// newestPersons returns up to limit persons matching where, newest first.
func (tx *Tx) newestPersons(where string, args []any, limit int, identities bool) ([]*haki.Person, error) {
	var out []*haki.Person
	err := scanRows(tx, `SELECT `+personColumns+` FROM `+personFrom+` WHERE `+where+
		` ORDER BY p.created_at DESC, p.id DESC LIMIT ?`, append(args, limit), func(rows *sql.Rows) error {
		p, err := tx.scanPerson(rows, identities)
		if err == nil {
			out = append(out, p)
		}
		return err
	})
	return out, err
}

// newestIncidents returns up to limit incidents matching where, most
// recent first, with their types.
func (tx *Tx) newestIncidents(where string, args []any, limit int, identities bool) ([]*haki.Incident, error) {
	var out []*haki.Incident
	err := scanRows(tx, `SELECT `+incidentColumns+` FROM `+incidentFrom+` WHERE `+where+
		` ORDER BY i.occurred_on DESC, i.id DESC LIMIT ?`, append(args, limit), func(rows *sql.Rows) error {
		inc, err := tx.scanIncident(rows, identities)
		if err == nil {
			out = append(out, inc)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, tx.loadTypes(out)
}

// newestCases returns up to limit cases matching where, latest intake first.
func (tx *Tx) newestCases(where string, args []any, limit int) ([]*haki.Case, error) {
	var out []*haki.Case
	err := scanRows(tx, `SELECT `+caseColumns+` FROM `+caseFrom+` WHERE `+where+
		` ORDER BY c.intake_date DESC, c.id DESC LIMIT ?`, append(args, limit), func(rows *sql.Rows) error {
		c, err := tx.scanCase(rows)
		if err == nil {
			out = append(out, c)
		}
		return err
	})
	return out, err
}
