package store

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

const taskColumns = `t.id, t.title, t.notes, t.due_on, COALESCE(t.assignee_user_id, ''), COALESCE(t.assignee_team_id, ''), COALESCE(t.case_id, ''),
	t.status, t.done_at, COALESCE(t.done_by, ''), COALESCE(t.delegated_by, ''), t.delegation_note, t.delegated_at, t.ref_kind, t.ref_id,
	COALESCE(t.created_by, ''), t.created_at, t.updated_at, t.version, COALESCE(t.key_id, ''),
	COALESCE(au.display_name, au.username, ''), COALESCE(tm.name, ''), COALESCE(du.display_name, du.username, ''), COALESCE(tc.ref, '')`

const taskFrom = `tasks t LEFT JOIN users au ON au.id = t.assignee_user_id LEFT JOIN teams tm ON tm.id = t.assignee_team_id
	LEFT JOIN users du ON du.id = t.delegated_by LEFT JOIN cases tc ON tc.id = t.case_id`

// visibleTasks: data managers and administrators see every task; a
// caseworker or professional sees the tasks of the cases they may see, and,
// of tasks on no case, those given to them, handed on or written by them
// (and, for a caseworker, those of their team).
func visibleTasks(t string, u *haki.User) (string, []any) {
	switch {
	case u == nil:
		return "1 = 0", nil
	case u.Role.SeesAllRecords():
		return "1 = 1", nil
	case u.Role == haki.RoleCaseworker, u.Role == haki.RoleProfessional:
		own := t + ".assignee_user_id = ? OR " + t + ".delegated_by = ? OR " + t + ".created_by = ?"
		args := []any{u.ID, u.ID, u.ID}
		if u.Role == haki.RoleCaseworker && u.TeamID != "" {
			own += " OR " + t + ".assignee_team_id = ? OR " + t + ".assignee_user_id IN (SELECT id FROM users WHERE team_id = ?)"
			args = append(args, u.TeamID, u.TeamID)
		}
		cond, cargs := visibleCases("vt", u)
		return "((" + t + ".case_id IS NULL AND (" + own + ")) OR EXISTS (SELECT 1 FROM cases vt WHERE vt.id = " + t + ".case_id AND " + cond + "))",
			append(args, cargs...)
	}
	return "1 = 0", nil
}

// scanTask reads a row of taskColumns with its sealed fields still sealed,
// and the id of the key that seals them.
func scanTask(row interface{ Scan(...any) error }) (*haki.Task, string, error) {
	t := &haki.Task{}
	var due, done, delegated, created, updated, keyID string
	err := row.Scan(&t.ID, &t.Title, &t.Notes, &due, &t.AssigneeUserID, &t.AssigneeTeamID, &t.CaseID, &t.Status, &done, &t.DoneBy,
		&t.DelegatedBy, &t.DelegationNote, &delegated, &t.RefKind, &t.RefID, &t.CreatedBy, &created, &updated, &t.Version, &keyID,
		&t.AssigneeName, &t.TeamName, &t.DelegatedByName, &t.CaseRef)
	t.DueOn, t.DoneAt, t.DelegatedAt, t.CreatedAt, t.UpdatedAt = parseDate(due), parseTime(done), parseTime(delegated), parseTime(created), parseTime(updated)
	return t, keyID, err
}

// openTask opens a task's sealed fields; a key destroyed with an erased
// client leaves them empty.
func (tx *Tx) openTask(t *haki.Task, keyID string, keys map[string][]byte) error {
	key, ok := keys[keyID]
	if !ok && keyID != "" {
		var err error
		if key, err = tx.dataKey(keyID); haki.ErrorCode(err) == haki.ENOTFOUND {
			key = nil
		} else if err != nil {
			return err
		}
		keys[keyID] = key
	}
	if key == nil {
		t.Title, t.Notes, t.DelegationNote = "", "", ""
		return nil
	}
	return (sealer{key, "task", t.ID}).openAll(map[string]*string{"title": &t.Title, "notes": &t.Notes, "delegation_note": &t.DelegationNote})
}

