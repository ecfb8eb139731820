package store

import (
	"context"
	"database/sql"

	"github.com/haki-kenya/haki"
)

// Acts, involvements and sources belong to an incident: whoever may see the
// incident may see them (with identities removed where the role requires),
// and whoever may write incidents and see it may change them.

// actFrom joins each act to its victim and to the data keys of the victim
// (their name) and of the incident (the act's notes).
const actFrom = `acts a JOIN persons p ON p.id = a.victim_id LEFT JOIN data_keys pk ON pk.id = p.key_id
	JOIN incidents ai ON ai.id = a.incident_id LEFT JOIN data_keys ak ON ak.id = ai.key_id`

const actColumns = `a.id, a.incident_id, a.victim_id, a.act_type, a.method, a.victim_status, a.victim_age, a.notes, a.version,
	p.ref, p.full_name, p.sex, COALESCE(pk.master_id, ''), COALESCE(pk.wrapped, ''), COALESCE(ak.master_id, ''), COALESCE(ak.wrapped, '')`

// actSelect is the select list of an act read by tx: actColumns, then
// whether the caller may see its victim (visiblePersons), with its arguments.
func (tx *Tx) actSelect() (string, []any) {
	vis, args := visiblePersons("p", tx.user)
	return actColumns + `, CASE WHEN ` + vis + ` THEN 1 ELSE 0 END`, args
}

// scanAct reads a row of actSelect, opening the victim's name and the
// notes when reveal is set and leaving them out otherwise. A victim the
// caller may not see (a sensitive case's client) keeps neither name nor
// reference.
func (tx *Tx) scanAct(row interface{ Scan(...any) error }, reveal bool) (*haki.Act, error) {
	a := &haki.Act{}
	var age sql.NullInt64
	var pm, pw, im, iw string
	var visible int
	if err := row.Scan(&a.ID, &a.IncidentID, &a.VictimID, &a.ActType, &a.Method, &a.VictimStatus, &age, &a.Notes, &a.Version,
		&a.VictimRef, &a.VictimName, &a.VictimSex, &pm, &pw, &im, &iw, &visible); err != nil {
		return nil, err
	}
	if visible == 0 {
		a.VictimRef, pm, pw = "", "", "" // no key: the name stays shut
	}
	if age.Valid {
		n := int(age.Int64)
		a.VictimAge = &n
	}
	if !reveal {
		a.VictimName, a.Notes = "", ""
		return a, nil
	}
	pkey, err := tx.s.unwrapJoined(pm, pw)
	if err != nil {
		return nil, err
	}
	if pkey == nil {
		a.VictimName = "" // the victim's identity was erased
	} else if a.VictimName, err = (sealer{pkey, "person", a.VictimID}).open("full_name", a.VictimName); err != nil {
		return nil, err
	} else {
		tx.reveal("person", a.VictimID)
	}
	ikey, err := tx.s.unwrapJoined(im, iw)
	if err != nil {
		return nil, err
	}
	a.Notes, err = (sealer{ikey, "act", a.ID}).open("notes", a.Notes)
	return a, err
}

