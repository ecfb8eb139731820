package store

import (
	"context"
	"strings"

	"github.com/haki-kenya/haki"
)

const assessmentColumns = `id, case_id, assessed_on, threat_level, threatened_by, safe_to_call, safe_to_text, safe_times, contact_method,
	needs, notes, COALESCE(assessed_by, ''), created_at`

// scanAssessment reads a row of assessmentColumns, opening the sealed
// fields with the case's key (nil: the client was erased).
func scanAssessment(row interface{ Scan(...any) error }, key []byte) (*haki.Assessment, error) {
	a := &haki.Assessment{}
	var on, created, needs string
	if err := row.Scan(&a.ID, &a.CaseID, &on, &a.ThreatLevel, &a.ThreatenedBy, &a.SafeToCall, &a.SafeToText, &a.SafeTimes,
		&a.ContactMethod, &needs, &a.Notes, &a.AssessedBy, &created); err != nil {
		return nil, err
	}
	a.AssessedOn, a.CreatedAt = parseDate(on), parseTime(created)
	a.Needs = []string{}
	if needs != "" {
		a.Needs = strings.Split(needs, ",")
	}
	if key == nil {
		a.ThreatenedBy, a.SafeTimes, a.Notes = "", "", ""
		return a, nil
	}
	err := (sealer{key, "assessment", a.ID}).openAll(map[string]*string{
		"threatened_by": &a.ThreatenedBy, "safe_times": &a.SafeTimes, "notes": &a.Notes})
	return a, err
}

// RecordAssessment stores a new risk and protection assessment of a case;
// it is in force from now on.
func (s *Store) RecordAssessment(ctx context.Context, a *haki.Assessment) error {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWrite); err != nil {
		return err
	}
	a.Normalize()
	return s.write(ctx, func(tx *Tx) error {
		if err := a.Validate(tx.now); err != nil {
			return err
		}
		if _, err := tx.findCase(a.CaseID); err != nil {
			return err
		}
		return tx.recordAssessment(a)
	})
}

// recordAssessment stores an assessment of a case the caller has already
// found (or just opened).
func (tx *Tx) recordAssessment(a *haki.Assessment) error {
	keyID, key, err := tx.caseKey(a.CaseID)
	if err != nil {
		return err
	}
	a.ID, a.AssessedBy, a.CreatedAt = newID(), tx.userID(), tx.now
	sl := sealer{key, "assessment", a.ID}
	if _, err := tx.exec(`INSERT INTO case_assessments (id, case_id, assessed_on, threat_level, threatened_by, safe_to_call, safe_to_text,
		safe_times, contact_method, needs, notes, assessed_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.CaseID, fmtDate(a.AssessedOn), a.ThreatLevel, sl.seal("threatened_by", a.ThreatenedBy), boolInt(a.SafeToCall),
		boolInt(a.SafeToText), sl.seal("safe_times", a.SafeTimes), a.ContactMethod, strings.Join(a.Needs, ","), sl.seal("notes", a.Notes),
		nullString(a.AssessedBy), fmtTime(tx.now)); err != nil {
		return tx.mapErr(err, "assessment")
	}
	if err := tx.caseEvent(a.CaseID, haki.EventAssessment, a.AssessedOn, "threat: "+a.ThreatLevel, "assessment", a.ID); err != nil {
		return err
	}
	after, err := sealAudit(keyID, key, a)
	if err != nil {
		return err
	}
	return tx.audit("create", "assessment", a.ID, nil, after)
}

// FindAssessments returns a case's assessments, the one in force first.
func (s *Store) FindAssessments(ctx context.Context, caseID string) ([]*haki.Assessment, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermCaseRead, "case"); err != nil {
		return nil, err
	}
	var out []*haki.Assessment
	err := s.read(ctx, func(tx *Tx) error {
		if _, err := tx.findCase(caseID); err != nil {
			return err
		}
		_, key, err := tx.caseKeyForRead(caseID)
		if err != nil {
			return err
		}
		rows, err := tx.query(`SELECT `+assessmentColumns+` FROM case_assessments WHERE case_id = ?
			ORDER BY assessed_on DESC, created_at DESC, id DESC`, caseID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanAssessment(rows, key)
			if err != nil {
				return err
			}
			out = append(out, a)
		}
		return rows.Err()
	})
	return out, err
}

// assessmentInForce returns a case's latest assessment, or nil when it has
// none. Anything that contacts a client obeys it: with none, or one that
// says it is not safe, the client is neither called nor texted.
func (tx *Tx) assessmentInForce(caseID string) (*haki.Assessment, error) {
	_, key, err := tx.caseKeyForRead(caseID)
	if err != nil {
		return nil, err
	}
	a, err := scanAssessment(tx.queryRow(`SELECT `+assessmentColumns+` FROM case_assessments WHERE case_id = ?
		ORDER BY assessed_on DESC, created_at DESC, id DESC LIMIT 1`, caseID), key)
	if isNoRows(err) {
		return nil, nil
	}
	return a, err
}
