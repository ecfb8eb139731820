package store

import (
	"context"

	"github.com/haki-kenya/haki"
)

const sourceColumns = `id, incident_id, kind, outlet, url, COALESCE(person_id, ''), description, source_date, source_precision, source_approx, reliability, version`

// scanSource reads a row of sourceColumns; with the incident's key it opens
// the description (who the source is), without one it leaves it out.
func (tx *Tx) scanSource(row interface{ Scan(...any) error }, key []byte) (*haki.Source, error) {
	src := &haki.Source{}
	var date, prec string
	var approx bool
	if err := row.Scan(&src.ID, &src.IncidentID, &src.Kind, &src.Outlet, &src.URL, &src.PersonID, &src.Description, &date, &prec, &approx,
		&src.Reliability, &src.Version); err != nil {
		return nil, err
	}
	var err error
	if src.SourceDate, err = haki.NewFuzzyDate(date, haki.Precision(prec), approx); err != nil {
		return nil, err
	}
	if key == nil {
		src.Redact()
		return src, nil
	}
	tx.reveal("source", src.ID)
	src.Description, err = (sealer{key, "source", src.ID}).open("description", src.Description)
	return src, err
}

func (tx *Tx) checkSource(src *haki.Source, before *haki.Source) error {
	pr := haki.Problems{}
	if err := src.Validate(); err != nil {
		for k, m := range haki.ErrorFields(err) {
			pr.Add(k, m)
		}
	}
	var old haki.Source
	if before != nil {
		old = *before
	}
	if err := tx.checkTerm(pr, "kind", "source_kind", src.Kind, old.Kind); err != nil {
		return err
	}
	if err := tx.checkTerm(pr, "reliability", "reliability", src.Reliability, old.Reliability); err != nil {
		return err
	}
	if src.PersonID != "" {
		if _, err := tx.findPerson(src.PersonID); haki.ErrorCode(err) == haki.ENOTFOUND {
			pr.Add("person_id", "Choose a person from the records.")
		} else if err != nil {
			return err
		}
	}
	return pr.Err()
}

// FindSources returns the sources of an incident the caller may see.
func (s *Store) FindSources(ctx context.Context, incidentID string) ([]*haki.Source, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermIncidentRead, "incident"); err != nil {
		return nil, err
	}
	var out []*haki.Source
	err := s.read(ctx, func(tx *Tx) error {
		if _, err := tx.findIncident(incidentID); err != nil {
			return err
		}
		key, err := tx.revealKey(incidentID)
		if err != nil {
			return err
		}
		rows, err := tx.query(`SELECT `+sourceColumns+` FROM sources WHERE incident_id = ? ORDER BY source_date, id`, incidentID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			src, err := tx.scanSource(rows, key)
			if err != nil {
				return err
			}
			out = append(out, src)
		}
		return rows.Err()
	})
	return out, err
}

// FindSourceByID returns a source of an incident the caller may see.
func (s *Store) FindSourceByID(ctx context.Context, id string) (*haki.Source, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermIncidentRead, "source"); err != nil {
		return nil, err
	}
	var src *haki.Source
	err := s.read(ctx, func(tx *Tx) (err error) {
		src, err = tx.findSource(id)
		return err
	})
	return src, err
}

func (tx *Tx) findSource(id string) (*haki.Source, error) {
	key, err := tx.incidentPartKey("sources", "source", "No such source.", id)
	if err != nil {
		return nil, err
	}
	return tx.scanSource(tx.queryRow(`SELECT `+sourceColumns+` FROM sources WHERE id = ?`, id), key)
}