// checkTask checks a task's assignee and case: the case must be one the
// caller sees, and the assignee must be able to see it too.
func (tx *Tx) checkTask(t *haki.Task) error {
	pr := haki.Problems{}
	t.Normalize()
	if err := t.Validate(); err != nil {
		for k, v := range haki.ErrorFields(err) {
			pr.Add(k, v)
		}
	}
	var cs *haki.Case
	if t.CaseID != "" {
		var err error
		if cs, err = tx.findCase(t.CaseID); haki.ErrorCode(err) == haki.ENOTFOUND {
			pr.Add("case_id", "Choose a case you work on.")
		} else if err != nil {
			return err
		}
	}
	if t.AssigneeUserID != "" {
		if err := tx.checkAssignee(pr, "assignee", t.AssigneeUserID, cs); err != nil {
			return err
		}
	}
	if t.AssigneeTeamID != "" {
		var n int
		if err := tx.queryRow(`SELECT COUNT(*) FROM teams WHERE id = ?`, t.AssigneeTeamID).Scan(&n); err != nil {
			return err
		}
		switch {
		case n == 0:
			pr.Add("assignee", "Choose a team from the list.")
		case cs != nil && (cs.Sensitive || cs.TeamID != t.AssigneeTeamID):
			pr.Add("assignee", "A task on this case goes to the case's team, or to a colleague who works on the case.")
		}
	}
	return pr.Err()
}

// checkAssignee adds a problem unless userID is an enabled colleague who
// keeps a diary and, for a task on a case, may see that case.
func (tx *Tx) checkAssignee(pr haki.Problems, field, userID string, cs *haki.Case) error {
	u, err := scanUser(tx.queryRow(`SELECT `+userColumns+` FROM users WHERE id = ?`, userID))
	if isNoRows(err) || (err == nil && (!u.Can(haki.PermTasks))) {
		pr.Add(field, "Choose a colleague who can take this work.")
		return nil
	} else if err != nil {
		return err
	}
	if cs == nil {
		return nil
	}
	cond, args := visibleCases("c", u)
	var n int
	if err := tx.queryRow(`SELECT COUNT(*) FROM cases c WHERE c.id = ? AND `+cond, append([]any{cs.ID}, args...)...).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		pr.Add(field, "That colleague does not work on this case: assign them to it first.")
	}
	return nil
}

// taskKey returns the key that seals a task: its case's, or its own.
func (tx *Tx) taskKey(caseID, ownKeyID string) (string, []byte, error) {
	if caseID != "" {
		return tx.caseKey(caseID)
	}
	if ownKeyID != "" {
		key, err := tx.dataKey(ownKeyID)
		if err == nil {
			return ownKeyID, key, nil
		} else if haki.ErrorCode(err) != haki.ENOTFOUND {
			return "", nil, err
		}
	}
	return tx.newDataKey()
}

// CreateTask writes a task in a diary.
func (s *Store) CreateTask(ctx context.Context, t *haki.Task) error {
	if err := require(haki.UserFromContext(ctx), haki.PermTasks); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		if err := tx.checkTask(t); err != nil {
			return err
		}
		if err := tx.insertTask(t); err != nil {
			return err
		}
		// A task made for a colleague is a task handed to them.
		return tx.notify(t.AssigneeUserID, haki.NoticeTask, "task", t.ID, t.CaseID, "/tasks/"+t.ID)
	})
}