// FindActs returns an incident's acts with their involvements, in the order
// they were recorded.
func (s *Store) FindActs(ctx context.Context, incidentID string) ([]*haki.Act, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermIncidentRead, "incident"); err != nil {
		return nil, err
	}
	var acts []*haki.Act
	err := s.read(ctx, func(tx *Tx) error {
		if _, err := tx.findIncident(incidentID); err != nil {
			return err
		}
		cols, args := tx.actSelect()
		rows, err := tx.query(`SELECT `+cols+` FROM `+actFrom+` WHERE a.incident_id = ? ORDER BY p.ref, a.id`, append(args, incidentID)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		byID := map[string]*haki.Act{}
		for rows.Next() {
			a, err := tx.scanAct(rows, tx.user.Role.SeesIdentities())
			if err != nil {
				return err
			}
			acts, byID[a.ID] = append(acts, a), a
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		if err := tx.loadConsequences(byID); err != nil {
			return err
		}
		return tx.loadInvolvements(incidentID, byID)
	})
	if err != nil {
		return nil, err
	}
	return acts, nil
}

// loadConsequences fills in the consequences of the acts with one query.
func (tx *Tx) loadConsequences(byID map[string]*haki.Act) error {
	return pairsIn(tx, `SELECT act_id, code FROM act_consequences WHERE act_id IN (?) ORDER BY act_id, code`, byID,
		func(id, code string) { byID[id].Consequences = append(byID[id].Consequences, code) })
}

const involvementColumns = `v.id, v.act_id, v.service_code, COALESCE(v.institution_id, ''), v.officer_name, v.officer_service_number,
	v.officer_rank, v.degree, v.notes, v.version, COALESCE(n.name, '')`

// scanInvolvement reads a row of involvementColumns; with a key (the
// incident's) it opens the officer's identity and the notes, without one it
// leaves them out.
func (tx *Tx) scanInvolvement(row interface{ Scan(...any) error }, key []byte) (*haki.Involvement, error) {
	v := &haki.Involvement{}
	err := row.Scan(&v.ID, &v.ActID, &v.ServiceCode, &v.InstitutionID, &v.OfficerName, &v.OfficerServiceNumber,
		&v.OfficerRank, &v.Degree, &v.Notes, &v.Version, &v.InstitutionName)
	if err != nil {
		return nil, err
	}
	if key == nil {
		v.Redact()
		return v, nil
	}
	sl := sealer{key, "involvement", v.ID}
	tx.reveal("involvement", v.ID)
	return v, sl.openAll(map[string]*string{"officer_name": &v.OfficerName, "officer_service_number": &v.OfficerServiceNumber, "notes": &v.Notes})
}

// revealKey returns the incident's key when the caller may see identities, else nil.
func (tx *Tx) revealKey(incidentID string) ([]byte, error) {
	if !tx.user.Role.SeesIdentities() {
		return nil, nil
	}
	_, key, err := tx.incidentKey(incidentID)
	return key, err
}

func (tx *Tx) loadInvolvements(incidentID string, byID map[string]*haki.Act) error {
	key, err := tx.revealKey(incidentID)
	if err != nil {
		return err
	}
	rows, err := tx.query(`SELECT `+involvementColumns+` FROM involvements v JOIN acts a ON a.id = v.act_id
		LEFT JOIN institutions n ON n.id = v.institution_id WHERE a.incident_id = ? ORDER BY v.id`, incidentID)
	if err != nil {
		return err
	}
	defer rows.Close()
	invs := map[string]*haki.Involvement{}
	for rows.Next() {
		v, err := tx.scanInvolvement(rows, key)
		if err != nil {
			return err
		}
		if a := byID[v.ActID]; a != nil {
			a.Involvements = append(a.Involvements, v)
			invs[v.ID] = v
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	return tx.loadOutcomes(invs, key)
}

func (tx *Tx) checkAct(a *haki.Act, before *haki.Act) error {
	pr, err := tx.checkActFields(a, before)
	if err != nil {
		return err
	}
	if a.VictimID != "" {
		if _, err := tx.findPerson(a.VictimID); haki.ErrorCode(err) == haki.ENOTFOUND {
			pr.Add("victim_id", "Choose a person from the records.")
		} else if err != nil {
			return err
		}
	}
	return pr.Err()
}

// checkActFields checks an act but for whether its victim is a person the
// caller may see (a batch's victims are its own persons), and returns the
// problems.
func (tx *Tx) checkActFields(a *haki.Act, before *haki.Act) (haki.Problems, error) {
	pr := haki.Problems{}
	a.Normalize()
	if err := a.Validate(); err != nil {
		for k, v := range haki.ErrorFields(err) {
			pr.Add(k, v)
		}
	}
	var old haki.Act
	if before != nil {
		old = *before
	}
	for _, c := range []struct{ field, vocab, code, keep string }{
		{"act_type", "act_type", a.ActType, old.ActType},
		{"method", "method", a.Method, old.Method},
		{"victim_status", "victim_status", a.VictimStatus, old.VictimStatus},
	} {
		if err := tx.checkTerm(pr, c.field, c.vocab, c.code, c.keep); err != nil {
			return nil, err
		}
	}
	for _, c := range a.Consequences {
		if err := tx.checkTerm(pr, "consequences", "consequence", c, old.Consequences...); err != nil {
			return nil, err
		}
	}
	return pr, nil
}

// CreateAct adds a victim's act to an incident the caller may see and edit.
func (s *Store) CreateAct(ctx context.Context, a *haki.Act) error {
	if err := require(haki.UserFromContext(ctx), haki.PermIncidentWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		if _, err := tx.findIncident(a.IncidentID); err != nil {
			return err
		}
		return tx.createAct(a)
	})
}

// CreateActWithPerson records a victim not yet in the records and their act
// in one transaction, so a form that adds both never leaves a person without
// the act.
func (s *Store) CreateActWithPerson(ctx context.Context, a *haki.Act, p *haki.Person) error {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermIncidentWrite); err != nil {
		return err
	}
	if err := require(u, haki.PermPersonWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		if _, err := tx.findIncident(a.IncidentID); err != nil {
			return err
		}
		if err := tx.createPerson(p); err != nil {
			return err
		}
		a.VictimID = p.ID
		return tx.createAct(a)
	})
}

