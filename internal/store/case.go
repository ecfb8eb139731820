package store

import (
	"context"
	"strings"

	"github.com/haki-kenya/haki"
)

// caseFrom joins each case to its client and to the data keys of the case
// (its summary) and of the client (their name).
const caseFrom = `cases c JOIN persons p ON p.id = c.client_id LEFT JOIN data_keys pk ON pk.id = p.key_id
	LEFT JOIN data_keys ck ON ck.id = c.key_id`

const caseColumns = `c.id, c.ref, c.client_id, c.client_relation, c.intake_date, c.intake_channel, c.status, c.closure_reason,
	COALESCE(c.caseworker_id, ''), COALESCE(c.team_id, ''), c.sensitive, c.summary, COALESCE(c.created_by, ''), c.created_at, c.updated_at,
	c.version, p.ref, p.full_name, COALESCE(pk.master_id, ''), COALESCE(pk.wrapped, ''), COALESCE(ck.master_id, ''), COALESCE(ck.wrapped, '')`

// scanCase reads a row of caseColumns, opening the client's name and the
// summary. Only roles that see identities read cases.
func (tx *Tx) scanCase(row interface{ Scan(...any) error }) (*haki.Case, error) {
	c := &haki.Case{}
	var intake, created, updated, pm, pw, cm, cw string
	err := row.Scan(&c.ID, &c.Ref, &c.ClientID, &c.ClientRelation, &intake, &c.IntakeChannel, &c.Status, &c.ClosureReason,
		&c.CaseworkerID, &c.TeamID, &c.Sensitive, &c.Summary, &c.CreatedBy, &created, &updated, &c.Version, &c.ClientRef, &c.ClientName,
		&pm, &pw, &cm, &cw)
	if err != nil {
		return nil, err
	}
	c.IntakeDate, c.CreatedAt, c.UpdatedAt = parseDate(intake), parseTime(created), parseTime(updated)
	pkey, err := tx.s.unwrapJoined(pm, pw)
	if err != nil {
		return nil, err
	}
	if pkey == nil {
		c.ClientName = "" // the client's identity was erased
	} else if c.ClientName, err = (sealer{pkey, "person", c.ClientID}).open("full_name", c.ClientName); err != nil {
		return nil, err
	} else {
		tx.reveal("person", c.ClientID)
	}
	ckey, err := tx.s.unwrapJoined(cm, cw)
	if err != nil {
		return nil, err
	}
	c.Summary, err = (sealer{ckey, "case", c.ID}).open("summary", c.Summary)
	return c, err
}

// caseKey returns a case's data key id and key. A case whose key was
// destroyed with its client's identity gets a new one, so work on it can go
// on without the erased past.
func (tx *Tx) caseKey(id string) (string, []byte, error) {
	var keyID string
	if err := tx.queryRow(`SELECT COALESCE(key_id, '') FROM cases WHERE id = ?`, id).Scan(&keyID); err != nil {
		return "", nil, tx.mapErr(err, "case")
	}
	if keyID == "" {
		keyID, key, err := tx.newDataKey()
		if err == nil {
			_, err = tx.exec(`UPDATE cases SET key_id = ? WHERE id = ?`, keyID, id)
		}
		return keyID, key, err
	}
	key, err := tx.dataKey(keyID)
	return keyID, key, err
}

// auditCase appends an audit entry for a case, sealed with its key.
func (tx *Tx) auditCase(action, id string, before, after *haki.Case) error {
	keyID, key, err := tx.caseKey(id)
	if err != nil {
		return err
	}
	b, err := sealAudit(keyID, key, caseForAudit(before))
	if err != nil {
		return err
	}
	a, err := sealAudit(keyID, key, caseForAudit(after))
	if err != nil {
		return err
	}
	return tx.audit(action, "case", id, b, a)
}

