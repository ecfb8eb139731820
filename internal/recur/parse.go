package recur

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// dayCodes are RFC 5545's two-letter weekdays, indexed by time.Weekday.
var dayCodes = [7]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// String returns the RRULE value of r ("FREQ=WEEKLY;COUNT=8;BYDAY=TU,TH"),
// parts in a fixed order, days Monday first, UNTIL in UTC, so that equal
// rules give equal text.
func (r Rule) String() string {
	var b strings.Builder
	b.WriteString("FREQ=" + r.Freq.String())
	if r.Interval != 1 {
		fmt.Fprintf(&b, ";INTERVAL=%d", r.Interval)
	}
	if r.Count != 0 {
		fmt.Fprintf(&b, ";COUNT=%d", r.Count)
	}
	if !r.Until.IsZero() {
		b.WriteString(";UNTIL=" + r.Until.UTC().Format("20060102T150405Z"))
	}
	if len(r.ByDay) > 0 {
		b.WriteString(";BYDAY=")
		for i, d := range sortDays(r.ByDay) {
			if i > 0 {
				b.WriteByte(',')
			}
			if d >= time.Sunday && d <= time.Saturday {
				b.WriteString(dayCodes[d])
			} else {
				fmt.Fprintf(&b, "?%d", int(d))
			}
		}
	}
	return b.String()
}

// sortDays returns a copy of days ordered Monday to Sunday.
func sortDays(days []time.Weekday) []time.Weekday {
	out := slices.Clone(days)
	slices.SortFunc(out, func(a, b time.Weekday) int { return mondayIndex(a) - mondayIndex(b) })
	return out
}

// mondayIndex numbers a weekday from Monday (0) to Sunday (6).
func mondayIndex(d time.Weekday) int { return (int(d) + 6) % 7 }

// Parse reads an RRULE value as String writes it. It also accepts an
// "RRULE:" prefix, lower case, a floating or date-only UNTIL (read in
// Africa/Nairobi, a date meaning the end of that day), WKST=MO and days in
// any order, and refuses the parts Haki does not offer. A parsed rule is
// valid except for the checks that need the start (see Validate).
func Parse(s string) (Rule, error) {
	s = strings.TrimSpace(s)
	if len(s) >= 6 && strings.EqualFold(s[:6], "RRULE:") {
		s = s[6:]
	}
	r := Rule{Interval: 1}
	seen := map[string]bool{}
	for part := range strings.SplitSeq(s, ";") {
		name, value, ok := strings.Cut(part, "=")
		name = strings.ToUpper(name)
		if !ok || name == "" || value == "" {
			return Rule{}, fmt.Errorf("recur: malformed rule part %q", part)
		}
		if seen[name] {
			return Rule{}, fmt.Errorf("recur: %s given twice", name)
		}
		seen[name] = true
		if err := r.parsePart(name, strings.ToUpper(value)); err != nil {
			return Rule{}, err
		}
	}
	if !seen["FREQ"] {
		return Rule{}, errors.New("recur: FREQ is missing")
	}
	if err := r.validate(); err != nil {
		return Rule{}, err
	}
	return r, nil
}

func (r *Rule) parsePart(name, value string) error {
	var err error
	switch name {
	case "FREQ":
		r.Freq = 0
		for f, n := range freqNames {
			if n == value {
				r.Freq = f
			}
		}
		if r.Freq == 0 {
			return fmt.Errorf("recur: FREQ=%s is not offered (only DAILY, WEEKLY, MONTHLY)", value)
		}
	case "INTERVAL":
		r.Interval, err = parseSmallInt(name, value)
	case "COUNT":
		r.Count, err = parseSmallInt(name, value)
	case "UNTIL":
		r.Until, err = parseUntil(value)
	case "BYDAY":
		r.ByDay, err = parseDays(value)
	case "WKST":
		if value != "MO" {
			return fmt.Errorf("recur: WKST=%s is not offered (weeks start on Monday)", value)
		}
	default:
		return fmt.Errorf("recur: %s is not offered", name)
	}
	return err
}

// parseSmallInt reads 1 to 4 digits, no sign, so no overflow is possible.
func parseSmallInt(name, s string) (int, error) {
	if len(s) > 4 || strings.Trim(s, "0123456789") != "" {
		return 0, fmt.Errorf("recur: %s=%s is not a small whole number", name, s)
	}
	return strconv.Atoi(s)
}

func parseDays(s string) ([]time.Weekday, error) {
	var days []time.Weekday
	for code := range strings.SplitSeq(s, ",") {
		i := slices.Index(dayCodes[:], code)
		if i < 0 {
			return nil, fmt.Errorf("recur: BYDAY value %q is not offered (only MO to SU)", code)
		}
		if !slices.Contains(days, time.Weekday(i)) {
			days = append(days, time.Weekday(i))
		}
	}
	return sortDays(days), nil
}

// parseUntil reads YYYYMMDDTHHMMSSZ (UTC), YYYYMMDDTHHMMSS (Nairobi) or
// YYYYMMDD (the last second of that day in Nairobi). It is strict where
// time.Parse is lenient (single-digit hours), and returns UTC.
func parseUntil(s string) (time.Time, error) {
	bad := fmt.Errorf("recur: UNTIL=%s is not a date-time like 20260331T210000Z", s)
	var loc *time.Location
	var clock string
	switch {
	case len(s) == 16 && s[8] == 'T' && s[15] == 'Z':
		loc, clock = time.UTC, s[9:15]
	case len(s) == 15 && s[8] == 'T':
		loc, clock = nairobi, s[9:15]
	case len(s) == 8:
		loc, clock = nairobi, "235959"
	default:
		return time.Time{}, bad
	}
	digits := s[:8] + clock
	if strings.Trim(digits, "0123456789") != "" {
		return time.Time{}, bad
	}
	n := func(i, j int) int { v, _ := strconv.Atoi(digits[i:j]); return v }
	y, mo, d, h, mi, sec := n(0, 4), time.Month(n(4, 6)), n(6, 8), n(8, 10), n(10, 12), n(12, 14)
	t := time.Date(y, mo, d, h, mi, sec, 0, loc)
	if t.Year() != y || t.Month() != mo || t.Day() != d || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, bad
	}
	return t.UTC(), nil
}
