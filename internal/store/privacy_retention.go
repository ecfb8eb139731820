package store

import (
	"context"
	"strconv"
	"strings"

	"github.com/haki-kenya/haki"
)

// Retention (Kenya's Data Protection Act, s.25(e): kept no longer than
// needed). Each record type has a period an administrator sets; a dry run
// (FindRetentionDue) says what is past it, and a run (RunRetention)
// anonymises or deletes it, in one transaction, audited. Statistics stay:
// a case or an incident is never deleted, only its identities and free
// text go, so every report figure is still counted (the summary is settled
// by the erasure, as for any change). Legal holds, and cases with a legal
// matter not concluded, keep their records whole.

// retentionRule says which records of a type have passed their period:
// those of from matching due, each "?" of which is the cut-off time.
type retentionRule struct {
	action string
	from   string // the table, aliased
	id     string // the column of the record's id
	ref    string // the column listed as its reference ("" for none)
	due    string
	held   string // the condition of a due record kept back, or ""
	// purge anonymises or deletes the due records not held; nil for
	// RetentionReport.
	purge func(tx *Tx, ids []string, before string) error
}

// retentionRules: a closed case counts from its last change (a closed case
// is changed no more, so that is its closure); an unverified incident that
// no case took up from when it was recorded; an intake draft from when it
// was last saved; sign-in records from when they expired; an audit entry
// from when it was written.
var retentionRules = map[string]retentionRule{
	haki.RetainClosedCase: {action: haki.RetentionAnonymise, from: "cases c", id: "c.id", ref: "c.ref",
		due: "c.status = 'closed' AND c.updated_at < ? AND c.anonymised_at = ''",
		// Held: the case, its client or an open legal matter; or the client
		// has another case that is not past its period, whose care needs them.
		held: `(c.legal_hold = 1 OR EXISTS (SELECT 1 FROM legal_matters m WHERE m.case_id = c.id AND m.status <> 'concluded')
			OR EXISTS (SELECT 1 FROM persons p WHERE p.id = c.client_id AND p.legal_hold = 1)
			OR EXISTS (SELECT 1 FROM cases o WHERE o.client_id = c.client_id AND o.id <> c.id
				AND (o.legal_hold = 1 OR o.status <> 'closed' OR o.updated_at >= ?
					OR EXISTS (SELECT 1 FROM legal_matters m WHERE m.case_id = o.id AND m.status <> 'concluded'))))`,
		purge: (*Tx).anonymiseCases},
	haki.RetainUnverifiedIncident: {action: haki.RetentionAnonymise, from: "incidents i", id: "i.id", ref: "i.ref",
		due: "i.verification = 'unverified' AND i.created_at < ? AND i.anonymised_at = '' AND NOT EXISTS (SELECT 1 FROM case_incidents ci WHERE ci.incident_id = i.id)",
		held: `(EXISTS (SELECT 1 FROM acts a JOIN persons p ON p.id = a.victim_id WHERE a.incident_id = i.id AND p.legal_hold = 1)
			OR EXISTS (SELECT 1 FROM sources s JOIN persons p ON p.id = s.person_id WHERE s.incident_id = i.id AND p.legal_hold = 1))`,
		purge: (*Tx).anonymiseIncidents},
	haki.RetainIntakeDraft: {action: haki.RetentionDelete, from: "intake_drafts d", id: "d.id", due: "d.updated_at < ?",
		purge: (*Tx).deleteIntakeDrafts},
	haki.RetainSignInRecord: {action: haki.RetentionDelete, from: `(SELECT token_hash AS id, expires_at AS at FROM sessions
			UNION ALL SELECT id, at FROM sign_in_failures UNION ALL SELECT token_hash, expires_at FROM pending_sign_ins) r`,
		id: "r.id", due: "r.at < ?", purge: (*Tx).deleteSignInRecords},
	haki.RetainAuditLog: {action: haki.RetentionReport, from: "audit_log a", id: "a.id", ref: "a.id", due: "a.at < ?"},
}

// retentionReason is the reason an erasure by retention carries in the log.
const retentionReason = "retention period passed"

// FindRetentionDue is the dry run of the retention periods: for each record
// type, how many records are past their period now, which, and how many a
// hold keeps. Nothing is removed. Only administrators may ask.
func (s *Store) FindRetentionDue(ctx context.Context) ([]haki.RetentionDue, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermPrivacyAdmin); err != nil {
		return nil, err
	}
	var out []haki.RetentionDue
	err := s.read(ctx, func(tx *Tx) (err error) {
		out, err = tx.retentionDue(false)
		return err
	})
	return out, err
}

