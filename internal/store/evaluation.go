package store

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/haki-kenya/haki"
)

// Medico-legal evaluations (haki.Evaluation). The rules, all kept here:
//   - an evaluation is read where its case is (visibleCases): a professional
//     sees only evaluations of cases assigned to them;
//   - its content is read only by its evaluator and by staff granted clinical
//     access (haki.User.ClinicalAccess); anyone else who sees the case is
//     told it exists, its day, evaluator and state (Restricted);
//   - only a clinician of the network directory (ClinicalProfessions) linked
//     to the account opens one, and only its evaluator edits the draft;
//   - signing and addenda need a fresh code from the signer's second factor;
//     a signed evaluation is never updated;
//   - every reading of the content is a "view" entry (tx.reveal), every
//     report made of it an "export" entry naming the use, checked against the
//     uses the client allowed and the case's consent records.

const evaluationColumns = `e.id, e.case_id, COALESCE(e.matter_id, ''), e.kind, COALESCE(e.evaluator_id, ''), e.evaluator_name,
	e.evaluator_profession, e.evaluator_licence, e.examined_on, e.status, e.content, e.hash, e.created_at, e.updated_at,
	e.signed_at, e.version`

// sealedEvaluation is the sealed content document.
type sealedEvaluation struct {
	Qualifications string `json:"qualifications"`
	haki.EvaluationContent
}

// scanEvaluation reads a row of evaluationColumns; content is still sealed.
func scanEvaluation(row interface{ Scan(...any) error }) (*haki.Evaluation, string, error) {
	e := &haki.Evaluation{}
	var on, created, updated, signed, content string
	err := row.Scan(&e.ID, &e.CaseID, &e.MatterID, &e.Kind, &e.EvaluatorID, &e.EvaluatorName, &e.EvaluatorProfession,
		&e.EvaluatorLicence, &on, &e.Status, &content, &e.Hash, &created, &updated, &signed, &e.Version)
	if err != nil {
		return nil, "", err
	}
	e.ExaminedOn, e.CreatedAt, e.UpdatedAt = parseDate(on), parseTime(created), parseTime(updated)
	if signed != "" {
		e.SignedAt = parseTime(signed)
	}
	e.Addenda = []*haki.Addendum{}
	return e, content, nil
}

// FindEvaluation returns an evaluation of a case the caller may see, with
// its content and addenda when the caller may read them (Restricted
// otherwise).
func (s *Store) FindEvaluation(ctx context.Context, id string) (*haki.Evaluation, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermCaseRead, "evaluation"); err != nil {
		return nil, err
	}
	var e *haki.Evaluation
	err := s.read(ctx, func(tx *Tx) error {
		var err error
		e, err = tx.findEvaluation(id)
		return err
	})
	return e, err
}

// FindEvaluations lists a visible case's evaluations, newest examination
// first, without their content: Restricted tells whether the caller may
// open each.
func (s *Store) FindEvaluations(ctx context.Context, caseID string) ([]*haki.Evaluation, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermCaseRead, "case"); err != nil {
		return nil, err
	}
	var out []*haki.Evaluation
	err := s.read(ctx, func(tx *Tx) error {
		c, err := tx.findCase(caseID)
		if err != nil {
			return err
		}
		rows, err := tx.query(`SELECT `+evaluationColumns+` FROM evaluations e WHERE e.case_id = ? ORDER BY e.examined_on DESC, e.id`, c.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		out = []*haki.Evaluation{}
		for rows.Next() {
			e, _, err := scanEvaluation(rows)
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		_, key, err := tx.caseKeyForRead(c.ID)
		if err != nil {
			return err
		}
		for _, e := range out {
			if err := openEvaluatorName(e, key); err != nil {
				return err
			}
			readable := readsClinical(tx.user, e.EvaluatorID)
			e.Restrict()
			e.Restricted = !readable
		}
		return nil
	})
	return out, err
}

// findEvaluation reads one evaluation of a visible case and opens what the
// caller may read; any other is not found.
func (tx *Tx) findEvaluation(id string) (*haki.Evaluation, error) {
	cond, args := visibleCases("c", tx.user)
	e, content, err := scanEvaluation(tx.queryRow(`SELECT `+evaluationColumns+` FROM evaluations e JOIN cases c ON c.id = e.case_id
		WHERE e.id = ? AND `+cond, append([]any{id}, args...)...))
	if err != nil {
		return nil, tx.mapErr(err, "evaluation")
	}
	_, key, err := tx.caseKeyForRead(e.CaseID)
	if err != nil {
		return nil, err
	}
	if err := openEvaluatorName(e, key); err != nil {
		return nil, err
	}
	if e.Addenda, err = tx.addenda(e.ID, key); err != nil {
		return nil, err
	}
	if !readsClinical(tx.user, e.EvaluatorID) {
		e.Restrict()
		return e, nil
	}
	if key == nil { // erased with the client: the header and hashes remain
		e.Restrict()
		e.Restricted = false
		return e, nil
	}
	var doc sealedEvaluation
	plain, err := (sealer{key, "evaluation", e.ID}).open("content", content)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(plain), &doc); err != nil {
		return nil, err
	}
	e.Qualifications, e.EvaluationContent = doc.Qualifications, doc.EvaluationContent
	e.Normalize()
	tx.reveal("evaluation", e.ID)
	return e, nil
}

// openEvaluatorName opens the evaluator's name, sealed like the directory's
// names; "" when the case's key is gone.
func openEvaluatorName(e *haki.Evaluation, key []byte) error {
	if key == nil {
		e.EvaluatorName = ""
		return nil
	}
	var err error
	e.EvaluatorName, err = (sealer{key, "evaluation", e.ID}).open("evaluator_name", e.EvaluatorName)
	return err
}

// addenda reads an evaluation's addenda in order, opened with the case's key.
func (tx *Tx) addenda(evaluationID string, key []byte) ([]*haki.Addendum, error) {
	rows, err := tx.query(`SELECT id, reason, body, COALESCE(signed_by, ''), signer_name, signed_at, hash FROM evaluation_addenda
		WHERE evaluation_id = ? ORDER BY seq`, evaluationID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*haki.Addendum{}
	for rows.Next() {
		a := &haki.Addendum{}
		var at string
		if err := rows.Scan(&a.ID, &a.Reason, &a.Text, &a.SignedBy, &a.SignerName, &at, &a.Hash); err != nil {
			return nil, err
		}
		a.SignedAt = parseTime(at)
		if key == nil {
			a.Reason, a.Text, a.SignerName = "", "", ""
		} else if err := (sealer{key, "evaluation_addendum", a.ID}).openAll(map[string]*string{
			"reason": &a.Reason, "body": &a.Text, "signer_name": &a.SignerName}); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// clinician is the caller's record in the network directory, when it is
// one of ClinicalProfessions; the evaluator of what the caller opens.
func (tx *Tx) clinician() (*haki.Professional, error) {
	refuse := haki.Errorf(haki.EFORBIDDEN, "Only a doctor, clinical officer, psychiatrist or psychologist of the network directory, linked to this account, writes an evaluation.")
	if tx.user == nil || tx.user.ID == "" {
		return nil, refuse
	}
	id, err := tx.professionalOfUser(tx.user.ID)
	if err != nil {
		return nil, err
	}
	if id == "" {
		return nil, refuse
	}
	p, err := tx.findProfessional(id)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(haki.ClinicalProfessions, p.Profession) {
		return nil, refuse
	}
	return p, nil
}
