package store

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/haki-kenya/haki"
)

// CreateEvaluation opens a draft evaluation of a case the caller sees, with
// the caller, a clinician of the directory, as its evaluator: their name,
// profession and licence as the directory has them now, and their
// qualifications (from the directory when e has none).
func (s *Store) CreateEvaluation(ctx context.Context, e *haki.Evaluation) error {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWork); err != nil {
		return err
	}
	e.Normalize()
	return s.write(ctx, func(tx *Tx) error {
		c, err := tx.findCase(e.CaseID)
		if err != nil {
			return err
		}
		if e.ExaminedOn.IsZero() {
			e.ExaminedOn = tx.now
		}
		if err := e.Validate(tx.now); err != nil {
			return err
		}
		p, err := tx.clinician()
		if err != nil {
			return err
		}
		if err := tx.checkEvaluationRefs(c, e); err != nil {
			return err
		}
		e.ID, e.EvaluatorID, e.Status, e.Version = newID(), tx.user.ID, haki.EvaluationDraft, 1
		e.EvaluatorName, e.EvaluatorProfession, e.EvaluatorLicence = p.Name, p.Profession, p.LicenceNumber
		if e.Qualifications == "" {
			e.Qualifications = qualificationsOf(p)
		}
		e.CreatedAt, e.UpdatedAt = tx.now, tx.now
		_, key, err := tx.caseKey(c.ID)
		if err != nil {
			return err
		}
		sl := sealer{key, "evaluation", e.ID}
		content, err := sealEvaluation(sl, e)
		if err != nil {
			return err
		}
		if _, err := tx.exec(`INSERT INTO evaluations (id, case_id, kind, evaluator_id, evaluator_name, evaluator_profession,
			evaluator_licence, examined_on, status, content, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			e.ID, c.ID, e.Kind, e.EvaluatorID, sl.seal("evaluator_name", e.EvaluatorName), e.EvaluatorProfession,
			e.EvaluatorLicence, fmtDate(e.ExaminedOn), e.Status, content, fmtTime(tx.now), fmtTime(tx.now)); err != nil {
			return err
		}
		return tx.audit("create", "evaluation", e.ID, nil, evaluationForAudit(e))
	})
}

// qualificationsOf words a directory record's qualifications for a report.
func qualificationsOf(p *haki.Professional) string {
	var parts []string
	if p.LicenceNumber != "" {
		parts = append(parts, "Licence "+p.LicenceNumber)
	}
	for _, t := range p.Trainings {
		parts = append(parts, t.Name+" ("+t.AttendedOn.Format("2006")+")")
	}
	return strings.Join(parts, "; ")
}

// sealEvaluation seals the content document of e.
func sealEvaluation(sl sealer, e *haki.Evaluation) (string, error) {
	b, err := json.Marshal(sealedEvaluation{Qualifications: e.Qualifications, EvaluationContent: e.EvaluationContent})
	if err != nil {
		return "", err
	}
	return sl.seal("content", string(b)), nil
}

// evaluationForAudit is what an audit entry says of an evaluation: its
// header, never its content.
func evaluationForAudit(e *haki.Evaluation) map[string]any {
	return map[string]any{"case_id": e.CaseID, "kind": e.Kind, "status": e.Status, "version": e.Version,
		"findings": len(e.Findings), "hash": e.Hash}
}

// SaveEvaluation replaces a draft's content with e's, as its evaluator
// types it: e.Version must be the version read, so that two devices
// cannot overwrite each other unseen. e.Version is the new one after.
func (s *Store) SaveEvaluation(ctx context.Context, e *haki.Evaluation) error {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWork); err != nil {
		return err
	}
	e.Normalize()
	return s.write(ctx, func(tx *Tx) error {
		cur, err := tx.draftOfMine(e.ID, e.Version)
		if err != nil {
			return err
		}
		if err := e.Validate(tx.now); err != nil {
			return err
		}
		c, err := tx.findCase(cur.CaseID)
		if err != nil {
			return err
		}
		if err := tx.checkEvaluationRefs(c, e); err != nil {
			return err
		}
		e.CaseID, e.MatterID, e.EvaluatorID, e.EvaluatorName = cur.CaseID, cur.MatterID, cur.EvaluatorID, cur.EvaluatorName
		e.EvaluatorProfession, e.EvaluatorLicence, e.Status = cur.EvaluatorProfession, cur.EvaluatorLicence, cur.Status
		e.CreatedAt, e.UpdatedAt, e.Version = cur.CreatedAt, tx.now, cur.Version+1
		if e.Qualifications == "" { // not given: kept as they were
			e.Qualifications = cur.Qualifications
		}
		_, key, err := tx.caseKey(c.ID)
		if err != nil {
			return err
		}
		content, err := sealEvaluation(sealer{key, "evaluation", e.ID}, e)
		if err != nil {
			return err
		}
		if err := tx.execOne("evaluation", `UPDATE evaluations SET kind = ?, examined_on = ?, content = ?, updated_at = ?, version = ?
			WHERE id = ? AND version = ? AND status = 'draft'`, e.Kind, fmtDate(e.ExaminedOn), content, fmtTime(tx.now), e.Version,
			e.ID, cur.Version); err != nil {
			return err
		}
		return tx.audit("update", "evaluation", e.ID, evaluationForAudit(cur), evaluationForAudit(e))
	})
}

// draftOfMine reads an evaluation the caller may edit: a draft of theirs
// at version (0: any).
func (tx *Tx) draftOfMine(id string, version int) (*haki.Evaluation, error) {
	cur, err := tx.findEvaluation(id)
	if err != nil {
		return nil, err
	}
	if cur.EvaluatorID != tx.user.ID {
		return nil, haki.Errorf(haki.EFORBIDDEN, "Only the evaluator writes the evaluation.")
	}
	if cur.Status != haki.EvaluationDraft {
		return nil, haki.Errorf(haki.ECONFLICT, "A signed evaluation never changes: add an addendum instead.")
	}
	if version != 0 && cur.Version != version {
		return nil, haki.Errorf(haki.ECONFLICT, "The evaluation was saved elsewhere meanwhile (another tab or device); reload it before going on.")
	}
	return cur, nil
}

// checkEvaluationRefs checks that what e points at belongs to its case:
// the acts alleged (of the case's incidents) and the photographs (evidence
// files of the case).
func (tx *Tx) checkEvaluationRefs(c *haki.Case, e *haki.Evaluation) error {
	// One query for the acts and one for the photographs, since a draft is
	// saved in the background every few seconds.
	acts, err := tx.found(`SELECT DISTINCT a.id, a.incident_id FROM acts a JOIN case_incidents ci ON ci.incident_id = a.incident_id
		WHERE ci.case_id = ? AND a.id IN `, c.ID, e.ActIDs)
	if err != nil {
		return err
	}
	for _, id := range e.ActIDs {
		if _, ok := acts[id]; !ok {
			return &haki.Error{Code: haki.EINVALID, Message: "An act alleged is not one of the case's incidents.",
				Fields: map[string]string{"act_ids": "Choose acts of the case's incidents."}}
		}
	}
	var photos []string
	for _, f := range e.Findings {
		photos = append(photos, f.PhotoIDs...)
	}
	found, err := tx.found(`SELECT id, content_type FROM evidence WHERE case_id = ? AND id IN `, c.ID, photos)
	if err != nil {
		return err
	}
	for _, f := range e.Findings {
		for _, id := range f.PhotoIDs {
			if !haki.IsPhoto(found[id]) {
				field := "finding_" + strconv.Itoa(f.No) + "_photos"
				return &haki.Error{Code: haki.EINVALID, Message: "A photograph is not a file of this case.",
					Fields: map[string]string{field: "Choose photographs (JPEG or PNG) uploaded to this case."}}
			}
		}
	}
	return tx.scoreInstruments(e)
}

// found runs q (ending in "IN ", selecting an id and a text) for owner
// and ids, and returns the text of each id it gives back.
func (tx *Tx) found(q, owner string, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{owner}
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := tx.query(q+"("+placeholders(len(ids))+")", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, v string
		if err := rows.Scan(&id, &v); err != nil {
			return nil, err
		}
		out[id] = v
	}
	return out, rows.Err()
}

// SignEvaluation signs the evaluator's draft at version with a fresh code
// from their second factor (proof.Code; an account without one must enrol
// first). The content is checked complete, its hash taken and kept, and
// each finding's method and level are written for the statistics.
func (s *Store) SignEvaluation(ctx context.Context, id string, version int, proof AccountProof) (*haki.Evaluation, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWork); err != nil {
		return nil, err
	}
	var e *haki.Evaluation
	err := s.withFreshCode(ctx, proof, func(tx *Tx) error {
		var err error
		if e, err = tx.draftOfMine(id, version); err != nil {
			return err
		}
		if err := e.ReadyToSign(); err != nil {
			return err
		}
		before := evaluationForAudit(e)
		e.Status, e.SignedAt, e.UpdatedAt, e.Version = haki.EvaluationSigned, tx.now, tx.now, e.Version+1
		e.Hash = e.SignedHash()
		if err := tx.execOne("evaluation", `UPDATE evaluations SET status = 'signed', signed_at = ?, updated_at = ?, hash = ?,
			overall_level = ?, version = ? WHERE id = ? AND version = ? AND status = 'draft'`, fmtTime(tx.now), fmtTime(tx.now), e.Hash,
			e.OverallLevel, e.Version, e.ID, version); err != nil {
			return err
		}
		for _, f := range e.Findings {
			if _, err := tx.exec(`INSERT INTO evaluation_findings (evaluation_id, no, kind, method, opinion) VALUES (?, ?, ?, ?, ?)`,
				e.ID, f.No, f.Kind, methodCode(f.AllegedMethod), f.Opinion); err != nil {
				return err
			}
		}
		return tx.audit("sign", "evaluation", e.ID, before, evaluationForAudit(e))
	})
	return e, err
}

// methodCode keeps a finding's alleged method for the statistics only when
// it is a code (of the vocabulary "method"), never free text that could name someone.
func methodCode(m string) string {
	if len(m) > 60 || strings.ContainsFunc(m, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r == '_' || r >= '0' && r <= '9') }) {
		return "other"
	}
	return m
}

// AddAddendum signs a correction or addition to a signed evaluation, with a
// fresh code from the signer's second factor. Its evaluator adds one, or,
// when they are gone, a clinician of the directory granted clinical access.
func (s *Store) AddAddendum(ctx context.Context, evaluationID string, a *haki.Addendum, proof AccountProof) error {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWork); err != nil {
		return err
	}
	a.Normalize()
	if err := a.Validate(); err != nil {
		return err
	}
	return s.withFreshCode(ctx, proof, func(tx *Tx) error {
		e, err := tx.findEvaluation(evaluationID)
		if err != nil {
			return err
		}
		if e.Restricted {
			return haki.Errorf(haki.EFORBIDDEN, "Only the evaluator or a clinician with clinical access adds to an evaluation.")
		}
		if e.Status != haki.EvaluationSigned {
			return haki.Errorf(haki.ECONFLICT, "A draft is corrected by editing it; addenda are for signed evaluations.")
		}
		p, err := tx.clinician() // the reader (not Restricted) must also be a clinician
		if err != nil {
			return err
		}
		prev := e.Hash
		if n := len(e.Addenda); n > 0 {
			prev = e.Addenda[n-1].Hash
		}
		a.ID, a.SignedBy, a.SignerName, a.SignedAt = newID(), tx.user.ID, p.Name, tx.now
		a.Hash = a.ChainHash(prev)
		_, key, err := tx.caseKey(e.CaseID)
		if err != nil {
			return err
		}
		sl := sealer{key, "evaluation_addendum", a.ID}
		if _, err := tx.exec(`INSERT INTO evaluation_addenda (id, evaluation_id, case_id, seq, reason, body, signed_by, signer_name, signed_at, hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.ID, e.ID, e.CaseID, len(e.Addenda)+1, sl.seal("reason", a.Reason), sl.seal("body", a.Text),
			a.SignedBy, sl.seal("signer_name", a.SignerName), fmtTime(tx.now), a.Hash); err != nil {
			return err
		}
		return tx.audit("create", "evaluation_addendum", a.ID, nil, map[string]any{"evaluation_id": e.ID, "hash": a.Hash})
	})
}

