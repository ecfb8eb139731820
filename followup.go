package haki

import (
	"slices"
	"strings"
	"time"
)

// Nairobi is Africa/Nairobi time, in which forms are filled and days are
// counted. Kenya has kept UTC+3 without daylight saving since 1960, so a
// fixed zone is exact and needs no time-zone database on the server.
var Nairobi = time.FixedZone("EAT", 3*60*60)

// Today returns the day (at UTC midnight, as dates are stored) that it is in
// Nairobi at instant now.
func Today(now time.Time) time.Time {
	y, m, d := now.In(Nairobi).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// afterToday reports whether the calendar date of day (as the store keeps
// it: its year, month and day, whatever the time) is later than the day it
// is in Nairobi at instant now: a date a form may not hold for something
// that has already happened.
func afterToday(day, now time.Time) bool {
	y, m, d := day.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).After(Today(now))
}

// NextWorkingDay returns the first day after day that is not a Saturday or
// a Sunday.
func NextWorkingDay(day time.Time) time.Time {
	next := day.AddDate(0, 0, 1)
	for next.Weekday() == time.Saturday || next.Weekday() == time.Sunday {
		next = next.AddDate(0, 0, 1)
	}
	return next
}

// CalendarEvent is a dated event on a calendar: an appointment with a
// client, a group session, a meeting, a training or a field visit. An
// appointment belongs to a case; every event has an owner, a colleague or a
// team, on whose calendar it stands.
type CalendarEvent struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`              // one of CalendarKinds
	Subtype string `json:"subtype,omitempty"` // for appointments: one of AppointmentTypes
	// StartsAt and EndsAt are instants, stored in UTC; forms use Nairobi time.
	StartsAt    time.Time `json:"starts_at"`
	EndsAt      time.Time `json:"ends_at"`
	Location    string    `json:"location,omitempty"`
	CaseID      string    `json:"case_id,omitempty"`
	OwnerUserID string    `json:"owner_user_id,omitempty"`
	OwnerTeamID string    `json:"owner_team_id,omitempty"`
	// Notes are sealed with the case's key, or the event's own key.
	Notes        string         `json:"notes,omitempty"`
	Participants []*Participant `json:"participants"`
	CreatedBy    string         `json:"created_by,omitempty"`
	CreatedAt    time.Time      `json:"created_at"`
	UpdatedAt    time.Time      `json:"updated_at"`
	Version      int            `json:"version"`
	// Calendar (calendar.go): Status is scheduled or cancelled.
	// A series head has Rule (RRULE text) and Exdates (starts removed); an
	// occurrence edited alone is its own event with SeriesID and
	// RecurrenceID (the start it replaces).
	Status       string      `json:"status,omitempty"`
	Rule         string      `json:"rrule,omitempty"`
	Exdates      []time.Time `json:"exdates,omitempty"`
	SeriesID     string      `json:"series_id,omitempty"`
	RecurrenceID time.Time   `json:"recurrence_id,omitzero"`
}

// Participant is a client (PersonID) or a colleague (UserID) expected at an
// event, and whether they came.
type Participant struct {
	ID           string    `json:"id"`
	EventID      string    `json:"event_id"`
	PersonID     string    `json:"person_id,omitempty"`
	UserID       string    `json:"user_id,omitempty"`
	Attendance   string    `json:"attendance"` // one of Attendances
	AttendanceAt time.Time `json:"attendance_at"`
	AttendanceBy string    `json:"attendance_by,omitempty"`
	// CaseID is the case a client attends for, in an event of no case or
	// of several clients (a group session): their missed sessions count
	// toward that case's drop-out rule.
	CaseID string `json:"case_id,omitempty"`
	// Hidden marks a client of a case the reader may not see: only the
	// attendance shows, with no reference.
	Hidden bool `json:"hidden,omitempty"`
	// Read-only: the colleague's name, or the client's name where the
	// reader may see identities (else their reference).
	Name string `json:"name,omitempty"`
	// Ref is the client's reference (PER-...); read-only.
	Ref string `json:"ref,omitempty"`
}

// The kinds of calendar event.
const (
	KindAppointment  = "appointment"
	KindGroupSession = "group_session"
	KindMeeting      = "meeting"
	KindTraining     = "training"
	KindFieldVisit   = "field_visit"
)

// The marks of attendance.
const (
	AttendScheduled   = "scheduled"
	AttendAttended    = "attended"
	AttendMissed      = "missed"
	AttendCancelled   = "cancelled"
	AttendRescheduled = "rescheduled"
)

var (
	// CalendarKinds lists the kinds of calendar event.
	CalendarKinds = []string{KindAppointment, KindGroupSession, KindMeeting, KindTraining, KindFieldVisit}
	// AppointmentTypes lists what an appointment with a client is for.
	AppointmentTypes = []string{"counselling", "medical_review", "statement_recording", "legal_consultation"}
	// Attendances lists the marks of attendance.
	Attendances = []string{AttendScheduled, AttendAttended, AttendMissed, AttendCancelled, AttendRescheduled}
)

// ValidateAttendance checks a mark of attendance for an event starting at
// startsAt, at instant now: nobody can have come to, or missed, what has not
// begun yet. Cancelled and rescheduled may be said beforehand.
func ValidateAttendance(attendance string, startsAt, now time.Time) error {
	p := Problems{}
	switch {
	case !slices.Contains(Attendances, attendance):
		p.Add("attendance", "Choose attended, missed, cancelled or rescheduled.")
	case (attendance == AttendAttended || attendance == AttendMissed) && startsAt.After(now):
		p.Add("attendance", "This appointment has not begun yet: mark it attended or missed once it has.")
	}
	return p.Err()
}

// ValidateReschedule checks the new start of an appointment moved to
// another time: a real time, from now on, and not the time it had.
func ValidateReschedule(from, to, now time.Time) error {
	p := Problems{}
	switch {
	case to.IsZero():
		p.Add("starts_at", "Give the new date and time of the appointment.")
	case to.Before(now):
		p.Add("starts_at", "Choose a new time that is still to come.")
	case to.Equal(from):
		p.Add("starts_at", "Choose a time other than the one it had.")
	}
	return p.Err()
}

// Normalize trims the texts, forgets the subtype of what is not an
// appointment, makes an event without an end last an hour and drops
// empty (JSON null) participants.
func (e *CalendarEvent) Normalize() {
	if e.Kind != KindAppointment {
		e.Subtype = ""
	}
	if e.EndsAt.IsZero() && !e.StartsAt.IsZero() {
		e.EndsAt = e.StartsAt.Add(time.Hour)
	}
	e.Location, e.Notes = strings.TrimSpace(e.Location), strings.TrimSpace(e.Notes)
	e.Participants = slices.DeleteFunc(e.Participants, func(p *Participant) bool { return p == nil })
}

// Validate checks a normalised event before it is stored.
func (e *CalendarEvent) Validate() error {
	p := Problems{}
	if !slices.Contains(CalendarKinds, e.Kind) {
		p.Add("kind", "Choose the kind of event.")
	}
	if e.Kind == KindAppointment && !slices.Contains(AppointmentTypes, e.Subtype) {
		p.Add("subtype", "Choose what the appointment is for.")
	}
	if e.StartsAt.IsZero() {
		p.Add("starts_at", "Enter the day and time it starts.")
	}
	if !e.StartsAt.IsZero() && !e.EndsAt.After(e.StartsAt) {
		p.Add("ends_at", "It must end after it starts.")
	} else if e.EndsAt.Sub(e.StartsAt) > 7*24*time.Hour {
		p.Add("ends_at", "An event lasts at most a week.")
	}
	if e.Kind == KindAppointment && e.CaseID == "" {
		p.Add("case_id", "An appointment belongs to a case.")
	}
	if (e.OwnerUserID == "") == (e.OwnerTeamID == "") {
		p.Add("owner", "Put the event on one colleague's or one team's calendar.")
	}
	checkLen(p, "location", e.Location, 200)
	checkLen(p, "notes", e.Notes, 10000)
	return p.Err()
}

// ContactAttempt is one try to reach a client: how, when and whether it
// worked. The safe-contact rules of the assessment in force decide which
// methods may be tried.
type ContactAttempt struct {
	ID          string    `json:"id"`
	CaseID      string    `json:"case_id"`
	AttemptedAt time.Time `json:"attempted_at"`
	Method      string    `json:"method"`  // one of ContactAttemptMethods
	Outcome     string    `json:"outcome"` // one of ContactOutcomes
	Notes       string    `json:"notes,omitempty"`
	CreatedBy   string    `json:"created_by,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	// Read-only.
	CreatedByName string `json:"created_by_name,omitempty"`
}

