package ical

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	goical "github.com/emersion/go-ical"

	"github.com/haki-kenya/haki/internal/recur"
)

// The feed is read back with github.com/emersion/go-ical, a parser that
// shares no code with the writer.

func mustTime(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.ParseInLocation("2006-01-02 15:04", s, recur.Location())
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func mustWrite(tb testing.TB, c Calendar) []byte {
	tb.Helper()
	var b bytes.Buffer
	n, err := c.WriteTo(&b)
	if err != nil {
		tb.Fatalf("WriteTo: %v", err)
	}
	if n != int64(b.Len()) {
		tb.Fatalf("WriteTo counted %d bytes, wrote %d", n, b.Len())
	}
	return b.Bytes()
}

func mustParse(tb testing.TB, feed []byte) *goical.Calendar {
	tb.Helper()
	cal, err := goical.NewDecoder(bytes.NewReader(feed)).Decode()
	if err != nil {
		tb.Fatalf("go-ical: %v\n%s", err, feed)
	}
	return cal
}

func propText(tb testing.TB, c *goical.Component, name string) string {
	tb.Helper()
	p := c.Props.Get(name)
	if p == nil {
		return ""
	}
	s, err := p.Text()
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	return s
}

func propTime(tb testing.TB, c *goical.Component, name string) time.Time {
	tb.Helper()
	p := c.Props.Get(name)
	if p == nil {
		tb.Fatalf("no %s", name)
	}
	if name != goical.PropDateTimeStamp && p.Params.Get(goical.PropTimezoneID) != "Africa/Nairobi" && p.ValueType() != goical.ValueDate {
		tb.Errorf("%s has TZID %q", name, p.Params.Get(goical.PropTimezoneID))
	}
	t, err := p.DateTime(recur.Location())
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	return t
}

// sample is a feed with every kind of event the calendars write.
func sample(tb testing.TB) Calendar {
	stamp := time.Date(2026, 2, 20, 7, 0, 0, 0, time.UTC)
	weekly := recur.Rule{Freq: recur.Weekly, Interval: 1, Count: 8}
	return Calendar{
		Name:    "Timu ya Ushauri — Counselling team",
		Refresh: time.Hour,
		Events: []Event{
			{
				UID: "0195f1a2-0001@haki", Start: mustTime(tb, "2026-03-02 09:00"), End: mustTime(tb, "2026-03-02 10:30"),
				Summary: "Appointment; counselling, CASE-2026-000123\nSecond line \\ backslash", Location: "Room 2, Haki office; Nairobi",
				Description: "Mkutano wa ushauri 🙂 " + strings.Repeat("ushauri nasaha — ", 12), Categories: []string{"Appointment", "Ushauri, nasaha"},
				Status: StatusConfirmed, Sequence: 2, Stamp: stamp,
			},
			{
				UID: "0195f1a2-0002@haki", Start: mustTime(tb, "2026-03-03 14:00"), End: mustTime(tb, "2026-03-03 15:30"),
				Summary: "Group therapy session", Location: "Hall", Rule: &weekly,
				ExDates: []time.Time{mustTime(tb, "2026-03-17 14:00").UTC()}, Status: StatusConfirmed, Stamp: stamp,
			},
			{
				UID: "0195f1a2-0002@haki", RecurrenceID: mustTime(tb, "2026-03-24 14:00"),
				Start: mustTime(tb, "2026-03-25 16:00"), End: mustTime(tb, "2026-03-25 17:30"),
				Summary: "Group therapy session (moved)", Location: "Hall", Status: StatusConfirmed, Sequence: 1, Stamp: stamp,
			},
			{
				UID: "0195f1a2-0003@haki", Start: mustTime(tb, "2026-03-06 00:00"), End: mustTime(tb, "2026-03-07 00:00"), AllDay: true,
				Summary: "Court hearing — Milimani", Status: StatusCancelled, Stamp: stamp,
			},
		},
	}
}

func TestFeedParses(t *testing.T) {
	c := sample(t)
	cal := mustParse(t, mustWrite(t, c))
	for name, want := range map[string]string{
		"VERSION": "2.0", "PRODID": "-//Haki//Haki calendar//EN", "CALSCALE": "GREGORIAN", "METHOD": "PUBLISH",
		"X-WR-CALNAME": c.Name, "X-WR-TIMEZONE": "Africa/Nairobi", "X-PUBLISHED-TTL": "PT1H",
	} {
		if got := propText(t, cal.Component, name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if d, err := cal.Props.Get("REFRESH-INTERVAL").Duration(); err != nil || d != time.Hour {
		t.Errorf("REFRESH-INTERVAL = %v, %v", d, err)
	}
	var tz *goical.Component
	for _, ch := range cal.Children {
		if ch.Name == goical.CompTimezone {
			tz = ch
		}
	}
	if tz == nil || tz.Props.Get("TZID").Value != "Africa/Nairobi" || len(tz.Children) != 1 ||
		tz.Children[0].Props.Get("TZOFFSETTO").Value != "+0300" || tz.Children[0].Props.Get("TZNAME").Value != "EAT" {
		t.Errorf("VTIMEZONE = %+v", tz)
	}
	events := cal.Events()
	if len(events) != len(c.Events) {
		t.Fatalf("%d events, want %d", len(events), len(c.Events))
	}
	for i, want := range c.Events {
		got := events[i].Component
		if s := propText(t, got, "UID"); s != want.UID {
			t.Errorf("event %d: UID %q, want %q", i, s, want.UID)
		}
		if !want.AllDay {
			if s := propTime(t, got, "DTSTART"); !s.Equal(want.Start) {
				t.Errorf("event %d: start %v, want %v", i, s, want.Start)
			}
			if e := propTime(t, got, "DTEND"); !e.Equal(want.End) {
				t.Errorf("event %d: end %v, want %v", i, e, want.End)
			}
		}
		if s := propTime(t, got, "DTSTAMP"); !s.Equal(want.Stamp) {
			t.Errorf("event %d: stamp %v, want %v", i, s, want.Stamp)
		}
		for name, w := range map[string]string{"SUMMARY": want.Summary, "LOCATION": want.Location, "DESCRIPTION": want.Description, "STATUS": want.Status} {
			if s := propText(t, got, name); s != w {
				t.Errorf("event %d: %s %q, want %q", i, name, s, w)
			}
		}
		if p := got.Props.Get("SEQUENCE"); p == nil || p.Value != strconv.Itoa(want.Sequence) {
			t.Errorf("event %d: SEQUENCE %v, want %d", i, p, want.Sequence)
		}
		if len(want.Categories) > 0 {
			cats, err := got.Props.Get("CATEGORIES").TextList()
			if err != nil || !slices.Equal(cats, want.Categories) {
				t.Errorf("event %d: CATEGORIES %q (%v), want %q", i, cats, err, want.Categories)
			}
		}
	}
}

func TestAllDay(t *testing.T) {
	c := Calendar{Name: "x", Events: []Event{{
		UID: "a@haki", AllDay: true, Start: mustTime(t, "2026-03-06 00:00"), Stamp: time.Now(),
		Rule: &recur.Rule{Freq: recur.Daily, Interval: 1, Until: mustTime(t, "2026-03-08 23:59")},
	}}}
	ev := mustParse(t, mustWrite(t, c)).Events()[0]
	if p := ev.Props.Get("DTSTART"); p.ValueType() != goical.ValueDate || p.Value != "20260306" {
		t.Errorf("DTSTART = %+v", p)
	}
	if p := ev.Props.Get("DTEND"); p.Value != "20260307" {
		t.Errorf("DTEND = %+v, want the next day", p)
	}
	if p := ev.Props.Get("RRULE"); p.Value != "FREQ=DAILY;UNTIL=20260308" {
		t.Errorf("RRULE = %q", p.Value)
	}
}

// TestSeriesExpandsLikeRecur expands each series of the feed with go-ical's
// RecurrenceSet (rrule-go underneath) and compares with recur.Expand.
func TestSeriesExpandsLikeRecur(t *testing.T) {
	stamp := time.Date(2026, 2, 20, 7, 0, 0, 0, time.UTC)
	tue := mustTime(t, "2026-03-03 14:00")
	jan31 := mustTime(t, "2026-01-31 18:30")
	tests := []struct {
		name    string
		start   time.Time
		rule    recur.Rule
		exdates []time.Time
		want    int
	}{
		{"weekly 8 less one", tue, recur.Rule{Freq: recur.Weekly, Interval: 1, Count: 8}, []time.Time{tue.AddDate(0, 0, 14)}, 7},
		{"fortnightly tue fri until", tue, recur.Rule{Freq: recur.Weekly, Interval: 2, ByDay: []time.Weekday{time.Tuesday, time.Friday},
			Until: mustTime(t, "2026-06-30 23:59")}, []time.Time{tue, tue.AddDate(0, 0, 17)}, 16},
		{"monthly on the 31st", jan31, recur.Rule{Freq: recur.Monthly, Interval: 1, Count: 12}, nil, 12},
		{"every 3 days", jan31, recur.Rule{Freq: recur.Daily, Interval: 3, Count: 20}, []time.Time{jan31.AddDate(0, 0, 30)}, 19},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := Calendar{Name: "Series", Events: []Event{{
				UID: "s@haki", Start: tc.start, End: tc.start.Add(90 * time.Minute), Summary: tc.name,
				Rule: &tc.rule, ExDates: tc.exdates, Stamp: stamp,
			}}}
			ev := mustParse(t, mustWrite(t, c)).Events()[0]
			set, err := ev.RecurrenceSet(time.UTC)
			if err != nil || set == nil {
				t.Fatalf("RecurrenceSet = %v, %v", set, err)
			}
			got := set.All()
			want := recur.Expand(tc.start, 90*time.Minute, tc.rule, tc.exdates, tc.start, tc.start.AddDate(5, 0, 0))
			if len(want) != tc.want || !slices.EqualFunc(got, want, time.Time.Equal) {
				t.Errorf("go-ical expands to %d:\n%v\nrecur.Expand to %d (want %d):\n%v", len(got), got, len(want), tc.want, want)
			}
		})
	}
}

func TestOverride(t *testing.T) {
	c := sample(t)
	events := mustParse(t, mustWrite(t, c)).Events()
	series, override := events[1].Component, events[2].Component
	if propText(t, series, "UID") != propText(t, override, "UID") {
		t.Error("override and series have different UIDs")
	}
	if series.Props.Get("RECURRENCE-ID") != nil || override.Props.Get("RRULE") != nil {
		t.Error("RECURRENCE-ID on the series or RRULE on the override")
	}
	rid := propTime(t, override, "RECURRENCE-ID")
	if !rid.Equal(c.Events[2].RecurrenceID) {
		t.Errorf("RECURRENCE-ID = %v, want %v", rid, c.Events[2].RecurrenceID)
	}
	// The replaced occurrence is one the series really has.
	set, err := events[1].RecurrenceSet(recur.Location())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(set.All(), rid.Equal) {
		t.Errorf("RECURRENCE-ID %v is not an occurrence of the series %v", rid, set.All())
	}
	if s := propTime(t, override, "DTSTART"); !s.Equal(c.Events[2].Start) {
		t.Errorf("override DTSTART = %v, want %v", s, c.Events[2].Start)
	}
}

// TestLines checks the raw text: CRLF everywhere, no line over 75 octets,
// no UTF-8 character split by a fold.
func TestLines(t *testing.T) {
	c := sample(t)
	c.Events[0].Summary = strings.Repeat("Ushauri 🙂 ñ ", 40)
	feed := mustWrite(t, c)
	if !bytes.HasSuffix(feed, []byte("END:VCALENDAR\r\n")) {
		t.Error("feed does not end with END:VCALENDAR and CRLF")
	}
	raw := strings.Split(strings.TrimSuffix(string(feed), "\r\n"), "\r\n")
	folded := 0
	for i, l := range raw {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d has %d octets: %q", i, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a character: %q", i, l)
		}
		if strings.HasPrefix(l, " ") {
			folded++
		}
	}
	if folded < 10 {
		t.Errorf("only %d continuation lines; the long texts were not folded", folded)
	}
	if got := propText(t, mustParse(t, feed).Events()[0].Component, "SUMMARY"); got != c.Events[0].Summary {
		t.Errorf("folded SUMMARY read back as %q", got)
	}
}

