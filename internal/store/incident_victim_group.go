package store

import (
	"context"
	"database/sql"

	"github.com/haki-kenya/haki"
)

// Groups of victims who are not named (haki.VictimGroup, migration 029)
// belong to an incident as its acts do: whoever may see the incident may
// see them (the description removed where the role requires), whoever may
// write incidents and see it may change them. Every change takes the
// incident's figures out of the report summaries first (touchIncidents)
// and keeps incidents.victim_count, which counts their members.

const groupColumns = `g.id, g.incident_id, g.count, g.approx, g.sex, g.age_band, g.description, g.act_type, g.method, g.victim_status, g.version`

// scanGroup reads a row of groupColumns, opening the description with the
// incident's key, or leaving it out without one.
func (tx *Tx) scanGroup(row interface{ Scan(...any) error }, key []byte) (*haki.VictimGroup, error) {
	g := &haki.VictimGroup{}
	if err := row.Scan(&g.ID, &g.IncidentID, &g.Count, &g.Approx, &g.Sex, &g.AgeBand, &g.Description, &g.ActType, &g.Method,
		&g.VictimStatus, &g.Version); err != nil {
		return nil, err
	}
	if key == nil {
		g.Redact()
		return g, nil
	}
	var err error
	g.Description, err = (sealer{key, "victim_group", g.ID}).open("description", g.Description)
	return g, err
}

// FindVictimGroups returns an incident's groups of victims, in the order
// they were recorded.
func (s *Store) FindVictimGroups(ctx context.Context, incidentID string) ([]*haki.VictimGroup, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermIncidentRead, "incident"); err != nil {
		return nil, err
	}
	var out []*haki.VictimGroup
	err := s.read(ctx, func(tx *Tx) error {
		if _, err := tx.findIncident(incidentID); err != nil {
			return err
		}
		key, err := tx.revealKey(incidentID)
		if err != nil {
			return err
		}
		return scanRows(tx, `SELECT `+groupColumns+` FROM victim_groups g WHERE g.incident_id = ? ORDER BY g.id`, []any{incidentID},
			func(rows *sql.Rows) error {
				g, err := tx.scanGroup(rows, key)
				out = append(out, g)
				return err
			})
	})
	return out, err
}

// FindVictimGroupByID returns a group of an incident the caller may see.
func (s *Store) FindVictimGroupByID(ctx context.Context, id string) (*haki.VictimGroup, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermIncidentRead, "victim group"); err != nil {
		return nil, err
	}
	var g *haki.VictimGroup
	err := s.read(ctx, func(tx *Tx) (err error) {
		g, err = tx.findGroup(id)
		return err
	})
	return g, err
}

func (tx *Tx) findGroup(id string) (*haki.VictimGroup, error) {
	key, err := tx.incidentPartKey("victim_groups", "victim group", "No such victim group.", id)
	if err != nil {
		return nil, err
	}
	g, err := tx.scanGroup(tx.queryRow(`SELECT `+groupColumns+` FROM victim_groups g WHERE g.id = ?`, id), key)
	if err != nil {
		return nil, tx.mapErr(err, "victim group")
	}
	return g, nil
}

func (tx *Tx) checkGroup(g, before *haki.VictimGroup) error {
	pr := haki.Problems{}
	g.Normalize()
	if err := g.Validate(); err != nil {
		for k, v := range haki.ErrorFields(err) {
			pr.Add(k, v)
		}
	}
	var old haki.VictimGroup
	if before != nil {
		old = *before
	}
	for _, c := range []struct{ field, vocab, code, keep string }{
		{"act_type", "act_type", g.ActType, old.ActType},
		{"method", "method", g.Method, old.Method},
		{"victim_status", "victim_status", g.VictimStatus, old.VictimStatus},
	} {
		if err := tx.checkTerm(pr, c.field, c.vocab, c.code, c.keep); err != nil {
			return err
		}
	}
	if g.Sex != haki.SexMixed {
		if err := tx.checkTerm(pr, "sex", "sex", g.Sex, old.Sex); err != nil {
			return err
		}
	}
	return pr.Err()
}

