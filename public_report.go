package haki

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// PublicReport is what a member of the public told the organisation, through
// the /report page, an SMS or a USSD session: a quick alert or a full
// report. Everything that could identify the reporter or the people they
// name is sealed in the database; the reporter is anonymous unless they
// chose a safe way to be contacted.
type PublicReport struct {
	ID         string    `json:"id"`
	Ref        string    `json:"ref"`      // "R-2026-000001": never a name
	Channel    string    `json:"channel"`  // one of ReportChannels
	Kind       string    `json:"kind"`     // one of ReportKinds
	Status     string    `json:"status"`   // vocabulary "report_status", one of ReportStatuses
	Language   string    `json:"language"` // "en" or "sw": the language of replies
	ReceivedAt time.Time `json:"received_at"`
	What       string    `json:"what,omitempty"` // vocabulary "alert_kind", one of AlertKinds
	Types      []string  `json:"types"`          // optional vocabulary "incident_type" codes
	Occurred   FuzzyDate `json:"occurred"`       // optional
	// CountyCode is required but for SMS, whose text says where, if anything.
	CountyCode    string   `json:"county_code,omitempty"`
	SubCountyCode string   `json:"subcounty_code,omitempty"`
	PlaceName     string   `json:"place_name,omitempty"`
	Latitude      *float64 `json:"latitude,omitempty"`
	Longitude     *float64 `json:"longitude,omitempty"`
	// Account is the reporter's own words.
	Account     string              `json:"account,omitempty"`
	Harmed      []ReportedPerson    `json:"harmed"`
	Perpetrator ReportedPerpetrator `json:"perpetrator"`
	Contact     SafeContact         `json:"contact"`
	WantsHelp   bool                `json:"wants_help"`
	// Set by triage.
	AssignedTo  string `json:"assigned_to,omitempty"`  // a user id
	IncidentID  string `json:"incident_id,omitempty"`  // the incident it became or joined
	CaseID      string `json:"case_id,omitempty"`      // the case opened for it
	DuplicateOf string `json:"duplicate_of,omitempty"` // the id of the report or incident it repeats
	Version     int    `json:"version"`
}

// ReportedPerson is someone a report says was harmed.
type ReportedPerson struct {
	Name string `json:"name,omitempty"`
	Sex  string `json:"sex,omitempty"` // vocabulary "sex"; empty when not known
	Age  string `json:"age,omitempty"` // free text: "about 30"
	Fate string `json:"fate,omitempty"`
}

// ReportedPerpetrator is who a report says did it.
type ReportedPerpetrator struct {
	Service string `json:"service,omitempty"` // vocabulary "service"; empty when not known
	Station string `json:"station,omitempty"`
	Vehicle string `json:"vehicle,omitempty"`
	Names   string `json:"names,omitempty"`
}

// SafeContact is how and when the reporter may safely be contacted.
// Method "none" (the default) means not at all.
type SafeContact struct {
	Method  string `json:"method"` // one of SafeContactMethods
	Address string `json:"address,omitempty"`
	When    string `json:"when,omitempty"`
	Note    string `json:"note,omitempty"`
}

// The codes of a public report's fields.
var (
	ReportChannels = []string{"web", "sms", "ussd"}
	ReportKinds    = []string{"alert", "full"}
	// ReportStatuses is the triage queue's order; vocabulary "report_status".
	ReportStatuses = []string{"new", "being_verified", "verified", "duplicate", "rejected"}
	// AlertKinds are what a quick alert says is happening; vocabulary "alert_kind".
	AlertKinds    = []string{"taken", "beaten", "shot", "missing", "killed", "other"}
	ReportedFates = []string{"killed", "injured", "missing", "detained", "other"}
	// SafeContactMethods are the ways a reporter may ask to be contacted.
	SafeContactMethods = []string{"none", "call", "sms", "whatsapp", "email"}
	// ReportContactOutcomes are what became of an attempt to reach a reporter.
	ReportContactOutcomes = []string{"reached", "no_answer", "unsafe", "message_left", "wrong_number"}
)

// Limits of a public report.
const (
	MaxReportAccount = 20000
	MaxReportHarmed  = 20
	maxReportField   = 200
)

// Normalize trims the text, drops empty types and harmed persons, and fills
// the defaults: status "new", English replies, no contact. Choosing no
// contact drops any address left in the form.
func (r *PublicReport) Normalize() {
	r.Channel, r.Kind, r.What = strings.TrimSpace(r.Channel), strings.TrimSpace(r.Kind), strings.TrimSpace(r.What)
	r.Types = compact(r.Types)
	if r.Status == "" {
		r.Status = "new"
	}
	if r.Language != "sw" {
		r.Language = "en"
	}
	r.PlaceName, r.Account = strings.TrimSpace(r.PlaceName), strings.TrimSpace(r.Account)
	harmed := r.Harmed[:0]
	for _, p := range r.Harmed {
		p.Name, p.Age = strings.TrimSpace(p.Name), strings.TrimSpace(p.Age)
		if p != (ReportedPerson{}) {
			harmed = append(harmed, p)
		}
	}
	r.Harmed = harmed
	pp := &r.Perpetrator
	pp.Station, pp.Vehicle, pp.Names = strings.TrimSpace(pp.Station), strings.TrimSpace(pp.Vehicle), strings.TrimSpace(pp.Names)
	r.Contact.Normalize()
}

