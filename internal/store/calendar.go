package store

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/recur"
)

// CalendarQuery is haki.CalendarQuery, so callers of the store may name it
// either way.
type CalendarQuery = haki.CalendarQuery

// fmtTimes writes instants as UTC texts separated by spaces, in order.
func fmtTimes(ts []time.Time) string {
	parts := make([]string, 0, len(ts))
	for _, t := range ts {
		if !t.IsZero() {
			parts = append(parts, fmtTime(t))
		}
	}
	sort.Strings(parts)
	return strings.Join(slices.Compact(parts), " ")
}

// parseTimes reads what fmtTimes wrote.
func parseTimes(s string) []time.Time {
	var out []time.Time
	for f := range strings.FieldsSeq(s) {
		if t := parseTime(f); !t.IsZero() {
			out = append(out, t)
		}
	}
	return out
}

// seriesRule reads and checks the rule of a series head: it must end (a
// number of times or an end date) within haki.MaxSeriesSpan. It returns
// the starts of all its occurrences, removed ones included.
func seriesRule(e *haki.CalendarEvent) (recur.Rule, []time.Time, error) {
	bad := func(msg string) error {
		return &haki.Error{Code: haki.EINVALID, Message: "Some fields need attention.", Fields: map[string]string{"rrule": msg}}
	}
	r, err := recur.Parse(e.Rule)
	if re := (*recur.Error)(nil); errors.As(err, &re) {
		return r, nil, bad(re.Message)
	} else if err != nil {
		return r, nil, bad("Choose how often it repeats: daily, weekly or monthly.")
	}
	if err := r.Validate(e.StartsAt); err != nil {
		return r, nil, bad(err.Error())
	}
	if r.Count == 0 && r.Until.IsZero() {
		return r, nil, bad("Give a number of times or an end date.")
	}
	dur := e.EndsAt.Sub(e.StartsAt)
	starts := recur.Expand(e.StartsAt, dur, r, nil, e.StartsAt, e.StartsAt.Add(haki.MaxSeriesSpan+time.Nanosecond))
	if len(starts) == 0 || (r.Count > 0 && len(starts) < r.Count) || (!r.Until.IsZero() && r.Until.Sub(e.StartsAt) > haki.MaxSeriesSpan) {
		return r, nil, bad("A series may run for at most two years.")
	}
	e.Rule = r.String()
	return r, starts, nil
}

// lastEndsAt is when an event ends, or for a series head when its last
// occurrence ends.
func lastEndsAt(e *haki.CalendarEvent) (time.Time, error) {
	if e.Rule == "" || e.SeriesID != "" {
		e.Rule = ""
		return e.EndsAt, nil
	}
	_, starts, err := seriesRule(e)
	if err != nil {
		return time.Time{}, err
	}
	return starts[len(starts)-1].Add(e.EndsAt.Sub(e.StartsAt)), nil
}