// insertTask stores a checked task, with its line on the case's timeline.
func (tx *Tx) insertTask(t *haki.Task) error {
	keyID, key, err := tx.taskKey(t.CaseID, "")
	if err != nil {
		return err
	}
	t.ID, t.CreatedBy, t.CreatedAt, t.UpdatedAt, t.Version = newID(), tx.userID(), tx.now, tx.now, 1
	if t.Status == haki.TaskDone {
		t.DoneAt, t.DoneBy = tx.now, tx.userID()
	}
	sl := sealer{key, "task", t.ID}
	if _, err := tx.exec(`INSERT INTO tasks (id, title, notes, due_on, assignee_user_id, assignee_team_id, case_id, status, done_at, done_by,
		delegation_note, ref_kind, ref_id, key_id, created_by, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		t.ID, sl.seal("title", t.Title), sl.seal("notes", t.Notes), fmtDate(t.DueOn), nullString(t.AssigneeUserID), nullString(t.AssigneeTeamID),
		nullString(t.CaseID), t.Status, fmtTime(t.DoneAt), nullString(t.DoneBy), sl.seal("delegation_note", ""), t.RefKind, t.RefID, keyID,
		nullString(t.CreatedBy), fmtTime(tx.now), fmtTime(tx.now)); err != nil {
		return tx.mapErr(err, "task")
	}
	if t.CaseID != "" {
		if err := tx.caseEvent(t.CaseID, haki.EventTask, tx.now, "task: "+short(t.Title)+", due "+fmtDate(t.DueOn), "task", t.ID); err != nil {
			return err
		}
	}
	a, err := sealAudit(keyID, key, t)
	if err != nil {
		return err
	}
	return tx.audit("create", "task", t.ID, nil, a)
}

// short cuts a text for a timeline line.
func short(s string) string {
	if r := []rune(s); len(r) > 80 {
		return string(r[:79]) + "…"
	}
	return s
}

// FindTaskByID returns a task the caller may see.
func (s *Store) FindTaskByID(ctx context.Context, id string) (*haki.Task, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermTasks, "task"); err != nil {
		return nil, err
	}
	var t *haki.Task
	err := s.read(ctx, func(tx *Tx) (err error) {
		t, _, err = tx.findTask(id)
		return err
	})
	return t, err
}

func (tx *Tx) findTask(id string) (*haki.Task, string, error) {
	cond, args := visibleTasks("t", tx.user)
	t, keyID, err := scanTask(tx.queryRow(`SELECT `+taskColumns+` FROM `+taskFrom+` WHERE t.id = ? AND `+cond, append([]any{id}, args...)...))
	if err != nil {
		return nil, "", tx.mapErr(err, "task")
	}
	return t, keyID, tx.openTask(t, keyID, map[string][]byte{})
}

// FindTasks lists the tasks of a scope the caller may see, soonest due first.
func (s *Store) FindTasks(ctx context.Context, f haki.TaskFilter) ([]*haki.Task, string, error) {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermTasks); err != nil {
		return nil, "", err
	}
	if !slices.Contains(haki.TaskScopes, f.Scope) {
		return nil, "", haki.Errorf(haki.EINVALID, "Choose mine, delegated, team or case.")
	}
	if f.Status != "" && !slices.Contains(haki.TaskStatuses, f.Status) {
		return nil, "", haki.Errorf(haki.EINVALID, "Choose open or done.")
	}
	cond, args := visibleTasks("t", u)
	where := []string{cond}
	add := func(c string, v ...any) { where = append(where, c); args = append(args, v...) }
	switch f.Scope {
	case "mine":
		add("t.assignee_user_id = ?", u.ID)
	case "delegated":
		add("t.delegated_by = ? AND (t.assignee_user_id IS NULL OR t.assignee_user_id <> ?)", u.ID, u.ID)
	case "team":
		if u.TeamID == "" {
			return nil, "", nil
		}
		add("(t.assignee_team_id = ? OR t.assignee_user_id IN (SELECT id FROM users WHERE team_id = ?))", u.TeamID, u.TeamID)
	case "case":
		add("t.case_id = ?", f.CaseID)
	}
	if f.Status != "" {
		add("t.status = ?", f.Status)
	}
	if !f.DueBy.IsZero() {
		add("t.due_on <= ?", fmtDate(f.DueBy))
	}
	if f.Cursor != "" {
		key, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		add("(t.due_on > ? OR (t.due_on = ? AND t.id > ?))", key, key, id)
	}
	limit := clampLimit(f.Limit)
	var out []*haki.Task
	err := s.read(ctx, func(tx *Tx) error {
		if f.Scope == "case" {
			if _, err := tx.findCase(f.CaseID); err != nil {
				return err
			}
		}
		rows, err := tx.query(`SELECT `+taskColumns+` FROM `+taskFrom+` WHERE `+strings.Join(where, " AND ")+
			` ORDER BY t.due_on, t.id LIMIT ?`, append(args, limit+1)...)
		if err != nil {
			return err
		}
		var keyIDs []string
		for rows.Next() {
			t, keyID, err := scanTask(rows)
			if err != nil {
				rows.Close()
				return err
			}
			out, keyIDs = append(out, t), append(keyIDs, keyID)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		keys := map[string][]byte{}
		for i, t := range out {
			if err := tx.openTask(t, keyIDs[i], keys); err != nil {
				return err
			}
		}
		return nil
	})
	var next string
	if len(out) > limit {
		last := out[limit-1]
		out, next = out[:limit], encodeCursor(fmtDate(last.DueOn), last.ID)
	}
	return out, next, err
}

// UpdateTask replaces a task's fields; t.Version must be the version read.
// Marking it done or open again is a line on its case's timeline.
func (s *Store) UpdateTask(ctx context.Context, t *haki.Task) error {
	if err := require(haki.UserFromContext(ctx), haki.PermTasks); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, ownKey, err := tx.findTask(t.ID)
		if err != nil {
			return err
		}
		if err := tx.checkTask(t); err != nil {
			return err
		}
		if before.CaseID != "" {
			ownKey = "" // the case's key: the task gets its own when it leaves the case
		}
		keyID, key, err := tx.taskKey(t.CaseID, ownKey)
		if err != nil {
			return err
		}
		t.DoneAt, t.DoneBy = before.DoneAt, before.DoneBy
		if t.Status == haki.TaskDone && before.Status != haki.TaskDone {
			t.DoneAt, t.DoneBy = tx.now, tx.userID()
		} else if t.Status == haki.TaskOpen {
			t.DoneAt, t.DoneBy = time.Time{}, ""
		}
		t.DelegatedBy, t.DelegationNote, t.DelegatedAt = before.DelegatedBy, before.DelegationNote, before.DelegatedAt
		sl := sealer{key, "task", t.ID}
		if err := tx.execOne("task", `UPDATE tasks SET title = ?, notes = ?, due_on = ?, assignee_user_id = ?, assignee_team_id = ?, case_id = ?, status = ?,
			done_at = ?, done_by = ?, delegation_note = ?, key_id = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			sl.seal("title", t.Title), sl.seal("notes", t.Notes), fmtDate(t.DueOn), nullString(t.AssigneeUserID), nullString(t.AssigneeTeamID),
			nullString(t.CaseID), t.Status, fmtTime(t.DoneAt), nullString(t.DoneBy), sl.seal("delegation_note", t.DelegationNote), keyID,
			fmtTime(tx.now), t.ID, t.Version); err != nil {
			return err
		}
		t.RefKind, t.RefID, t.CreatedBy, t.CreatedAt, t.UpdatedAt, t.Version = before.RefKind, before.RefID, before.CreatedBy, before.CreatedAt, tx.now, before.Version+1
		if t.CaseID != "" && t.Status != before.Status {
			if err := tx.caseEvent(t.CaseID, haki.EventTask, tx.now, "task "+t.Status+": "+short(t.Title), "task", t.ID); err != nil {
				return err
			}
		}
		return tx.auditTask("update", keyID, key, before, t)
	})
}

