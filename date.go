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
)

// FuzzyDate is a date known to a day, a month or a year, possibly only
// approximately ("about March 2017"). Date holds the first day of the period.
type FuzzyDate struct {
	Date      time.Time
	Precision Precision
	Approx    bool
}

// IsZero reports whether no date is set.
func (d FuzzyDate) IsZero() bool { return d.Date.IsZero() }

// Year returns the year, or 0 when no date is set.
func (d FuzzyDate) Year() int {
	if d.IsZero() {
		return 0
	}
	return d.Date.Year()
}

// Month returns the month 1-12, or 0 when the month is not known.
func (d FuzzyDate) Month() int {
	if d.IsZero() || d.Precision == PrecisionYear {
		return 0
	}
	return int(d.Date.Month())
}

// ISO returns the first day of the period as YYYY-MM-DD, or "" when unset.
func (d FuzzyDate) ISO() string {
	if d.IsZero() {
		return ""
	}
	return d.Date.Format(time.DateOnly)
}

// String renders d in the form ParseFuzzyDate reads: 2017-03-14, 2017-03,
// 2017, each with a leading "~" when approximate.
func (d FuzzyDate) String() string {
	if d.IsZero() {
		return ""
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
func ParseFuzzyDate(s string) (FuzzyDate, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return FuzzyDate{}, nil
	}
	var d FuzzyDate
	low := strings.ToLower(s)
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

func errBadDate(s string) error {
	return Errorf(EINVALID, "Write the date as 2017-03-14, 2017-03 or 2017 (add ~ in front if approximate).")
}