// RunRetention anonymises or deletes what the dry run lists, except what a
// hold keeps, in one transaction: either all of it happens or none. Each
// anonymised record is audited, and the run as a whole. Only administrators.
func (s *Store) RunRetention(ctx context.Context) ([]haki.RetentionDue, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermPrivacyAdmin); err != nil {
		return nil, err
	}
	var out []haki.RetentionDue
	err := s.write(ctx, func(tx *Tx) (err error) {
		if out, err = tx.retentionDue(true); err != nil {
			return err
		}
		done := map[string]int{}
		for _, d := range out {
			done[d.RecordType] = d.Done
		}
		return tx.audit("run", "retention", "", nil, done)
	})
	return out, err
}

func (tx *Tx) retentionDue(purge bool) ([]haki.RetentionDue, error) {
	periods, err := tx.retentionPeriods()
	if err != nil {
		return nil, err
	}
	var out []haki.RetentionDue
	for _, p := range periods {
		rule, ok := retentionRules[p.RecordType]
		if !ok {
			continue
		}
		p.Action = rule.action
		p.Before = tx.now.AddDate(-p.Years, 0, 0)
		before := fmtTime(p.Before)
		if p.Count, p.Held, p.Refs, err = tx.countDue(rule, before); err != nil {
			return nil, err
		}
		if purge && rule.purge != nil && p.Count > p.Held {
			ids, err := tx.dueIDs(rule, before)
			if err != nil {
				return nil, err
			}
			if err := rule.purge(tx, ids, before); err != nil {
				return nil, err
			}
			p.Done = len(ids)
		}
		out = append(out, p)
	}
	return out, nil
}

func (tx *Tx) retentionPeriods() ([]haki.RetentionDue, error) {
	rows, err := tx.query(`SELECT record_type, years FROM retention_settings ORDER BY record_type`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []haki.RetentionDue
	for rows.Next() {
		var p haki.RetentionDue
		if err := rows.Scan(&p.RecordType, &p.Years); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// cutoffs repeats the cut-off for each "?" of the conditions.
func cutoffs(before string, conds ...string) []any {
	var args []any
	for _, c := range conds {
		for range strings.Count(c, "?") {
			args = append(args, before)
		}
	}
	return args
}

func (tx *Tx) countDue(r retentionRule, before string) (count, held int, refs []string, err error) {
	if err = tx.queryRow(`SELECT COUNT(*) FROM `+r.from+` WHERE `+r.due, cutoffs(before, r.due)...).Scan(&count); err != nil {
		return
	}
	if r.held != "" {
		if err = tx.queryRow(`SELECT COUNT(*) FROM `+r.from+` WHERE `+r.due+` AND `+r.held, cutoffs(before, r.due, r.held)...).Scan(&held); err != nil {
			return
		}
	}
	refs = []string{}
	if r.ref == "" {
		return count, held, refs, nil
	}
	rows, err := tx.query(`SELECT `+r.ref+` FROM `+r.from+` WHERE `+r.due+` ORDER BY `+r.ref+` LIMIT 100`, cutoffs(before, r.due)...)
	if err != nil {
		return
	}
	defer rows.Close()
	for rows.Next() {
		var ref any
		if err = rows.Scan(&ref); err != nil {
			return
		}
		refs = append(refs, refString(ref))
	}
	return count, held, refs, rows.Err()
}

// dueIDs returns the ids of the due records no hold keeps.
func (tx *Tx) dueIDs(r retentionRule, before string) ([]string, error) {
	where, args := r.due, cutoffs(before, r.due)
	if r.held != "" {
		where += ` AND NOT ` + r.held
		args = append(args, cutoffs(before, r.held)...)
	}
	return tx.strings(`SELECT `+r.id+` FROM `+r.from+` WHERE `+where+` ORDER BY `+r.id, args...)
}

func refString(v any) string {
	switch v := v.(type) {
	case int64:
		return "#" + strconv.FormatInt(v, 10)
	case []byte:
		return string(v)
	case string:
		return v
	}
	return ""
}

// SetRetentionYears changes the retention period of a record type. Only
// administrators may; the change is audited.
func (s *Store) SetRetentionYears(ctx context.Context, recordType string, years int) error {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermPrivacyAdmin); err != nil {
		return err
	}
	if _, ok := retentionRules[recordType]; !ok {
		return haki.Errorf(haki.ENOTFOUND, "No such record type.")
	}
	if years < 1 || years > 100 {
		pr := haki.Problems{}
		pr.Add("years", "Give a number of years from 1 to 100.")
		return pr.Err()
	}
	return s.write(ctx, func(tx *Tx) error {
		var before int
		if err := tx.queryRow(`SELECT years FROM retention_settings WHERE record_type = ?`, recordType).Scan(&before); err != nil {
			return tx.mapErr(err, "record type")
		}
		if err := tx.execOne("retention period", `UPDATE retention_settings SET years = ?, updated_by = ?, updated_at = ? WHERE record_type = ?`,
			years, u.Username, fmtTime(tx.now), recordType); err != nil {
			return err
		}
		return tx.audit("update", "retention", recordType, map[string]int{"years": before}, map[string]int{"years": years})
	})
}
