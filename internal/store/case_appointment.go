package store

import (
	"context"
	"slices"
	"time"

	"github.com/haki-kenya/haki"
)

const eventColumns = `id, kind, subtype, starts_at, ends_at, location, COALESCE(case_id, ''), COALESCE(owner_user_id, ''), COALESCE(owner_team_id, ''),
	notes, COALESCE(key_id, ''), COALESCE(created_by, ''), created_at, updated_at, version, status, rrule, exdates, COALESCE(series_id, ''), recurrence_id`

// scanEvent reads a row of eventColumns with the notes still sealed, and
// the id of the event's own key ("" when it seals with its case's).
func scanEvent(row interface{ Scan(...any) error }) (*haki.CalendarEvent, string, error) {
	e := &haki.CalendarEvent{}
	var starts, ends, created, updated, keyID, exdates, rid string
	err := row.Scan(&e.ID, &e.Kind, &e.Subtype, &starts, &ends, &e.Location, &e.CaseID, &e.OwnerUserID, &e.OwnerTeamID, &e.Notes, &keyID,
		&e.CreatedBy, &created, &updated, &e.Version, &e.Status, &e.Rule, &exdates, &e.SeriesID, &rid)
	e.StartsAt, e.EndsAt, e.CreatedAt, e.UpdatedAt = parseTime(starts), parseTime(ends), parseTime(created), parseTime(updated)
	e.Exdates, e.RecurrenceID = parseTimes(exdates), parseTime(rid)
	e.Participants = []*haki.Participant{}
	return e, keyID, err
}

// eventKey returns the key sealing an event's notes: its case's, or its own.
func (tx *Tx) eventKey(e *haki.CalendarEvent, ownKeyID string, read bool) (string, []byte, error) {
	switch {
	case e.CaseID != "" && read:
		return tx.caseKeyForRead(e.CaseID)
	case e.CaseID != "":
		return tx.caseKey(e.CaseID)
	case ownKeyID != "":
		key, err := tx.dataKey(ownKeyID)
		return ownKeyID, key, err
	}
	return tx.newDataKey()
}

// CreateAppointment schedules an appointment of a case with its client. The
// client is always a participant; so is the colleague who schedules it,
// with any colleagues listed in e.Participants (by UserID), each of whom
// must work on the case. It goes on its owner's calendar (the caller's
// unless another colleague or a team is given).
func (s *Store) CreateAppointment(ctx context.Context, e *haki.CalendarEvent) error {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermCaseWork); err != nil {
		return err
	}
	e.Kind = haki.KindAppointment
	if e.OwnerUserID == "" && e.OwnerTeamID == "" {
		e.OwnerUserID = u.ID
	}
	return s.write(ctx, func(tx *Tx) error {
		cs, err := tx.findCase(e.CaseID)
		if err != nil {
			return err
		}
		pr := haki.Problems{}
		e.Normalize()
		if err := e.Validate(); err != nil {
			for k, v := range haki.ErrorFields(err) {
				pr.Add(k, v)
			}
		}
		users := []string{u.ID}
		for _, p := range e.Participants {
			if p.UserID != "" && !slices.Contains(users, p.UserID) {
				users = append(users, p.UserID)
			}
		}
		for _, id := range users[1:] {
			if err := tx.checkAssignee(pr, "participants", id, cs); err != nil {
				return err
			}
		}
		if e.OwnerUserID != "" && e.OwnerUserID != u.ID {
			if err := tx.checkAssignee(pr, "owner", e.OwnerUserID, cs); err != nil {
				return err
			}
		}
		if e.OwnerTeamID != "" && e.OwnerTeamID != cs.TeamID {
			pr.Add("owner", "Put the appointment on the case's team calendar or a colleague's.")
		}
		if err := pr.Err(); err != nil {
			return err
		}
		e.Participants = []*haki.Participant{{PersonID: cs.ClientID}}
		for _, id := range users {
			e.Participants = append(e.Participants, &haki.Participant{UserID: id})
		}
		if err := tx.insertEvent(e); err != nil {
			return err
		}
		return tx.caseEvent(e.CaseID, haki.EventAppointment, tx.now,
			"appointment scheduled: "+e.Subtype+", "+e.StartsAt.In(haki.Nairobi).Format("2006-01-02 15:04"), "event", e.ID)
	})
}

