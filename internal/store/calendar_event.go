package store

import (
	"context"
	"slices"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/recur"
)

// Events of every kind, on a colleague's or a team's calendar, with or
// without a case, single or repeating. Anyone who may see an event (see
// findEvent) may change or cancel it; an event of a case needs case.work.

// requireEventWrite checks the caller keeps a calendar and, for an event of
// a case, works on cases.
func requireEventWrite(u *haki.User, caseID string) error {
	if err := require(u, haki.PermTasks); err != nil {
		return err
	}
	if caseID != "" {
		return require(u, haki.PermCaseWork)
	}
	return nil
}

// CreateEvent puts an event, or with e.Rule a series, on a calendar: the
// caller's unless a colleague of their team or their team is named
// (administrators and data managers: anyone's). Participants are
// colleagues (UserID) and clients (PersonID with the CaseID they attend
// for, which the caller must see; the event's case by default). An
// appointment's client takes part always. Double bookings are not refused:
// FindClashes tells them before saving.
func (s *Store) CreateEvent(ctx context.Context, e *haki.CalendarEvent) error {
	u := haki.UserFromContext(ctx)
	if err := requireEventWrite(u, e.CaseID); err != nil {
		return err
	}
	if e.OwnerUserID == "" && e.OwnerTeamID == "" {
		e.OwnerUserID = u.ID
	}
	e.Status, e.SeriesID, e.RecurrenceID = haki.EventScheduled, "", time.Time{}
	return s.write(ctx, func(tx *Tx) error {
		cs, err := tx.checkEvent(e)
		if err != nil {
			return err
		}
		if err := tx.insertEvent(e); err != nil {
			return err
		}
		return tx.eventTimeline(e, cs, "scheduled")
	})
}

// checkEvent validates an event before it is stored: fields, rule,
// owner and participants, which it normalises. It returns the event's case.
func (tx *Tx) checkEvent(e *haki.CalendarEvent) (*haki.Case, error) {
	pr := haki.Problems{}
	e.Normalize()
	if err := e.Validate(); err != nil {
		for k, v := range haki.ErrorFields(err) {
			pr.Add(k, v)
		}
	}
	var cs *haki.Case
	if e.CaseID != "" {
		c, err := tx.findCase(e.CaseID)
		if haki.ErrorCode(err) == haki.ENOTFOUND {
			pr.Add("case_id", "No such case.")
		} else if err != nil {
			return nil, err
		}
		cs = c
	}
	if e.Rule != "" && e.SeriesID == "" && !e.StartsAt.IsZero() && e.EndsAt.After(e.StartsAt) {
		if _, _, err := seriesRule(e); err != nil {
			pr.Add("rrule", haki.ErrorFields(err)["rrule"])
		}
	}
	if err := tx.checkOwner(pr, e, cs); err != nil {
		return nil, err
	}
	if err := tx.checkParticipants(pr, e, cs); err != nil {
		return nil, err
	}
	return cs, pr.Err()
}

// checkOwner checks the calendar the event goes on.
func (tx *Tx) checkOwner(pr haki.Problems, e *haki.CalendarEvent, cs *haki.Case) error {
	u := tx.user
	all := u.Role.SeesAllRecords()
	switch {
	case e.OwnerUserID != "" && e.OwnerUserID != u.ID:
		var team string
		err := tx.queryRow(`SELECT COALESCE(team_id, '') FROM users WHERE id = ?`, e.OwnerUserID).Scan(&team)
		if isNoRows(err) || (err == nil && !all && (team == "" || team != u.TeamID)) {
			pr.Add("owner", "Put the event on your calendar, your team's or a team colleague's.")
			return nil
		} else if err != nil {
			return err
		}
		return tx.checkAssignee(pr, "owner", e.OwnerUserID, cs)
	case e.OwnerTeamID != "" && e.OwnerTeamID != u.TeamID && !all && (cs == nil || cs.TeamID != e.OwnerTeamID):
		pr.Add("owner", "Put the event on your calendar, your team's or a team colleague's.")
	case e.OwnerTeamID != "":
		var n int
		if err := tx.queryRow(`SELECT COUNT(*) FROM teams WHERE id = ?`, e.OwnerTeamID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			pr.Add("owner", "Put the event on your calendar, your team's or a team colleague's.")
		}
	}
	return nil
}

