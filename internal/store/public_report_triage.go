package store

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/haki-kenya/haki"
)

// Triage's work on a report: assignment, status, notes and the contact log.
// Each is one transaction, audited; a caller who may not triage learns only
// that there is no such report.

// triage runs fn in a write transaction on report id, which it reads first
// (not as a reveal: a write records itself). version, when not 0, must be
// the version the caller read.
func (s *Store) triage(ctx context.Context, id string, version int, fn func(tx *Tx, r *haki.PublicReport) error) error {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermTriage, "report"); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		r, err := tx.openPublicReport(id)
		if err != nil {
			return err
		}
		if version != 0 && r.Version != version {
			return haki.Errorf(haki.ECONFLICT, "The report was changed by someone else. Reload it and try again.")
		}
		return fn(tx, r)
	})
}

// reportChange is what an audit entry of a triage change records.
type reportChange struct {
	AssignedTo  string `json:"assigned_to,omitempty"`
	Status      string `json:"status,omitempty"`
	DuplicateOf string `json:"duplicate_of,omitempty"`
	Reason      string `json:"reason,omitempty"`
}

// AssignPublicReport gives a report to a colleague who triages ("" takes it
// back from whoever had it); version is the version the caller read.
func (s *Store) AssignPublicReport(ctx context.Context, id, userID string, version int) error {
	return s.triage(ctx, id, version, func(tx *Tx, r *haki.PublicReport) error {
		if userID != "" {
			if ok, err := tx.userCan(userID, haki.PermTriage); err != nil {
				return err
			} else if !ok {
				return &haki.Error{Code: haki.EINVALID, Message: "Some fields need attention.",
					Fields: map[string]string{"assigned_to": "Choose a colleague who triages reports."}}
			}
		}
		if err := tx.execOne("report", `UPDATE public_reports SET assigned_to = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			nullString(userID), fmtTime(tx.now), r.ID, r.Version); err != nil {
			return err
		}
		return tx.audit("assign", "public_report", r.ID, reportChange{AssignedTo: r.AssignedTo}, reportChange{AssignedTo: userID})
	})
}

// userCan reports whether the account exists, is enabled and its role
// holds p.
func (tx *Tx) userCan(id string, p haki.Permission) (bool, error) {
	var role string
	var disabled bool
	err := tx.queryRow(`SELECT role, disabled FROM users WHERE id = ?`, id).Scan(&role, &disabled)
	if isNoRows(err) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	return !disabled && haki.Role(role).Can(p), nil
}

// maxReason bounds the reason given for rejecting a report.
const maxReason = 2000

// SetPublicReportStatus moves a report along triage: between "new" and
// "being_verified", to "rejected" (with a reason, kept as a note) or to
// "duplicate" of duplicateOf (another report or an incident, by id or
// reference). "verified" is set only by verifying the report, and a
// verified report's status no longer changes here.
func (s *Store) SetPublicReportStatus(ctx context.Context, id, status, reason, duplicateOf string, version int) error {
	reason = strings.TrimSpace(reason)
	p := haki.Problems{}
	switch status {
	case "new", "being_verified":
	case "rejected":
		if reason == "" {
			p.Add("reason", "Say why the report is rejected.")
		}
	case "duplicate":
		if strings.TrimSpace(duplicateOf) == "" {
			p.Add("duplicate_of", "Give the reference of the report or incident it repeats.")
		}
	case "verified":
		p.Add("status", "A report is verified by verifying it into an incident, which a data manager or administrator does.")
	default:
		p.Add("status", "Choose one of the report statuses.")
	}
	if utf8.RuneCountInString(reason) > maxReason {
		p.Add("reason", "Keep the reason under 2000 characters.")
	}
	if err := p.Err(); err != nil {
		return err
	}
	return s.triage(ctx, id, version, func(tx *Tx, r *haki.PublicReport) error {
		if r.Status == "verified" {
			return haki.Errorf(haki.ECONFLICT, "This report is verified; its status no longer changes.")
		}
		dup := ""
		if status == "duplicate" {
			var err error
			if dup, err = tx.resolveDuplicate(r.ID, strings.TrimSpace(duplicateOf)); err != nil {
				return err
			}
		}
		if err := tx.execOne("report", `UPDATE public_reports SET status = ?, duplicate_of = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND version = ?`, status, dup, fmtTime(tx.now), r.ID, r.Version); err != nil {
			return err
		}
		if reason != "" {
			if err := tx.addReportNote(r.ID, reason); err != nil {
				return err
			}
		}
		keyID, key, err := tx.reportKey(r.ID)
		if err != nil {
			return err
		}
		return tx.auditSealed("status", "public_report", r.ID, keyID, key, reportChange{Status: r.Status, DuplicateOf: r.DuplicateOf},
			reportChange{Status: status, DuplicateOf: dup, Reason: reason})
	})
}

// resolveDuplicate finds the report or incident (one the caller may see) a
// report repeats, by id or reference, and returns its id.
func (tx *Tx) resolveDuplicate(self, ref string) (string, error) {
	var id string
	err := tx.queryRow(`SELECT id FROM public_reports WHERE (id = ? OR ref = ?) AND id <> ?`, ref, strings.ToUpper(ref), self).Scan(&id)
	if err == nil {
		return id, nil
	} else if !isNoRows(err) {
		return "", err
	}
	cond, args := visibleIncidents("i", tx.user)
	err = tx.queryRow(`SELECT i.id FROM incidents i WHERE (i.id = ? OR i.ref = ?) AND `+cond, append([]any{ref, strings.ToUpper(ref)}, args...)...).Scan(&id)
	if isNoRows(err) {
		return "", &haki.Error{Code: haki.EINVALID, Message: "Some fields need attention.",
			Fields: map[string]string{"duplicate_of": "No other report or incident has this reference."}}
	}
	return id, err
}

// AddPublicReportNote writes a note on a report, sealed like the report.
func (s *Store) AddPublicReportNote(ctx context.Context, id, text string) error {
	text = strings.TrimSpace(text)
	p := haki.Problems{}
	if text == "" {
		p.Add("text", "Write the note.")
	} else if utf8.RuneCountInString(text) > haki.MaxReportNote {
		p.Add("text", "Keep the note under 20000 characters.")
	}
	if err := p.Err(); err != nil {
		return err
	}
	return s.triage(ctx, id, 0, func(tx *Tx, r *haki.PublicReport) error { return tx.addReportNote(r.ID, text) })
}

func (tx *Tx) addReportNote(reportID, text string) error {
	keyID, key, err := tx.reportKey(reportID)
	if err != nil {
		return err
	}
	n := &haki.ReportNote{ID: newID(), AuthorID: tx.userID(), At: tx.now, Text: text}
	if _, err := tx.exec(`INSERT INTO public_report_notes (id, report_id, author_id, at, body) VALUES (?, ?, ?, ?, ?)`,
		n.ID, reportID, nullString(n.AuthorID), fmtTime(tx.now), (sealer{key, "public_report_note", n.ID}).seal("body", text)); err != nil {
		return tx.mapErr(err, "note")
	}
	return tx.auditSealed("create", "public_report_note", n.ID, keyID, key, nil, n)
}

// LogPublicReportContact records an attempt to reach the reporter. It is
// refused when the reporter asked not to be contacted, or to be contacted
// another way: their wishes are their safety.
func (s *Store) LogPublicReportContact(ctx context.Context, id string, c haki.ReportContact) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.triage(ctx, id, 0, func(tx *Tx, r *haki.PublicReport) error {
		switch r.Contact.Method {
		case "none":
			return &haki.Error{Code: haki.EINVALID, Message: "The reporter asked not to be contacted.",
				Fields: map[string]string{"method": "The reporter asked not to be contacted: do not try."}}
		case c.Method:
		default:
			return &haki.Error{Code: haki.EINVALID, Message: "The reporter asked to be contacted another way.",
				Fields: map[string]string{"method": "The reporter asked to be contacted only by " + r.Contact.Method + "."}}
		}
		keyID, key, err := tx.reportKey(r.ID)
		if err != nil {
			return err
		}
		c.ID, c.ByID, c.At = newID(), tx.userID(), tx.now
		if _, err := tx.exec(`INSERT INTO public_report_contacts (id, report_id, by_id, at, method, outcome, note) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			c.ID, r.ID, nullString(c.ByID), fmtTime(tx.now), c.Method, c.Outcome, (sealer{key, "public_report_contact", c.ID}).seal("note", c.Note)); err != nil {
			return tx.mapErr(err, "contact")
		}
		return tx.auditSealed("create", "public_report_contact", c.ID, keyID, key, nil, c)
	})
}