// insertEvent stores a checked event with its participants, all scheduled,
// and audits it.
func (tx *Tx) insertEvent(e *haki.CalendarEvent) error {
	keyID, key, err := tx.eventKey(e, "", false)
	if err != nil {
		return err
	}
	ownKey := keyID
	if e.CaseID != "" {
		ownKey = ""
	}
	e.ID, e.CreatedBy, e.CreatedAt, e.UpdatedAt, e.Version = newID(), tx.userID(), tx.now, tx.now, 1
	if e.Status == "" {
		e.Status = haki.EventScheduled
	}
	lastEnds, err := lastEndsAt(e)
	if err != nil {
		return err
	}
	if _, err := tx.exec(`INSERT INTO events (id, kind, subtype, starts_at, ends_at, location, case_id, owner_user_id, owner_team_id, notes, key_id,
		created_by, created_at, updated_at, version, status, rrule, exdates, series_id, recurrence_id, last_ends_at, location_key)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.Kind, e.Subtype, fmtTime(e.StartsAt), fmtTime(e.EndsAt), e.Location, nullString(e.CaseID), nullString(e.OwnerUserID),
		nullString(e.OwnerTeamID), (sealer{key, "event", e.ID}).seal("notes", e.Notes), nullString(ownKey), nullString(e.CreatedBy),
		fmtTime(tx.now), fmtTime(tx.now), e.Status, e.Rule, fmtTimes(e.Exdates), nullString(e.SeriesID), fmtTime(e.RecurrenceID),
		fmtTime(lastEnds), haki.LocationKey(e.Location)); err != nil {
		return tx.mapErr(err, "event")
	}
	for _, p := range e.Participants {
		p.ID, p.EventID = newID(), e.ID
		if p.Attendance == "" {
			p.Attendance = haki.AttendScheduled
		}
		if _, err := tx.exec(`INSERT INTO event_participants (id, event_id, person_id, user_id, attendance, case_id) VALUES (?, ?, ?, ?, ?, ?)`,
			p.ID, e.ID, nullString(p.PersonID), nullString(p.UserID), p.Attendance, nullString(p.CaseID)); err != nil {
			return tx.mapErr(err, "event")
		}
	}
	a, err := sealAudit(keyID, key, e)
	if err != nil {
		return err
	}
	return tx.audit("create", "event", e.ID, nil, a)
}

// UpdateEvent changes an event's time, place, type and notes; e.Version must
// be the version read. Its participants and attendance stay.
func (s *Store) UpdateEvent(ctx context.Context, e *haki.CalendarEvent) error {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWork); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, ownKey, err := tx.findEvent(e.ID)
		if err != nil {
			return err
		}
		e.Kind, e.CaseID, e.OwnerUserID, e.OwnerTeamID = before.Kind, before.CaseID, before.OwnerUserID, before.OwnerTeamID
		e.Status, e.Rule, e.Exdates, e.SeriesID, e.RecurrenceID = before.Status, before.Rule, before.Exdates, before.SeriesID, before.RecurrenceID
		e.Normalize()
		if err := e.Validate(); err != nil {
			return err
		}
		lastEnds, err := lastEndsAt(e)
		if err != nil {
			return err
		}
		keyID, key, err := tx.eventKey(e, ownKey, false)
		if err != nil {
			return err
		}
		if err := tx.execOne("event", `UPDATE events SET subtype = ?, starts_at = ?, ends_at = ?, location = ?, notes = ?, updated_at = ?,
			version = version + 1, last_ends_at = ?, location_key = ? WHERE id = ? AND version = ?`, e.Subtype, fmtTime(e.StartsAt), fmtTime(e.EndsAt), e.Location,
			(sealer{key, "event", e.ID}).seal("notes", e.Notes), fmtTime(tx.now), fmtTime(lastEnds), haki.LocationKey(e.Location), e.ID, e.Version); err != nil {
			return err
		}
		e.Participants, e.CreatedBy, e.CreatedAt, e.UpdatedAt, e.Version = before.Participants, before.CreatedBy, before.CreatedAt, tx.now, before.Version+1
		if e.CaseID != "" && !e.StartsAt.Equal(before.StartsAt) {
			if err := tx.caseEvent(e.CaseID, haki.EventAppointment, tx.now,
				"appointment moved: "+e.Subtype+", "+e.StartsAt.In(haki.Nairobi).Format("2006-01-02 15:04"), "event", e.ID); err != nil {
				return err
			}
		}
		return tx.auditSealed("update", "event", e.ID, keyID, key, before, e)
	})
}

// FindEventByID returns an event the caller may see, with its participants.
func (s *Store) FindEventByID(ctx context.Context, id string) (*haki.CalendarEvent, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermCaseRead, "event"); err != nil {
		return nil, err
	}
	var e *haki.CalendarEvent
	err := s.read(ctx, func(tx *Tx) (err error) {
		e, _, err = tx.findEvent(id)
		return err
	})
	return e, err
}

// findEvent returns an event the caller may see: one of a case they may
// see; one without a case when it is on their or their team's calendar or
// they take part. It returns the event's own key id too.
func (tx *Tx) findEvent(id string) (*haki.CalendarEvent, string, error) {
	e, ownKey, err := scanEvent(tx.queryRow(`SELECT `+eventColumns+` FROM events WHERE id = ?`, id))
	if err != nil {
		return nil, "", tx.mapErr(err, "event")
	}
	if e.CaseID != "" {
		if _, err := tx.findCase(e.CaseID); haki.ErrorCode(err) == haki.ENOTFOUND {
			return nil, "", haki.Errorf(haki.ENOTFOUND, "No such event.")
		} else if err != nil {
			return nil, "", err
		}
	} else if u := tx.user; u == nil || !u.Role.SeesAllRecords() {
		var n int
		if u != nil {
			if err := tx.queryRow(`SELECT COUNT(*) FROM events e WHERE e.id = ? AND (e.owner_user_id = ? OR e.owner_team_id = ?
				OR EXISTS (SELECT 1 FROM event_participants p WHERE p.event_id = e.id AND p.user_id = ?))`, id, u.ID, u.TeamID, u.ID).Scan(&n); err != nil {
				return nil, "", err
			}
		}
		if n == 0 {
			return nil, "", haki.Errorf(haki.ENOTFOUND, "No such event.")
		}
	}
	if err := tx.openEvents([]*haki.CalendarEvent{e}, []string{ownKey}); err != nil {
		return nil, "", err
	}
	return e, ownKey, nil
}

// openEvents opens the events' notes and loads their participants.
func (tx *Tx) openEvents(events []*haki.CalendarEvent, ownKeys []string) error {
	byID := map[string]*haki.CalendarEvent{}
	for i, e := range events {
		byID[e.ID] = e
		_, key, err := tx.eventKey(e, ownKeys[i], true)
		if haki.ErrorCode(err) == haki.ENOTFOUND {
			key = nil
		} else if err != nil {
			return err
		}
		if key == nil {
			e.Notes = ""
		} else if e.Notes, err = (sealer{key, "event", e.ID}).open("notes", e.Notes); err != nil {
			return err
		}
	}
	if len(events) == 0 {
		return nil
	}
	args := make([]any, 0, len(events))
	for _, e := range events {
		args = append(args, e.ID)
	}
	ps, err := tx.participants(args)
	if err != nil {
		return err
	}
	for _, p := range ps {
		byID[p.EventID].Participants = append(byID[p.EventID].Participants, p)
	}
	return nil
}

// FindAppointments returns a case's appointments and the group sessions its
// client attends for it, latest first, at most limit (0: the default page
// size).
func (s *Store) FindAppointments(ctx context.Context, caseID string, limit int) ([]*haki.CalendarEvent, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermCaseRead, "case"); err != nil {
		return nil, err
	}
	var out []*haki.CalendarEvent
	err := s.read(ctx, func(tx *Tx) error {
		if _, err := tx.findCase(caseID); err != nil {
			return err
		}
		// A group session is the case's when its client attends for the
		// case: the session itself, or an occurrence of a series with a
		// row of its own, as the drop-out rule counts them.
		rows, err := tx.query(`SELECT `+eventColumns+` FROM events WHERE case_id = ? OR (case_id IS NULL AND rrule = '' AND id IN (
			SELECT p.event_id FROM event_participants p JOIN cases c ON c.id = p.case_id AND p.person_id = c.client_id WHERE p.case_id = ?))
			ORDER BY starts_at DESC, id DESC LIMIT ?`, caseID, caseID, clampLimit(limit))
		if err != nil {
			return err
		}
		var keys []string
		for rows.Next() {
			e, k, err := scanEvent(rows)
			if err != nil {
				rows.Close()
				return err
			}
			out, keys = append(out, e), append(keys, k)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		return tx.openEvents(out, keys)
	})
	return out, err
}

// MarkAttendance records whether a participant came. A client who missed an
// appointment of a case gets a follow-up: a task for the case's caseworker
// (or its team), due the next working day, in the same transaction. Nobody
// is marked attended or missed before the appointment begins, and a
// client's appointment of a case is rescheduled with RescheduleAppointment,
// which asks for the new time.
func (s *Store) MarkAttendance(ctx context.Context, participantID, attendance string) (*haki.Participant, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWork); err != nil {
		return nil, err
	}
	if !slices.Contains(haki.Attendances, attendance) {
		return nil, &haki.Error{Code: haki.EINVALID, Message: "Some fields need attention.",
			Fields: map[string]string{"attendance": "Choose attended, missed, cancelled or rescheduled."}}
	}
	var out *haki.Participant
	err := s.write(ctx, func(tx *Tx) (err error) {
		out, _, err = tx.markAttendance(participantID, attendance, time.Time{})
		return err
	})
	return out, err
}

// RescheduleAppointment marks a client "rescheduled" on an appointment of a
// case and books the same appointment (type, place, notes, owner,
// colleagues) at startsAt, in one transaction. It returns the new
// appointment. A client rescheduled already is refused (EINVALID on
// attendance): the new appointment is the one to move.
func (s *Store) RescheduleAppointment(ctx context.Context, participantID string, startsAt time.Time) (*haki.CalendarEvent, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWork); err != nil {
		return nil, err
	}
	var out *haki.CalendarEvent
	err := s.write(ctx, func(tx *Tx) (err error) {
		_, out, err = tx.markAttendance(participantID, haki.AttendRescheduled, startsAt)
		return err
	})
	return out, err
}

// moves reports whether marking the participant rescheduled moves the
// appointment: the client of an appointment of a case. A group session
// goes on without the client, so it has no new time to ask for.
func moves(e *haki.CalendarEvent, p *haki.Participant) bool {
	return e.CaseID != "" && e.Kind == haki.KindAppointment && p.PersonID != ""
}

// markAttendance records whether a participant came (see MarkAttendance).
// A client's mark counts for the event's case, or in an event of several
// clients for the case the client attends for, which the caller must see.
// Rescheduling a client's appointment of a case books it again at
// newStart, returned as moved.
func (tx *Tx) markAttendance(participantID, attendance string, newStart time.Time) (out *haki.Participant, moved *haki.CalendarEvent, err error) {
	err = func() error {
		var eventID string
		if err := tx.queryRow(`SELECT event_id FROM event_participants WHERE id = ?`, participantID).Scan(&eventID); err != nil {
			return tx.mapErr(err, "participant")
		}
		e, _, err := tx.findEvent(eventID)
		if haki.ErrorCode(err) == haki.ENOTFOUND {
			return haki.Errorf(haki.ENOTFOUND, "No such participant.")
		} else if err != nil {
			return err
		}
		for _, p := range e.Participants {
			if p.ID == participantID {
				out = p
			}
		}
		if out == nil || out.Hidden {
			return haki.Errorf(haki.ENOTFOUND, "No such participant.")
		}
		if err := haki.ValidateAttendance(attendance, e.StartsAt, tx.now); err != nil {
			return err
		}
		move := attendance == haki.AttendRescheduled && moves(e, out)
		if move && out.Attendance == haki.AttendRescheduled {
			// It was booked again already; another time would book it twice.
			pr := haki.Problems{}
			pr.Add("attendance", "This appointment was rescheduled already: change the time of the new appointment instead.")
			return pr.Err()
		}
		if move {
			if err := haki.ValidateReschedule(e.StartsAt, newStart, tx.now); err != nil {
				return err
			}
		}
		before := *out
		if before.Attendance == attendance && !move {
			return nil
		}
		if _, err := tx.exec(`UPDATE event_participants SET attendance = ?, attendance_at = ?, attendance_by = ? WHERE id = ?`,
			attendance, fmtTime(tx.now), nullString(tx.userID()), participantID); err != nil {
			return err
		}
		out.Attendance, out.AttendanceAt, out.AttendanceBy = attendance, tx.now, tx.userID()
		if err := tx.audit("attendance", "event_participant", participantID, before, out); err != nil {
			return err
		}
		if move {
			if moved, err = tx.bookAgain(e, newStart); err != nil {
				return err
			}
		}
		if out.PersonID == "" || (e.CaseID == "" && out.CaseID == "") || before.Attendance == attendance {
			return nil
		}
		summary := "appointment " + attendance + ": " + e.Subtype
		if e.CaseID == "" {
			ec := *e
			ec.CaseID = out.CaseID
			e = &ec
			summary = e.Kind + " " + attendance
		}
		if err := tx.caseEvent(e.CaseID, haki.EventAppointment, e.StartsAt, summary, "event", e.ID); err != nil {
			return err
		}
		if attendance == haki.AttendMissed {
			return tx.missedFollowUp(e)
		}
		return nil
	}()
	return out, moved, err
}

// bookAgain books a rescheduled appointment at start, as long as it was,
// with the same type, place, notes, owner and participants.
func (tx *Tx) bookAgain(e *haki.CalendarEvent, start time.Time) (*haki.CalendarEvent, error) {
	n := &haki.CalendarEvent{Kind: e.Kind, Subtype: e.Subtype, StartsAt: start, EndsAt: start.Add(e.EndsAt.Sub(e.StartsAt)),
		Location: e.Location, CaseID: e.CaseID, OwnerUserID: e.OwnerUserID, OwnerTeamID: e.OwnerTeamID, Notes: e.Notes}
	for _, p := range e.Participants {
		n.Participants = append(n.Participants, &haki.Participant{PersonID: p.PersonID, UserID: p.UserID, CaseID: p.CaseID})
	}
	n.Normalize()
	if err := n.Validate(); err != nil {
		return nil, err
	}
	if err := tx.insertEvent(n); err != nil {
		return nil, err
	}
	return n, tx.caseEvent(n.CaseID, haki.EventAppointment, tx.now,
		"appointment scheduled: "+n.Subtype+", "+n.StartsAt.In(haki.Nairobi).Format("2006-01-02 15:04"), "event", n.ID)
}

// missedFollowUp gives the case's caseworker (or, without one, its team,
// or else the caller) a task to follow up a missed appointment, and tells
// the caseworker. Both happen once per appointment.
func (tx *Tx) missedFollowUp(e *haki.CalendarEvent) error {
	var caseworker, team string
	var sensitive bool
	if err := tx.queryRow(`SELECT COALESCE(caseworker_id, ''), COALESCE(team_id, ''), sensitive FROM cases WHERE id = ?`, e.CaseID).Scan(
		&caseworker, &team, &sensitive); err != nil {
		return err
	}
	t := &haki.Task{Title: "Follow up missed appointment", DueOn: haki.NextWorkingDay(haki.Today(tx.now)), CaseID: e.CaseID,
		Status: haki.TaskOpen, RefKind: "event", RefID: e.ID}
	switch {
	case caseworker != "":
		t.AssigneeUserID = caseworker
	case team != "" && !sensitive:
		t.AssigneeTeamID = team
	default:
		t.AssigneeUserID = tx.userID()
	}
	if t.AssigneeUserID == "" && t.AssigneeTeamID == "" {
		return nil // a command marked it: nobody to give the task to
	}
	// A client marked missed, then otherwise, then missed again missed
	// once: the task made the first time still stands (or was done).
	var made int
	if err := tx.queryRow(`SELECT COUNT(*) FROM tasks WHERE case_id = ? AND ref_kind = 'event' AND ref_id = ?`, e.CaseID, e.ID).Scan(&made); err != nil {
		return err
	}
	if made > 0 {
		return nil
	}
	if err := tx.insertTask(t); err != nil {
		return err
	}
	return tx.notify(caseworker, haki.NoticeMissed, "event", e.ID, e.CaseID, "/cases/"+e.CaseID)
}