func (tx *Tx) checkCase(c *haki.Case, before *haki.Case) error {
	pr := haki.Problems{}
	c.Normalize()
	if err := c.Validate(tx.now); err != nil {
		for k, m := range haki.ErrorFields(err) {
			pr.Add(k, m)
		}
	}
	var old haki.Case
	if before != nil {
		old = *before
	}
	for _, t := range []struct{ field, vocab, code, keep string }{
		{"client_relation", "client_relation", c.ClientRelation, old.ClientRelation},
		{"intake_channel", "intake_channel", c.IntakeChannel, old.IntakeChannel},
		{"status", "case_status", c.Status, old.Status},
		{"closure_reason", "closure_reason", c.ClosureReason, old.ClosureReason},
	} {
		if err := tx.checkTerm(pr, t.field, t.vocab, t.code, t.keep); err != nil {
			return err
		}
	}
	if c.ClientID != "" {
		if _, err := tx.findPerson(c.ClientID); haki.ErrorCode(err) == haki.ENOTFOUND {
			pr.Add("client_id", "Choose a person from the records.")
		} else if err != nil {
			return err
		}
	}
	for _, id := range c.IncidentIDs {
		if _, err := tx.findIncident(id); haki.ErrorCode(err) == haki.ENOTFOUND {
			pr.Add("incident_ids", "Choose incidents from the records.")
		} else if err != nil {
			return err
		}
	}
	if err := tx.checkStaff(pr, "caseworker_id", c.CaseworkerID, haki.RoleCaseworker, haki.RoleAdmin, haki.RoleDataManager); err != nil {
		return err
	}
	for _, id := range c.AssigneeIDs {
		if err := tx.checkStaff(pr, "assignee_ids", id, haki.RoleCaseworker, haki.RoleProfessional, haki.RoleAdmin, haki.RoleDataManager); err != nil {
			return err
		}
	}
	if c.TeamID != "" {
		if err := tx.checkTeam(c.TeamID); err != nil {
			return err
		}
	}
	return pr.Err()
}

// checkStaff adds a problem unless id is an enabled account of one of the roles.
func (tx *Tx) checkStaff(pr haki.Problems, field, id string, roles ...haki.Role) error {
	if id == "" {
		return nil
	}
	var role haki.Role
	var disabled bool
	err := tx.queryRow(`SELECT role, disabled FROM users WHERE id = ?`, id).Scan(&role, &disabled)
	if err != nil && !isNoRows(err) {
		return err
	}
	ok := err == nil && !disabled
	if ok {
		ok = false
		for _, r := range roles {
			ok = ok || role == r
		}
	}
	if !ok {
		pr.Add(field, "Choose a colleague who can take this work.")
	}
	return nil
}

// CreateCase opens a client file. A caseworker's new case belongs to their
// team unless they say otherwise.
func (s *Store) CreateCase(ctx context.Context, c *haki.Case) error {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermCaseWrite); err != nil {
		return err
	}
	if c.TeamID == "" {
		c.TeamID = u.TeamID
	}
	if c.CaseworkerID == "" && u.Role == haki.RoleCaseworker {
		c.CaseworkerID = u.ID
	}
	return s.write(ctx, func(tx *Tx) error { return tx.createCase(c) })
}