// withFreshCode runs change once the signed-in user's current
// second-factor code (proof.Code) holds; wrong codes count towards the
// sign-in lockout like any proof.
func (s *Store) withFreshCode(ctx context.Context, proof AccountProof, change func(tx *Tx) error) error {
	a, err := s.findAccount(ctx)
	if err != nil {
		return err
	}
	if a.secret == "" {
		return &haki.Error{Code: haki.EFORBIDDEN, Message: "Signing needs a second factor: set up two-step sign-in on your account page first."}
	}
	if strings.TrimSpace(proof.Code) == "" {
		return &haki.Error{Code: haki.EINVALID, Message: "Type the code your authenticator app shows now.",
			Fields: map[string]string{"current_code": "Type the code your authenticator app shows now."}}
	}
	var refused error
	err = s.write(ctx, func(tx *Tx) error {
		if refused, err = tx.checkProof(a, true, true, proof); err != nil || refused != nil {
			return err
		}
		return change(tx)
	})
	return firstErr(err, refused)
}

// EvaluationForReport returns a signed evaluation for a report made for use
// (one of haki.EvaluationUses): the caller must read its content, the client
// must have allowed that use on the evaluation, and the case's consent for
// it must be given now. The evaluator may also print their draft (use
// "draft"), marked as such. Either way the report is an "export" entry.
func (s *Store) EvaluationForReport(ctx context.Context, id, use string) (*haki.Evaluation, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermCaseRead, "evaluation"); err != nil {
		return nil, err
	}
	var e *haki.Evaluation
	err := s.write(ctx, func(tx *Tx) error {
		var err error
		if e, err = tx.findEvaluation(id); err != nil {
			return err
		}
		if e.Restricted {
			return haki.Errorf(haki.EFORBIDDEN, "Only the evaluator and staff granted clinical access read this evaluation.")
		}
		switch {
		case use == "draft":
			if e.Status != haki.EvaluationDraft || e.EvaluatorID != tx.user.ID {
				return haki.Errorf(haki.EINVALID, "Only the evaluator prints a draft.")
			}
		case !slices.Contains(haki.EvaluationUses, use):
			return haki.Errorf(haki.EINVALID, "Choose what the report is for.")
		case e.Status != haki.EvaluationSigned:
			return haki.Errorf(haki.ECONFLICT, "The evaluation is not signed yet.")
		case !slices.Contains(e.Uses, use):
			return haki.Errorf(haki.EFORBIDDEN, "The client did not allow the report to be used for this.")
		default:
			if err := tx.checkConsent(e.CaseID, use, "use the evaluation for this", ""); err != nil {
				return err
			}
		}
		return tx.audit("export", "evaluation", e.ID, nil, map[string]any{"use": use, "hash": e.Hash})
	})
	return e, err
}

