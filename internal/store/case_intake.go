package store

import (
	"context"
	"encoding/json"

	"github.com/haki-kenya/haki"
)

// FinishIntake writes a guided intake in one transaction: the new client
// and incident if any, the case, the consents and the assessment; then it
// discards the draft it came from (draftID, may be ""). A problem anywhere
// leaves nothing written. Field problems are named as Intake.Validate names
// them.
func (s *Store) FinishIntake(ctx context.Context, in *haki.Intake, draftID string) (*haki.Case, error) {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermCaseWrite); err != nil {
		return nil, err
	}
	if in.NewClient != nil {
		if err := require(u, haki.PermPersonWrite); err != nil {
			return nil, err
		}
	}
	if in.NewIncident != nil {
		if err := require(u, haki.PermIncidentWrite); err != nil {
			return nil, err
		}
	}
	var c *haki.Case
	err := s.write(ctx, func(tx *Tx) (err error) {
		c, err = tx.finishIntake(in, draftID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// finishIntake writes an intake in the transaction; the caller has checked
// the permissions.
func (tx *Tx) finishIntake(in *haki.Intake, draftID string) (*haki.Case, error) {
	u := tx.user
	in.Normalize()
	c := in.Case
	c.ID, c.Status, c.ClosureReason, c.ClientID, c.IncidentIDs = "", "intake", "", in.ClientID, in.IncidentIDs
	if c.TeamID == "" {
		c.TeamID = u.TeamID
	}
	if c.CaseworkerID == "" && u.Role == haki.RoleCaseworker {
		c.CaseworkerID = u.ID
	}
	if err := in.Validate(tx.now); err != nil {
		return nil, err
	}
	if draftID != "" {
		if _, err := tx.findIntakeDraft(draftID); err != nil {
			return nil, err
		}
	}
	if in.NewClient != nil {
		if err := tx.createPerson(in.NewClient); err != nil {
			return nil, prefixFields(err, "person.")
		}
		c.ClientID = in.NewClient.ID
	}
	if in.NewIncident != nil {
		if err := tx.createIncident(in.NewIncident); err != nil {
			return nil, prefixFields(err, "incident.")
		}
		c.IncidentIDs = append(c.IncidentIDs, in.NewIncident.ID)
	}
	if err := tx.createCase(&c); err != nil {
		return nil, prefixFields(err, "case.", "client_id", "incident_ids")
	}
	for i := range in.Consents {
		cs := &in.Consents[i]
		cs.CaseID = c.ID
		if err := tx.recordConsent(cs, c.ClientID); err != nil {
			return nil, prefixFields(err, "consent."+cs.Purpose+".")
		}
	}
	a := in.Assessment
	a.CaseID = c.ID
	if err := tx.recordAssessment(a); err != nil {
		return nil, prefixFields(err, "assessment.")
	}
	if draftID != "" {
		if err := tx.deleteIntakeDraft(draftID, "finish"); err != nil {
			return nil, err
		}
	}
	return &c, nil
}

// prefixFields renames the fields of an EINVALID error with prefix, except
// those named in keep; other errors pass unchanged.
func prefixFields(err error, prefix string, keep ...string) error {
	fields := haki.ErrorFields(err)
	if haki.ErrorCode(err) != haki.EINVALID || len(fields) == 0 {
		return err
	}
	p := haki.Problems{}
	for k, v := range fields {
		if containsString(keep, k) {
			p.Add(k, v)
		} else {
			p.Add(prefix+k, v)
		}
	}
	return p.Err()
}

// CreateIntakeDraft keeps a new half-finished intake for its author.
func (s *Store) CreateIntakeDraft(ctx context.Context, d *haki.IntakeDraft) error {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWrite); err != nil {
		return err
	}
	if err := d.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		keyID, key, err := tx.newDataKey()
		if err != nil {
			return err
		}
		d.ID, d.CreatedBy, d.CreatedAt, d.UpdatedAt = newID(), tx.userID(), tx.now, tx.now
		if _, err := tx.exec(`INSERT INTO intake_drafts (id, created_by, step, data, key_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			d.ID, d.CreatedBy, d.Step, (sealer{key, "intake_draft", d.ID}).seal("data", d.Data), keyID, fmtTime(tx.now), fmtTime(tx.now)); err != nil {
			return tx.mapErr(err, "intake")
		}
		return tx.audit("create", "intake_draft", d.ID, nil, map[string]int{"step": d.Step})
	})
}

// UpdateIntakeDraft replaces a draft's step and data; only its author (or
// an administrator) may.
func (s *Store) UpdateIntakeDraft(ctx context.Context, d *haki.IntakeDraft) error {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWrite); err != nil {
		return err
	}
	if err := d.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, err := tx.findIntakeDraft(d.ID)
		if err != nil {
			return err
		}
		key, err := tx.draftKey(d.ID)
		if err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE intake_drafts SET step = ?, data = ?, updated_at = ? WHERE id = ?`,
			d.Step, (sealer{key, "intake_draft", d.ID}).seal("data", d.Data), fmtTime(tx.now), d.ID); err != nil {
			return err
		}
		d.CreatedBy, d.CreatedAt, d.UpdatedAt = before.CreatedBy, before.CreatedAt, tx.now
		return tx.audit("update", "intake_draft", d.ID, map[string]int{"step": before.Step}, map[string]int{"step": d.Step})
	})
}