// createCase opens a client file in the transaction, with its timeline's
// first line and its audit entry.
func (tx *Tx) createCase(c *haki.Case) error {
	if err := tx.checkCase(c, nil); err != nil {
		return err
	}
	ref, err := tx.nextRef("CASE")
	if err != nil {
		return err
	}
	keyID, key, err := tx.newDataKey()
	if err != nil {
		return err
	}
	c.ID, c.Ref, c.CreatedBy, c.CreatedAt, c.UpdatedAt, c.Version = newID(), ref, tx.userID(), tx.now, tx.now, 1
	if _, err := tx.exec(`INSERT INTO cases (id, ref, client_id, client_relation, intake_date, intake_year, intake_channel, status, closure_reason,
		caseworker_id, team_id, sensitive, summary, created_by, created_at, updated_at, key_id, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		c.ID, c.Ref, c.ClientID, c.ClientRelation, fmtDate(c.IntakeDate), c.IntakeDate.Year(), c.IntakeChannel, c.Status, c.ClosureReason,
		nullString(c.CaseworkerID), nullString(c.TeamID), boolInt(c.Sensitive), (sealer{key, "case", c.ID}).seal("summary", c.Summary),
		nullString(c.CreatedBy), fmtTime(tx.now), fmtTime(tx.now), keyID); err != nil {
		return tx.mapErr(err, "case")
	}
	if err := tx.setCaseLinks(c); err != nil {
		return err
	}
	if err := tx.caseEvent(c.ID, haki.EventIntake, c.IntakeDate, "intake: "+c.IntakeChannel, "case", c.ID); err != nil {
		return err
	}
	return tx.auditCase("create", c.ID, nil, c)
}

func (tx *Tx) setCaseLinks(c *haki.Case) error {
	if _, err := tx.exec(`DELETE FROM case_incidents WHERE case_id = ?`, c.ID); err != nil {
		return err
	}
	// Assignments that stay keep their row, and with it the referral that
	// made them (network_referral.go), so declining that referral still ends them.
	assignees := dedupe(c.AssigneeIDs)
	drop, args := `DELETE FROM case_assignments WHERE case_id = ?`, []any{c.ID}
	if len(assignees) > 0 {
		drop += ` AND user_id NOT IN (` + placeholders(len(assignees)) + `)`
		for _, id := range assignees {
			args = append(args, id)
		}
	}
	if _, err := tx.exec(drop, args...); err != nil {
		return err
	}
	for _, id := range dedupe(c.IncidentIDs) {
		if _, err := tx.exec(`INSERT INTO case_incidents (case_id, incident_id) VALUES (?, ?)`, c.ID, id); err != nil {
			return tx.mapErr(err, "case")
		}
	}
	for _, id := range assignees {
		if _, err := tx.exec(`INSERT INTO case_assignments (case_id, user_id) SELECT ?, ?
			WHERE NOT EXISTS (SELECT 1 FROM case_assignments WHERE case_id = ? AND user_id = ?)`, c.ID, id, c.ID, id); err != nil {
			return tx.mapErr(err, "case")
		}
	}
	return nil
}

// FindCaseByID returns a case the caller may see, with its links.
func (s *Store) FindCaseByID(ctx context.Context, id string) (*haki.Case, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermCaseRead, "case"); err != nil {
		return nil, err
	}
	var c *haki.Case
	err := s.read(ctx, func(tx *Tx) (err error) {
		c, err = tx.findCase(id)
		return err
	})
	return c, err
}

func (tx *Tx) findCase(id string) (*haki.Case, error) {
	cond, args := visibleCases("c", tx.user)
	c, err := tx.scanCase(tx.queryRow(`SELECT `+caseColumns+` FROM `+caseFrom+` WHERE c.id = ? AND `+cond,
		append([]any{id}, args...)...))
	if err != nil {
		return nil, tx.mapErr(err, "case")
	}
	if c.IncidentIDs, err = tx.strings(`SELECT incident_id FROM case_incidents WHERE case_id = ? ORDER BY incident_id`, id); err != nil {
		return nil, err
	}
	if c.AssigneeIDs, err = tx.strings(`SELECT user_id FROM case_assignments WHERE case_id = ? ORDER BY user_id`, id); err != nil {
		return nil, err
	}
	return c, nil
}

func (tx *Tx) strings(q string, args ...any) ([]string, error) {
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// FindCases lists the cases the caller may see, newest intake first.
func (s *Store) FindCases(ctx context.Context, f haki.CaseFilter) ([]*haki.Case, string, error) {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermCaseRead); err != nil {
		return nil, "", err
	}
	cond, args := visibleCases("c", u)
	where := []string{cond}
	add := func(c string, v ...any) { where = append(where, c); args = append(args, v...) }
	if f.Status != "" {
		add("c.status = ?", f.Status)
	}
	if f.Year != 0 {
		add("c.intake_year = ?", f.Year)
	}
	if cond, cargs := s.personSearch(f.Text); cond != "" {
		add("(c.ref = ? OR "+cond+")", append([]any{strings.ToUpper(strings.TrimSpace(f.Text))}, cargs...)...)
	}
	if f.Cursor != "" {
		key, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		add("(c.intake_date < ? OR (c.intake_date = ? AND c.id < ?))", key, key, id)
	}
	limit := clampLimit(f.Limit)
	var out []*haki.Case
	err := s.read(ctx, func(tx *Tx) (err error) {
		out, err = tx.newestCases(strings.Join(where, " AND "), args, limit+1)
		return err
	})
	var next string
	if len(out) > limit {
		last := out[limit-1]
		out, next = out[:limit], encodeCursor(fmtDate(last.IntakeDate), last.ID)
	}
	return out, next, err
}

// UpdateCase replaces a case's fields and links; c.Version must be the
// version read. It does not change the status: see ChangeCaseStatus.
func (s *Store) UpdateCase(ctx context.Context, c *haki.Case) error {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, err := tx.findCase(c.ID)
		if err != nil {
			return err
		}
		if c.Version != before.Version {
			return haki.Errorf(haki.ECONFLICT, "The %s was changed by someone else. Reload it and try again.", "case")
		}
		// The status changes only through ChangeCaseStatus, which records
		// why; an update that leaves it out keeps it.
		if c.Status == "" {
			c.Status, c.ClosureReason = before.Status, before.ClosureReason
		}
		if c.Status != before.Status || (c.Status == "closed" && c.ClosureReason != before.ClosureReason) {
			pr := haki.Problems{}
			pr.Add("status", "Change the status with the case's status form, which records why.")
			return pr.Err()
		}
		if err := tx.checkCase(c, before); err != nil {
			return err
		}
		_, key, err := tx.caseKey(c.ID)
		if err != nil {
			return err
		}
		if err := tx.execOne("case", `UPDATE cases SET client_id = ?, client_relation = ?, intake_date = ?, intake_year = ?, intake_channel = ?, status = ?,
			closure_reason = ?, caseworker_id = ?, team_id = ?, sensitive = ?, summary = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			c.ClientID, c.ClientRelation, fmtDate(c.IntakeDate), c.IntakeDate.Year(), c.IntakeChannel, c.Status, c.ClosureReason,
			nullString(c.CaseworkerID), nullString(c.TeamID), boolInt(c.Sensitive), (sealer{key, "case", c.ID}).seal("summary", c.Summary),
			fmtTime(tx.now), c.ID, c.Version); err != nil {
			return err
		}
		if err := tx.setCaseLinks(c); err != nil {
			return err
		}
		c.Ref, c.CreatedBy, c.CreatedAt, c.UpdatedAt, c.Version = before.Ref, before.CreatedBy, before.CreatedAt, tx.now, before.Version+1
		return tx.auditCase("update", c.ID, before, c)
	})
}

// DeleteCase removes a case file (not its persons or incidents).
func (s *Store) DeleteCase(ctx context.Context, id string) error {
	if err := require(haki.UserFromContext(ctx), haki.PermIncidentDelete); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, err := tx.findCase(id)
		if err != nil {
			return err
		}
		if err := tx.auditCase("delete", id, before, nil); err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM cases WHERE id = ?`, id); err != nil {
			return tx.mapErr(err, "case")
		}
		return nil
	})
}

// statusSummary tells a change of status for the timeline, by codes
// (the page shows their labels).
func statusSummary(before, after *haki.Case) string {
	out := before.Status + " → " + after.Status
	if after.ClosureReason != "" {
		out += " (" + after.ClosureReason + ")"
	}
	return out
}

func dedupe(ss []string) []string {
	seen, out := map[string]bool{}, []string{}
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// caseForAudit is the case as the audit log keeps it: without the client's
// name, which belongs to the person and is sealed with their key, so that
// erasing the person erases it from history too. nil stays nil.
func caseForAudit(c *haki.Case) any {
	if c == nil {
		return nil
	}
	cp := *c
	cp.ClientName = ""
	return &cp
}
