package store

import (
	"context"

	"github.com/haki-kenya/haki"
)

const consentColumns = `id, case_id, person_id, purpose, decision, decided_on, method, language, guardian_name, guardian_relation,
	COALESCE(evidence_id, ''), notes, COALESCE(recorded_by, ''), recorded_at`

// scanConsent reads a row of consentColumns, opening the sealed fields with
// the key of the case the consent was recorded on (nil: its client was
// erased, or the caller may not see that case).
func scanConsent(row interface{ Scan(...any) error }, key []byte) (*haki.Consent, error) {
	c, err := scanConsentSealed(row)
	if err != nil {
		return nil, err
	}
	return c, openConsent(c, key)
}

// scanConsentSealed reads a row of consentColumns, its sealed fields as stored.
func scanConsentSealed(row interface{ Scan(...any) error }) (*haki.Consent, error) {
	c := &haki.Consent{}
	var decided, recorded string
	if err := row.Scan(&c.ID, &c.CaseID, &c.PersonID, &c.Purpose, &c.Decision, &decided, &c.Method, &c.Language, &c.GuardianName,
		&c.GuardianRelation, &c.EvidenceID, &c.Notes, &c.RecordedBy, &recorded); err != nil {
		return nil, err
	}
	c.DecidedOn, c.RecordedAt = parseDate(decided), parseTime(recorded)
	return c, nil
}

// openConsent opens a consent's sealed fields in place, or empties them
// without a key.
func openConsent(c *haki.Consent, key []byte) error {
	if key == nil {
		c.GuardianName, c.Notes = "", ""
		return nil
	}
	return (sealer{key, "consent", c.ID}).openAll(map[string]*string{"guardian_name": &c.GuardianName, "notes": &c.Notes})
}

// RecordConsent stores a client's decision on a case. The client is the
// case's; a client under 18 on the day of the decision needs a guardian.
func (s *Store) RecordConsent(ctx context.Context, c *haki.Consent) error {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWrite); err != nil {
		return err
	}
	c.Normalize()
	return s.write(ctx, func(tx *Tx) error {
		if err := c.Validate(tx.now); err != nil {
			return err
		}
		cs, err := tx.findCase(c.CaseID)
		if err != nil {
			return err
		}
		return tx.recordConsent(c, cs.ClientID)
	})
}