func (tx *Tx) auditTask(action, keyID string, key []byte, before, after *haki.Task) error {
	var b, a any
	var err error
	if before != nil {
		if b, err = sealAudit(keyID, key, before); err != nil {
			return err
		}
	}
	if after != nil {
		if a, err = sealAudit(keyID, key, after); err != nil {
			return err
		}
	}
	return tx.audit(action, "task", after.ID, b, a)
}

// CompleteTask marks a task done.
func (s *Store) CompleteTask(ctx context.Context, id string) (*haki.Task, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermTasks); err != nil {
		return nil, err
	}
	var t *haki.Task
	err := s.write(ctx, func(tx *Tx) error {
		before, keyID, err := tx.findTask(id)
		if err != nil {
			return err
		}
		if before.Status == haki.TaskDone {
			t = before
			return nil
		}
		if err := tx.execOne("task", `UPDATE tasks SET status = ?, done_at = ?, done_by = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			haki.TaskDone, fmtTime(tx.now), tx.userID(), fmtTime(tx.now), id, before.Version); err != nil {
			return err
		}
		cp := *before
		t = &cp
		t.Status, t.DoneAt, t.DoneBy, t.UpdatedAt, t.Version = haki.TaskDone, tx.now, tx.userID(), tx.now, before.Version+1
		if t.CaseID != "" {
			if err := tx.caseEvent(t.CaseID, haki.EventTask, tx.now, "task done: "+short(t.Title), "task", t.ID); err != nil {
				return err
			}
		}
		_, key, err := tx.taskKey("", keyID)
		if err != nil {
			return err
		}
		return tx.auditTask("update", keyID, key, before, t)
	})
	return t, err
}

// DelegateTask hands an open task to another colleague with a note. The
// one who hands it on keeps seeing it among the tasks they delegated.
func (s *Store) DelegateTask(ctx context.Context, id string, d haki.Delegation) (*haki.Task, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermTasks); err != nil {
		return nil, err
	}
	d.Normalize()
	if err := d.Validate(); err != nil {
		return nil, err
	}
	var t *haki.Task
	err := s.write(ctx, func(tx *Tx) error {
		before, keyID, err := tx.findTask(id)
		if err != nil {
			return err
		}
		if d.Version != 0 && d.Version != before.Version {
			return haki.Errorf(haki.ECONFLICT, "The task was changed by someone else. Reload it and try again.")
		}
		pr := haki.Problems{}
		if before.Status != haki.TaskOpen {
			pr.Add("to_user_id", "This task is done: there is nothing to hand on.")
		} else if d.ToUserID == before.AssigneeUserID {
			pr.Add("to_user_id", "The task is already theirs.")
		}
		var cs *haki.Case
		if before.CaseID != "" {
			if cs, err = tx.findCase(before.CaseID); err != nil {
				return err
			}
		}
		if err := tx.checkAssignee(pr, "to_user_id", d.ToUserID, cs); err != nil {
			return err
		}
		if err := pr.Err(); err != nil {
			return err
		}
		if before.CaseID != "" {
			keyID = ""
		}
		keyID, key, err := tx.taskKey(before.CaseID, keyID)
		if err != nil {
			return err
		}
		if err := tx.execOne("task", `UPDATE tasks SET assignee_user_id = ?, assignee_team_id = NULL, delegated_by = ?, delegation_note = ?, delegated_at = ?,
			updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`, d.ToUserID, tx.userID(),
			(sealer{key, "task", id}).seal("delegation_note", d.Note), fmtTime(tx.now), fmtTime(tx.now), id, before.Version); err != nil {
			return err
		}
		if t, _, err = tx.findTask(id); err != nil {
			return err
		}
		if t.CaseID != "" {
			if err := tx.caseEvent(t.CaseID, haki.EventTask, tx.now, "task delegated: "+short(t.Title), "task", t.ID); err != nil {
				return err
			}
		}
		if err := tx.notify(t.AssigneeUserID, haki.NoticeTask, "task", t.ID, t.CaseID, "/tasks/"+t.ID); err != nil {
			return err
		}
		return tx.auditTask("delegate", keyID, key, before, t)
	})
	return t, err
}