// FindIntakeDraft returns a draft to its author or an administrator; to
// anyone else there is no such draft.
func (s *Store) FindIntakeDraft(ctx context.Context, id string) (*haki.IntakeDraft, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermCaseWrite, "intake"); err != nil {
		return nil, err
	}
	var d *haki.IntakeDraft
	err := s.read(ctx, func(tx *Tx) (err error) {
		d, err = tx.findIntakeDraft(id)
		return err
	})
	return d, err
}

// FindIntakeDrafts returns the caller's own unfinished intakes, the latest
// worked on first.
func (s *Store) FindIntakeDrafts(ctx context.Context) ([]*haki.IntakeDraft, error) {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermCaseWrite); err != nil {
		return nil, err
	}
	var out []*haki.IntakeDraft
	err := s.read(ctx, func(tx *Tx) error {
		ids, err := tx.strings(`SELECT id FROM intake_drafts WHERE created_by = ? ORDER BY updated_at DESC, id DESC LIMIT 100`, u.ID)
		if err != nil {
			return err
		}
		for _, id := range ids {
			d, err := tx.findIntakeDraft(id)
			if err != nil {
				return err
			}
			out = append(out, d)
		}
		return nil
	})
	return out, err
}

// DeleteIntakeDraft discards a draft, and the key its data was sealed with.
func (s *Store) DeleteIntakeDraft(ctx context.Context, id string) error {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		if _, err := tx.findIntakeDraft(id); err != nil {
			return err
		}
		return tx.deleteIntakeDraft(id, "delete")
	})
}

func (tx *Tx) deleteIntakeDraft(id, action string) error {
	var keyID string
	if err := tx.queryRow(`SELECT key_id FROM intake_drafts WHERE id = ?`, id).Scan(&keyID); err != nil {
		return tx.mapErr(err, "intake")
	}
	if _, err := tx.exec(`DELETE FROM intake_drafts WHERE id = ?`, id); err != nil {
		return err
	}
	if _, err := tx.exec(`DELETE FROM data_keys WHERE id = ?`, keyID); err != nil {
		return err
	}
	return tx.audit(action, "intake_draft", id, nil, nil)
}

// findIntakeDraft reads a draft its author or an administrator may see.
func (tx *Tx) findIntakeDraft(id string) (*haki.IntakeDraft, error) {
	u := tx.user
	cond, args := "d.created_by = ?", []any{tx.userID()}
	if u != nil && u.Role == haki.RoleAdmin {
		cond, args = "1 = 1", nil
	}
	d := &haki.IntakeDraft{}
	var created, updated string
	err := tx.queryRow(`SELECT d.id, d.created_by, d.step, d.data, d.created_at, d.updated_at FROM intake_drafts d WHERE d.id = ? AND `+cond,
		append([]any{id}, args...)...).Scan(&d.ID, &d.CreatedBy, &d.Step, &d.Data, &created, &updated)
	if err != nil {
		return nil, tx.mapErr(err, "intake")
	}
	d.CreatedAt, d.UpdatedAt = parseTime(created), parseTime(updated)
	key, err := tx.draftKey(id)
	if err != nil {
		return nil, err
	}
	if d.Data, err = (sealer{key, "intake_draft", id}).open("data", d.Data); err != nil {
		return nil, err
	}
	// The sealed data may hold a new client's name, phone and ID number and
	// the incident's story: opening it is a view, as is the person picked.
	tx.reveal("intake_draft", d.ID)
	tx.reveal("person", draftClient(d.Data))
	return d, nil
}

// draftClient returns the id of the person a draft's data holds as its
// client ("client_id", as the intake form writes it), or "".
func draftClient(data string) string {
	var v struct {
		ClientID string `json:"client_id"`
	}
	if json.Unmarshal([]byte(data), &v) != nil {
		return ""
	}
	return v.ClientID
}

func (tx *Tx) draftKey(id string) ([]byte, error) {
	var keyID string
	if err := tx.queryRow(`SELECT key_id FROM intake_drafts WHERE id = ?`, id).Scan(&keyID); err != nil {
		return nil, tx.mapErr(err, "intake")
	}
	return tx.dataKey(keyID)
}
