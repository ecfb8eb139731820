package store

import (
	"context"
	"time"

	"github.com/haki-kenya/haki"
)

// reminderCalendar returns the calendar entries of the whole organisation
// overlapping [from, to), series expanded, with their participants: the
// calendar's own reading (FindCalendar), so reminders and calendars never
// disagree. ctx must act as the system or an administrator.
func (s *Store) reminderCalendar(ctx context.Context, from, to time.Time) ([]*haki.Occurrence, error) {
	return s.FindCalendar(ctx, haki.CalendarQuery{From: from, To: to, Org: true})
}

// feedCalendar returns the entries of a subscribed calendar in q's window,
// read as its owner (ctx). The window may exceed what one calendar read
// allows, so it is read in two halves around now and joined.
func (s *Store) feedCalendar(ctx context.Context, q haki.CalendarQuery) ([]*haki.Occurrence, error) {
	mid := s.Now().UTC()
	past, future := q, q
	past.To, future.From = mid, mid
	a, err := s.FindCalendar(ctx, past)
	if err != nil {
		return nil, err
	}
	b, err := s.FindCalendar(ctx, future)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	out := make([]*haki.Occurrence, 0, len(a)+len(b))
	for _, o := range append(a, b...) {
		k := o.Kind + "/" + o.Key() + "/" + o.Start.UTC().Format(time.RFC3339)
		if !seen[k] {
			seen[k] = true
			out = append(out, o)
		}
	}
	return out, nil
}
