package recur

import (
	"time"
)

// Expand returns, in order and in UTC, the starts of the occurrences of the
// series (start, dur, r) that overlap [from, to), leaving out those whose
// start equals one of exdates (an override is removed the same way, by its
// recurrence-id, and shown as its own event). An occurrence lasting dur
// overlaps when it starts before to and ends after from; one of zero length
// when it starts in [from, to).
//
// Occurrences keep the start's wall-clock time in Africa/Nairobi. A monthly
// series skips months without the start's day (RFC 5545). Count counts the
// removed occurrences too. r should be valid (see Validate); Expand still
// stops on any input: it returns at most MaxOccurrences and treats a Count
// above MaxCount as MaxCount.
func Expand(start time.Time, dur time.Duration, r Rule, exdates []time.Time, from, to time.Time) []time.Time {
	if !from.Before(to) {
		return nil
	}
	s := newSeries(start, r)
	removed := make(map[instant]bool, len(exdates))
	for _, t := range exdates {
		removed[instantOf(t)] = true
	}
	// Skip the periods that end before the window, unless Count needs them.
	p := 0
	if s.count <= 0 {
		p = s.periodBefore(from.Add(-dur))
	}
	var out []time.Time
	n := 0
	for ; ; p++ {
		first, days := s.period(p)
		if y, m, d := first.Date(); time.Date(y, m, d, 0, 0, 0, 0, nairobi).After(to) {
			return out
		}
		for _, day := range days {
			t := s.at(day)
			if t.Before(s.start) {
				continue
			}
			if !r.Until.IsZero() && t.After(r.Until) {
				return out
			}
			n++
			if s.count > 0 && n > s.count {
				return out
			}
			if !t.Before(to) {
				return out
			}
			if removed[instantOf(t)] || !overlaps(t, dur, from) {
				continue
			}
			out = append(out, t.UTC())
			if len(out) == MaxOccurrences {
				return out
			}
		}
	}
}

func overlaps(t time.Time, dur time.Duration, from time.Time) bool {
	return !t.Before(from) || t.Add(dur).After(from)
}

// instant is a map key for a moment, whatever its location.
type instant struct {
	sec  int64
	nsec int
}

func instantOf(t time.Time) instant { return instant{t.Unix(), t.Nanosecond()} }

// series holds a rule ready to expand. Days are civil dates, kept as
// midnight UTC so that adding days is exact.
type series struct {
	start    time.Time // in Nairobi
	day0     time.Time // the start's date
	interval int
	count    int
	freq     Freq
	offsets  []int // weekly: days after Monday, ascending
}

func newSeries(start time.Time, r Rule) series {
	s := series{start: start.In(nairobi), freq: r.Freq, interval: max(r.Interval, 1), count: min(r.Count, MaxCount)}
	y, m, d := s.start.Date()
	s.day0 = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if s.freq == Weekly {
		days := r.ByDay
		if len(days) == 0 {
			days = []time.Weekday{s.start.Weekday()}
		}
		for _, d := range sortDays(days) {
			if len(s.offsets) == 0 || s.offsets[len(s.offsets)-1] != mondayIndex(d) {
				s.offsets = append(s.offsets, mondayIndex(d))
			}
		}
	}
	return s
}

// period returns the first day of period p (counted from the start's) and
// the days in it that the rule picks, in order.
func (s series) period(p int) (time.Time, []time.Time) {
	switch s.freq {
	case Weekly:
		monday := s.day0.AddDate(0, 0, -mondayIndex(s.day0.Weekday())+7*p*s.interval)
		days := make([]time.Time, len(s.offsets))
		for i, off := range s.offsets {
			days[i] = monday.AddDate(0, 0, off)
		}
		return monday, days
	case Monthly:
		y, m, d := s.day0.Date()
		first := time.Date(y, m+time.Month(p*s.interval), 1, 0, 0, 0, 0, time.UTC)
		day := first.AddDate(0, 0, d-1)
		if day.Month() != first.Month() {
			return first, nil // no such day this month
		}
		return first, []time.Time{day}
	default: // Daily, and any unknown frequency, so Expand always ends
		day := s.day0.AddDate(0, 0, p*s.interval)
		return day, []time.Time{day}
	}
}

// periodBefore returns a period that starts no later than t's date, so
// that no period skipped before it holds an occurrence at or after t.
func (s series) periodBefore(t time.Time) int {
	y, m, d := t.In(nairobi).Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if !day.After(s.day0) {
		return 0
	}
	var n int
	switch s.freq {
	case Weekly:
		n = daysBetween(s.day0, day) / 7
	case Monthly:
		n = (day.Year()-s.day0.Year())*12 + int(day.Month()-s.day0.Month())
	default:
		n = daysBetween(s.day0, day)
	}
	return max(n/s.interval-1, 0)
}

// at returns the occurrence on day at the start's wall-clock time.
func (s series) at(day time.Time) time.Time {
	y, m, d := day.Date()
	h, mi, sec := s.start.Clock()
	return time.Date(y, m, d, h, mi, sec, s.start.Nanosecond(), nairobi)
}

// daysBetween counts the days from a to b, both midnight UTC. Sub would
// saturate beyond 292 years.
func daysBetween(a, b time.Time) int { return int((b.Unix() - a.Unix()) / 86400) }