// checkParticipants keeps one entry per colleague and per client, checks
// each, and adds an appointment's client.
func (tx *Tx) checkParticipants(pr haki.Problems, e *haki.CalendarEvent, cs *haki.Case) error {
	var out []*haki.Participant
	seenU, seenP := map[string]bool{}, map[string]bool{}
	if cs != nil && e.Kind == haki.KindAppointment {
		out, seenP[cs.ClientID] = append(out, &haki.Participant{PersonID: cs.ClientID}), true
	}
	for _, p := range e.Participants {
		switch {
		case p.UserID != "" && !seenU[p.UserID]:
			seenU[p.UserID] = true
			if err := tx.checkAssignee(pr, "participants", p.UserID, cs); err != nil {
				return err
			}
			out = append(out, &haki.Participant{UserID: p.UserID, Attendance: p.Attendance})
		case p.PersonID != "" && !seenP[p.PersonID]:
			seenP[p.PersonID] = true
			caseID := p.CaseID
			if caseID == "" && cs != nil {
				caseID = cs.ID
			}
			if caseID == "" {
				pr.Add("participants", "Choose the case each client attends for.")
				continue
			}
			c, err := tx.findCase(caseID)
			if haki.ErrorCode(err) == haki.ENOTFOUND || (err == nil && c.ClientID != p.PersonID) {
				pr.Add("participants", "Choose clients of cases you work on.")
				continue
			} else if err != nil {
				return err
			}
			if cs != nil && c.ID == cs.ID {
				caseID = ""
			}
			out = append(out, &haki.Participant{PersonID: p.PersonID, CaseID: caseID, Attendance: p.Attendance})
		}
	}
	if len(out) > 200 {
		pr.Add("participants", "An event has at most 200 participants.")
	}
	e.Participants = out
	return nil
}

// eventCases lists the cases an event concerns: its own and those its
// clients attend for.
func eventCases(e *haki.CalendarEvent) []string {
	var out []string
	if e.CaseID != "" {
		out = append(out, e.CaseID)
	}
	for _, p := range e.Participants {
		if p.CaseID != "" && !slices.Contains(out, p.CaseID) {
			out = append(out, p.CaseID)
		}
	}
	return out
}

// eventTimeline tells each case the event concerns what happened to it.
func (tx *Tx) eventTimeline(e *haki.CalendarEvent, _ *haki.Case, what string) error {
	kind := e.Kind
	if e.Subtype != "" {
		kind += ": " + e.Subtype
	}
	summary := e.Kind + " " + what + ": " + kind + ", " + e.StartsAt.In(haki.Nairobi).Format("2006-01-02 15:04")
	if e.Rule != "" {
		summary += ", repeating " + e.Rule
	}
	for _, id := range eventCases(e) {
		if err := tx.caseEvent(id, haki.EventAppointment, tx.now, summary, "event", e.ID); err != nil {
			return err
		}
	}
	return nil
}

