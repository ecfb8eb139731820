package store

import (
	"context"
	"slices"

	"github.com/haki-kenya/haki"
)

const matterColumns = `m.id, m.case_id, m.court, m.court_station, m.case_number, m.kind, m.status, m.filed_on, COALESCE(m.counsel_user_id, ''),
	m.counsel_name, m.outcome, m.sentence, m.compensation_kes, m.notes, COALESCE(m.created_by, ''), m.created_at, m.updated_at, m.version,
	COALESCE(cu.display_name, cu.username, '')`

const matterFrom = `legal_matters m LEFT JOIN users cu ON cu.id = m.counsel_user_id`

// scanMatter reads a row of matterColumns, opening the sealed fields with
// the case's key (nil: the client was erased).
func scanMatter(row interface{ Scan(...any) error }, key []byte) (*haki.LegalMatter, error) {
	m := &haki.LegalMatter{}
	var filed, created, updated string
	if err := row.Scan(&m.ID, &m.CaseID, &m.Court, &m.CourtStation, &m.CaseNumber, &m.Kind, &m.Status, &filed, &m.CounselUserID,
		&m.CounselName, &m.Outcome, &m.Sentence, &m.CompensationKES, &m.Notes, &m.CreatedBy, &created, &updated, &m.Version, &m.CounselUser); err != nil {
		return nil, err
	}
	m.FiledOn, m.CreatedAt, m.UpdatedAt = parseDate(filed), parseTime(created), parseTime(updated)
	m.AccusedIDs = []string{}
	if key == nil {
		m.CaseNumber, m.CounselName, m.Sentence, m.Notes = "", "", "", ""
		return m, nil
	}
	return m, (sealer{key, "legal_matter", m.ID}).openAll(map[string]*string{
		"case_number": &m.CaseNumber, "counsel_name": &m.CounselName, "sentence": &m.Sentence, "notes": &m.Notes})
}

// checkMatter checks what a matter refers to: counsel with an account, and
// accused chosen among the involvements of the case's incidents.
func (tx *Tx) checkMatter(m *haki.LegalMatter) error {
	pr := haki.Problems{}
	m.Normalize()
	if err := m.Validate(tx.now); err != nil {
		for k, v := range haki.ErrorFields(err) {
			pr.Add(k, v)
		}
	}
	if err := tx.checkStaff(pr, "counsel_user_id", m.CounselUserID, haki.RoleCaseworker, haki.RoleProfessional, haki.RoleAdmin, haki.RoleDataManager); err != nil {
		return err
	}
	if len(m.AccusedIDs) > 0 {
		allowed, err := tx.strings(`SELECT v.id FROM involvements v JOIN acts a ON a.id = v.act_id
			JOIN case_incidents ci ON ci.incident_id = a.incident_id WHERE ci.case_id = ?`, m.CaseID)
		if err != nil {
			return err
		}
		for _, id := range m.AccusedIDs {
			if !slices.Contains(allowed, id) {
				pr.Add("accused_ids", "Choose the accused among the perpetrators of the case's incidents.")
				break
			}
		}
	}
	return pr.Err()
}