// participants reads the participants of events by id, in batches, with
// the colleague's name or the client's reference. A client attending for a
// case the reader may not see comes Hidden, without reference or ids.
func (tx *Tx) participants(eventIDs []any) ([]*haki.Participant, error) {
	visible, vargs := "1", []any(nil)
	if u := tx.user; u == nil || !u.Role.SeesAllRecords() {
		cond, args := visibleCases("vc", u)
		visible, vargs = "CASE WHEN p.case_id IS NULL THEN 1 WHEN EXISTS (SELECT 1 FROM cases vc WHERE vc.id = p.case_id AND "+cond+") THEN 1 ELSE 0 END", args
	}
	var out []*haki.Participant
	for chunk := range slices.Chunk(eventIDs, 500) {
		rows, err := tx.query(`SELECT p.id, p.event_id, COALESCE(p.person_id, ''), COALESCE(p.user_id, ''), p.attendance, p.attendance_at,
			COALESCE(p.attendance_by, ''), COALESCE(u.display_name, u.username, ''), COALESCE(pe.ref, ''), COALESCE(p.case_id, ''), `+visible+`,
			COALESCE(pe.full_name, ''), COALESCE(pk.master_id, ''), COALESCE(pk.wrapped, '')
			FROM event_participants p LEFT JOIN users u ON u.id = p.user_id LEFT JOIN persons pe ON pe.id = p.person_id
			LEFT JOIN data_keys pk ON pk.id = pe.key_id
			WHERE p.event_id IN (`+placeholders(len(chunk))+`) ORDER BY p.event_id, p.person_id IS NULL, COALESCE(u.display_name, u.username, ''), pe.ref, p.id`,
			append(slices.Clone(vargs), chunk...)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			p := &haki.Participant{}
			var at, userName, personRef, sealedName, master, wrapped string
			var vis int
			if err := rows.Scan(&p.ID, &p.EventID, &p.PersonID, &p.UserID, &p.Attendance, &at, &p.AttendanceBy, &userName, &personRef, &p.CaseID, &vis,
				&sealedName, &master, &wrapped); err != nil {
				rows.Close()
				return nil, err
			}
			p.AttendanceAt, p.Name = parseTime(at), userName
			if p.PersonID != "" {
				p.Name, p.Ref = personRef, personRef
			}
			if vis == 0 {
				p.PersonID, p.CaseID, p.Name, p.Ref, p.Hidden = "", "", "", "", true
			} else if p.PersonID != "" && tx.user != nil && tx.user.Role.SeesIdentities() {
				// A client the reader may see is named; the read notes it.
				if name, err := tx.openPersonName(p.PersonID, sealedName, master, wrapped); err != nil {
					rows.Close()
					return nil, err
				} else if name != "" {
					p.Name = name
				}
			}
			out = append(out, p)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// FindCalendar returns the occurrences of a calendar in [q.From, q.To), in
// order of start: a colleague's, a team's or the organisation's events,
// series expanded, and the hearings of legal matters. An entry the caller
// may know of but not see (a colleague's appointment on a case hidden from
// them) comes as busy: kind and times only.
//
// Who may read which calendar: their own, a colleague's of the same team,
// their team's; administrators and data managers any, and the
// organisation's; caseworkers the organisation's too (others' entries
// mostly busy). Researchers, viewers and monitors none.
func (s *Store) FindCalendar(ctx context.Context, q haki.CalendarQuery) ([]*haki.Occurrence, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermTasks); err != nil {
		return nil, err
	}
	if !q.To.After(q.From) {
		return nil, haki.Errorf(haki.EINVALID, "The end of the period must be after its start.")
	}
	if q.To.Sub(q.From) > 400*24*time.Hour {
		return nil, haki.Errorf(haki.EINVALID, "A calendar shows at most a year at a time.")
	}
	var out []*haki.Occurrence
	err := s.read(ctx, func(tx *Tx) (err error) {
		out, err = tx.findCalendar(q)
		return err
	})
	return out, err
}

// calendarScope checks the caller may read the calendar q names and returns
// the conditions selecting its events (alias e) and hearings (alias h,
// matter m, case c).
func (tx *Tx) calendarScope(q *haki.CalendarQuery) (ev string, evArgs []any, hr string, hrArgs []any, err error) {
	u := tx.user
	all := u.Role.SeesAllRecords()
	if q.OwnerUserID == "" && q.TeamID == "" && !q.Org && q.CaseID == "" {
		q.OwnerUserID = u.ID
	}
	var evc, hrc []string
	switch {
	case q.Org:
		if !all && u.Role != haki.RoleCaseworker {
			return "", nil, "", nil, haki.Errorf(haki.EFORBIDDEN, "You are not allowed to do that.")
		}
	case q.TeamID != "":
		if !all && q.TeamID != u.TeamID {
			return "", nil, "", nil, haki.Errorf(haki.ENOTFOUND, "No such calendar.")
		}
		evc = append(evc, "(e.owner_team_id = ? OR e.owner_user_id IN (SELECT id FROM users WHERE team_id = ?))")
		evArgs = append(evArgs, q.TeamID, q.TeamID)
		hrc = append(hrc, "(c.team_id = ? OR m.counsel_user_id IN (SELECT id FROM users WHERE team_id = ?))")
		hrArgs = append(hrArgs, q.TeamID, q.TeamID)
	case q.OwnerUserID != "":
		if q.OwnerUserID != u.ID && !all {
			var team string
			if err := tx.queryRow(`SELECT COALESCE(team_id, '') FROM users WHERE id = ?`, q.OwnerUserID).Scan(&team); err != nil && !isNoRows(err) {
				return "", nil, "", nil, err
			}
			if team == "" || team != u.TeamID {
				return "", nil, "", nil, haki.Errorf(haki.ENOTFOUND, "No such calendar.")
			}
		}
		evc = append(evc, "(e.owner_user_id = ? OR EXISTS (SELECT 1 FROM event_participants sp WHERE sp.event_id = e.id AND sp.user_id = ?))")
		evArgs = append(evArgs, q.OwnerUserID, q.OwnerUserID)
		hrc = append(hrc, "(m.counsel_user_id = ? OR c.caseworker_id = ?)")
		hrArgs = append(hrArgs, q.OwnerUserID, q.OwnerUserID)
	}
	if q.CaseID != "" {
		if _, err := tx.findCase(q.CaseID); err != nil {
			return "", nil, "", nil, err
		}
		evc = append(evc, "(e.case_id = ? OR EXISTS (SELECT 1 FROM event_participants cp WHERE cp.event_id = e.id AND cp.case_id = ?))")
		evArgs = append(evArgs, q.CaseID, q.CaseID)
		hrc = append(hrc, "h.case_id = ?")
		hrArgs = append(hrArgs, q.CaseID)
	}
	and := func(c []string) string {
		if len(c) == 0 {
			return "1 = 1"
		}
		return strings.Join(c, " AND ")
	}
	return and(evc), evArgs, and(hrc), hrArgs, nil
}

// eventFullSQL is 1 when the caller may see event e (its case alias c) in
// full: an event of a case they may see; one of no case that they own,
// that is on their team's calendar, or that they take part in.
func eventFullSQL(u *haki.User) (string, []any) {
	if u.Role.SeesAllRecords() {
		return "1", nil
	}
	cond, args := visibleCases("c", u)
	return `CASE WHEN e.case_id IS NOT NULL THEN (CASE WHEN ` + cond + ` THEN 1 ELSE 0 END)
		WHEN e.owner_user_id = ? OR e.owner_team_id = ? OR EXISTS (SELECT 1 FROM event_participants fp WHERE fp.event_id = e.id AND fp.user_id = ?)
		THEN 1 ELSE 0 END`, append(args, u.ID, u.TeamID, u.ID)
}

// calendarRow is an event as a calendar reads it.
type calendarRow struct {
	haki.CalendarEvent
	caseRef string
	full    bool
}

func (tx *Tx) findCalendar(q haki.CalendarQuery) ([]*haki.Occurrence, error) {
	ev, evArgs, hr, hrArgs, err := tx.calendarScope(&q)
	if err != nil {
		return nil, err
	}
	kinds := slices.DeleteFunc(slices.Clone(q.Kinds), func(k string) bool { return !slices.Contains(haki.CalendarViewKinds, k) })
	wantEvents := len(q.Kinds) == 0 || slices.ContainsFunc(kinds, func(k string) bool { return k != haki.KindHearing })
	wantHearings := len(q.Kinds) == 0 || slices.Contains(kinds, haki.KindHearing)
	var out []*haki.Occurrence
	if wantEvents {
		rows, err := tx.calendarEvents(q.From, q.To, ev, evArgs, kinds)
		if err != nil {
			return nil, err
		}
		if out, err = tx.occurrences(rows, q.From, q.To, !q.Brief); err != nil {
			return nil, err
		}
	}
	if wantHearings {
		hs, err := tx.calendarHearings(q.From, q.To, hr, hrArgs)
		if err != nil {
			return nil, err
		}
		out = append(out, hs...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Start.Equal(out[j].Start) {
			return out[i].Start.Before(out[j].Start)
		}
		return out[i].EventID < out[j].EventID
	})
	limit := q.Limit
	if limit <= 0 || limit > haki.MaxCalendar {
		limit = haki.MaxCalendar
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// calendarEvents reads the events, series heads and occurrences edited
// alone that stand in [from, to) under cond.
func (tx *Tx) calendarEvents(from, to time.Time, cond string, args []any, kinds []string) ([]*calendarRow, error) {
	full, fargs := eventFullSQL(tx.user)
	where := `e.starts_at < ? AND e.last_ends_at > ? AND ` + cond
	qargs := append(append(slices.Clone(fargs), fmtTime(to), fmtTime(from)), args...)
	if ks := slices.DeleteFunc(slices.Clone(kinds), func(k string) bool { return k == haki.KindHearing }); len(ks) > 0 {
		where += ` AND e.kind IN (` + placeholders(len(ks)) + `)`
		for _, k := range ks {
			qargs = append(qargs, k)
		}
	}
	rows, err := tx.query(`SELECT e.id, e.kind, e.subtype, e.starts_at, e.ends_at, e.location, COALESCE(e.case_id, ''), COALESCE(e.owner_user_id, ''),
		COALESCE(e.owner_team_id, ''), e.status, e.rrule, e.exdates, COALESCE(e.series_id, ''), e.recurrence_id, COALESCE(c.ref, ''), `+full+`
		FROM events e LEFT JOIN cases c ON c.id = e.case_id WHERE `+where+` ORDER BY e.starts_at, e.id`, qargs...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*calendarRow
	for rows.Next() {
		r := &calendarRow{}
		var starts, ends, exdates, rid string
		var full int
		if err := rows.Scan(&r.ID, &r.Kind, &r.Subtype, &starts, &ends, &r.Location, &r.CaseID, &r.OwnerUserID, &r.OwnerTeamID, &r.Status, &r.Rule,
			&exdates, &r.SeriesID, &rid, &r.caseRef, &full); err != nil {
			return nil, err
		}
		r.StartsAt, r.EndsAt, r.Exdates, r.RecurrenceID, r.full = parseTime(starts), parseTime(ends), parseTimes(exdates), parseTime(rid), full == 1
		out = append(out, r)
	}
	return out, rows.Err()
}

// occurrences expands the rows into the occurrences that overlap
// [from, to), with their participants.
func (tx *Tx) occurrences(rows []*calendarRow, from, to time.Time, withParticipants bool) ([]*haki.Occurrence, error) {
	ids := make([]any, 0, len(rows))
	var heads []any
	for _, r := range rows {
		ids = append(ids, r.ID)
		if r.Rule != "" {
			heads = append(heads, r.ID)
		}
	}
	// The starts of a series replaced by occurrences edited alone.
	replaced := map[string][]time.Time{}
	for chunk := range slices.Chunk(heads, 500) {
		rs, err := tx.query(`SELECT series_id, recurrence_id FROM events WHERE series_id IN (`+placeholders(len(chunk))+`)`, chunk...)
		if err != nil {
			return nil, err
		}
		for rs.Next() {
			var sid, rid string
			if err := rs.Scan(&sid, &rid); err != nil {
				rs.Close()
				return nil, err
			}
			replaced[sid] = append(replaced[sid], parseTime(rid))
		}
		if err := rs.Close(); err != nil {
			return nil, err
		}
	}
	parts := map[string][]*haki.Participant{}
	if len(ids) > 0 && withParticipants {
		ps, err := tx.participants(ids)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			parts[p.EventID] = append(parts[p.EventID], p)
		}
	}
	out := make([]*haki.Occurrence, 0, len(rows))
	for _, r := range rows {
		o := haki.Occurrence{EventID: r.ID, Kind: r.Kind, Subtype: r.Subtype, Start: r.StartsAt, End: r.EndsAt, Location: r.Location,
			CaseID: r.CaseID, CaseRef: r.caseRef, OwnerUserID: r.OwnerUserID, OwnerTeamID: r.OwnerTeamID, Status: r.Status,
			SeriesID: r.SeriesID, RecurrenceID: r.RecurrenceID, Participants: parts[r.ID]}
		if o.Participants == nil {
			o.Participants = []*haki.Participant{}
		}
		if !r.full {
			o = busy(o)
		}
		if r.Rule == "" {
			out = append(out, &o)
			continue
		}
		rule, err := recur.Parse(r.Rule)
		if err != nil {
			continue // a rule this code no longer reads: skip the series rather than fail the calendar
		}
		dur := r.EndsAt.Sub(r.StartsAt)
		o.SeriesID, o.Rule, o.SeriesStart, o.Exdates = r.ID, r.Rule, r.StartsAt, r.Exdates
		if !r.full {
			o.Rule, o.Exdates = "", nil
		}
		for _, t := range recur.Expand(r.StartsAt, dur, rule, append(slices.Clone(r.Exdates), replaced[r.ID]...), from, to) {
			oc := o
			oc.Start, oc.End, oc.RecurrenceID = t, t.Add(dur), t
			out = append(out, &oc)
		}
	}
	return out, nil
}

// busy keeps of an occurrence only what a reader who may not see it may
// know: that someone is busy, when, and with what kind of entry.
func busy(o haki.Occurrence) haki.Occurrence {
	return haki.Occurrence{EventID: o.EventID, Kind: o.Kind, Start: o.Start, End: o.End, Status: o.Status, OwnerUserID: o.OwnerUserID,
		OwnerTeamID: o.OwnerTeamID, SeriesID: o.SeriesID, RecurrenceID: o.RecurrenceID, SeriesStart: o.SeriesStart, Busy: true,
		Participants: []*haki.Participant{}}
}

// calendarHearings reads the hearings of legal matters under cond that
// overlap [from, to), each lasting haki.HearingLength.
func (tx *Tx) calendarHearings(from, to time.Time, cond string, args []any) ([]*haki.Occurrence, error) {
	u := tx.user
	full, fargs := "1", []any(nil)
	if !u.Role.SeesAllRecords() {
		c, a := visibleCases("c", u)
		full, fargs = "CASE WHEN "+c+" THEN 1 ELSE 0 END", a
	}
	rows, err := tx.query(`SELECT h.id, h.matter_id, h.case_id, h.starts_at, h.court, h.court_station, h.purpose, c.ref,
		COALESCE(m.counsel_user_id, ''), COALESCE(cu.display_name, cu.username, ''), COALESCE(c.team_id, ''), `+full+`
		FROM hearings h JOIN legal_matters m ON m.id = h.matter_id JOIN cases c ON c.id = h.case_id LEFT JOIN users cu ON cu.id = m.counsel_user_id
		WHERE h.starts_at < ? AND h.starts_at > ? AND `+cond+` ORDER BY h.starts_at, h.id`,
		append(append(fargs, fmtTime(to), fmtTime(from.Add(-haki.HearingLength))), args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*haki.Occurrence
	for rows.Next() {
		o := &haki.Occurrence{Kind: haki.KindHearing, Status: haki.EventScheduled, Participants: []*haki.Participant{}}
		var starts, court, station, counsel, counselName string
		var vis int
		if err := rows.Scan(&o.EventID, &o.MatterID, &o.CaseID, &starts, &court, &station, &o.Subtype, &o.CaseRef, &counsel, &counselName,
			&o.OwnerTeamID, &vis); err != nil {
			return nil, err
		}
		o.Start = parseTime(starts)
		o.End = o.Start.Add(haki.HearingLength)
		o.Location = court
		if station != "" {
			o.Location = court + ", " + station
		}
		if counsel != "" {
			o.Participants = append(o.Participants, &haki.Participant{UserID: counsel, Name: counselName, Attendance: haki.AttendScheduled})
		}
		if vis == 0 {
			b := busy(*o)
			o = &b
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// openPersonName opens a person's sealed full name, noting the reveal; ""
// when the identity was erased.
func (tx *Tx) openPersonName(id, sealed, master, wrapped string) (string, error) {
	key, err := tx.s.unwrapJoined(master, wrapped)
	if err != nil || key == nil {
		return "", err
	}
	name, err := (sealer{key, "person", id}).open("full_name", sealed)
	if err == nil && name != "" {
		tx.reveal("person", id)
	}
	return name, err
}