// incidentPartKey returns the key of the incident that the row id of table
// (a part of an incident: a source, a group of victims) belongs to, for
// opening what the row seals; a row of an incident the caller may not see
// is "not found" (mapErr's message for what, or notFound).
func (tx *Tx) incidentPartKey(table, what, notFound, id string) ([]byte, error) {
	var incidentID string
	if err := tx.queryRow(`SELECT incident_id FROM `+table+` WHERE id = ?`, id).Scan(&incidentID); err != nil {
		return nil, tx.mapErr(err, what)
	}
	if _, err := tx.findIncident(incidentID); haki.ErrorCode(err) == haki.ENOTFOUND {
		return nil, &haki.Error{Code: haki.ENOTFOUND, Message: notFound}
	} else if err != nil {
		return nil, err
	}
	return tx.revealKey(incidentID)
}

// insertSource writes a checked source (src.ID set), its description
// sealed with its incident's key; it audits nothing.
func (tx *Tx) insertSource(src *haki.Source, key []byte) error {
	if _, err := tx.exec(`INSERT INTO sources (id, incident_id, kind, outlet, url, person_id, description, source_date, source_precision, source_approx, reliability, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`, src.ID, src.IncidentID, src.Kind, src.Outlet, src.URL, nullString(src.PersonID),
		(sealer{key, "source", src.ID}).seal("description", src.Description),
		src.SourceDate.ISO(), precisionOf(src.SourceDate), boolInt(src.SourceDate.Approx), src.Reliability); err != nil {
		return tx.mapErr(err, "source")
	}
	return nil
}

// updateSourceRow writes a checked source's fields over version
// src.Version; it audits nothing.
func (tx *Tx) updateSourceRow(src *haki.Source, key []byte) error {
	return tx.execOne("source", `UPDATE sources SET kind = ?, outlet = ?, url = ?, person_id = ?, description = ?, source_date = ?,
		source_precision = ?, source_approx = ?, reliability = ?, version = version + 1 WHERE id = ? AND version = ?`,
		src.Kind, src.Outlet, src.URL, nullString(src.PersonID), (sealer{key, "source", src.ID}).seal("description", src.Description),
		src.SourceDate.ISO(), precisionOf(src.SourceDate), boolInt(src.SourceDate.Approx), src.Reliability, src.ID, src.Version)
}

// CreateSource adds a source to an incident.
func (s *Store) CreateSource(ctx context.Context, src *haki.Source) error {
	if err := require(haki.UserFromContext(ctx), haki.PermIncidentWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error { return tx.createSource(src) })
}

// createSource adds a source to an incident the caller may see.
func (tx *Tx) createSource(src *haki.Source) error {
	if _, err := tx.findIncident(src.IncidentID); err != nil {
		return err
	}
	if err := tx.checkSource(src, nil); err != nil {
		return err
	}
	src.ID, src.Version = newID(), 1
	_, key, err := tx.incidentKey(src.IncidentID)
	if err != nil {
		return err
	}
	if err := tx.insertSource(src, key); err != nil {
		return err
	}
	return tx.auditIncident(src.IncidentID, "create", "source", src.ID, nil, src)
}

// UpdateSource replaces a source's fields; src.Version must be the version read.
func (s *Store) UpdateSource(ctx context.Context, src *haki.Source) error {
	if err := require(haki.UserFromContext(ctx), haki.PermIncidentWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, err := tx.findSource(src.ID)
		if err != nil {
			return err
		}
		src.IncidentID = before.IncidentID
		if err := tx.checkSource(src, before); err != nil {
			return err
		}
		_, key, err := tx.incidentKey(src.IncidentID)
		if err != nil {
			return err
		}
		if err := tx.updateSourceRow(src, key); err != nil {
			return err
		}
		src.Version = before.Version + 1
		return tx.auditIncident(src.IncidentID, "update", "source", src.ID, before, src)
	})
}

// DeleteSource removes a source.
func (s *Store) DeleteSource(ctx context.Context, id string) error {
	if err := require(haki.UserFromContext(ctx), haki.PermIncidentWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, err := tx.findSource(id)
		if err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM sources WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.auditIncident(before.IncidentID, "delete", "source", id, before, nil)
	})
}