// The methods and outcomes of contact attempts that rules refer to.
const (
	ContactCall           = "call"
	ContactSMS            = "sms"
	ContactReached        = "reached"
	ContactUnsafeNotTried = "not_attempted_unsafe"
)

var (
	// ContactAttemptMethods lists the ways a client is tried.
	ContactAttemptMethods = []string{ContactCall, ContactSMS, "visit", "trusted_contact"}
	// ContactOutcomes lists what came of a try.
	ContactOutcomes = []string{ContactReached, "no_answer", "wrong_number", ContactUnsafeNotTried, "rescheduled"}
)

// Normalize trims the notes.
func (c *ContactAttempt) Normalize() { c.Notes = strings.TrimSpace(c.Notes) }

// Validate checks a normalised contact attempt before it is stored, at
// instant now (an hour's leeway allows for a slow clock on the phone the
// time was read from); the safe-contact rules are checked by the store
// against the assessment in force.
func (c *ContactAttempt) Validate(now time.Time) error {
	p := Problems{}
	if c.AttemptedAt.IsZero() {
		p.Add("attempted_at", "Enter the day and time of the attempt.")
	} else if c.AttemptedAt.After(now.Add(time.Hour)) {
		p.Add("attempted_at", "The attempt is in the future.")
	}
	if !slices.Contains(ContactAttemptMethods, c.Method) {
		p.Add("method", "Choose how the client was tried.")
	}
	if !slices.Contains(ContactOutcomes, c.Outcome) {
		p.Add("outcome", "Choose what came of the attempt.")
	}
	checkLen(p, "notes", c.Notes, 5000)
	return p.Err()
}

