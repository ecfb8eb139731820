package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// unsafeMethod returns why a method of contact breaks the safe-contact
// rules of the assessment in force (nil: no assessment, so neither call
// nor text), or "" when it does not.
func unsafeMethod(a *haki.Assessment, method string) string {
	switch {
	case a != nil && a.ContactMethod == "no_contact":
		return "The safety assessment says this client must not be contacted: record only that no attempt was made."
	case method == haki.ContactCall && (a == nil || !a.SafeToCall):
		return "Calling this client is not safe (or there is no safety assessment yet): choose another way to reach them."
	case method == haki.ContactSMS && (a == nil || !a.SafeToText):
		return "Texting this client is not safe (or there is no safety assessment yet): choose another way to reach them."
	}
	return ""
}

// RecordContactAttempt logs a try to reach a case's client. A call or a
// text the safety assessment in force does not allow is refused, unless
// the attempt records that it was not made because it was unsafe.
func (s *Store) RecordContactAttempt(ctx context.Context, c *haki.ContactAttempt) error {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWork); err != nil {
		return err
	}
	c.Normalize()
	return s.write(ctx, func(tx *Tx) error {
		if err := c.Validate(tx.now); err != nil {
			return err
		}
		if _, err := tx.findCase(c.CaseID); err != nil {
			return err
		}
		a, err := tx.assessmentInForce(c.CaseID)
		if err != nil {
			return err
		}
		if msg := unsafeMethod(a, c.Method); msg != "" && c.Outcome != haki.ContactUnsafeNotTried {
			pr := haki.Problems{}
			pr.Add("method", msg)
			return pr.Err()
		}
		keyID, key, err := tx.caseKey(c.CaseID)
		if err != nil {
			return err
		}
		c.ID, c.CreatedBy, c.CreatedAt = newID(), tx.userID(), tx.now
		if _, err := tx.exec(`INSERT INTO contact_attempts (id, case_id, attempted_at, method, outcome, notes, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, c.CaseID, fmtTime(c.AttemptedAt), c.Method, c.Outcome,
			(sealer{key, "contact_attempt", c.ID}).seal("notes", c.Notes), nullString(c.CreatedBy), fmtTime(tx.now)); err != nil {
			return tx.mapErr(err, "contact attempt")
		}
		if err := tx.caseEvent(c.CaseID, haki.EventContact, c.AttemptedAt, "contact: "+c.Method+", "+c.Outcome, "contact_attempt", c.ID); err != nil {
			return err
		}
		after, err := sealAudit(keyID, key, c)
		if err != nil {
			return err
		}
		return tx.audit("create", "contact_attempt", c.ID, nil, after)
	})
}

// FindContactAttempts returns a case's contact attempts, newest first, at
// most limit (0: the default page size).
func (s *Store) FindContactAttempts(ctx context.Context, caseID string, limit int) ([]*haki.ContactAttempt, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermCaseRead, "case"); err != nil {
		return nil, err
	}
	var out []*haki.ContactAttempt
	err := s.read(ctx, func(tx *Tx) error {
		if _, err := tx.findCase(caseID); err != nil {
			return err
		}
		_, key, err := tx.caseKeyForRead(caseID)
		if err != nil {
			return err
		}
		rows, err := tx.query(`SELECT a.id, a.attempted_at, a.method, a.outcome, a.notes, COALESCE(a.created_by, ''), a.created_at,
			COALESCE(u.display_name, u.username, '') FROM contact_attempts a LEFT JOIN users u ON u.id = a.created_by
			WHERE a.case_id = ? ORDER BY a.attempted_at DESC, a.id DESC LIMIT ?`, caseID, clampLimit(limit))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c := &haki.ContactAttempt{CaseID: caseID}
			var at, created string
			if err := rows.Scan(&c.ID, &at, &c.Method, &c.Outcome, &c.Notes, &c.CreatedBy, &created, &c.CreatedByName); err != nil {
				return err
			}
			c.AttemptedAt, c.CreatedAt = parseTime(at), parseTime(created)
			if key == nil {
				c.Notes = ""
			} else if c.Notes, err = (sealer{key, "contact_attempt", c.ID}).open("notes", c.Notes); err != nil {
				return err
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, err
}

// SafeContact returns the assessment in force on a case (nil: none, so the
// client is neither called nor texted), for a form to show beside it.
func (s *Store) SafeContact(ctx context.Context, caseID string) (*haki.Assessment, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermCaseRead, "case"); err != nil {
		return nil, err
	}
	var a *haki.Assessment
	err := s.read(ctx, func(tx *Tx) (err error) {
		if _, err := tx.findCase(caseID); err != nil {
			return err
		}
		a, err = tx.assessmentInForce(caseID)
		return err
	})
	return a, err
}

// DropoutRules returns the rules that flag cases at risk. Anyone who reads
// cases may read them.
func (s *Store) DropoutRules(ctx context.Context) (*haki.DropoutRules, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseRead); err != nil {
		return nil, err
	}
	var d *haki.DropoutRules
	err := s.read(ctx, func(tx *Tx) (err error) {
		d, err = tx.dropoutRules()
		return err
	})
	return d, err
}

func (tx *Tx) dropoutRules() (*haki.DropoutRules, error) {
	d := &haki.DropoutRules{}
	var updated string
	err := tx.queryRow(`SELECT missed_on, missed_count, silence_on, silence_days, COALESCE(updated_by, ''), updated_at, version
		FROM dropout_rules WHERE id = 1`).Scan(&d.MissedOn, &d.MissedCount, &d.SilenceOn, &d.SilenceDays, &d.UpdatedBy, &updated, &d.Version)
	if isNoRows(err) {
		def := haki.DefaultDropoutRules
		return &def, nil
	}
	d.UpdatedAt = parseTime(updated)
	return d, err
}

// UpdateDropoutRules sets the rules; d.Version must be the version read.
func (s *Store) UpdateDropoutRules(ctx context.Context, d *haki.DropoutRules) error {
	if err := require(haki.UserFromContext(ctx), haki.PermSettings); err != nil {
		return err
	}
	if err := d.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, err := tx.dropoutRules()
		if err != nil {
			return err
		}
		if err := tx.execOne("setting", `UPDATE dropout_rules SET missed_on = ?, missed_count = ?, silence_on = ?, silence_days = ?, updated_by = ?,
			updated_at = ?, version = version + 1 WHERE id = 1 AND version = ?`, boolInt(d.MissedOn), d.MissedCount, boolInt(d.SilenceOn),
			d.SilenceDays, nullString(tx.userID()), fmtTime(tx.now), d.Version); err != nil {
			return err
		}
		d.UpdatedBy, d.UpdatedAt, d.Version = tx.userID(), tx.now, before.Version+1
		return tx.audit("update", "dropout_rules", "1", before, d)
	})
}

// openStatuses are the statuses in which a case can drop out.
var openStatuses = []string{"intake", "assessment", "active", "on_hold"}

// servicesKnown says whether the services table (migration 010) is part
// of the schema this code runs on: a service delivered is contact too.
const servicesKnown = true

// lastContactSQL is the latest contact with a case's client (alias c), as
// a text that compares in time order: intake, an attended appointment, an
// attempt that reached them, a service.
func lastContactSQL() string {
	parts := []string{
		`(SELECT MAX(e.starts_at) FROM events e JOIN event_participants p ON p.event_id = e.id
			WHERE COALESCE(p.case_id, e.case_id) = c.id AND p.person_id = c.client_id AND p.attendance = 'attended')`,
		`(SELECT MAX(a.attempted_at) FROM contact_attempts a WHERE a.case_id = c.id AND a.outcome = 'reached')`,
	}
	if servicesKnown {
		parts = append(parts, `(SELECT MAX(sv.delivered_on) FROM services sv WHERE sv.case_id = c.id)`)
	}
	return strings.Join(parts, ", ")
}

// missedStreaksSQL selects, per case, the client's latest n appointments
// that count (attended or missed, or still "scheduled" though past) and
// how many of them were missed; cond restricts the cases (alias c). Group
// sessions count for the case each client attends for; a series counts by
// the occurrences that have a row of their own (attendance marked), never by
// its rule.
func missedStreaksSQL(cond string) string {
	return `SELECT x.case_id, COUNT(*), SUM(CASE WHEN x.attendance = 'missed' THEN 1 ELSE 0 END) FROM (
		SELECT c.id AS case_id, p.attendance, ROW_NUMBER() OVER (PARTITION BY c.id ORDER BY e.starts_at DESC, e.id DESC) AS rn
		FROM events e JOIN event_participants p ON p.event_id = e.id JOIN cases c ON c.id = COALESCE(p.case_id, e.case_id) AND p.person_id = c.client_id
		WHERE e.kind IN ('appointment', 'group_session') AND e.rrule = '' AND e.status = 'scheduled'
		AND (p.attendance IN ('attended', 'missed') OR (p.attendance = 'scheduled' AND e.starts_at <= ?)) AND ` + cond + `
	) x WHERE x.rn <= ? GROUP BY x.case_id`
}

// dropoutRisks computes, at read time, the risk of the cases (alias c)
// matching cond; with atRiskOnly, only the cases a rule flags, at most limit.
func (tx *Tx) dropoutRisks(cond string, args []any, atRiskOnly bool, limit int) (map[string]*haki.DropoutRisk, []string, error) {
	rules, err := tx.dropoutRules()
	if err != nil {
		return nil, nil, err
	}
	now := tx.now
	cutoff := now.AddDate(0, 0, -rules.SilenceDays)
	out := map[string]*haki.DropoutRisk{}
	var order []string
	statuses := make([]any, len(openStatuses))
	for i, s := range openStatuses {
		statuses[i] = s
	}
	silent := make([]any, len(haki.SilentStatuses))
	for i, s := range haki.SilentStatuses {
		silent[i] = s
	}
	where := cond + ` AND c.status IN (` + placeholders(len(statuses)) + `)`
	wargs := append(append([]any{}, args...), statuses...)
	// Cases flagged by the rule of missed appointments.
	missed := map[string]int{}
	if rules.MissedOn {
		rows, err := tx.query(missedStreaksSQL(where), append(append([]any{fmtTime(now)}, wargs...), rules.MissedCount)...)
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var id string
			var n, m int
			if err := rows.Scan(&id, &n, &m); err != nil {
				rows.Close()
				return nil, nil, err
			}
			if n == rules.MissedCount && m == n {
				missed[id] = m
			}
		}
		if err := rows.Close(); err != nil {
			return nil, nil, err
		}
	}
	q := `SELECT c.id, c.status, c.intake_date, ` + lastContactSQL() + ` FROM cases c WHERE ` + where
	qargs := wargs
	if atRiskOnly {
		var fired []string
		if rules.SilenceOn {
			// Silent: nothing since the cutoff. Texts compare in time order:
			// a date "2024-01-31" sorts before any instant of that day.
			silence := `(c.status IN (` + placeholders(len(silent)) + `) AND c.intake_date < ?
				AND NOT EXISTS (SELECT 1 FROM events e JOIN event_participants p ON p.event_id = e.id WHERE COALESCE(p.case_id, e.case_id) = c.id
					AND p.person_id = c.client_id AND p.attendance = 'attended' AND e.starts_at >= ?)
				AND NOT EXISTS (SELECT 1 FROM contact_attempts a WHERE a.case_id = c.id AND a.outcome = 'reached' AND a.attempted_at >= ?)`
			qargs = append(append(qargs, silent...), fmtDate(haki.Today(cutoff)), fmtTime(cutoff), fmtTime(cutoff))
			if servicesKnown {
				silence += ` AND NOT EXISTS (SELECT 1 FROM services sv WHERE sv.case_id = c.id AND sv.delivered_on >= ?)`
				qargs = append(qargs, fmtDate(haki.Today(cutoff)))
			}
			fired = append(fired, silence+")")
		}
		if len(missed) > 0 {
			ids := make([]string, 0, len(missed))
			for id := range missed {
				ids = append(ids, id)
			}
			slices.Sort(ids)
			fired = append(fired, `c.id IN (`+placeholders(len(ids))+`)`)
			for _, id := range ids {
				qargs = append(qargs, id)
			}
		}
		if len(fired) == 0 {
			return out, nil, nil
		}
		q += ` AND (` + strings.Join(fired, " OR ") + `)`
	}
	q += ` ORDER BY c.intake_date, c.id`
	if limit > 0 {
		q += ` LIMIT ?`
		qargs = append(qargs, limit)
	}
	rows, err := tx.query(q, qargs...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	cutDay, cutTime := fmtDate(haki.Today(cutoff)), fmtTime(cutoff)
	for rows.Next() {
		var id, status, intake string
		var attended, reached, served sql.NullString
		dest := []any{&id, &status, &intake, &attended, &reached}
		if servicesKnown {
			dest = append(dest, &served)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, nil, err
		}
		r := &haki.DropoutRisk{CaseID: id, Reasons: []haki.Reason{}, MissedInARow: missed[id], LastContact: parseDate(intake)}
		// The same test as the SQL above: days compare with the cutoff's
		// day, instants with the cutoff instant.
		silent := intake < cutDay && attended.String < cutTime && reached.String < cutTime && served.String < cutDay
		for _, t := range []time.Time{parseTime(attended.String), parseTime(reached.String), parseDate(served.String)} {
			if t.After(r.LastContact) {
				r.LastContact = t
			}
		}
		if missed[id] > 0 {
			r.Reasons = append(r.Reasons, haki.Reason{Rule: "missed", Count: missed[id]})
		}
		if rules.SilenceOn && slices.Contains(haki.SilentStatuses, status) && silent {
			r.Reasons = append(r.Reasons, haki.Reason{Rule: "silence", Count: int(now.Sub(r.LastContact) / (24 * time.Hour))})
		}
		r.AtRisk = len(r.Reasons) > 0
		if atRiskOnly && !r.AtRisk {
			continue
		}
		out[id] = r
		order = append(order, id)
	}
	return out, order, rows.Err()
}

// FindDropoutRisk says whether a case the caller may see is at risk of
// dropping out, and why, as the rules say now.
func (s *Store) FindDropoutRisk(ctx context.Context, caseID string) (*haki.DropoutRisk, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermCaseRead, "case"); err != nil {
		return nil, err
	}
	r := &haki.DropoutRisk{CaseID: caseID, Reasons: []haki.Reason{}}
	err := s.read(ctx, func(tx *Tx) error {
		if _, err := tx.findCase(caseID); err != nil {
			return err
		}
		risks, _, err := tx.dropoutRisks("c.id = ?", []any{caseID}, false, 0)
		if found, ok := risks[caseID]; ok {
			r = found
		}
		return err
	})
	return r, err
}

// FindDropoutRisks returns the risk of each of the given cases the caller
// may see that is at risk, by case id: the badges of a list.
func (s *Store) FindDropoutRisks(ctx context.Context, caseIDs []string) (map[string]*haki.DropoutRisk, error) {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermCaseRead); err != nil {
		return nil, err
	}
	if len(caseIDs) == 0 {
		return map[string]*haki.DropoutRisk{}, nil
	}
	cond, args := visibleCases("c", u)
	ids := make([]any, len(caseIDs))
	for i, id := range caseIDs {
		ids[i] = id
	}
	var out map[string]*haki.DropoutRisk
	err := s.read(ctx, func(tx *Tx) (err error) {
		out, _, err = tx.dropoutRisks(cond+` AND c.id IN (`+placeholders(len(ids))+`)`, append(args, ids...), true, 0)
		return err
	})
	return out, err
}

// FindFollowUps is the follow-up list: the cases the caller may see that
// are at risk of dropping out, longest without contact first, each with
// the safe-contact rules of its assessment in force.
func (s *Store) FindFollowUps(ctx context.Context, limit int) ([]*haki.FollowUp, error) {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermCaseRead); err != nil {
		return nil, err
	}
	var out []*haki.FollowUp
	err := s.read(ctx, func(tx *Tx) error {
		cond, args := visibleCases("c", u)
		risks, order, err := tx.dropoutRisks(cond, args, true, 0)
		if err != nil {
			return err
		}
		if order, err = tx.missedTaskFollowUps(cond, args, risks, order); err != nil {
			return err
		}
		slices.SortStableFunc(order, func(a, b string) int { return risks[a].LastContact.Compare(risks[b].LastContact) })
		if n := clampLimit(limit); len(order) > n {
			order = order[:n]
		}
		for _, id := range order {
			c, err := tx.findCase(id)
			if err != nil {
				return err
			}
			a, err := tx.assessmentInForce(id)
			if err != nil {
				return err
			}
			out = append(out, &haki.FollowUp{Case: c, Risk: *risks[id], Assessment: a})
		}
		return nil
	})
	return out, err
}

// missedTaskFollowUps adds to the follow-up list the open cases (alias c,
// matching cond) with a follow-up task of a missed appointment still open,
// though no drop-out rule flags them (yet): the task points the
// caseworker here, so the case must be here.
func (tx *Tx) missedTaskFollowUps(cond string, args []any, risks map[string]*haki.DropoutRisk, order []string) ([]string, error) {
	statuses := make([]any, len(openStatuses))
	for i, s := range openStatuses {
		statuses[i] = s
	}
	rows, err := tx.query(`SELECT t.case_id, COUNT(*) FROM tasks t JOIN cases c ON c.id = t.case_id
		WHERE t.ref_kind = 'event' AND t.status = ? AND c.status IN (`+placeholders(len(statuses))+`) AND `+cond+`
		GROUP BY t.case_id ORDER BY t.case_id`, append(append([]any{haki.TaskOpen}, statuses...), args...)...)
	if err != nil {
		return nil, err
	}
	open := map[string]int{}
	var ids []string
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return nil, err
		}
		open[id] = n
		ids = append(ids, id)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	var fresh []any
	for _, id := range ids {
		if _, ok := risks[id]; !ok {
			fresh = append(fresh, id)
		}
	}
	if len(fresh) > 0 {
		more, _, err := tx.dropoutRisks(`c.id IN (`+placeholders(len(fresh))+`)`, fresh, false, 0)
		if err != nil {
			return nil, err
		}
		for _, id := range fresh {
			if r, ok := more[id.(string)]; ok {
				risks[id.(string)] = r
				order = append(order, id.(string))
			}
		}
	}
	for _, id := range ids {
		if r, ok := risks[id]; ok {
			r.Reasons = append(r.Reasons, haki.Reason{Rule: "task", Count: open[id]})
		}
	}
	return order, nil
}
