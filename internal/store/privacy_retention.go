package store

import (
	"context"
	"strconv"

	"github.com/haki-kenya/haki"
)

// retentionRule says which records of a type have passed their retention
// period: those matching where, with the cut-off time as its one argument.
type retentionRule struct {
	table string // and the column listed as the reference
	ref   string
	where string
	held  string // the condition of a record under a legal hold, or ""
}

// retentionRules: a closed case counts from its last change (a closed case
// is changed no more, so that is its closure); an unverified incident that
// no case took up counts from when it was recorded; an audit entry from when
// it was written.
var retentionRules = map[string]retentionRule{
	haki.RetainClosedCase: {table: "cases", ref: "ref", where: "status = 'closed' AND updated_at < ?", held: "legal_hold = 1"},
	haki.RetainUnverifiedIncident: {table: "incidents i", ref: "i.ref",
		where: "i.verification = 'unverified' AND i.created_at < ? AND NOT EXISTS (SELECT 1 FROM case_incidents ci WHERE ci.incident_id = i.id)"},
	haki.RetainAuditLog: {table: "audit_log", ref: "id", where: "at < ?"},
}

// FindRetentionDue is the dry run of the retention periods: for each record
// type, how many records are past their period now and which. Nothing is
// removed. Only administrators may ask.
func (s *Store) FindRetentionDue(ctx context.Context) ([]haki.RetentionDue, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermPrivacyAdmin); err != nil {
		return nil, err
	}
	var out []haki.RetentionDue
	err := s.read(ctx, func(tx *Tx) error {
		periods, err := tx.retentionPeriods()
		if err != nil {
			return err
		}
		for _, p := range periods {
			rule, ok := retentionRules[p.RecordType]
			if !ok {
				continue
			}
			p.Before = tx.now.AddDate(-p.Years, 0, 0)
			if p.Count, p.Held, p.Refs, err = tx.retentionDue(rule, fmtTime(p.Before)); err != nil {
				return err
			}
			out = append(out, p)
		}
		return nil
	})
	return out, err
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

func (tx *Tx) retentionDue(r retentionRule, before string) (count, held int, refs []string, err error) {
	if err = tx.queryRow(`SELECT COUNT(*) FROM `+r.table+` WHERE `+r.where, before).Scan(&count); err != nil {
		return
	}
	if r.held != "" {
		if err = tx.queryRow(`SELECT COUNT(*) FROM `+r.table+` WHERE `+r.where+` AND `+r.held, before).Scan(&held); err != nil {
			return
		}
	}
	rows, err := tx.query(`SELECT `+r.ref+` FROM `+r.table+` WHERE `+r.where+` ORDER BY `+r.ref+` LIMIT 100`, before)
	if err != nil {
		return
	}
	defer rows.Close()
	refs = []string{}
	for rows.Next() {
		var ref any
		if err = rows.Scan(&ref); err != nil {
			return
		}
		refs = append(refs, refString(ref))
	}
	return count, held, refs, rows.Err()
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
	if years < 1 || years > 100 {
		pr := haki.Problems{}
		pr.Add("years", "Give a number of years from 1 to 100.")
		return pr.Err()
	}
	if _, ok := retentionRules[recordType]; !ok {
		return haki.Errorf(haki.ENOTFOUND, "No such record type.")
	}
	return s.write(ctx, func(tx *Tx) error {
		if err := tx.execOne("retention period", `UPDATE retention_settings SET years = ?, updated_by = ?, updated_at = ? WHERE record_type = ?`,
			years, u.Username, fmtTime(tx.now), recordType); err != nil {
			return err
		}
		return tx.audit("update", "retention", recordType, nil, map[string]int{"years": years})
	})
}
