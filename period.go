package haki

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// A report's period is read by ParsePeriod from the same keys on every
// edge: the web's report forms, the API's query strings and the command
// line's flags.
const (
	PeriodYear    = "year"    // a year, 1900-2100
	PeriodQuarter = "quarter" // 1-4, within year
	PeriodMonth   = "month"   // 1-12, within year
	PeriodFrom    = "from"    // YYYY-MM-DD, or YYYY-MM or YYYY for its first day
	PeriodTo      = "to"      // YYYY-MM-DD, or YYYY-MM or YYYY for its last day
	PeriodAll     = "period"  // "all": every date, the unknown ones too (ReportFilter.AllDates)
)

// MaxPeriod is the longest period a report covers.
const MaxPeriod = 100 * 366 * 24 * time.Hour

// ParsePeriod reads a report's period, its first and last day (both
// included, at UTC midnight as dates are stored), from v. The period is
// either dates, from and to (to defaults to the last day of from's day,
// month or year, so "from=2024" alone is the year 2024), or a year,
// narrowed to a quarter or a month. Dates win over a year when both are
// given, as the report forms keep their year selected while dates are
// typed. Nothing at all is a problem on "from": the caller chooses a
// default period (the web's forms this year) before parsing. Each problem
// is named by its key.
func ParsePeriod(v url.Values) (from, to time.Time, err error) {
	p := Problems{}
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	if get(PeriodFrom) != "" || get(PeriodTo) != "" || get(PeriodYear) == "" {
		from, to = periodDates(p, get(PeriodFrom), get(PeriodTo))
	} else {
		from, to = periodOfYear(p, get(PeriodYear), get(PeriodQuarter), get(PeriodMonth))
	}
	if len(p) == 0 && to.Before(from) {
		p.Add(PeriodTo, "The end of the period is before its start.")
	}
	if len(p) == 0 && to.Sub(from) > MaxPeriod {
		p.Add(PeriodTo, "Choose a period of at most 100 years.")
	}
	if len(p) > 0 {
		return time.Time{}, time.Time{}, p.Err()
	}
	return from, to, nil
}

// periodDates reads the dates from and to.
func periodDates(p Problems, fromS, toS string) (from, to time.Time) {
	from, fromEnd, err := parsePeriodDate(fromS)
	if err != nil {
		p.Add(PeriodFrom, ErrorMessage(err))
	}
	if toS == "" {
		return from, fromEnd
	}
	if _, to, err = parsePeriodDate(toS); err != nil {
		p.Add(PeriodTo, ErrorMessage(err))
	}
	return from, to
}

// periodOfYear reads a year, narrowed to a quarter or a month.
func periodOfYear(p Problems, yearS, quarterS, monthS string) (from, to time.Time) {
	year, err := strconv.Atoi(yearS)
	if err != nil || year < MinYear || year > MaxYear {
		p.Add(PeriodYear, "The year must be between 1900 and 2100.")
		return from, to
	}
	from = time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	to = from.AddDate(1, 0, -1)
	q, errQ := strconv.Atoi(quarterS)
	m, errM := strconv.Atoi(monthS)
	switch {
	case quarterS != "" && monthS != "":
		p.Add(PeriodMonth, "Choose a quarter or a month, not both.")
	case quarterS != "" && (errQ != nil || q < 1 || q > 4):
		p.Add(PeriodQuarter, "Choose a quarter from 1 to 4.")
	case monthS != "" && (errM != nil || m < 1 || m > 12):
		p.Add(PeriodMonth, "Choose a month from 1 to 12.")
	case quarterS != "":
		from = time.Date(year, time.Month(3*q-2), 1, 0, 0, 0, 0, time.UTC)
		to = from.AddDate(0, 3, -1)
	case monthS != "":
		from = time.Date(year, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
		to = from.AddDate(0, 1, -1)
	}
	return from, to
}

// parsePeriodDate reads YYYY-MM-DD, YYYY-MM or YYYY and returns the first
// and last day it names.
func parsePeriodDate(s string) (first, last time.Time, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return first, last, Errorf(EINVALID, "Enter a date such as 2024-01-31, 2024-01 or 2024.")
	}
	for _, layout := range []struct {
		l    string
		span func(time.Time) time.Time
	}{
		{time.DateOnly, func(t time.Time) time.Time { return t }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, -1) }},
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, -1) }},
	} {
		if t, perr := time.Parse(layout.l, s); perr == nil {
			if t.Year() < MinYear || t.Year() > MaxYear {
				return first, last, Errorf(EINVALID, "The year must be between 1900 and 2100.")
			}
			return t, layout.span(t), nil
		}
	}
	return first, last, Errorf(EINVALID, "Enter a date such as 2024-01-31, 2024-01 or 2024.")
}