// CreateVictimGroup adds a group of unnamed victims to an incident the
// caller may see and edit.
func (s *Store) CreateVictimGroup(ctx context.Context, g *haki.VictimGroup) error {
	if err := require(haki.UserFromContext(ctx), haki.PermIncidentWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		if _, err := tx.findIncident(g.IncidentID); err != nil {
			return err
		}
		if err := tx.checkGroup(g, nil); err != nil {
			return err
		}
		g.ID, g.Version = newID(), 1
		_, key, err := tx.incidentKey(g.IncidentID)
		if err != nil {
			return err
		}
		if err := tx.touchIncidents(g.IncidentID); err != nil {
			return err
		}
		if _, err := tx.exec(`INSERT INTO victim_groups (id, incident_id, count, approx, sex, age_band, description, act_type, method,
			victim_status, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`, g.ID, g.IncidentID, g.Count, boolInt(g.Approx), g.Sex,
			g.AgeBand, (sealer{key, "victim_group", g.ID}).seal("description", g.Description), g.ActType, g.Method, g.VictimStatus); err != nil {
			return tx.mapErr(err, "victim group")
		}
		if err := tx.recountVictims(g.IncidentID); err != nil {
			return err
		}
		return tx.auditIncident(g.IncidentID, "create", "victim_group", g.ID, nil, g)
	})
}

// UpdateVictimGroup replaces a group's fields; g.Version must be the version read.
func (s *Store) UpdateVictimGroup(ctx context.Context, g *haki.VictimGroup) error {
	if err := require(haki.UserFromContext(ctx), haki.PermIncidentWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, err := tx.findGroup(g.ID)
		if err != nil {
			return err
		}
		g.IncidentID = before.IncidentID
		if err := tx.checkGroup(g, before); err != nil {
			return err
		}
		return tx.updateGroup(g, before)
	})
}

func (tx *Tx) updateGroup(g, before *haki.VictimGroup) error {
	_, key, err := tx.incidentKey(g.IncidentID)
	if err != nil {
		return err
	}
	if err := tx.touchIncidents(g.IncidentID); err != nil {
		return err
	}
	if err := tx.execOne("victim group", `UPDATE victim_groups SET count = ?, approx = ?, sex = ?, age_band = ?, description = ?,
		act_type = ?, method = ?, victim_status = ?, version = version + 1 WHERE id = ? AND version = ?`, g.Count, boolInt(g.Approx),
		g.Sex, g.AgeBand, (sealer{key, "victim_group", g.ID}).seal("description", g.Description), g.ActType, g.Method, g.VictimStatus,
		g.ID, g.Version); err != nil {
		return err
	}
	g.Version = before.Version + 1
	if err := tx.recountVictims(g.IncidentID); err != nil {
		return err
	}
	return tx.auditIncident(g.IncidentID, "update", "victim_group", g.ID, before, g)
}

// DeleteVictimGroup removes a group.
func (s *Store) DeleteVictimGroup(ctx context.Context, id string) error {
	if err := require(haki.UserFromContext(ctx), haki.PermIncidentWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, err := tx.findGroup(id)
		if err != nil {
			return err
		}
		return tx.deleteGroup(before)
	})
}

func (tx *Tx) deleteGroup(before *haki.VictimGroup) error {
	if err := tx.touchIncidents(before.IncidentID); err != nil {
		return err
	}
	if _, err := tx.exec(`DELETE FROM victim_groups WHERE id = ?`, before.ID); err != nil {
		return err
	}
	if err := tx.recountVictims(before.IncidentID); err != nil {
		return err
	}
	return tx.auditIncident(before.IncidentID, "delete", "victim_group", before.ID, before, nil)
}

// ReplaceGroupMember puts a named person in the place of one member of a
// group, in one transaction: the group's count goes down by one (the
// group goes when none is left) and the person's act, of the group's act
// type, method and fate, is added; both are audited. version is the
// group's version as read. It returns the new act.
func (s *Store) ReplaceGroupMember(ctx context.Context, groupID string, version int, personID string) (*haki.Act, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermIncidentWrite); err != nil {
		return nil, err
	}
	var a *haki.Act
	err := s.write(ctx, func(tx *Tx) error {
		before, err := tx.findGroup(groupID)
		if err != nil {
			return err
		}
		if !tx.user.Role.SeesIdentities() { // the description was not read, and would be lost
			return haki.Errorf(haki.EFORBIDDEN, "You may not change this group.")
		}
		if before.Version != version {
			return haki.Errorf(haki.ECONFLICT, "The %s was changed by someone else. Reload it and try again.", "victim group")
		}
		if personID == "" {
			return haki.Problems{"person_id": "Choose the victim."}.Err()
		}
		a = &haki.Act{IncidentID: before.IncidentID, VictimID: personID, ActType: before.ActType, Method: before.Method,
			VictimStatus: before.VictimStatus}
		if err := tx.createAct(a); err != nil {
			if msg := haki.ErrorFields(err)["victim_id"]; msg != "" {
				return haki.Problems{"person_id": msg}.Err()
			}
			return err
		}
		if before.Count == 1 {
			return tx.deleteGroup(before)
		}
		g := *before
		g.Count--
		return tx.updateGroup(&g, before)
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}