// UpdateCalendarEvent changes an event, or a whole series: kind stays;
// type, times, place, notes, rule, removed dates, owner and participants
// change (a participant kept keeps their attendance). Moving a series'
// start moves its removed dates and its occurrences edited alone with it.
// e.Version must be the version read.
func (s *Store) UpdateCalendarEvent(ctx context.Context, e *haki.CalendarEvent) error {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermTasks); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, ownKey, err := tx.findEvent(e.ID)
		if err != nil {
			return err
		}
		if err := requireEventWrite(u, before.CaseID); err != nil {
			return err
		}
		e.Kind, e.CaseID, e.Status, e.SeriesID, e.RecurrenceID = before.Kind, before.CaseID, before.Status, before.SeriesID, before.RecurrenceID
		if e.SeriesID != "" {
			e.Rule, e.Exdates = "", nil
		}
		if e.OwnerUserID == "" && e.OwnerTeamID == "" {
			e.OwnerUserID, e.OwnerTeamID = before.OwnerUserID, before.OwnerTeamID
		}
		e.Normalize()
		// Clients hidden from the caller stay as they are.
		keep := map[string]*haki.Participant{}
		var hidden []*haki.Participant
		for _, p := range before.Participants {
			if p.Hidden {
				hidden = append(hidden, p)
			} else {
				keep[p.PersonID+"/"+p.UserID] = p
			}
		}
		e.Participants = slices.DeleteFunc(slices.Clone(e.Participants), func(p *haki.Participant) bool { return p.Hidden })
		cs, err := tx.checkEvent(e)
		if err != nil {
			return err
		}
		delta := e.StartsAt.Sub(before.StartsAt)
		if e.Rule != "" && delta != 0 {
			for i, t := range e.Exdates {
				e.Exdates[i] = t.Add(delta)
			}
		}
		lastEnds, err := lastEndsAt(e)
		if err != nil {
			return err
		}
		keyID, key, err := tx.eventKey(e, ownKey, false)
		if err != nil {
			return err
		}
		if err := tx.execOne("event", `UPDATE events SET subtype = ?, starts_at = ?, ends_at = ?, location = ?, location_key = ?, notes = ?,
			rrule = ?, exdates = ?, last_ends_at = ?, owner_user_id = ?, owner_team_id = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND version = ?`, e.Subtype, fmtTime(e.StartsAt), fmtTime(e.EndsAt), e.Location, haki.LocationKey(e.Location),
			(sealer{key, "event", e.ID}).seal("notes", e.Notes), e.Rule, fmtTimes(e.Exdates), fmtTime(lastEnds), nullString(e.OwnerUserID),
			nullString(e.OwnerTeamID), fmtTime(tx.now), e.ID, e.Version); err != nil {
			return err
		}
		if e.Rule != "" && (delta != 0 || e.EndsAt.Sub(e.StartsAt) != before.EndsAt.Sub(before.StartsAt)) {
			if err := tx.shiftOverrides(e.ID, delta, e.EndsAt.Sub(e.StartsAt)); err != nil {
				return err
			}
		}
		// Participants: keep those named again, drop the others, add the new.
		var ps []*haki.Participant
		named := map[string]bool{}
		for _, p := range e.Participants {
			k := p.PersonID + "/" + p.UserID
			named[k] = true
			if old, ok := keep[k]; ok {
				if p.CaseID != old.CaseID {
					if _, err := tx.exec(`UPDATE event_participants SET case_id = ? WHERE id = ?`, nullString(p.CaseID), old.ID); err != nil {
						return err
					}
					old.CaseID = p.CaseID
				}
				ps = append(ps, old)
				continue
			}
			p.ID, p.EventID, p.Attendance = newID(), e.ID, haki.AttendScheduled
			if _, err := tx.exec(`INSERT INTO event_participants (id, event_id, person_id, user_id, attendance, case_id) VALUES (?, ?, ?, ?, ?, ?)`,
				p.ID, e.ID, nullString(p.PersonID), nullString(p.UserID), p.Attendance, nullString(p.CaseID)); err != nil {
				return tx.mapErr(err, "event")
			}
			ps = append(ps, p)
		}
		for k, p := range keep {
			if !named[k] {
				if _, err := tx.exec(`DELETE FROM event_participants WHERE id = ?`, p.ID); err != nil {
					return err
				}
			}
		}
		e.Participants = append(ps, hidden...)
		e.CreatedBy, e.CreatedAt, e.UpdatedAt, e.Version = before.CreatedBy, before.CreatedAt, tx.now, before.Version+1
		if err := tx.eventTimeline(e, cs, "changed"); err != nil {
			return err
		}
		return tx.auditSealed("update", "event", e.ID, keyID, key, before, e)
	})
}