func TestWriteRefuses(t *testing.T) {
	ok := sample(t).Events[0]
	rule := recur.Rule{Freq: recur.Weekly, Interval: 1, ByDay: []time.Weekday{time.Friday}} // ok starts on a Monday
	tests := map[string]func(e *Event){
		"no UID":            func(e *Event) { e.UID = "" },
		"no stamp":          func(e *Event) { e.Stamp = time.Time{} },
		"end before start":  func(e *Event) { e.End = e.Start.Add(-time.Minute) },
		"unknown status":    func(e *Event) { e.Status = "MAYBE" },
		"invalid rule":      func(e *Event) { e.Rule = &rule },
		"override and rule": func(e *Event) { e.Rule = &recur.Rule{Freq: recur.Daily, Interval: 1}; e.RecurrenceID = e.Start },
		"exdates, no rule":  func(e *Event) { e.ExDates = []time.Time{e.Start} },
	}
	for name, change := range tests {
		t.Run(name, func(t *testing.T) {
			e := ok
			change(&e)
			var b bytes.Buffer
			if n, err := (Calendar{Name: "x", Events: []Event{ok, e}}).WriteTo(&b); err == nil || n != 0 || b.Len() != 0 {
				t.Errorf("WriteTo = %d, %v; wrote %d bytes", n, err, b.Len())
			}
		})
	}
}

// TestWriteSample writes the sample feed to a file: the one named by
// HAKI_ICAL_SAMPLE, to try in other calendar readers, or a temporary one.
func TestWriteSample(t *testing.T) {
	path := os.Getenv("HAKI_ICAL_SAMPLE")
	if path == "" {
		path = filepath.Join(t.TempDir(), "sample.ics")
	}
	if err := os.WriteFile(path, mustWrite(t, sample(t)), 0o644); err != nil {
		t.Fatal(err)
	}
}