// LinkEvaluationMatter makes a signed evaluation an exhibit in a legal
// matter of its case (matterID "" unlinks it): the client must have allowed
// its use in litigation, and their litigation consent must be given.
func (s *Store) LinkEvaluationMatter(ctx context.Context, id, matterID string) error {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWork); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		e, err := tx.findEvaluation(id)
		if err != nil {
			return err
		}
		if e.Restricted {
			return haki.Errorf(haki.EFORBIDDEN, "Only the evaluator and staff granted clinical access read this evaluation.")
		}
		if matterID != "" {
			var n int
			if err := tx.queryRow(`SELECT COUNT(*) FROM legal_matters WHERE id = ? AND case_id = ?`, matterID, e.CaseID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return haki.Errorf(haki.EINVALID, "Choose a legal matter of the evaluation's case.")
			}
			if !slices.Contains(e.Uses, haki.ConsentLitigation) {
				return haki.Errorf(haki.EFORBIDDEN, "The client did not allow the report to be used in litigation.")
			}
			if err := tx.checkConsent(e.CaseID, haki.ConsentLitigation, "use the evaluation in court", ""); err != nil {
				return err
			}
		}
		if err := tx.execOne("evaluation", `UPDATE evaluations SET matter_id = ? WHERE id = ?`, nullString(matterID), id); err != nil {
			return err
		}
		return tx.audit("update", "evaluation", id, map[string]any{"matter_id": e.MatterID}, map[string]any{"matter_id": matterID})
	})
}

// mayAddClinical refuses a clinical file from anyone but a clinician of the
// directory or staff granted clinical access, or on anything but a case.
func (tx *Tx) mayAddClinical(ev *haki.Evidence) error {
	if !ev.Clinical {
		return nil
	}
	if ev.OwnerKind != haki.OwnerCase {
		return haki.Errorf(haki.EINVALID, "Clinical photographs belong to a case.")
	}
	if tx.user != nil && tx.user.ClinicalAccess {
		return nil
	}
	_, err := tx.clinician()
	return err
}
