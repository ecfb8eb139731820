// Package recur expands recurring calendar events: the part of RFC 5545's
// RRULE that Haki's calendars offer (daily, weekly on chosen days, monthly on
// the start's day of the month; an interval; a count or an end), with
// exception dates. Wall-clock arithmetic is done in Africa/Nairobi; instants
// are returned in UTC, as they are stored.
package recur

import (
	"fmt"
	"slices"
	"time"
	_ "time/tzdata" // Africa/Nairobi must load on machines without zoneinfo
)

// Limits on a rule, so that one form cannot create an unbounded series.
const (
	MaxInterval = 99
	MaxCount    = 500
	// MaxOccurrences caps what one call to Expand returns.
	MaxOccurrences = 1000
)

// nairobi is read-only after init: a location, not state.
var nairobi = mustLoad("Africa/Nairobi")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(fmt.Sprintf("recur: load %s: %v", name, err))
	}
	return loc
}

// Location returns Africa/Nairobi, the zone in which series repeat.
func Location() *time.Location { return nairobi }

// Freq is how often a series repeats.
type Freq int

// The frequencies Haki offers.
const (
	Daily Freq = iota + 1
	Weekly
	Monthly
)

var freqNames = map[Freq]string{Daily: "DAILY", Weekly: "WEEKLY", Monthly: "MONTHLY"}

// String returns the RRULE name of f ("WEEKLY").
func (f Freq) String() string {
	if s, ok := freqNames[f]; ok {
		return s
	}
	return fmt.Sprintf("Freq(%d)", int(f))
}

// Rule is a recurrence rule. The zero Count and Until mean the series has
// no end; at most one of them is set.
type Rule struct {
	Freq     Freq
	Interval int            // every Interval days, weeks or months; 1 or more
	Count    int            // number of occurrences, counting removed ones (RFC 5545)
	Until    time.Time      // last moment an occurrence may start, inclusive
	ByDay    []time.Weekday // weekly only; empty means the start's weekday
}

// Error says which part of a rule is wrong, in words a user can act on.
type Error struct {
	Field   string // freq, interval, count, until or by_day
	Message string
}

// Error returns the message.
func (e *Error) Error() string { return e.Message }

// Validate reports the first problem with r for a series starting at start.
// A weekly series must start on one of its days: RFC 5545 counts such a
// start as an occurrence but calendar apps disagree, so Haki never makes one.
func (r Rule) Validate(start time.Time) error {
	if err := r.validate(); err != nil {
		return err
	}
	if !r.Until.IsZero() && !r.Until.After(start) {
		return &Error{"until", "The end date must be after the start of the first event."}
	}
	if len(r.ByDay) > 0 && !slices.Contains(r.ByDay, start.In(nairobi).Weekday()) {
		return &Error{"by_day", "The first event must fall on one of the chosen days of the week."}
	}
	return nil
}

// validate checks what does not depend on the start.
func (r Rule) validate() error {
	if _, ok := freqNames[r.Freq]; !ok {
		return &Error{"freq", "Choose how often it repeats: daily, weekly or monthly."}
	}
	if r.Interval < 1 || r.Interval > MaxInterval {
		return &Error{"interval", fmt.Sprintf("It can repeat every 1 to %d %s.", MaxInterval, unitName(r.Freq))}
	}
	if r.Count != 0 && !r.Until.IsZero() {
		return &Error{"count", "Give either a number of times or an end date, not both."}
	}
	if r.Count < 0 || r.Count > MaxCount {
		return &Error{"count", fmt.Sprintf("The number of times must be between 1 and %d.", MaxCount)}
	}
	if y := r.Until.Year(); !r.Until.IsZero() && (y < 1900 || y > 9999) {
		return &Error{"until", "The end date is out of range."}
	}
	if len(r.ByDay) > 0 && r.Freq != Weekly {
		return &Error{"by_day", "Days of the week can be chosen only for a weekly series."}
	}
	seen := map[time.Weekday]bool{}
	for _, d := range r.ByDay {
		if d < time.Sunday || d > time.Saturday {
			return &Error{"by_day", "Unknown day of the week."}
		}
		if seen[d] {
			return &Error{"by_day", "Each day of the week can be chosen only once."}
		}
		seen[d] = true
	}
	return nil
}

func unitName(f Freq) string {
	switch f {
	case Daily:
		return "days"
	case Monthly:
		return "months"
	}
	return "weeks"
}