func (tx *Tx) createAct(a *haki.Act) error {
	if err := tx.checkAct(a, nil); err != nil {
		return err
	}
	a.ID, a.Version = newID(), 1
	_, key, err := tx.incidentKey(a.IncidentID)
	if err != nil {
		return err
	}
	if err := tx.insertAct(a, key); err != nil {
		return err
	}
	if err := tx.recountVictims(a.IncidentID); err != nil {
		return err
	}
	return tx.auditIncident(a.IncidentID, "create", "act", a.ID, nil, actForAudit(a))
}

// insertAct writes a checked act (a.ID set) with its consequences, its
// notes sealed with its incident's key; it neither recounts the victims
// nor audits.
func (tx *Tx) insertAct(a *haki.Act, key []byte) error {
	if err := tx.touchIncidents(a.IncidentID); err != nil {
		return err
	}
	if _, err := tx.exec(`INSERT INTO acts (id, incident_id, victim_id, act_type, method, victim_status, victim_age, notes, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`, a.ID, a.IncidentID, a.VictimID, a.ActType, a.Method, a.VictimStatus, intOrNil(a.VictimAge),
		(sealer{key, "act", a.ID}).seal("notes", a.Notes)); err != nil {
		return tx.mapErr(err, "act")
	}
	return tx.insertConsequences(a.ID, a.Consequences)
}

// updateActRow writes a checked act's fields and consequences over version
// a.Version; it audits nothing.
func (tx *Tx) updateActRow(a *haki.Act, key []byte) error {
	if err := tx.touchIncidents(a.IncidentID); err != nil {
		return err
	}
	if err := tx.execOne("act", `UPDATE acts SET victim_id = ?, act_type = ?, method = ?, victim_status = ?, victim_age = ?, notes = ?,
		version = version + 1 WHERE id = ? AND version = ?`, a.VictimID, a.ActType, a.Method, a.VictimStatus, intOrNil(a.VictimAge),
		(sealer{key, "act", a.ID}).seal("notes", a.Notes), a.ID, a.Version); err != nil {
		return err
	}
	return tx.setConsequences(a.ID, a.Consequences)
}

// FindActByID returns an act of an incident the caller may see.
func (s *Store) FindActByID(ctx context.Context, id string) (*haki.Act, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermIncidentRead, "act"); err != nil {
		return nil, err
	}
	var a *haki.Act
	err := s.read(ctx, func(tx *Tx) (err error) {
		a, err = tx.findAct(id)
		return err
	})
	return a, err
}