// Normalize trims the contact and empties it when the method is "none".
func (c *SafeContact) Normalize() {
	c.Method = strings.TrimSpace(c.Method)
	if c.Method == "" || c.Method == "none" {
		*c = SafeContact{Method: "none"}
		return
	}
	c.Address, c.When, c.Note = strings.TrimSpace(c.Address), strings.TrimSpace(c.When), strings.TrimSpace(c.Note)
}

// Validate checks a normalised report at instant now, with messages a
// reporter can act on. Vocabulary codes (types, sex, service) and places
// are checked by the store.
func (r *PublicReport) Validate(now time.Time) error {
	p := Problems{}
	checkCode(p, "channel", r.Channel, ReportChannels, "Choose how the report came: web, SMS or USSD.")
	checkCode(p, "kind", r.Kind, ReportKinds, "Choose a quick alert or a full report.")
	checkCode(p, "status", r.Status, ReportStatuses, "Choose one of the report statuses.")
	if r.What != "" {
		checkCode(p, "what", r.What, AlertKinds, "Choose what is happening from the list.")
	}
	located := r.CountyCode != "" || r.Latitude != nil
	switch {
	case r.Channel == "sms":
		if r.Account == "" {
			p.Add("account", "The message is empty.")
		}
	case r.Kind == "alert":
		if r.What == "" {
			p.Add("what", "Choose what is happening.")
		}
		if !located {
			p.Add("county_code", "Choose the county, or allow the phone to share where you are.")
		}
	default:
		if r.What == "" && len(r.Types) == 0 {
			p.Add("what", "Choose what happened.")
		}
		if r.CountyCode == "" {
			p.Add("county_code", "Choose the county where it happened.")
		}
	}
	if !r.Occurred.IsZero() && afterToday(r.Occurred.Date, now) {
		p.Add("occurred", "The date is in the future.")
	}
	checkCoordinates(p, r.Latitude, r.Longitude)
	checkLen(p, "place_name", r.PlaceName, maxReportField)
	checkLen(p, "account", r.Account, MaxReportAccount)
	r.validateHarmed(p)
	checkLen(p, "perpetrator.station", r.Perpetrator.Station, maxReportField)
	checkLen(p, "perpetrator.vehicle", r.Perpetrator.Vehicle, maxReportField)
	checkLen(p, "perpetrator.names", r.Perpetrator.Names, maxReportField)
	r.Contact.validate(p, "contact.")
	return p.Err()
}

func (r *PublicReport) validateHarmed(p Problems) {
	if len(r.Harmed) > MaxReportHarmed {
		p.Add("harmed", "Name at most 20 people; say in your account if there were more.")
	}
	for i, h := range r.Harmed {
		f := "harmed." + strconv.Itoa(i) + "."
		checkLen(p, f+"name", h.Name, maxReportField)
		checkLen(p, f+"age", h.Age, maxReportField)
		if h.Fate != "" {
			checkCode(p, f+"fate", h.Fate, ReportedFates, "Choose what happened to this person from the list.")
		}
	}
}

func (c *SafeContact) validate(p Problems, prefix string) {
	if !slices.Contains(SafeContactMethods, c.Method) {
		p.Add(prefix+"method", "Choose how we may contact you, or not at all.")
		return
	}
	if c.Method != "none" && c.Address == "" {
		if c.Method == "email" {
			p.Add(prefix+"address", "Enter the email address, or choose not to be contacted.")
		} else {
			p.Add(prefix+"address", "Enter the phone number, or choose not to be contacted.")
		}
	}
	switch {
	case c.Method == "email" && c.Address != "" && !validEmail(c.Address):
		p.Add(prefix+"address", "Enter an email address like name@example.org.")
	case c.Method != "email" && c.Address != "" && !validPhone(strings.NewReplacer("-", "", "(", "", ")", "").Replace(c.Address)):
		p.Add(prefix+"address", "Enter a phone number such as 0712 345 678.")
	}
	checkLen(p, prefix+"when", c.When, maxReportField)
	checkLen(p, prefix+"note", c.Note, maxReportField)
}

func checkCode(p Problems, field, code string, codes []string, msg string) {
	if !slices.Contains(codes, code) {
		p.Add(field, msg)
	}
}