// shiftOverrides moves the recurrence ids of a series' occurrences with a
// row of their own by delta, when the series' start moves; those not moved
// alone (starting at their recurrence id) move with the series and take its
// length dur.
func (tx *Tx) shiftOverrides(seriesID string, delta, dur time.Duration) error {
	rows, err := tx.query(`SELECT id, recurrence_id, starts_at FROM events WHERE series_id = ?`, seriesID)
	if err != nil {
		return err
	}
	type ov struct{ id, rid, starts string }
	var ovs []ov
	for rows.Next() {
		var o ov
		if err := rows.Scan(&o.id, &o.rid, &o.starts); err != nil {
			rows.Close()
			return err
		}
		ovs = append(ovs, o)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	// Two passes, so that no two rows hold one recurrence id between them.
	for _, o := range ovs {
		if _, err := tx.exec(`UPDATE events SET recurrence_id = ? WHERE id = ?`, "shift:"+o.id, o.id); err != nil {
			return err
		}
	}
	for _, o := range ovs {
		rid := parseTime(o.rid).Add(delta)
		if _, err := tx.exec(`UPDATE events SET recurrence_id = ? WHERE id = ?`, fmtTime(rid), o.id); err != nil {
			return err
		}
		if parseTime(o.starts).Equal(parseTime(o.rid)) {
			if _, err := tx.exec(`UPDATE events SET starts_at = ?, ends_at = ?, last_ends_at = ? WHERE id = ?`, fmtTime(rid), fmtTime(rid.Add(dur)),
				fmtTime(rid.Add(dur)), o.id); err != nil {
				return err
			}
		}
	}
	return nil
}

// CancelEvent cancels an event, or a whole series: it stays on the
// calendar, marked cancelled.
func (s *Store) CancelEvent(ctx context.Context, id string, version int) (*haki.CalendarEvent, error) {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermTasks); err != nil {
		return nil, err
	}
	var out *haki.CalendarEvent
	err := s.write(ctx, func(tx *Tx) error {
		e, _, err := tx.findEvent(id)
		if err != nil {
			return err
		}
		if err := requireEventWrite(u, e.CaseID); err != nil {
			return err
		}
		if err := tx.setEventStatus(e, version, haki.EventCancelled); err != nil {
			return err
		}
		out = e
		if e.Rule == "" {
			return nil
		}
		// A series cancelled cancels its occurrences with rows of their own.
		_, err = tx.exec(`UPDATE events SET status = ?, updated_at = ?, version = version + 1 WHERE series_id = ? AND status = ?`,
			haki.EventCancelled, fmtTime(tx.now), e.ID, haki.EventScheduled)
		return err
	})
	return out, err
}

