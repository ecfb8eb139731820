// Package ical writes iCalendar (RFC 5545) feeds for phone calendar
// subscriptions. Times are written in Africa/Nairobi with its VTIMEZONE.
// What goes into an event is the caller's choice: a feed must carry no
// client names or case details.
package ical

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/haki-kenya/haki/internal/recur"
)

// Event statuses (STATUS); the empty status writes none.
const (
	StatusConfirmed = "CONFIRMED"
	StatusTentative = "TENTATIVE"
	StatusCancelled = "CANCELLED"
)

// Event is one VEVENT: a single event, a series (Rule set), or an override
// of one occurrence of a series (RecurrenceID set, same UID as the series).
type Event struct {
	UID          string    // stable across feeds, e.g. "<event id>@haki"
	Start, End   time.Time // End after Start; for AllDay, the day after the last
	AllDay       bool      // Start and End are read as dates in Africa/Nairobi
	Summary      string
	Location     string
	Description  string
	Categories   []string
	Status       string // one of the Status constants, or ""
	Sequence     int    // raised on each change phones should notice
	Rule         *recur.Rule
	ExDates      []time.Time // original starts of removed occurrences
	RecurrenceID time.Time   // original start of the occurrence an override replaces
	Stamp        time.Time   // when this version was made (DTSTAMP)
}

// Calendar is one feed.
type Calendar struct {
	Name    string        // X-WR-CALNAME, shown by phones
	Refresh time.Duration // how often phones should fetch again; 0 leaves it to them
	Events  []Event
}

const tzid = "Africa/Nairobi"

// vtimezone describes Africa/Nairobi: East Africa Time, UTC+3, no daylight
// saving since 1942, so one STANDARD block is the whole truth.
var vtimezone = []string{
	"BEGIN:VTIMEZONE",
	"TZID:" + tzid,
	"BEGIN:STANDARD",
	"DTSTART:19700101T000000",
	"TZOFFSETFROM:+0300",
	"TZOFFSETTO:+0300",
	"TZNAME:EAT",
	"END:STANDARD",
	"END:VTIMEZONE",
}

// WriteTo writes c as an iCalendar stream with CRLF line endings. It checks
// every event first and writes nothing if one is wrong.
func (c Calendar) WriteTo(w io.Writer) (int64, error) {
	var l lines
	l.line("BEGIN:VCALENDAR")
	l.prop("VERSION", "2.0")
	l.prop("PRODID", "-//Haki//Haki calendar//EN")
	l.prop("CALSCALE", "GREGORIAN")
	l.prop("METHOD", "PUBLISH")
	l.text("X-WR-CALNAME", c.Name)
	l.prop("X-WR-TIMEZONE", tzid)
	if c.Refresh >= time.Minute {
		l.prop("REFRESH-INTERVAL;VALUE=DURATION", duration(c.Refresh))
		l.prop("X-PUBLISHED-TTL", duration(c.Refresh))
	}
	for _, s := range vtimezone {
		l.line(s)
	}
	for i, e := range c.Events {
		if err := e.check(); err != nil {
			return 0, fmt.Errorf("ical: event %d (%q): %w", i, e.UID, err)
		}
		e.write(&l)
	}
	l.line("END:VCALENDAR")
	return l.WriteTo(w)
}

func (e Event) check() error {
	switch {
	case e.UID == "":
		return fmt.Errorf("no UID")
	case e.Start.IsZero() || e.Stamp.IsZero():
		return fmt.Errorf("no start or no stamp")
	case !e.AllDay && !e.End.After(e.Start):
		return fmt.Errorf("end %v is not after start %v", e.End, e.Start)
	case e.Status != "" && e.Status != StatusConfirmed && e.Status != StatusTentative && e.Status != StatusCancelled:
		return fmt.Errorf("unknown status %q", e.Status)
	case e.Sequence < 0:
		return fmt.Errorf("negative sequence")
	case e.Rule != nil && !e.RecurrenceID.IsZero():
		return fmt.Errorf("an override cannot have its own rule")
	case e.Rule == nil && len(e.ExDates) > 0:
		return fmt.Errorf("removed dates without a rule")
	}
	if e.Rule != nil {
		return e.Rule.Validate(e.Start)
	}
	return nil
}

func (e Event) write(l *lines) {
	l.line("BEGIN:VEVENT")
	l.text("UID", e.UID)
	l.prop("DTSTAMP", e.Stamp.UTC().Format(utcLayout))
	if !e.RecurrenceID.IsZero() {
		l.line("RECURRENCE-ID" + e.when(e.RecurrenceID))
	}
	l.line("DTSTART" + e.when(e.Start))
	end := e.End
	if e.AllDay && !nairobiDate(end).After(nairobiDate(e.Start)) {
		end = e.Start.AddDate(0, 0, 1)
	}
	l.line("DTEND" + e.when(end))
	if e.Rule != nil {
		l.prop("RRULE", e.rrule())
	}
	for _, x := range e.ExDates {
		l.line("EXDATE" + e.when(x))
	}
	if e.Summary != "" {
		l.text("SUMMARY", e.Summary)
	}
	if e.Location != "" {
		l.text("LOCATION", e.Location)
	}
	if e.Description != "" {
		l.text("DESCRIPTION", e.Description)
	}
	var cats []string
	for _, c := range e.Categories {
		if c := escapeText(c); c != "" {
			cats = append(cats, c)
		}
	}
	if len(cats) > 0 {
		l.prop("CATEGORIES", strings.Join(cats, ","))
	}
	if e.Status != "" {
		l.prop("STATUS", e.Status)
	}
	l.prop("SEQUENCE", strconv.Itoa(e.Sequence))
	l.line("END:VEVENT")
}

const (
	utcLayout   = "20060102T150405Z"
	localLayout = "20060102T150405"
	dateLayout  = "20060102"
)

// when returns the parameters and value of a date-time property for t:
// ";TZID=Africa/Nairobi:20260303T100000", or ";VALUE=DATE:20260303".
func (e Event) when(t time.Time) string {
	if e.AllDay {
		return ";VALUE=DATE:" + nairobiDate(t).Format(dateLayout)
	}
	return ";TZID=" + tzid + ":" + t.In(recur.Location()).Format(localLayout)
}

// rrule returns the RRULE value. An all-day series ends on a DATE, as RFC
// 5545 wants UNTIL to have DTSTART's value type.
func (e Event) rrule() string {
	r := *e.Rule
	if !e.AllDay || r.Until.IsZero() {
		return r.String()
	}
	until := r.Until
	r.Until = time.Time{}
	return r.String() + ";UNTIL=" + nairobiDate(until).Format(dateLayout)
}

// nairobiDate returns t's date in Africa/Nairobi, as midnight UTC.
func nairobiDate(t time.Time) time.Time {
	y, m, d := t.In(recur.Location()).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// duration formats d, at least a minute, as an RFC 5545 DURATION.
func duration(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprintf("PT%dH", d/time.Hour)
	}
	return fmt.Sprintf("PT%dM", d/time.Minute)
}