func (tx *Tx) findAct(id string) (*haki.Act, error) {
	cols, args := tx.actSelect()
	a, err := tx.scanAct(tx.queryRow(`SELECT `+cols+` FROM `+actFrom+` WHERE a.id = ?`, append(args, id)...), tx.user.Role.SeesIdentities())
	if err != nil {
		return nil, tx.mapErr(err, "act")
	}
	if _, err := tx.findIncident(a.IncidentID); haki.ErrorCode(err) == haki.ENOTFOUND {
		return nil, haki.Errorf(haki.ENOTFOUND, "No such act.")
	} else if err != nil {
		return nil, err
	}
	return a, tx.loadConsequences(map[string]*haki.Act{a.ID: a})
}

// UpdateAct replaces an act's fields; a.Version must be the version read.
func (s *Store) UpdateAct(ctx context.Context, a *haki.Act) error {
	if err := require(haki.UserFromContext(ctx), haki.PermIncidentWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, err := tx.findAct(a.ID)
		if err != nil {
			return err
		}
		a.IncidentID = before.IncidentID
		if err := tx.checkAct(a, before); err != nil {
			return err
		}
		_, key, err := tx.incidentKey(a.IncidentID)
		if err != nil {
			return err
		}
		if err := tx.updateActRow(a, key); err != nil {
			return err
		}
		a.Version = before.Version + 1
		return tx.auditIncident(a.IncidentID, "update", "act", a.ID, actForAudit(before), actForAudit(a))
	})
}

// DeleteAct removes an act and its involvements.
func (s *Store) DeleteAct(ctx context.Context, id string) error {
	if err := require(haki.UserFromContext(ctx), haki.PermIncidentWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, err := tx.findAct(id)
		if err != nil {
			return err
		}
		if err := tx.touchIncidents(before.IncidentID); err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM acts WHERE id = ?`, id); err != nil {
			return err
		}
		if err := tx.recountVictims(before.IncidentID); err != nil {
			return err
		}
		return tx.auditIncident(before.IncidentID, "delete", "act", id, actForAudit(before), nil)
	})
}

func (tx *Tx) setConsequences(actID string, codes []string) error {
	if err := tx.touchIncidentsOf(`SELECT incident_id FROM acts WHERE id = ?`, actID); err != nil {
		return err
	}
	if _, err := tx.exec(`DELETE FROM act_consequences WHERE act_id = ?`, actID); err != nil {
		return err
	}
	return tx.insertConsequences(actID, codes)
}

// insertConsequences adds an act's consequences, each once.
func (tx *Tx) insertConsequences(actID string, codes []string) error {
	seen := map[string]bool{}
	for _, c := range codes {
		if !seen[c] {
			seen[c] = true
			if _, err := tx.exec(`INSERT INTO act_consequences (act_id, code) VALUES (?, ?)`, actID, c); err != nil {
				return err
			}
		}
	}
	return nil
}

// recountVictims keeps incidents.victim_count equal to the number of
// distinct victims in its acts and the members of its groups of unnamed
// victims, in the same transaction as the change.
func (tx *Tx) recountVictims(incidentID string) error {
	if err := tx.touchIncidents(incidentID); err != nil {
		return err
	}
	_, err := tx.exec(`UPDATE incidents SET victim_count = (SELECT COUNT(DISTINCT victim_id) FROM acts WHERE incident_id = ?)
		+ (SELECT COALESCE(SUM(count), 0) FROM victim_groups WHERE incident_id = ?) WHERE id = ?`, incidentID, incidentID, incidentID)
	return err
}

func intOrNil(n *int) any {
	if n == nil {
		return nil
	}
	return *n
}

// actForAudit is the act as the audit log keeps it: without the victim's
// name, which belongs to the person and is sealed with their key, so that
// erasing the person erases it from history too.
func actForAudit(a *haki.Act) *haki.Act {
	c := *a
	c.VictimName, c.Involvements = "", nil
	return &c
}
