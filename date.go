package haki

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Precision says how much of a FuzzyDate is known.
type Precision string

// The precisions, finest first.
const (
	PrecisionDay   Precision = "day"
	PrecisionMonth Precision = "month"
	PrecisionYear  Precision = "year"
	// PrecisionUnknown is a date not known at all, or known only to lie
	// before or after a year (FuzzyDate.Before, FuzzyDate.After).
	PrecisionUnknown Precision = "unknown"
)

// FuzzyDate is a date known to a day, a month or a year, possibly only
// approximately ("about March 2017"). Date holds the first day of the period.
// A date that is not known (PrecisionUnknown) has no Date; it may be
// bounded by a year: Before 2010 is some day up to 2009-12-31, After 2015
// some day from 2016-01-01. At most one bound is set.
type FuzzyDate struct {
	Date      time.Time
	Precision Precision
	Approx    bool
	Before    int // with PrecisionUnknown: the date is before this year
	After     int // with PrecisionUnknown: the date is after this year
}

// UnknownDate is a date recorded as not known.
func UnknownDate() FuzzyDate { return FuzzyDate{Precision: PrecisionUnknown} }

// IsZero reports whether no date is set. A date recorded as unknown is set.
func (d FuzzyDate) IsZero() bool { return d.Date.IsZero() && d.Precision != PrecisionUnknown }

// Unknown reports whether the date is recorded as unknown (maybe bounded).
func (d FuzzyDate) Unknown() bool { return d.Precision == PrecisionUnknown }

// Bound returns the stored form of an unknown date's bound: "<2010",
// ">2015", or "" when it has none (or the date is known).
func (d FuzzyDate) Bound() string {
	switch {
	case !d.Unknown():
		return ""
	case d.Before != 0:
		return "<" + strconv.Itoa(d.Before)
	case d.After != 0:
		return ">" + strconv.Itoa(d.After)
	}
	return ""
}

// MayFallIn reports whether an unknown date may lie between from and to
// (whole days, both included): always without a bound; "before 2010"
// when the period starts before 2010; "after 2015" when it ends after 2015.
// A known date is never "may": it is in or out.
func (d FuzzyDate) MayFallIn(from, to time.Time) bool {
	switch {
	case !d.Unknown():
		return false
	case d.Before != 0:
		return from.Year() < d.Before
	case d.After != 0:
		return to.Year() > d.After
	}
	return true
}

// Year returns the year, or 0 when no date is set.
func (d FuzzyDate) Year() int {
	if d.Date.IsZero() {
		return 0
	}
	return d.Date.Year()
}

// Month returns the month 1-12, or 0 when the month is not known.
func (d FuzzyDate) Month() int {
	if d.Date.IsZero() || d.Precision == PrecisionYear {
		return 0
	}
	return int(d.Date.Month())
}

// ISO returns the first day of the period as YYYY-MM-DD, or "" when unset
// or unknown.
func (d FuzzyDate) ISO() string {
	if d.Date.IsZero() {
		return ""
	}
	return d.Date.Format(time.DateOnly)
}

// String renders d in the form ParseFuzzyDate reads: 2017-03-14, 2017-03,
// 2017, each with a leading "~" when approximate.
//
// An unknown date is "unknown", "<2010" (before 2010) or ">2015" (after 2015).
func (d FuzzyDate) String() string {
	if d.IsZero() {
		return ""
	}
	if d.Unknown() {
		if b := d.Bound(); b != "" {
			return b
		}
		return "unknown"
	}
	var s string
	switch d.Precision {
	case PrecisionYear:
		s = d.Date.Format("2006")
	case PrecisionMonth:
		s = d.Date.Format("2006-01")
	default:
		s = d.Date.Format(time.DateOnly)
	}
	if d.Approx {
		return "~" + s
	}
	return s
}

// Earliest and latest years a FuzzyDate may hold.
const (
	MinYear = 1900
	MaxYear = 2100
)

// ParseFuzzyDate reads a date with its precision. It accepts YYYY-MM-DD,
// DD/MM/YYYY, YYYY-MM, MM/YYYY and YYYY, each optionally preceded by "~",
// "c.", "ca.", "about", "approx." or "karibu" (Kiswahili) to mark it
// approximate. An empty string gives the zero FuzzyDate and no error.
//
// A date not known is "unknown" (or "?", "haijulikani"); one known only to
// lie before or after a year is "<2010", "before 2010" or "kabla ya 2010",
// and ">2015", "after 2015" or "baada ya 2015".
func ParseFuzzyDate(s string) (FuzzyDate, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return FuzzyDate{}, nil
	}
	var d FuzzyDate
	low := strings.ToLower(s)
	if d, ok, err := parseUnknownDate(low); ok {
		return d, err
	}
	for _, p := range []string{"~", "c.", "ca.", "circa", "about", "approx.", "approx", "approximately", "karibu"} {
		if rest, ok := strings.CutPrefix(low, p); ok && (p == "~" || p[len(p)-1] == '.' || strings.HasPrefix(rest, " ")) {
			d.Approx = true
			low = strings.TrimSpace(rest)
			break
		}
	}
	var y, m, day int
	var err error
	switch parts := splitDate(low); {
	case len(parts) == 1 && len(parts[0].s) == 4:
		d.Precision = PrecisionYear
		y, err = atoi(parts[0].s)
		m, day = 1, 1
	case len(parts) == 2 && parts[0].sep == '-' && len(parts[0].s) == 4:
		d.Precision = PrecisionMonth
		y, err = atoi(parts[0].s)
		m, err = atoi2(parts[1].s, err)
		day = 1
	case len(parts) == 2 && parts[0].sep == '/' && len(parts[1].s) == 4:
		d.Precision = PrecisionMonth
		m, err = atoi(parts[0].s)
		y, err = atoi2(parts[1].s, err)
		day = 1
	case len(parts) == 3 && parts[0].sep == '-' && parts[1].sep == '-' && len(parts[0].s) == 4:
		d.Precision = PrecisionDay
		y, err = atoi(parts[0].s)
		m, err = atoi2(parts[1].s, err)
		day, err = atoi2(parts[2].s, err)
	case len(parts) == 3 && parts[0].sep == '/' && parts[1].sep == '/' && len(parts[2].s) == 4:
		d.Precision = PrecisionDay
		day, err = atoi(parts[0].s)
		m, err = atoi2(parts[1].s, err)
		y, err = atoi2(parts[2].s, err)
	default:
		return FuzzyDate{}, errBadDate(s)
	}
	if err != nil {
		return FuzzyDate{}, errBadDate(s)
	}
	if y < MinYear || y > MaxYear {
		return FuzzyDate{}, Errorf(EINVALID, "The year must be between %d and %d.", MinYear, MaxYear)
	}
	if m < 1 || m > 12 {
		return FuzzyDate{}, Errorf(EINVALID, "The month must be between 1 and 12.")
	}
	t := time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day || day < 1 {
		return FuzzyDate{}, Errorf(EINVALID, "There is no day %d in that month.", day)
	}
	d.Date = t
	return d, nil
}