// CreateMatter adds a legal matter to a case. The client must have given
// consent to litigation; only an administrator may override that, with a
// written reason (override), which is audited.
func (s *Store) CreateMatter(ctx context.Context, m *haki.LegalMatter, override string) error {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		if _, err := tx.findCase(m.CaseID); err != nil {
			return err
		}
		if err := tx.checkMatter(m); err != nil {
			return err
		}
		if err := tx.checkConsent(m.CaseID, haki.ConsentLitigation, "legal matter", override); err != nil {
			return err
		}
		keyID, key, err := tx.caseKey(m.CaseID)
		if err != nil {
			return err
		}
		m.ID, m.CreatedBy, m.CreatedAt, m.UpdatedAt, m.Version = newID(), tx.userID(), tx.now, tx.now, 1
		sl := sealer{key, "legal_matter", m.ID}
		if _, err := tx.exec(`INSERT INTO legal_matters (id, case_id, court, court_station, case_number, kind, status, filed_on, counsel_user_id,
			counsel_name, outcome, sentence, compensation_kes, notes, created_by, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			m.ID, m.CaseID, m.Court, m.CourtStation, sl.seal("case_number", m.CaseNumber), m.Kind, m.Status, fmtDate(m.FiledOn),
			nullString(m.CounselUserID), sl.seal("counsel_name", m.CounselName), m.Outcome, sl.seal("sentence", m.Sentence), m.CompensationKES,
			sl.seal("notes", m.Notes), nullString(m.CreatedBy), fmtTime(tx.now), fmtTime(tx.now)); err != nil {
			return tx.mapErr(err, "legal matter")
		}
		if err := tx.setAccused(m); err != nil {
			return err
		}
		if err := tx.caseEvent(m.CaseID, haki.EventMatter, tx.now, "matter: "+m.Kind+", "+m.Court, "legal_matter", m.ID); err != nil {
			return err
		}
		if m.Outcome != "pending" {
			if err := tx.caseEvent(m.CaseID, haki.EventMatter, tx.now, "outcome: "+m.Outcome, "legal_matter", m.ID); err != nil {
				return err
			}
		}
		a, err := sealAudit(keyID, key, m)
		if err != nil {
			return err
		}
		return tx.audit("create", "legal_matter", m.ID, nil, a)
	})
}

func (tx *Tx) setAccused(m *haki.LegalMatter) error {
	if _, err := tx.exec(`DELETE FROM matter_accused WHERE matter_id = ?`, m.ID); err != nil {
		return err
	}
	for _, id := range dedupe(m.AccusedIDs) {
		if _, err := tx.exec(`INSERT INTO matter_accused (matter_id, involvement_id) VALUES (?, ?)`, m.ID, id); err != nil {
			return tx.mapErr(err, "legal matter")
		}
	}
	return nil
}

// UpdateMatter replaces a matter's fields and accused; m.Version must be
// the version read. A new outcome is a line of the timeline of its own.
func (s *Store) UpdateMatter(ctx context.Context, m *haki.LegalMatter) error {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, err := tx.findMatter(m.ID)
		if err != nil {
			return err
		}
		m.CaseID = before.CaseID
		if err := tx.checkMatter(m); err != nil {
			return err
		}
		keyID, key, err := tx.caseKey(m.CaseID)
		if err != nil {
			return err
		}
		sl := sealer{key, "legal_matter", m.ID}
		if err := tx.execOne("legal matter", `UPDATE legal_matters SET court = ?, court_station = ?, case_number = ?, kind = ?, status = ?, filed_on = ?,
			counsel_user_id = ?, counsel_name = ?, outcome = ?, sentence = ?, compensation_kes = ?, notes = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND version = ?`, m.Court, m.CourtStation, sl.seal("case_number", m.CaseNumber), m.Kind, m.Status, fmtDate(m.FiledOn),
			nullString(m.CounselUserID), sl.seal("counsel_name", m.CounselName), m.Outcome, sl.seal("sentence", m.Sentence), m.CompensationKES,
			sl.seal("notes", m.Notes), fmtTime(tx.now), m.ID, m.Version); err != nil {
			return err
		}
		if err := tx.setAccused(m); err != nil {
			return err
		}
		m.CreatedBy, m.CreatedAt, m.UpdatedAt, m.Version = before.CreatedBy, before.CreatedAt, tx.now, before.Version+1
		summary := "matter updated: " + m.Kind + ", " + m.Status
		if before.Status != m.Status {
			summary = "matter status: " + before.Status + " → " + m.Status
		}
		if err := tx.caseEvent(m.CaseID, haki.EventMatter, tx.now, summary, "legal_matter", m.ID); err != nil {
			return err
		}
		if before.Outcome != m.Outcome {
			if err := tx.caseEvent(m.CaseID, haki.EventMatter, tx.now, "outcome: "+m.Outcome, "legal_matter", m.ID); err != nil {
				return err
			}
		}
		return tx.auditSealed("update", "legal_matter", m.ID, keyID, key, before, m)
	})
}

// FindMatterByID returns a legal matter of a case the caller may see, with its accused.
func (s *Store) FindMatterByID(ctx context.Context, id string) (*haki.LegalMatter, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermCaseRead, "legal matter"); err != nil {
		return nil, err
	}
	var m *haki.LegalMatter
	err := s.read(ctx, func(tx *Tx) (err error) {
		if m, err = tx.findMatter(id); err != nil {
			return err
		}
		return tx.loadAccused(m)
	})
	return m, err
}

// findMatter returns a matter whose case the caller may see.
func (tx *Tx) findMatter(id string) (*haki.LegalMatter, error) {
	var caseID string
	if err := tx.queryRow(`SELECT case_id FROM legal_matters WHERE id = ?`, id).Scan(&caseID); err != nil {
		return nil, tx.mapErr(err, "legal matter")
	}
	if _, err := tx.findCase(caseID); haki.ErrorCode(err) == haki.ENOTFOUND {
		return nil, haki.Errorf(haki.ENOTFOUND, "No such legal matter.")
	} else if err != nil {
		return nil, err
	}
	_, key, err := tx.caseKeyForRead(caseID)
	if err != nil {
		return nil, err
	}
	m, err := scanMatter(tx.queryRow(`SELECT `+matterColumns+` FROM `+matterFrom+` WHERE m.id = ?`, id), key)
	if err != nil {
		return nil, tx.mapErr(err, "legal matter")
	}
	m.AccusedIDs, err = tx.strings(`SELECT involvement_id FROM matter_accused WHERE matter_id = ? ORDER BY involvement_id`, id)
	return m, err
}

// FindMatters returns a case's legal matters, newest first, with their accused.
func (s *Store) FindMatters(ctx context.Context, caseID string) ([]*haki.LegalMatter, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermCaseRead, "case"); err != nil {
		return nil, err
	}
	var out []*haki.LegalMatter
	err := s.read(ctx, func(tx *Tx) error {
		if _, err := tx.findCase(caseID); err != nil {
			return err
		}
		ids, err := tx.strings(`SELECT id FROM legal_matters WHERE case_id = ? ORDER BY created_at DESC, id DESC`, caseID)
		if err != nil {
			return err
		}
		for _, id := range ids {
			m, err := tx.findMatter(id)
			if err != nil {
				return err
			}
			if err := tx.loadAccused(m); err != nil {
				return err
			}
			out = append(out, m)
		}
		return nil
	})
	return out, err
}

// accusedSelect reads involvements as accused, with their incident's reference.
const accusedSelect = `SELECT v.id, a.incident_id, i.ref, v.service_code, COALESCE(n.name, ''), v.officer_name, v.officer_rank, v.degree
	FROM involvements v JOIN acts a ON a.id = v.act_id JOIN incidents i ON i.id = a.incident_id LEFT JOIN institutions n ON n.id = v.institution_id`

func (tx *Tx) accused(where string, args ...any) ([]*haki.MatterAccused, error) {
	rows, err := tx.query(accusedSelect+` WHERE `+where+` ORDER BY i.ref, v.id`, args...)
	if err != nil {
		return nil, err
	}
	var out []*haki.MatterAccused
	for rows.Next() {
		x := &haki.MatterAccused{}
		if err := rows.Scan(&x.InvolvementID, &x.IncidentID, &x.IncidentRef, &x.ServiceCode, &x.Institution, &x.OfficerName, &x.OfficerRank, &x.Degree); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, x)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	keys := map[string][]byte{}
	for _, x := range out {
		key, ok := keys[x.IncidentID]
		if !ok {
			if key, err = tx.revealKey(x.IncidentID); err != nil {
				return nil, err
			}
			keys[x.IncidentID] = key
		}
		if key == nil {
			x.OfficerName = ""
		} else if x.OfficerName, err = (sealer{key, "involvement", x.InvolvementID}).open("officer_name", x.OfficerName); err != nil {
			return nil, err
		} else {
			tx.reveal("involvement", x.InvolvementID)
		}
	}
	return out, nil
}

func (tx *Tx) loadAccused(m *haki.LegalMatter) error {
	var err error
	m.Accused, err = tx.accused(`v.id IN (SELECT involvement_id FROM matter_accused WHERE matter_id = ?)`, m.ID)
	return err
}

// FindAccusedChoices returns the perpetrators of a case's incidents: those
// a legal matter of the case may accuse.
func (s *Store) FindAccusedChoices(ctx context.Context, caseID string) ([]*haki.MatterAccused, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermCaseRead, "case"); err != nil {
		return nil, err
	}
	var out []*haki.MatterAccused
	err := s.read(ctx, func(tx *Tx) (err error) {
		if _, err := tx.findCase(caseID); err != nil {
			return err
		}
		out, err = tx.accused(`a.incident_id IN (SELECT incident_id FROM case_incidents WHERE case_id = ?)`, caseID)
		return err
	})
	return out, err
}
