package store

import (
	"context"
	"slices"
	"time"

	"github.com/haki-kenya/haki"
)

// maxClashes caps the double bookings one check reports.
const maxClashes = 50

// FindClashes returns the double bookings an event (not yet saved, or
// being changed: e.ID set) would make: a colleague (participant or owner)
// or a client already booked, or the same place, at an overlapping time,
// by another event, an occurrence of a series or a hearing (its counsel
// and its client). A series is checked occurrence by occurrence. Entries
// the caller may not see come busy. A case or client the caller may not see
// is refused as an unknown one (field errors, as saving would give); a
// double booking is never refused: the caller decides.
func (s *Store) FindClashes(ctx context.Context, e *haki.CalendarEvent) ([]*haki.Clash, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermTasks); err != nil {
		return nil, err
	}
	e.Normalize()
	if e.StartsAt.IsZero() || !e.EndsAt.After(e.StartsAt) {
		return []*haki.Clash{}, nil
	}
	out := []*haki.Clash{}
	err := s.read(ctx, func(tx *Tx) error {
		c, err := tx.findClashes(e)
		out = c
		return err
	})
	return out, err
}

func (tx *Tx) findClashes(e *haki.CalendarEvent) ([]*haki.Clash, error) {
	dur := e.EndsAt.Sub(e.StartsAt)
	starts := []time.Time{e.StartsAt}
	if e.Rule != "" && e.SeriesID == "" {
		c := *e
		if _, all, err := seriesRule(&c); err == nil {
			starts = slices.DeleteFunc(all, func(t time.Time) bool {
				return slices.ContainsFunc(e.Exdates, func(x time.Time) bool { return x.Equal(t) })
			})
		}
	}
	if len(starts) == 0 {
		return []*haki.Clash{}, nil
	}
	from, to := starts[0], starts[len(starts)-1].Add(dur)
	// Who is booked: colleagues and clients, with the names the caller gives them.
	users, persons := map[string]string{}, map[string]string{}
	if e.OwnerUserID != "" {
		users[e.OwnerUserID] = ""
	}
	if err := tx.clashParties(e, users, persons); err != nil {
		return nil, err
	}
	uargs, pargs := keysOf(users), keysOf(persons)
	for _, id := range uargs {
		var name string
		if err := tx.queryRow(`SELECT COALESCE(display_name, username, '') FROM users WHERE id = ?`, id).Scan(&name); err == nil {
			users[id.(string)] = name
		}
	}
	for _, id := range pargs {
		var ref string
		if err := tx.queryRow(`SELECT ref FROM persons WHERE id = ?`, id).Scan(&ref); err == nil {
			persons[id.(string)] = ref
		}
	}
	loc := haki.LocationKey(e.Location)
	var conds []string
	var args []any
	if len(uargs) > 0 {
		conds = append(conds, `e.owner_user_id IN (`+placeholders(len(uargs))+`)`,
			`EXISTS (SELECT 1 FROM event_participants xu WHERE xu.event_id = e.id AND xu.user_id IN (`+placeholders(len(uargs))+`))`)
		args = append(append(args, uargs...), uargs...)
	}
	if len(pargs) > 0 {
		conds = append(conds, `EXISTS (SELECT 1 FROM event_participants xp WHERE xp.event_id = e.id AND xp.person_id IN (`+placeholders(len(pargs))+`))`)
		args = append(args, pargs...)
	}
	if loc != "" {
		conds = append(conds, `e.location_key = ?`)
		args = append(args, loc)
	}
	if len(conds) == 0 {
		return []*haki.Clash{}, nil
	}
	self := e.ID
	if e.SeriesID != "" {
		self = e.SeriesID
	}
	if self == "" {
		self = "-" // no id: matches nothing
	}
	cond := `e.status = 'scheduled' AND e.id <> ? AND COALESCE(e.series_id, '') <> ? AND (` + joinOr(conds) + `)`
	rows, err := tx.calendarEvents(from, to, cond, append([]any{self, self}, args...), nil)
	if err != nil {
		return nil, err
	}
	occs, err := tx.occurrences(rows, from, to, false)
	if err != nil {
		return nil, err
	}
	// Who takes part in each, read whole: a hidden client still clashes.
	booked := map[string][][2]string{}
	owners, locs := map[string]string{}, map[string]string{}
	var ids []any
	for _, r := range rows {
		ids = append(ids, r.ID)
		owners[r.ID] = r.OwnerUserID
		locs[r.ID] = haki.LocationKey(r.Location)
	}
	for chunk := range slices.Chunk(ids, 500) {
		rs, err := tx.query(`SELECT event_id, COALESCE(person_id, ''), COALESCE(user_id, '') FROM event_participants WHERE event_id IN (`+
			placeholders(len(chunk))+`)`, chunk...)
		if err != nil {
			return nil, err
		}
		for rs.Next() {
			var ev, p, u string
			if err := rs.Scan(&ev, &p, &u); err != nil {
				rs.Close()
				return nil, err
			}
			booked[ev] = append(booked[ev], [2]string{p, u})
		}
		if err := rs.Close(); err != nil {
			return nil, err
		}
	}
	// Hearings: their counsel and their client.
	if len(uargs) > 0 || len(pargs) > 0 {
		var hc []string
		var ha []any
		if len(uargs) > 0 {
			hc, ha = append(hc, `m.counsel_user_id IN (`+placeholders(len(uargs))+`)`), append(ha, uargs...)
		}
		if len(pargs) > 0 {
			hc, ha = append(hc, `c.client_id IN (`+placeholders(len(pargs))+`)`), append(ha, pargs...)
		}
		hs, err := tx.calendarHearings(from, to, `(`+joinOr(hc)+`)`, ha)
		if err != nil {
			return nil, err
		}
		for _, h := range hs {
			var client, counsel string
			if err := tx.queryRow(`SELECT c.client_id, COALESCE(m.counsel_user_id, '') FROM hearings h JOIN legal_matters m ON m.id = h.matter_id
				JOIN cases c ON c.id = h.case_id WHERE h.id = ?`, h.EventID).Scan(&client, &counsel); err != nil {
				return nil, err
			}
			booked["hearing:"+h.EventID] = [][2]string{{client, ""}, {"", counsel}}
			occs = append(occs, h)
		}
	}
	var out []*haki.Clash
	for _, o := range occs {
		if o.Status == haki.EventCancelled {
			continue
		}
		key := o.EventID
		if o.Kind == haki.KindHearing {
			key = "hearing:" + o.EventID
		} else if o.SeriesID != "" && o.SeriesID != o.EventID {
			key = o.EventID
		}
		for _, t := range starts {
			if !haki.Overlaps(t, t.Add(dur), o.Start, o.End) {
				continue
			}
			add := func(c *haki.Clash) {
				c.At, c.Other = t, *o
				out = append(out, c)
			}
			seen := map[string]bool{}
			if u := owners[key]; u != "" {
				if name, ok := users[u]; ok {
					seen[u] = true
					add(&haki.Clash{Who: "user", UserID: u, Name: name})
				}
			}
			for _, b := range booked[key] {
				if name, ok := persons[b[0]]; ok && b[0] != "" && !seen[b[0]] {
					seen[b[0]] = true
					add(&haki.Clash{Who: "person", PersonID: b[0], Name: name})
				}
				if name, ok := users[b[1]]; ok && b[1] != "" && !seen[b[1]] {
					seen[b[1]] = true
					add(&haki.Clash{Who: "user", UserID: b[1], Name: name})
				}
			}
			if loc != "" && locs[key] == loc {
				add(&haki.Clash{Who: "location", Location: e.Location})
			}
			if len(out) >= maxClashes {
				return out, nil
			}
		}
	}
	if out == nil {
		out = []*haki.Clash{}
	}
	return out, nil
}