// MustFuzzyDate is ParseFuzzyDate for literals known to be good; it panics otherwise.
func MustFuzzyDate(s string) FuzzyDate {
	d, err := ParseFuzzyDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// NewFuzzyDate builds a FuzzyDate from stored parts.
func NewFuzzyDate(iso string, p Precision, approx bool) (FuzzyDate, error) {
	if p == PrecisionUnknown {
		return UnknownDate(), nil
	}
	if iso == "" {
		return FuzzyDate{}, nil
	}
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return FuzzyDate{}, fmt.Errorf("stored date %q: %w", iso, err)
	}
	switch p {
	case PrecisionDay, PrecisionMonth, PrecisionYear:
	default:
		return FuzzyDate{}, fmt.Errorf("stored precision %q", p)
	}
	return FuzzyDate{Date: t, Precision: p, Approx: approx}, nil
}

type datePart struct {
	s   string
	sep byte // the separator after this part, 0 for the last
}

func splitDate(s string) []datePart {
	var parts []datePart
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '-' || s[i] == '/' {
			parts = append(parts, datePart{s[start:i], s[i]})
			start = i + 1
		}
	}
	return append(parts, datePart{s: s[start:]})
}

func atoi(s string) (int, error) {
	if s == "" || len(s) > 4 {
		return 0, strconv.ErrSyntax
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, strconv.ErrSyntax
		}
	}
	return strconv.Atoi(s)
}

// atoi2 is atoi that keeps an earlier error.
func atoi2(s string, prev error) (int, error) {
	n, err := atoi(s)
	if prev != nil {
		return n, prev
	}
	return n, err
}

// parseUnknownDate reads an unknown date, maybe bounded by a year; ok is
// false when s is not written as one.
func parseUnknownDate(low string) (d FuzzyDate, ok bool, err error) {
	switch low {
	case "unknown", "?", "haijulikani", "date unknown", "tarehe haijulikani":
		return UnknownDate(), true, nil
	}
	for _, p := range []struct {
		prefix string
		before bool
	}{{"<", true}, {"before ", true}, {"kabla ya ", true}, {">", false}, {"after ", false}, {"baada ya ", false}} {
		rest, found := strings.CutPrefix(low, p.prefix)
		if !found {
			continue
		}
		y, aerr := atoi(strings.TrimSpace(rest))
		if aerr != nil || len(strings.TrimSpace(rest)) != 4 {
			return FuzzyDate{}, true, Errorf(EINVALID, "Write a date known only by a year bound as <2010 (before 2010) or >2015 (after 2015).")
		}
		d = UnknownDate()
		if p.before {
			if y <= MinYear || y > MaxYear {
				return FuzzyDate{}, true, Errorf(EINVALID, "The year must be between %d and %d.", MinYear+1, MaxYear)
			}
			d.Before = y
		} else {
			if y < MinYear || y >= MaxYear {
				return FuzzyDate{}, true, Errorf(EINVALID, "The year must be between %d and %d.", MinYear, MaxYear-1)
			}
			d.After = y
		}
		return d, true, nil
	}
	return FuzzyDate{}, false, nil
}

// ParseDateBound reads the stored bound of an unknown date ("", "<2010",
// ">2015").
func ParseDateBound(b string) (FuzzyDate, error) {
	if b == "" {
		return UnknownDate(), nil
	}
	d, ok, err := parseUnknownDate(b)
	if !ok || err != nil {
		return FuzzyDate{}, fmt.Errorf("stored date bound %q", b)
	}
	return d, nil
}

func errBadDate(s string) error {
	return Errorf(EINVALID, "Write the date as 2017-03-14, 2017-03 or 2017 (add ~ in front if approximate).")
}

// checkKnownDate refuses an unknown date where only an incident's date may
// be unknown: elsewhere an empty date says it is not known.
func checkKnownDate(p Problems, field string, d FuzzyDate) {
	if d.Unknown() {
		p.Add(field, "Leave this date empty when it is not known.")
	}
}