// DropoutRules are the organisation's rules that flag a case at risk of
// dropping out, set by an administrator. Each can be turned off.
type DropoutRules struct {
	// MissedOn flags a client whose last MissedCount appointments were all missed.
	MissedOn    bool `json:"missed_on"`
	MissedCount int  `json:"missed_count"`
	// SilenceOn flags an open case (intake, assessment, active) with no
	// contact with the client for SilenceDays days.
	SilenceOn   bool      `json:"silence_on"`
	SilenceDays int       `json:"silence_days"`
	UpdatedBy   string    `json:"updated_by,omitempty"`
	UpdatedAt   time.Time `json:"updated_at"`
	Version     int       `json:"version"`
}

// DefaultDropoutRules are the rules before an administrator changes them.
var DefaultDropoutRules = DropoutRules{MissedOn: true, MissedCount: 2, SilenceOn: true, SilenceDays: 30}

// Validate checks the rules before they are stored.
func (d *DropoutRules) Validate() error {
	p := Problems{}
	if d.MissedCount < 1 || d.MissedCount > 20 {
		p.Add("missed_count", "Enter a number of missed appointments from 1 to 20.")
	}
	if d.SilenceDays < 1 || d.SilenceDays > 365 {
		p.Add("silence_days", "Enter a number of days from 1 to 365.")
	}
	return p.Err()
}

// SilentStatuses are the case statuses in which silence counts toward drop-out.
var SilentStatuses = []string{"intake", "assessment", "active"}

// DropoutRisk says whether a case is at risk of dropping out, and why.
type DropoutRisk struct {
	CaseID  string   `json:"case_id"`
	AtRisk  bool     `json:"at_risk"`
	Reasons []Reason `json:"reasons"`
	// LastContact is the last time the organisation was in touch with the
	// client: intake, an attended appointment, a contact that reached them,
	// a service.
	LastContact time.Time `json:"last_contact"`
	// MissedInARow counts the client's latest appointments missed in a row.
	MissedInARow int `json:"missed_in_a_row"`
}

// Reason is one rule that fired, with the number it counts (appointments
// missed, or days without contact).
type Reason struct {
	// Rule is "missed" or "silence"; in the follow-up list also "task":
	// follow-up tasks of missed appointments still open (Count of them).
	Rule  string `json:"rule"`
	Count int    `json:"count"`
}

// FollowUp is a line of the follow-up list: a case at risk, and how its
// client may (and may not) be contacted.
type FollowUp struct {
	Case       *Case       `json:"case"`
	Risk       DropoutRisk `json:"risk"`
	Assessment *Assessment `json:"assessment,omitempty"` // nil: none, so neither call nor text
}

// MayCall reports whether the client may be called under the assessment in force.
func (f *FollowUp) MayCall() bool { return f.Assessment != nil && f.Assessment.SafeToCall }

// MayText reports whether the client may be texted under the assessment in force.
func (f *FollowUp) MayText() bool { return f.Assessment != nil && f.Assessment.SafeToText }