func checkCoordinates(p Problems, lat, lon *float64) {
	if (lat == nil) != (lon == nil) {
		p.Add("latitude", "Give both latitude and longitude, or neither.")
	}
	if lat != nil && (*lat < -90 || *lat > 90) {
		p.Add("latitude", "Latitude must be between -90 and 90.")
	}
	if lon != nil && (*lon < -180 || *lon > 180) {
		p.Add("longitude", "Longitude must be between -180 and 180.")
	}
}

// InboundSMS is one message a gateway received for the organisation.
type InboundSMS struct {
	GatewayID string    // the gateway's id of the message: receiving it twice is harmless
	From, To  string    // the sender's phone number and the organisation's short code
	Text      string    // the message, or one part of a long one
	At        time.Time // when the gateway received it
	Language  string    // "en" or "sw", guessed from the text or the short code
}

// MaxSMSText bounds the text of one inbound message (a long message arrives
// in parts; a report joins at most MaxReportAccount characters of them).
const MaxSMSText = 2000

// PublicReportFilter selects reports in the triage queue. Zero fields do
// not filter.
type PublicReportFilter struct {
	Status     string // one of ReportStatuses
	AssignedTo string // a user id, or "me"
	Channel    string
	Cursor     string
	Limit      int
}

// PublicReportRow is a report in the queue: nothing in it identifies anyone.
type PublicReportRow struct {
	ID           string        `json:"id"`
	Ref          string        `json:"ref"`
	Channel      string        `json:"channel"`
	Kind         string        `json:"kind"`
	What         string        `json:"what,omitempty"`
	CountyCode   string        `json:"county_code,omitempty"`
	Status       string        `json:"status"`
	ReceivedAt   time.Time     `json:"received_at"`
	AssignedTo   string        `json:"assigned_to,omitempty"`
	AssignedName string        `json:"assigned_name,omitempty"`
	WantsHelp    bool          `json:"wants_help"`
	Age          time.Duration `json:"-"`           // since it was received
	AgeSeconds   int64         `json:"age_seconds"` // Age in whole seconds
}

// QueueCount is the triage queue at a glance: the reports still to be
// verified, and when the oldest of them came.
type QueueCount struct {
	New           int       `json:"new"`
	BeingVerified int       `json:"being_verified"`
	Oldest        time.Time `json:"oldest,omitempty"` // zero when none wait
}

// Waiting is how many reports wait for triage.
func (q QueueCount) Waiting() int { return q.New + q.BeingVerified }

// PublicReportFile is a report opened by triage, with its notes and the log
// of attempts to contact the reporter.
type PublicReportFile struct {
	Report       *PublicReport    `json:"report"`
	AssignedName string           `json:"assigned_name,omitempty"`
	DuplicateRef string           `json:"duplicate_ref,omitempty"` // the reference of DuplicateOf
	IncidentRef  string           `json:"incident_ref,omitempty"`
	CaseRef      string           `json:"case_ref,omitempty"`
	Notes        []*ReportNote    `json:"notes"`
	Contacts     []*ReportContact `json:"contacts"`
}

// ReportNote is a note triage wrote on a report.
type ReportNote struct {
	ID         string    `json:"id"`
	AuthorID   string    `json:"author_id,omitempty"`
	AuthorName string    `json:"author_name,omitempty"`
	At         time.Time `json:"at"`
	Text       string    `json:"text"`
}

// MaxReportNote bounds a triage note.
const MaxReportNote = 20000

// ReportContact is one attempt to reach the reporter.
type ReportContact struct {
	ID      string    `json:"id"`
	ByID    string    `json:"by_id,omitempty"`
	ByName  string    `json:"by_name,omitempty"`
	At      time.Time `json:"at"`
	Method  string    `json:"method"`  // one of SafeContactMethods but "none"
	Outcome string    `json:"outcome"` // one of ReportContactOutcomes
	Note    string    `json:"note,omitempty"`
}

// Validate checks an attempt before it is logged; the store checks it
// against the reporter's wishes.
func (c *ReportContact) Validate() error {
	p := Problems{}
	c.Note = strings.TrimSpace(c.Note)
	if c.Method == "none" || !slices.Contains(SafeContactMethods, c.Method) {
		p.Add("method", "Choose how the reporter was contacted.")
	}
	checkCode(p, "outcome", c.Outcome, ReportContactOutcomes, "Choose what came of it.")
	checkLen(p, "note", c.Note, 2000)
	return p.Err()
}

// DuplicateSuggestion is an incident or another report that may be about
// the same event as a report: same county, dates within three days, and
// (ranked first) names that sound alike.
type DuplicateSuggestion struct {
	Kind       string    `json:"kind"` // "incident" or "report"
	ID         string    `json:"id"`
	Ref        string    `json:"ref"`
	CountyCode string    `json:"county_code"`
	Occurred   FuzzyDate `json:"occurred"`
	Status     string    `json:"status"`  // the incident's verification or the report's status
	Matches    int       `json:"matches"` // names (or words of a title) in common
}