// clashParties fills users and persons with the colleagues and clients an
// event books. A case or a client the caller may not see is refused exactly
// as an unknown one, and as saving the event would refuse it, so the check
// tells nothing of records hidden from the caller.
func (tx *Tx) clashParties(e *haki.CalendarEvent, users, persons map[string]string) error {
	pr := haki.Problems{}
	if e.CaseID != "" {
		c, err := tx.findCase(e.CaseID)
		switch {
		case haki.ErrorCode(err) == haki.ENOTFOUND:
			pr.Add("case_id", "No such case.")
		case err != nil:
			return err
		case e.Kind == haki.KindAppointment:
			persons[c.ClientID] = ""
		}
	}
	for _, p := range e.Participants {
		switch {
		case p.UserID != "":
			users[p.UserID] = ""
		case p.PersonID != "":
			ok, err := tx.personVisible(p.PersonID)
			if err != nil {
				return err
			}
			if !ok {
				pr.Add("participants", "Choose clients of cases you work on.")
				continue
			}
			persons[p.PersonID] = ""
		}
	}
	return pr.Err()
}

// personVisible reports whether the caller may see the person id, opening
// nothing.
func (tx *Tx) personVisible(id string) (bool, error) {
	cond, args := visiblePersons("p", tx.user)
	var n int
	err := tx.queryRow(`SELECT COUNT(*) FROM persons p WHERE p.id = ? AND `+cond, append([]any{id}, args...)...).Scan(&n)
	return n > 0, err
}

func keysOf(m map[string]string) []any {
	out := make([]any, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b any) int {
		if a.(string) < b.(string) {
			return -1
		}
		if a.(string) > b.(string) {
			return 1
		}
		return 0
	})
	return out
}

func joinOr(c []string) string {
	s := ""
	for i, x := range c {
		if i > 0 {
			s += " OR "
		}
		s += x
	}
	return s
}
