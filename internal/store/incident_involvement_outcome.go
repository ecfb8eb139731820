package store

import (
	"database/sql"
	"fmt"
	"maps"
	"slices"

	"github.com/haki-kenya/haki"
)

// What became of each perpetrator: the outcomes of an involvement
// (028_involvement_outcomes.sql). They are written and read with their
// involvement, in its transaction, and audited as part of it.

const outcomeColumns = `id, involvement_id, kind, outcome_date, date_precision, date_approx, source_kind, source_ref, notes`

// writeOutcomes replaces the outcomes of v with v.Outcomes, in order. An
// outcome that keeps its id keeps who recorded it and when; the others
// get new ids. The source's reference and the notes are sealed with key.
func (tx *Tx) writeOutcomes(v *haki.Involvement, key []byte) error {
	return tx.storeOutcomes(v, key, false)
}

// storeOutcomes writes v.Outcomes; fresh says the involvement is new, so
// has none to replace.
func (tx *Tx) storeOutcomes(v *haki.Involvement, key []byte, fresh bool) error {
	kept := map[string]outcomeOrigin{}
	if !fresh {
		var err error
		if kept, err = tx.takeOutcomes(v.ID); err != nil {
			return fmt.Errorf("writeOutcomes(%s): %w", v.ID, err)
		}
	}
	if v.Outcomes == nil {
		v.Outcomes = []haki.Outcome{} // answered as [], as a read answers
	}
	by := sql.NullString{}
	if tx.user != nil && tx.user.ID != "" {
		by = sql.NullString{String: tx.user.ID, Valid: true}
	}
	for i := range v.Outcomes {
		o := &v.Outcomes[i]
		from, ok := kept[o.ID]
		if !ok {
			o.ID, from = newID(), outcomeOrigin{by, fmtTime(tx.now)}
		}
		delete(kept, o.ID) // an id given twice is new the second time
		sl := sealer{key, "involvement_outcome", o.ID}
		if _, err := tx.exec(`INSERT INTO involvement_outcomes (id, involvement_id, position, kind, outcome_date, date_precision, date_approx,
			source_kind, source_ref, notes, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			o.ID, v.ID, i, o.Kind, o.Date.ISO(), precisionOf(o.Date), boolInt(o.Date.Approx), o.SourceKind,
			sl.seal("source_ref", o.SourceRef), sl.seal("notes", o.Notes), from.by, from.createdAt); err != nil {
			return tx.mapErr(err, "outcome")
		}
	}
	return nil
}

// outcomeOrigin is who recorded an outcome, and when.
type outcomeOrigin struct {
	by        sql.NullString
	createdAt string
}

// takeOutcomes deletes the outcomes of an involvement and returns who
// recorded each and when, by id, for those written again.
func (tx *Tx) takeOutcomes(involvementID string) (map[string]outcomeOrigin, error) {
	kept := map[string]outcomeOrigin{}
	err := scanRows(tx, `SELECT id, created_by, created_at FROM involvement_outcomes WHERE involvement_id = ?`, []any{involvementID},
		func(rows *sql.Rows) error {
			var id string
			var o outcomeOrigin
			if err := rows.Scan(&id, &o.by, &o.createdAt); err != nil {
				return err
			}
			kept[id] = o
			return nil
		})
	if err != nil {
		return nil, err
	}
	_, err = tx.exec(`DELETE FROM involvement_outcomes WHERE involvement_id = ?`, involvementID)
	return kept, err
}

// loadOutcomes fills in the outcomes of the involvements, a batch of
// involvements a query. With the incident's key it opens the source's
// reference and the notes, without one it leaves them out.
func (tx *Tx) loadOutcomes(byID map[string]*haki.Involvement, key []byte) error {
	for _, v := range byID {
		v.Outcomes = []haki.Outcome{} // "outcomes": [] rather than null
	}
	for batch := range slices.Chunk(slices.Sorted(maps.Keys(byID)), 500) {
		err := scanRows(tx, `SELECT `+outcomeColumns+` FROM involvement_outcomes WHERE involvement_id IN (`+placeholders(len(batch))+`)
			ORDER BY involvement_id, position`, anySlice(batch), func(rows *sql.Rows) error {
			o, involvementID, err := tx.scanOutcome(rows, key)
			if err != nil {
				return err
			}
			v := byID[involvementID]
			v.Outcomes = append(v.Outcomes, *o)
			return nil
		})
		if err != nil {
			return fmt.Errorf("loadOutcomes: %w", err)
		}
	}
	return nil
}

// scanOutcome reads a row of outcomeColumns and the id of its involvement.
func (tx *Tx) scanOutcome(rows *sql.Rows, key []byte) (*haki.Outcome, string, error) {
	o := &haki.Outcome{}
	var involvementID, date, prec string
	var approx bool
	if err := rows.Scan(&o.ID, &involvementID, &o.Kind, &date, &prec, &approx, &o.SourceKind, &o.SourceRef, &o.Notes); err != nil {
		return nil, "", err
	}
	var err error
	if o.Date, err = haki.NewFuzzyDate(date, haki.Precision(prec), approx); err != nil {
		return nil, "", err
	}
	if key == nil {
		o.Redact()
		return o, involvementID, nil
	}
	sl := sealer{key, "involvement_outcome", o.ID}
	return o, involvementID, sl.openAll(map[string]*string{"source_ref": &o.SourceRef, "notes": &o.Notes})
}
