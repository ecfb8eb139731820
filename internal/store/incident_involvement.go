package store

import (
	"context"

	"github.com/haki-kenya/haki"
)

func (tx *Tx) checkInvolvement(v *haki.Involvement, before *haki.Involvement) error {
	pr := haki.Problems{}
	if err := v.Validate(tx.now); err != nil {
		for k, m := range haki.ErrorFields(err) {
			pr.Add(k, m)
		}
	}
	var old haki.Involvement
	if before != nil {
		old = *before
	}
	if v.InstitutionID != "" {
		var service string
		err := tx.queryRow(`SELECT service_code FROM institutions WHERE id = ?`, v.InstitutionID).Scan(&service)
		if isNoRows(err) {
			pr.Add("institution_id", "Choose a station or unit from the list.")
		} else if err != nil {
			return err
		} else if v.ServiceCode == "" {
			v.ServiceCode = service
		} else if v.ServiceCode != service {
			pr.Add("institution_id", "That station or unit belongs to another service.")
		}
	}
	if err := tx.checkTerm(pr, "service_code", "service", v.ServiceCode, old.ServiceCode); err != nil {
		return err
	}
	if err := tx.checkTerm(pr, "degree", "involvement", v.Degree, old.Degree); err != nil {
		return err
	}
	return pr.Err()
}

// CreateInvolvement adds a perpetrator to an act, with their outcomes.
func (s *Store) CreateInvolvement(ctx context.Context, v *haki.Involvement) error {
	if err := require(haki.UserFromContext(ctx), haki.PermIncidentWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		a, err := tx.findAct(v.ActID)
		if err != nil {
			return err
		}
		if err := tx.checkInvolvement(v, nil); err != nil {
			return err
		}
		_, key, err := tx.incidentKey(a.IncidentID)
		if err != nil {
			return err
		}
		v.ID, v.Version = newID(), 1
		if err := tx.insertInvolvement(v, a.IncidentID, key); err != nil {
			return err
		}
		return tx.auditIncident(a.IncidentID, "create", "involvement", v.ID, nil, v)
	})
}

// insertInvolvement writes a checked involvement (v.ID set) of an act of
// the incident with its outcomes, sealed with the incident's key; it
// audits nothing.
func (tx *Tx) insertInvolvement(v *haki.Involvement, incidentID string, key []byte) error {
	sl := sealer{key, "involvement", v.ID}
	if err := tx.touchIncidents(incidentID); err != nil {
		return err
	}
	if _, err := tx.exec(`INSERT INTO involvements (id, act_id, service_code, institution_id, officer_name, officer_service_number, officer_rank, degree, notes, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`, v.ID, v.ActID, v.ServiceCode, nullString(v.InstitutionID), sl.seal("officer_name", v.OfficerName),
		sl.seal("officer_service_number", v.OfficerServiceNumber), v.OfficerRank, v.Degree, sl.seal("notes", v.Notes)); err != nil {
		return tx.mapErr(err, "involvement")
	}
	return tx.storeOutcomes(v, key, true)
}

// updateInvolvementRow writes a checked involvement's fields and outcomes
// over version v.Version; it audits nothing.
func (tx *Tx) updateInvolvementRow(v *haki.Involvement, incidentID string, key []byte) error {
	sl := sealer{key, "involvement", v.ID}
	if err := tx.touchIncidents(incidentID); err != nil {
		return err
	}
	if err := tx.execOne("involvement", `UPDATE involvements SET act_id = ?, service_code = ?, institution_id = ?, officer_name = ?, officer_service_number = ?,
		officer_rank = ?, degree = ?, notes = ?, version = version + 1 WHERE id = ? AND version = ?`, v.ActID, v.ServiceCode, nullString(v.InstitutionID),
		sl.seal("officer_name", v.OfficerName), sl.seal("officer_service_number", v.OfficerServiceNumber), v.OfficerRank, v.Degree,
		sl.seal("notes", v.Notes), v.ID, v.Version); err != nil {
		return err
	}
	return tx.writeOutcomes(v, key)
}

// FindInvolvementByID returns an involvement in an incident the caller may see.
func (s *Store) FindInvolvementByID(ctx context.Context, id string) (*haki.Involvement, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermIncidentRead, "involvement"); err != nil {
		return nil, err
	}
	var v *haki.Involvement
	err := s.read(ctx, func(tx *Tx) (err error) {
		v, _, err = tx.findInvolvement(id)
		return err
	})
	return v, err
}

// findInvolvement returns an involvement the caller may see and the id of
// its incident.
func (tx *Tx) findInvolvement(id string) (*haki.Involvement, string, error) {
	var actID string
	if err := tx.queryRow(`SELECT act_id FROM involvements WHERE id = ?`, id).Scan(&actID); err != nil {
		return nil, "", tx.mapErr(err, "involvement")
	}
	a, err := tx.findAct(actID)
	if haki.ErrorCode(err) == haki.ENOTFOUND {
		return nil, "", haki.Errorf(haki.ENOTFOUND, "No such involvement.")
	} else if err != nil {
		return nil, "", err
	}
	key, err := tx.revealKey(a.IncidentID)
	if err != nil {
		return nil, "", err
	}
	v, err := tx.scanInvolvement(tx.queryRow(`SELECT `+involvementColumns+` FROM involvements v LEFT JOIN institutions n ON n.id = v.institution_id WHERE v.id = ?`, id), key)
	if err != nil {
		return nil, "", err
	}
	return v, a.IncidentID, tx.loadOutcomes(map[string]*haki.Involvement{v.ID: v}, key)
}

// UpdateInvolvement replaces an involvement's fields and its list of
// outcomes; v.Version must be the version read.
func (s *Store) UpdateInvolvement(ctx context.Context, v *haki.Involvement) error {
	if err := require(haki.UserFromContext(ctx), haki.PermIncidentWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, incidentID, err := tx.findInvolvement(v.ID)
		if err != nil {
			return err
		}
		v.ActID = before.ActID
		if err := tx.checkInvolvement(v, before); err != nil {
			return err
		}
		_, key, err := tx.incidentKey(incidentID)
		if err != nil {
			return err
		}
		if err := tx.updateInvolvementRow(v, incidentID, key); err != nil {
			return err
		}
		v.Version = before.Version + 1
		return tx.auditIncident(incidentID, "update", "involvement", v.ID, before, v)
	})
}

// DeleteInvolvement removes a perpetrator from an act.
func (s *Store) DeleteInvolvement(ctx context.Context, id string) error {
	if err := require(haki.UserFromContext(ctx), haki.PermIncidentWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, incidentID, err := tx.findInvolvement(id)
		if err != nil {
			return err
		}
		if err := tx.touchIncidents(incidentID); err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM involvements WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.auditIncident(incidentID, "delete", "involvement", id, before, nil)
	})
}
