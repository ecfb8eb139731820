package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"github.com/haki-kenya/haki"
)

// FindTerms returns a vocabulary's terms in their order, inactive ones too
// when all is set. Anyone signed in may read them.
func (s *Store) FindTerms(ctx context.Context, vocab string, all bool) ([]*haki.Term, error) {
	var out []*haki.Term
	err := s.read(ctx, func(tx *Tx) error {
		q := `SELECT vocab, code, label_en, label_sw, sort, active FROM terms WHERE vocab = ?`
		if !all {
			q += ` AND active = 1`
		}
		rows, err := tx.query(q+` ORDER BY sort, code`, vocab)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			t := &haki.Term{}
			if err := rows.Scan(&t.Vocab, &t.Code, &t.LabelEN, &t.LabelSW, &t.Sort, &t.Active); err != nil {
				return err
			}
			out = append(out, t)
		}
		return rows.Err()
	})
	return out, err
}

// CreateTerm adds a term to a vocabulary.
func (s *Store) CreateTerm(ctx context.Context, t *haki.Term) error {
	if !haki.UserFromContext(ctx).Can(haki.PermVocabulary) {
		return haki.Errorf(haki.EFORBIDDEN, "Only an administrator can edit vocabularies.")
	}
	t.Normalize()
	if err := t.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		if err := tx.insertTerm(t); err != nil {
			return err
		}
		return tx.audit("create", "term", t.Vocab+"/"+t.Code, nil, t)
	})
}

// UpdateTerm changes a term's labels, order or whether it is offered. Its
// code never changes, since records refer to it.
func (s *Store) UpdateTerm(ctx context.Context, t *haki.Term) error {
	if !haki.UserFromContext(ctx).Can(haki.PermVocabulary) {
		return haki.Errorf(haki.EFORBIDDEN, "Only an administrator can edit vocabularies.")
	}
	t.Normalize()
	if err := t.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before := &haki.Term{}
		err := tx.queryRow(`SELECT vocab, code, label_en, label_sw, sort, active FROM terms WHERE vocab = ? AND code = ?`, t.Vocab, t.Code).
			Scan(&before.Vocab, &before.Code, &before.LabelEN, &before.LabelSW, &before.Sort, &before.Active)
		if err != nil {
			return tx.mapErr(err, "term")
		}
		if err := tx.execOne("term", `UPDATE terms SET label_en = ?, label_sw = ?, sort = ?, active = ? WHERE vocab = ? AND code = ?`,
			t.LabelEN, t.LabelSW, t.Sort, boolInt(t.Active), t.Vocab, t.Code); err != nil {
			return err
		}
		return tx.audit("update", "term", t.Vocab+"/"+t.Code, before, t)
	})
}

func (tx *Tx) insertTerm(t *haki.Term) error {
	_, err := tx.exec(`INSERT INTO terms (vocab, code, label_en, label_sw, sort, active) VALUES (?, ?, ?, ?, ?, ?)`,
		t.Vocab, t.Code, t.LabelEN, t.LabelSW, t.Sort, boolInt(t.Active))
	return tx.mapErr(err, "term")
}

// checkTerm adds a problem when code is set but is not an active term of
// the vocabulary. A term already stored on the record stays acceptable even
// after it is retired, so old records can still be edited.
func (tx *Tx) checkTerm(p haki.Problems, field, vocab, code string, keep ...string) error {
	if code == "" {
		return nil
	}
	var active bool
	var err error
	if tx.lookups != nil {
		var known bool
		if active, known = tx.lookups.terms[[2]string{vocab, code}]; !known {
			err = sql.ErrNoRows
		}
	} else {
		err = tx.queryRow(`SELECT active FROM terms WHERE vocab = ? AND code = ?`, vocab, code).Scan(&active)
	}
	if isNoRows(err) || (err == nil && !active && !slices.Contains(keep, code)) {
		p.Add(field, "Choose one of the listed values.")
		return nil
	}
	return err
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