// setEventStatus changes an event's status, audited and told to its cases.
func (tx *Tx) setEventStatus(e *haki.CalendarEvent, version int, status string) error {
	if e.Status == status {
		return nil
	}
	if err := tx.execOne("event", `UPDATE events SET status = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
		status, fmtTime(tx.now), e.ID, version); err != nil {
		return err
	}
	before := map[string]any{"status": e.Status}
	e.Status, e.UpdatedAt, e.Version = status, tx.now, e.Version+1
	if err := tx.audit("status", "event", e.ID, before, map[string]any{"status": status}); err != nil {
		return err
	}
	return tx.eventTimeline(e, nil, status)
}

// seriesOccurs reports whether a series (head) has an occurrence starting
// at rid, removed dates aside.
func seriesOccurs(head *haki.CalendarEvent, rid time.Time) bool {
	r, err := recur.Parse(head.Rule)
	if err != nil || rid.IsZero() {
		return false
	}
	dur := head.EndsAt.Sub(head.StartsAt)
	for _, t := range recur.Expand(head.StartsAt, dur, r, head.Exdates, rid, rid.Add(time.Second)) {
		if t.Equal(rid) {
			return true
		}
	}
	return false
}

// findOccurrence returns the occurrence of series id starting (as the rule
// gives it) at rid: its own row when it has one, else a copy of the series
// event at that time, whose ID is the series' and Version 0.
func (tx *Tx) findOccurrence(id string, rid time.Time) (*haki.CalendarEvent, *haki.CalendarEvent, error) {
	head, _, err := tx.findEvent(id)
	if err != nil {
		return nil, nil, err
	}
	if rid.IsZero() {
		return head, head, nil
	}
	if head.Rule == "" {
		return nil, nil, haki.Errorf(haki.ENOTFOUND, "No such event.")
	}
	var ovID string
	err = tx.queryRow(`SELECT id FROM events WHERE series_id = ? AND recurrence_id = ?`, head.ID, fmtTime(rid)).Scan(&ovID)
	if err == nil {
		ov, _, err := tx.findEvent(ovID)
		return head, ov, err
	} else if !isNoRows(err) {
		return nil, nil, err
	}
	if !seriesOccurs(head, rid) {
		return nil, nil, haki.Errorf(haki.ENOTFOUND, "No such event.")
	}
	v := *head
	v.StartsAt, v.EndsAt = rid, rid.Add(head.EndsAt.Sub(head.StartsAt))
	v.SeriesID, v.RecurrenceID, v.Rule, v.Exdates, v.Version = head.ID, rid, "", nil, 0
	v.Participants = make([]*haki.Participant, len(head.Participants))
	for i, p := range head.Participants {
		c := *p
		v.Participants[i] = &c
	}
	return head, &v, nil
}

// FindOccurrence returns one occurrence of a series (see findOccurrence);
// with a zero rid, the event id names.
func (s *Store) FindOccurrence(ctx context.Context, id string, rid time.Time) (*haki.CalendarEvent, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermTasks, "event"); err != nil {
		return nil, err
	}
	var out *haki.CalendarEvent
	err := s.read(ctx, func(tx *Tx) error {
		_, o, err := tx.findOccurrence(id, rid)
		out = o
		return err
	})
	return out, err
}

// materialize gives an occurrence of a series a row of its own (if it has
// none yet), copying the series' fields and participants, and returns it.
func (tx *Tx) materialize(id string, rid time.Time) (*haki.CalendarEvent, bool, error) {
	head, o, err := tx.findOccurrence(id, rid)
	if err != nil {
		return nil, false, err
	}
	if o.ID != head.ID || rid.IsZero() {
		return o, false, nil
	}
	ov := *o
	ov.Participants = nil
	for _, p := range o.Participants {
		if p.Hidden { // copy the raw row: the caller may not see this client
			var person, caseID string
			if err := tx.queryRow(`SELECT COALESCE(person_id, ''), COALESCE(case_id, '') FROM event_participants WHERE id = ?`, p.ID).Scan(
				&person, &caseID); err != nil {
				return nil, false, err
			}
			ov.Participants = append(ov.Participants, &haki.Participant{PersonID: person, CaseID: caseID})
			continue
		}
		ov.Participants = append(ov.Participants, &haki.Participant{PersonID: p.PersonID, UserID: p.UserID, CaseID: p.CaseID})
	}
	if err := tx.insertEvent(&ov); err != nil {
		return nil, false, err
	}
	out, _, err := tx.findEvent(ov.ID)
	return out, true, err
}

// UpdateOccurrence changes one occurrence of a series alone: its type,
// times, place and notes. e.Version is 0 for an occurrence never edited
// alone, else the version read.
func (s *Store) UpdateOccurrence(ctx context.Context, id string, rid time.Time, e *haki.CalendarEvent) error {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermTasks); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		ov, created, err := tx.materialize(id, rid)
		if err != nil {
			return err
		}
		if err := requireEventWrite(u, ov.CaseID); err != nil {
			return err
		}
		if ov.SeriesID == "" {
			return haki.Errorf(haki.ENOTFOUND, "No such event.")
		}
		if created {
			e.Version = ov.Version
		}
		e.ID, e.Participants, e.OwnerUserID, e.OwnerTeamID = ov.ID, ov.Participants, ov.OwnerUserID, ov.OwnerTeamID
		return tx.updateRow(e)
	})
}

// updateRow updates the fields of an occurrence's own row.
func (tx *Tx) updateRow(e *haki.CalendarEvent) error {
	before, ownKey, err := tx.findEvent(e.ID)
	if err != nil {
		return err
	}
	e.Kind, e.CaseID, e.Status, e.SeriesID, e.RecurrenceID, e.Rule, e.Exdates = before.Kind, before.CaseID, before.Status, before.SeriesID,
		before.RecurrenceID, "", nil
	e.Normalize()
	if err := e.Validate(); err != nil {
		return err
	}
	keyID, key, err := tx.eventKey(e, ownKey, false)
	if err != nil {
		return err
	}
	if err := tx.execOne("event", `UPDATE events SET subtype = ?, starts_at = ?, ends_at = ?, last_ends_at = ?, location = ?, location_key = ?, notes = ?,
		updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`, e.Subtype, fmtTime(e.StartsAt), fmtTime(e.EndsAt), fmtTime(e.EndsAt),
		e.Location, haki.LocationKey(e.Location), (sealer{key, "event", e.ID}).seal("notes", e.Notes), fmtTime(tx.now), e.ID, e.Version); err != nil {
		return err
	}
	e.Participants, e.CreatedBy, e.CreatedAt, e.UpdatedAt, e.Version = before.Participants, before.CreatedBy, before.CreatedAt, tx.now, before.Version+1
	if err := tx.eventTimeline(e, nil, "changed"); err != nil {
		return err
	}
	return tx.auditSealed("update", "event", e.ID, keyID, key, before, e)
}

// CancelOccurrence cancels one occurrence of a series (or, with a zero
// rid, the event id names).
func (s *Store) CancelOccurrence(ctx context.Context, id string, rid time.Time) (*haki.CalendarEvent, error) {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermTasks); err != nil {
		return nil, err
	}
	var out *haki.CalendarEvent
	err := s.write(ctx, func(tx *Tx) error {
		ov, _, err := tx.materialize(id, rid)
		if err != nil {
			return err
		}
		if err := requireEventWrite(u, ov.CaseID); err != nil {
			return err
		}
		out = ov
		return tx.setEventStatus(ov, ov.Version, haki.EventCancelled)
	})
	return out, err
}

// MarkOccurrenceAttendance records whether a participant came to one
// occurrence of a series (or, with a zero rid, to the event id names).
// participantID names the participant in the series or in the occurrence.
// A client who missed gets a follow-up task and the miss counts toward the
// drop-out rule, as for an appointment (MarkAttendance).
func (s *Store) MarkOccurrenceAttendance(ctx context.Context, id string, rid time.Time, participantID, attendance string) (*haki.Participant, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermCaseWork); err != nil {
		return nil, err
	}
	if !slices.Contains(haki.Attendances, attendance) {
		return nil, &haki.Error{Code: haki.EINVALID, Message: "Some fields need attention.",
			Fields: map[string]string{"attendance": "Choose attended, missed, cancelled or rescheduled."}}
	}
	var out *haki.Participant
	err := s.write(ctx, func(tx *Tx) error {
		if rid.IsZero() { // a series' own event stands for its first occurrence
			var rule, starts string
			if err := tx.queryRow(`SELECT rrule, starts_at FROM events WHERE id = ?`, id).Scan(&rule, &starts); err == nil && rule != "" {
				rid = parseTime(starts)
			}
		}
		ov, _, err := tx.materialize(id, rid)
		if err != nil {
			return err
		}
		var person, user string
		if err := tx.queryRow(`SELECT COALESCE(person_id, ''), COALESCE(user_id, '') FROM event_participants WHERE id = ? AND event_id IN (?, ?)`,
			participantID, id, ov.ID).Scan(&person, &user); err != nil {
			return tx.mapErr(err, "participant")
		}
		var pid string
		if err := tx.queryRow(`SELECT id FROM event_participants WHERE event_id = ? AND (person_id = ? OR user_id = ?)`, ov.ID, person, user).Scan(
			&pid); err != nil {
			return tx.mapErr(err, "participant")
		}
		out, _, err = tx.markAttendance(pid, attendance, time.Time{})
		return err
	})
	return out, err
}

// FindCalendarCase returns the case with a reference (CASE-2026-000012),
// if the caller may see it: calendar forms name clients by their cases.
func (s *Store) FindCalendarCase(ctx context.Context, ref string) (*haki.Case, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermCaseRead, "case"); err != nil {
		return nil, err
	}
	var out *haki.Case
	err := s.read(ctx, func(tx *Tx) error {
		var id string
		if err := tx.queryRow(`SELECT id FROM cases WHERE ref = ?`, normalRef(ref)).Scan(&id); err != nil {
			return tx.mapErr(err, "case")
		}
		c, err := tx.findCase(id)
		out = c
		return err
	})
	return out, err
}