// recordConsent stores a decision of the client on a case the caller has
// already found (or just opened).
func (tx *Tx) recordConsent(c *haki.Consent, clientID string) error {
	c.PersonID = clientID
	pr := haki.Problems{}
	if c.GuardianName == "" {
		var birth, prec string
		if err := tx.queryRow(`SELECT birth_date, birth_precision FROM persons WHERE id = ?`, c.PersonID).Scan(&birth, &prec); err != nil {
			return tx.mapErr(err, "person")
		}
		if bd, err := haki.NewFuzzyDate(birth, haki.Precision(prec), false); err == nil {
			p := haki.Person{BirthDate: bd}
			if age, ok := p.AgeOn(c.DecidedOn); ok && age < 18 {
				pr.Add("guardian_name", "The client was under 18: record the guardian who consented for them.")
			}
		}
	}
	if c.EvidenceID != "" {
		var n int
		if err := tx.queryRow(`SELECT COUNT(*) FROM evidence WHERE id = ? AND case_id = ?`, c.EvidenceID, c.CaseID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			pr.Add("evidence_id", "Choose a file uploaded to this case.")
		}
	}
	if err := pr.Err(); err != nil {
		return err
	}
	keyID, key, err := tx.caseKey(c.CaseID)
	if err != nil {
		return err
	}
	c.ID, c.RecordedBy, c.RecordedAt = newID(), tx.userID(), tx.now
	sl := sealer{key, "consent", c.ID}
	if _, err := tx.exec(`INSERT INTO consents (id, case_id, person_id, purpose, decision, decided_on, method, language, guardian_name,
		guardian_relation, evidence_id, notes, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.CaseID, c.PersonID, c.Purpose, c.Decision, fmtDate(c.DecidedOn), c.Method, c.Language, sl.seal("guardian_name", c.GuardianName),
		c.GuardianRelation, nullString(c.EvidenceID), sl.seal("notes", c.Notes), nullString(c.RecordedBy), fmtTime(tx.now)); err != nil {
		return tx.mapErr(err, "consent")
	}
	if err := tx.caseEvent(c.CaseID, haki.EventConsent, c.DecidedOn, c.Purpose+": "+c.Decision, "consent", c.ID); err != nil {
		return err
	}
	a, err := sealAudit(keyID, key, c)
	if err != nil {
		return err
	}
	return tx.audit("create", "consent", c.ID, nil, a)
}

// FindConsents returns every decision of a case's client, on this case and
// on their other cases, newest first: the history behind the ones in force.
func (s *Store) FindConsents(ctx context.Context, caseID string) ([]*haki.Consent, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermCaseRead, "case"); err != nil {
		return nil, err
	}
	var out []*haki.Consent
	err := s.read(ctx, func(tx *Tx) error {
		cs, err := tx.findCase(caseID)
		if err != nil {
			return err
		}
		out, err = tx.consentsOf(cs.ClientID)
		return err
	})
	return out, err
}

// consentsOf returns a person's decisions, newest first. Decisions recorded
// on a case the caller may not see show without their sealed words.
func (tx *Tx) consentsOf(personID string) ([]*haki.Consent, error) {
	rows, err := tx.query(`SELECT `+consentColumns+` FROM consents WHERE person_id = ? ORDER BY decided_on DESC, recorded_at DESC, id DESC`, personID)
	if err != nil {
		return nil, err
	}
	var out []*haki.Consent
	for rows.Next() {
		c, err := scanConsentSealed(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	// Each case's visibility and key are looked up once, however many
	// decisions were recorded on it.
	keys := map[string][]byte{}
	for _, c := range out {
		key, seen := keys[c.CaseID]
		if !seen {
			if _, err := tx.findCase(c.CaseID); err == nil {
				if _, key, err = tx.caseKeyForRead(c.CaseID); err != nil {
					return nil, err
				}
			} else if haki.ErrorCode(err) != haki.ENOTFOUND {
				return nil, err
			}
			keys[c.CaseID] = key
		}
		if err := openConsent(c, key); err != nil {
			return nil, err
		}
	}
	if out == nil {
		out = []*haki.Consent{}
	}
	return out, nil
}

// ConsentsInForce picks from a person's decisions, newest first, the one in
// force for each purpose.
func ConsentsInForce(history []*haki.Consent) map[string]*haki.Consent {
	out := map[string]*haki.Consent{}
	for _, c := range history {
		if _, ok := out[c.Purpose]; !ok {
			out[c.Purpose] = c
		}
	}
	return out
}

// consentGiven reports whether the person's decision in force for the
// purpose is "given".
func (tx *Tx) consentGiven(personID, purpose string) (bool, error) {
	var decision string
	err := tx.queryRow(`SELECT decision FROM consents WHERE person_id = ? AND purpose = ?
		ORDER BY decided_on DESC, recorded_at DESC, id DESC LIMIT 1`, personID, purpose).Scan(&decision)
	if isNoRows(err) {
		return false, nil
	}
	return decision == "given", err
}

// consentMissing is what a user is told when a case's client has not given
// the consent an action needs, per purpose.
var consentMissing = map[string]string{
	haki.ConsentCare:        "The client has not given consent to care. Record their consent first; only an administrator may override it, with a reason.",
	haki.ConsentSharing:     "The client has not given consent to sharing with partners. Record their consent first; only an administrator may override it, with a reason.",
	haki.ConsentLitigation:  "The client has not given consent to litigation. Record their consent first; only an administrator may override it, with a reason.",
	haki.ConsentResearch:    "The client has not given consent to research. Record their consent first; only an administrator may override it, with a reason.",
	haki.ConsentPublication: "The client has not given consent to publication. Record their consent first; only an administrator may override it, with a reason.",
}

// checkConsent refuses an action on a case (what: "referral", "publication"
// ...) unless the case's client has given consent for the purpose, or an
// administrator overrides it with a written reason. An override is audited
// and put on the case's timeline. The refusal names the field "consent",
// or "override_reason" when the override itself is refused.
func (tx *Tx) checkConsent(caseID, purpose, what, override string) error {
	var clientID string
	if err := tx.queryRow(`SELECT client_id FROM cases WHERE id = ?`, caseID).Scan(&clientID); err != nil {
		return tx.mapErr(err, "case")
	}
	given, err := tx.consentGiven(clientID, purpose)
	if err != nil || given {
		return err
	}
	pr := haki.Problems{}
	if override == "" {
		pr.Add("consent", consentMissing[purpose])
		return pr.Err()
	}
	if tx.user == nil || tx.user.Role != haki.RoleAdmin {
		pr.Add("override_reason", "Only an administrator may override a client's consent.")
		return pr.Err()
	}
	reason, err := haki.ConsentOverride{Reason: override}.Check()
	if err != nil {
		return err
	}
	keyID, key, err := tx.caseKey(caseID)
	if err != nil {
		return err
	}
	detail := map[string]string{"purpose": purpose, "for": what, "reason": reason}
	a, err := sealAudit(keyID, key, detail)
	if err != nil {
		return err
	}
	if err := tx.audit("consent_override", "case", caseID, nil, a); err != nil {
		return err
	}
	return tx.caseEvent(caseID, haki.EventConsent, tx.now, "override of "+purpose+" consent for "+what+": "+reason, "", "")
}
