package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"github.com/haki-kenya/haki"
)

// Kenya's Data Protection Act, 2019: a person's data export, legal holds and
// erasure. Retention is in privacy_retention.go, the register of fields in
// privacy_register.go.

// ExportPerson gathers everything held about a person for their access
// request and records the export in the audit log as a view of their
// identity, with format ("json", "pdf") in its purpose.
func (s *Store) ExportPerson(ctx context.Context, id, format string) (*haki.PersonExport, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermPrivacy, "person"); err != nil {
		return nil, err
	}
	var out *haki.PersonExport
	err := s.write(ctx, func(tx *Tx) (err error) {
		if out, err = tx.exportPerson(id); err != nil {
			return err
		}
		return tx.audit("view", "person", "", nil, auditView{IDs: []string{id}, Purpose: "data export (" + format + ")"})
	})
	return out, err
}

func (tx *Tx) exportPerson(id string) (*haki.PersonExport, error) {
	p, err := tx.findPerson(id)
	if err != nil {
		return nil, err
	}
	x := &haki.PersonExport{GeneratedAt: tx.now, Person: p}
	if x.Consents, err = tx.consentsOf(id); err != nil {
		return nil, err
	}
	pv, err := tx.personPrivacy(id)
	if err != nil {
		return nil, err
	}
	x.LegalHold = pv.Hold
	if x.Acts, x.Incidents, err = tx.exportActs(id); err != nil {
		return nil, err
	}
	ids, err := tx.strings(`SELECT id FROM sources WHERE person_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	x.Sources = []*haki.Source{}
	for _, sid := range ids {
		src, err := tx.findSource(sid)
		if err != nil {
			return nil, err
		}
		x.Sources = append(x.Sources, src)
	}
	if ids, err = tx.strings(`SELECT id FROM cases WHERE client_id = ? ORDER BY intake_date, id`, id); err != nil {
		return nil, err
	}
	x.Cases = []*haki.Case{}
	for _, cid := range ids {
		c, err := tx.findCase(cid)
		if err != nil {
			return nil, err
		}
		x.Cases = append(x.Cases, c)
	}
	if err := tx.exportCasework(x, ids); err != nil {
		return nil, err
	}
	x.Audit, err = tx.personActivity(id)
	return x, err
}

// exportCasework adds the work done on the person's cases: assessments,
// services, referrals and legal matters, read as the caller reads them.
func (tx *Tx) exportCasework(x *haki.PersonExport, caseIDs []string) error {
	x.Assessments, x.Services, x.Referrals, x.Matters = []*haki.Assessment{}, []*haki.Service{}, []*haki.Referral{}, []*haki.LegalMatter{}
	for _, cid := range caseIDs {
		_, key, err := tx.caseKeyForRead(cid)
		if err != nil {
			return err
		}
		rows, err := tx.query(`SELECT `+assessmentColumns+` FROM case_assessments WHERE case_id = ? ORDER BY assessed_on, created_at, id`, cid)
		if err != nil {
			return err
		}
		for rows.Next() {
			a, err := scanAssessment(rows, key)
			if err != nil {
				rows.Close()
				return err
			}
			x.Assessments = append(x.Assessments, a)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		for _, part := range []struct {
			q   string
			add func(id string) error
		}{
			{`SELECT id FROM services WHERE case_id = ? ORDER BY delivered_on, id`, func(id string) error {
				v, err := tx.findService(id)
				x.Services = append(x.Services, v)
				return err
			}},
			{`SELECT id FROM referrals WHERE case_id = ? ORDER BY sent_on, id`, func(id string) error {
				v, err := tx.findReferral(id)
				x.Referrals = append(x.Referrals, v)
				return err
			}},
			{`SELECT id FROM legal_matters WHERE case_id = ? ORDER BY created_at, id`, func(id string) error {
				v, err := tx.findMatter(id)
				x.Matters = append(x.Matters, v)
				return err
			}},
		} {
			ids, err := tx.strings(part.q, cid)
			if err != nil {
				return err
			}
			for _, id := range ids {
				if err := part.add(id); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// exportActs returns the acts done to the person and their incidents' facts.
func (tx *Tx) exportActs(personID string) ([]*haki.Act, []haki.IncidentFacts, error) {
	ids, err := tx.strings(`SELECT id FROM acts WHERE victim_id = ? ORDER BY id`, personID)
	if err != nil {
		return nil, nil, err
	}
	acts, facts, seen := []*haki.Act{}, []haki.IncidentFacts{}, map[string]bool{}
	for _, aid := range ids {
		a, err := tx.findAct(aid)
		if err != nil {
			return nil, nil, err
		}
		acts = append(acts, a)
		if seen[a.IncidentID] {
			continue
		}
		seen[a.IncidentID] = true
		inc, err := tx.findIncident(a.IncidentID)
		if err != nil {
			return nil, nil, err
		}
		facts = append(facts, haki.IncidentFacts{ID: inc.ID, Ref: inc.Ref, Types: inc.Types, Occurred: inc.Occurred,
			CountyCode: inc.CountyCode, Verification: inc.Verification})
	}
	return acts, facts, nil
}

// personActivity lists the audit entries about the person's record: its
// own entries and the views that listed the person, oldest first.
func (tx *Tx) personActivity(id string) ([]haki.ExportActivity, error) {
	rows, err := tx.query(`SELECT at, username, action, entity_id, after_json FROM audit_log
		WHERE entity = 'person' AND (entity_id = ? OR (action = 'view' AND after_json LIKE ?)) ORDER BY id`, id, "%"+id+"%")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []haki.ExportActivity{}
	for rows.Next() {
		var at, entityID, after string
		var e haki.ExportActivity
		if err := rows.Scan(&at, &e.Username, &e.Action, &entityID, &after); err != nil {
			return nil, err
		}
		e.At = parseTime(at)
		if e.Action == "view" {
			var v auditView
			if json.Unmarshal([]byte(after), &v) != nil || !containsString(v.IDs, id) {
				continue
			}
			e.Purpose = v.Purpose
		} else if e.Action == "erase" || e.Action == "legal_hold" {
			e.Purpose = after
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func containsString(ss []string, s string) bool {
	for _, v := range ss {
		if v == s {
			return true
		}
	}
	return false
}

// FindPersonPrivacy returns whether a person was erased and the legal
// holds on them and on the cases where they are the client.
func (s *Store) FindPersonPrivacy(ctx context.Context, id string) (*haki.PersonPrivacy, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermPrivacy, "person"); err != nil {
		return nil, err
	}
	var out *haki.PersonPrivacy
	err := s.read(ctx, func(tx *Tx) (err error) {
		out, err = tx.personPrivacy(id)
		return err
	})
	return out, err
}

func (tx *Tx) personPrivacy(id string) (*haki.PersonPrivacy, error) {
	p := &haki.PersonPrivacy{PersonID: id, Cases: []haki.CaseHold{}}
	var erased string
	var h holdRow
	err := tx.queryRow(`SELECT ref, erased_at, legal_hold, legal_hold_reason, legal_hold_by, legal_hold_at FROM persons WHERE id = ?`, id).
		Scan(&p.Ref, &erased, &h.on, &h.reason, &h.by, &h.at)
	if err != nil {
		return nil, tx.mapErr(err, "person")
	}
	p.ErasedAt, p.Hold = parseTime(erased), h.hold()
	rows, err := tx.query(`SELECT id, ref, legal_hold, legal_hold_reason, legal_hold_by, legal_hold_at FROM cases WHERE client_id = ? ORDER BY ref`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c haki.CaseHold
		var h holdRow
		if err := rows.Scan(&c.CaseID, &c.CaseRef, &h.on, &h.reason, &h.by, &h.at); err != nil {
			return nil, err
		}
		c.Hold = h.hold()
		p.Cases = append(p.Cases, c)
	}
	return p, rows.Err()
}

type holdRow struct {
	on             bool
	reason, by, at string
}

func (h holdRow) hold() *haki.LegalHold {
	if !h.on {
		return nil
	}
	return &haki.LegalHold{Reason: h.reason, SetBy: h.by, SetAt: parseTime(h.at)}
}

// SetLegalHold sets (hold true, with a reason) or clears a legal hold on a
// person or a case (entity "person" or "case"). Only administrators may.
func (s *Store) SetLegalHold(ctx context.Context, entity, id string, hold bool, reason string) error {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermPrivacyAdmin); err != nil {
		return err
	}
	table := map[string]string{"person": "persons", "case": "cases"}[entity]
	if table == "" {
		return haki.Errorf(haki.EINVALID, "A legal hold is set on a person or a case.")
	}
	reason = strings.TrimSpace(reason)
	if hold && reason == "" {
		pr := haki.Problems{}
		pr.Add("reason", "Say why the record is held.")
		return pr.Err()
	}
	return s.write(ctx, func(tx *Tx) error {
		by, at := "", ""
		if hold {
			by, at = u.Username, fmtTime(tx.now)
		} else {
			reason = ""
		}
		res, err := tx.exec(`UPDATE `+table+` SET legal_hold = ?, legal_hold_reason = ?, legal_hold_by = ?, legal_hold_at = ? WHERE id = ?`,
			boolInt(hold), reason, by, at, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return haki.Errorf(haki.ENOTFOUND, "No such %s.", entity)
		}
		return tx.audit("legal_hold", entity, id, nil, map[string]any{"hold": hold, "reason": reason})
	})
}

// ErasePerson destroys a person's identity: their data key is deleted, so
// every value sealed with it (their identifiers and the sealed history of
// their record in the audit log) can never be read again; the sealed
// columns are blanked, the search tokens deleted and the birth date cut to
// its year. What statistics need stays: sex, age, county, the acts. A legal
// hold on the person or one of their cases refuses it. The reason is kept
// in the audit log, so it must not name the person.
func (s *Store) ErasePerson(ctx context.Context, id, reason string) error {
	if err := require(haki.UserFromContext(ctx), haki.PermPrivacy); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		pr := haki.Problems{}
		pr.Add("reason", "Give the reason for the erasure (without the person's name).")
		return pr.Err()
	}
	return s.write(ctx, func(tx *Tx) error {
		pv, err := tx.personPrivacy(id)
		if err != nil {
			return err
		}
		if pv.Erased() {
			return haki.Errorf(haki.ECONFLICT, "This person's identity was erased already.")
		}
		if pv.Held() {
			return haki.Errorf(haki.ECONFLICT, "A legal hold is set on this person or one of their cases; an administrator must clear it first.")
		}
		return tx.eraseIdentity(id, reason)
	})
}

// eraseIdentity does the erasure of ErasePerson, whose checks the caller
// made, and audits it with reason.
func (tx *Tx) eraseIdentity(id, reason string) error {
	var keyID sql.NullString
	if err := tx.queryRow(`SELECT key_id FROM persons WHERE id = ?`, id).Scan(&keyID); err != nil {
		return tx.mapErr(err, "person")
	}
	// Erasure keeps only the year of birth: the victim's age band may change.
	if err := tx.touchIncidentsOf(`SELECT incident_id FROM acts WHERE victim_id = ?`, id); err != nil {
		return err
	}
	if _, err := tx.exec(`UPDATE persons SET key_id = NULL, full_name = '', other_names = '', national_id = '', phone = '',
		disability = '', next_of_kin = '', notes = '', erased_at = ?, updated_at = ?, version = version + 1,
		birth_date = CASE WHEN birth_date = '' THEN '' ELSE substr(birth_date, 1, 4) || '-01-01' END,
		birth_precision = CASE WHEN birth_date = '' THEN birth_precision ELSE 'year' END
		WHERE id = ?`, fmtTime(tx.now), fmtTime(tx.now), id); err != nil {
		return err
	}
	if _, err := tx.exec(`DELETE FROM person_tokens WHERE person_id = ?`, id); err != nil {
		return err
	}
	// A case's summary and history are about its client: their keys go
	// too. The cases stay, with their dates and statuses, for statistics.
	keys, err := tx.strings(`SELECT key_id FROM cases WHERE client_id = ? AND key_id IS NOT NULL`, id)
	if err != nil {
		return err
	}
	if _, err := tx.exec(`UPDATE cases SET key_id = NULL, summary = '' WHERE client_id = ?`, id); err != nil {
		return err
	}
	if err := tx.emptyCaseSealed(id); err != nil {
		return err
	}
	if keyID.Valid {
		keys = append(keys, keyID.String)
	}
	for _, k := range keys {
		if _, err := tx.exec(`DELETE FROM data_keys WHERE id = ?`, k); err != nil {
			return err
		}
	}
	return tx.audit("erase", "person", id, nil, map[string]string{"reason": reason})
}

// FindPersonHistory returns the audit entries of a person's record, newest
// first, with their before and after values opened: the history of its
// corrections. Administrators and data managers may read it; each reading
// is audited as a view of the person's identity.
func (s *Store) FindPersonHistory(ctx context.Context, id string) ([]*haki.AuditEntry, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermPrivacy, "person"); err != nil {
		return nil, err
	}
	var out []*haki.AuditEntry
	err := s.write(ctx, func(tx *Tx) error {
		if _, err := tx.personPrivacy(id); err != nil {
			return err
		}
		var err error
		if out, err = tx.auditEntries("entity = 'person' AND entity_id = ?", []any{id}, 200); err != nil {
			return err
		}
		return tx.audit("view", "person", "", nil, auditView{IDs: []string{id}, Purpose: "history of corrections"})
	})
	return out, err
}
