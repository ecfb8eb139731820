package web

import (
	"bytes"
	"net/http"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/ical"
	"github.com/haki-kenya/haki/internal/recur"
	"github.com/haki-kenya/haki/internal/store"
)

// feedRefresh is how often phones are asked to fetch a feed again.
const feedRefresh = time.Hour

// feedICS answers a phone's calendar app: GET /feeds/{token}.ics, with no
// session. The token is the only key; the request log carries the route
// pattern, never the path, so it is never written down.
func (s *Server) feedICS(w http.ResponseWriter, r *http.Request) error {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok {
		return haki.Errorf(haki.ENOTFOUND, "No such calendar link.")
	}
	feed, err := s.store.FindFeed(r.Context(), token)
	if err != nil {
		return err
	}
	cal := feedCalendar(feed, s.now())
	if feed.Token.Scope == store.FeedTeam {
		cal.Name = "Haki · " + feed.Token.TeamName
	}
	var buf bytes.Buffer
	if _, err := cal.WriteTo(&buf); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Content-Disposition", `inline; filename="haki.ics"`)
	h.Set("Cache-Control", "private, no-cache")
	h.Set("X-Robots-Tag", "noindex")
	h.Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(buf.Bytes())
	return err
}

// feedCalendar turns calendar entries into iCalendar events that carry
// only the kind, the time, the place and the case reference. A series is
// one event with its rule, the starts it leaves out (EXDATE) and its
// occurrences edited alone (RECURRENCE-ID), not a list of copies.
func feedCalendar(feed *store.Feed, now time.Time) ical.Calendar {
	lang := feed.Owner.Language
	cal := ical.Calendar{Name: "Haki", Refresh: feedRefresh}
	stamp := now.UTC().Truncate(time.Second)
	summary := func(o *haki.Occurrence) string {
		if o.Busy {
			return haki.CalendarLabel(lang, "busy", "")
		}
		s := haki.CalendarLabel(lang, o.Kind, o.Subtype)
		if o.CaseRef != "" {
			s += " · " + o.CaseRef
		}
		return s
	}
	status := func(o *haki.Occurrence) string {
		if o.Status == haki.EventCancelled {
			return ical.StatusCancelled
		}
		return ical.StatusConfirmed
	}
	uid := func(o *haki.Occurrence) string {
		if o.Kind == haki.KindHearing {
			return "hearing-" + o.EventID + "@haki"
		}
		return o.EventID + "@haki"
	}
	// First the series whose rule the reader may see: one master each.
	masters := map[string]int{} // series id -> index in cal.Events
	for _, o := range feed.Entries {
		if o.Rule == "" || o.Busy || o.SeriesID != o.EventID {
			continue
		}
		if _, done := masters[o.SeriesID]; done {
			continue
		}
		rule, err := recur.Parse(o.Rule)
		if err != nil {
			continue
		}
		dur := o.End.Sub(o.Start)
		masters[o.SeriesID] = len(cal.Events)
		cal.Events = append(cal.Events, ical.Event{UID: o.SeriesID + "@haki", Start: o.SeriesStart, End: o.SeriesStart.Add(dur),
			Summary: summary(o), Location: o.Location, Categories: []string{haki.CalendarLabel(lang, o.Kind, "")}, Status: ical.StatusConfirmed,
			Rule: &rule, ExDates: append([]time.Time(nil), o.Exdates...), Stamp: stamp})
	}
	for _, o := range feed.Entries {
		if o.Rule != "" && !o.Busy && o.SeriesID == o.EventID {
			continue // given by its series' rule
		}
		e := ical.Event{UID: uid(o), Start: o.Start, End: o.End, Summary: summary(o), Location: o.Location, Status: status(o), Stamp: stamp}
		if !o.Busy {
			e.Categories = []string{haki.CalendarLabel(lang, o.Kind, "")}
		}
		if i, ok := masters[o.SeriesID]; ok && o.SeriesID != "" && !o.RecurrenceID.IsZero() {
			if o.Status == haki.EventCancelled {
				cal.Events[i].ExDates = append(cal.Events[i].ExDates, o.RecurrenceID)
				continue
			}
			e.UID, e.RecurrenceID = o.SeriesID+"@haki", o.RecurrenceID
		} else if o.SeriesID != "" && !o.RecurrenceID.IsZero() {
			// An occurrence whose series the feed does not carry (busy, or
			// outside the window): an event of its own.
			e.UID = o.SeriesID + "-" + o.RecurrenceID.UTC().Format("20060102T150405Z") + "@haki"
		}
		cal.Events = append(cal.Events, e)
	}
	return cal
}
