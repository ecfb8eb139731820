package haki

import (
	"slices"
	"strings"
	"time"
)

// Calendars. Events (CalendarEvent, followup.go) stand on a
// colleague's or a team's calendar; a series is one event with a rule,
// expanded into occurrences when read; hearings of legal matters are read
// from their own table and shown beside events, never copied.

// KindHearing is the kind of a calendar entry read from a hearing of a
// legal matter; events are never of this kind.
const KindHearing = "hearing"

// The statuses of an event or occurrence.
const (
	EventScheduled = "scheduled"
	EventCancelled = "cancelled"
)

// CalendarViewKinds lists every kind of calendar entry, hearings included.
var CalendarViewKinds = append(slices.Clone(CalendarKinds), KindHearing)

// HearingLength is how long a hearing is assumed to last, for calendars and
// double bookings: the hearings table records only when it starts.
const HearingLength = 2 * time.Hour

// MaxSeriesSpan is the longest a series may run, from its first start to
// its last.
const MaxSeriesSpan = 2 * 366 * 24 * time.Hour

// CalendarQuery selects the occurrences of a calendar in [From, To): a
// colleague's (OwnerUserID: events they own or take part in, hearings they
// are counsel or caseworker for), a team's (TeamID: the team's events and
// its members'), or the organisation's (Org). Kinds and CaseID filter.
type CalendarQuery struct {
	From, To    time.Time
	OwnerUserID string
	TeamID      string
	Org         bool
	Kinds       []string
	CaseID      string
	// Limit caps the occurrences returned (0: no cap besides MaxCalendar).
	Limit int
	// Brief leaves participants out, for views that show only times,
	// kinds and case references (a month).
	Brief bool
}

// MaxCalendar is the most occurrences one calendar read returns.
const MaxCalendar = 20000

// Occurrence is one entry of a calendar: a single event, one occurrence of
// a series (EventID = SeriesID = the series' event, RecurrenceID = its
// start as the rule gives it), an occurrence edited alone (EventID its own,
// SeriesID the series'), or a hearing (Kind KindHearing, EventID the
// hearing's id). Times are UTC.
type Occurrence struct {
	EventID      string    `json:"event_id"`
	Kind         string    `json:"kind"`
	Subtype      string    `json:"subtype,omitempty"`
	Start        time.Time `json:"start"`
	End          time.Time `json:"end"`
	Location     string    `json:"location,omitempty"`
	CaseID       string    `json:"case_id,omitempty"`
	CaseRef      string    `json:"case_ref,omitempty"`
	MatterID     string    `json:"matter_id,omitempty"` // hearings
	OwnerUserID  string    `json:"owner_user_id,omitempty"`
	OwnerTeamID  string    `json:"owner_team_id,omitempty"`
	Status       string    `json:"status"`
	SeriesID     string    `json:"series_id,omitempty"`
	RecurrenceID time.Time `json:"recurrence_id,omitzero"`
	// Rule, SeriesStart and Exdates describe the whole series, on each
	// occurrence the rule gives (not on occurrences edited alone).
	Rule        string      `json:"rrule,omitempty"`
	SeriesStart time.Time   `json:"series_start,omitzero"`
	Exdates     []time.Time `json:"exdates,omitempty"`
	// Busy marks an entry the reader may know of but not see: a colleague's
	// appointment on a case hidden from them. It carries only its kind and
	// times; the other fields are empty.
	Busy         bool           `json:"busy,omitempty"`
	Participants []*Participant `json:"participants"`
}

// Key identifies an occurrence in links: the event's id, and for an
// occurrence of a series its recurrence id in RFC 3339.
func (o *Occurrence) Key() string {
	if o.SeriesID != "" && o.SeriesID == o.EventID && !o.RecurrenceID.IsZero() {
		return o.EventID + "@" + o.RecurrenceID.UTC().Format("20060102T150405Z")
	}
	return o.EventID
}

// ParseOccurrenceKey splits a Key into event id and recurrence id (zero
// when the key names an event).
func ParseOccurrenceKey(k string) (string, time.Time, bool) {
	id, rid, ok := strings.Cut(k, "@")
	if !ok {
		return id, time.Time{}, id != ""
	}
	t, err := time.Parse("20060102T150405Z", rid)
	return id, t, err == nil && id != ""
}

// Clash is a double booking found when an event is saved: a participant
// (UserID or PersonID) or the place is already booked at an overlapping
// time by another entry, which may show as busy only.
type Clash struct {
	Who      string     `json:"who"` // "user", "person" or "location"
	UserID   string     `json:"user_id,omitempty"`
	PersonID string     `json:"person_id,omitempty"`
	Name     string     `json:"name,omitempty"` // the colleague's name or the client's reference
	Location string     `json:"location,omitempty"`
	At       time.Time  `json:"at"` // the start of the event being saved that clashes
	Other    Occurrence `json:"other"`
}

// LocationKey normalises a place for comparing bookings: case and spacing
// do not matter.
func LocationKey(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// DiaryNote is a short dated note in a colleague's own diary, seen by them
// alone, sealed with its own key.
type DiaryNote struct {
	ID        string    `json:"id"`
	UserID    string    `json:"user_id"`
	Day       time.Time `json:"day"` // a date, UTC midnight
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int       `json:"version"`
}

// Normalize trims the note.
func (n *DiaryNote) Normalize() { n.Body = strings.TrimSpace(n.Body) }

// Validate checks a normalised diary note before it is stored.
func (n *DiaryNote) Validate() error {
	p := Problems{}
	if n.Day.IsZero() {
		p.Add("day", "Enter the day of the note.")
	}
	if n.Body == "" {
		p.Add("body", "Write the note.")
	}
	checkLen(p, "body", n.Body, 1000)
	return p.Err()
}

// Overlaps reports whether [a1, a2) and [b1, b2) share a moment.
func Overlaps(a1, a2, b1, b2 time.Time) bool { return a1.Before(b2) && b1.Before(a2) }
