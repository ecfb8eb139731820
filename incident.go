package haki

import (
	"encoding/json"
	"strings"
	"time"
)

// Incident is an event: what happened, when and where. Its acts say who did
// what to whom.
type Incident struct {
	ID            string    `json:"id"`
	Ref           string    `json:"ref"`
	Title         string    `json:"title"`    // a short title; identifying, hidden from roles that do not see identities
	Types         []string  `json:"types"`    // vocabulary "incident_type", at least one
	Occurred      FuzzyDate `json:"occurred"` // when it happened, to the day, month or year
	CountyCode    string    `json:"county_code"`
	SubCountyCode string    `json:"subcounty_code,omitempty"`
	PlaceName     string    `json:"place_name,omitempty"` // where, in words
	Latitude      *float64  `json:"latitude,omitempty"`   // WGS 84, with longitude
	Longitude     *float64  `json:"longitude,omitempty"`  // WGS 84, with latitude
	Context       string    `json:"context,omitempty"`    // vocabulary "context"
	Narrative     string    `json:"narrative,omitempty"`  // what happened, as told; identifying
	Verification  string    `json:"verification"`         // vocabulary "verification"
	Publishable   bool      `json:"publishable"`          // may go on the public portal: verified, and set by a data manager or administrator
	VictimCount   int       `json:"victim_count"`         // the victims of its acts (read-only)
	CreatedBy     string    `json:"created_by"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	Version       int       `json:"version"`
	Redacted      bool      `json:"redacted,omitempty"` // set when the caller may not see identities: title, place and narrative are then empty
	// OverrideReason is written only by an administrator who publishes an
	// incident although a victim who is a client has not given publication
	// consent; it is audited, never stored on the incident.
	OverrideReason string `json:"override_reason,omitempty"`
}

// Normalize trims the title, drops empty types and marks an incident
// without a verification status unverified.
func (inc *Incident) Normalize() {
	inc.Title = strings.TrimSpace(inc.Title)
	inc.Types = compact(inc.Types)
	if inc.Verification == "" {
		inc.Verification = "unverified"
	}
}

// Validate checks a normalised incident before it is stored, at instant
// now. Vocabulary codes and places are checked against the database by the
// store.
func (inc *Incident) Validate(now time.Time) error {
	p := Problems{}
	if inc.Title == "" {
		p.Add("title", "Give the incident a short title.")
	}
	checkLen(p, "title", inc.Title, 200)
	if len(inc.Types) == 0 {
		p.Add("types", "Choose at least one type.")
	}
	switch d := inc.Occurred; {
	case d.IsZero():
		p.Add("occurred", "Enter the date, even if only the year is known, or \"unknown\".")
	case d.Unknown() && d.After >= now.Year(), d.Unknown() && d.Before > now.Year()+1:
		p.Add("occurred", "The date is in the future.")
	case !d.Unknown() && afterToday(d.Date, now):
		p.Add("occurred", "The date is in the future.")
	}
	if inc.CountyCode == "" {
		p.Add("county_code", "Choose the county.")
	}
	checkLen(p, "place_name", inc.PlaceName, 200)
	checkLen(p, "narrative", inc.Narrative, 100000)
	if (inc.Latitude == nil) != (inc.Longitude == nil) {
		p.Add("latitude", "Give both latitude and longitude, or neither.")
	}
	if inc.Latitude != nil && (*inc.Latitude < -90 || *inc.Latitude > 90) {
		p.Add("latitude", "Latitude must be between -90 and 90.")
	}
	if inc.Longitude != nil && (*inc.Longitude < -180 || *inc.Longitude > 180) {
		p.Add("longitude", "Longitude must be between -180 and 180.")
	}
	if inc.Publishable && inc.Verification != "verified" {
		p.Add("publishable", "Only a verified incident can be published.")
	}
	return p.Err()
}

// Redact empties what could identify a victim (title and narrative) for a
// caller who may not see identities. Structured fields stay for statistics.
func (inc *Incident) Redact() {
	inc.Title, inc.Narrative, inc.PlaceName = "", "", ""
	inc.Latitude, inc.Longitude = nil, nil
	inc.Redacted = true
}

// IncidentFilter selects incidents in a list. Zero fields do not filter.
type IncidentFilter struct {
	Type         string
	CountyCode   string
	Year         int
	Month        int // 1-12, with Year; incidents known only to the year are in no month
	Verification string
	Text         string // words in the reference, title or place name
	Cursor       string // from the previous page's NextCursor
	Limit        int
	// Drill-down from a figure of a standard report: the incidents report
	// Report counts under ReportFilter (its period and filters), narrowed to
	// those with a counted victim whose act had Method, Fate (the victim's
	// status, for the fate of the disappeared) or Consequence. Year and
	// Month narrow it further, as for the report's month rows.
	Report                    string
	ReportFilter              ReportFilter
	Method, Fate, Consequence string
}

// Act is one victim's part in an incident: what was done to them, how, and
// what became of them.
type Act struct {
	ID           string   `json:"id"`
	IncidentID   string   `json:"incident_id"`
	VictimID     string   `json:"victim_id"`            // the person the act was done to
	ActType      string   `json:"act_type"`             // vocabulary "act_type"
	Method       string   `json:"method,omitempty"`     // vocabulary "method"
	Consequences []string `json:"consequences"`         // vocabulary "consequence"
	VictimStatus string   `json:"victim_status"`        // vocabulary "victim_status"
	VictimAge    *int     `json:"victim_age,omitempty"` // age at the time, for statistics
	Notes        string   `json:"notes,omitempty"`      // what the codes do not say
	Version      int      `json:"version"`
	// Read-only, joined for display.
	VictimRef    string         `json:"victim_ref,omitempty"`   // the victim's reference (read-only)
	VictimName   string         `json:"victim_name,omitempty"`  // the victim's name (read-only; empty for roles that do not see identities)
	VictimSex    string         `json:"victim_sex,omitempty"`   // the victim's sex code (read-only)
	Involvements []*Involvement `json:"involvements,omitempty"` // the perpetrators' involvements in the act (read-only here; written at /api/v1/involvements)
}

// Normalize drops empty consequences.
func (a *Act) Normalize() { a.Consequences = compact(a.Consequences) }

// Validate checks a normalised act before it is stored.
func (a *Act) Validate() error {
	p := Problems{}
	if a.VictimID == "" {
		p.Add("victim_id", "Choose the victim.")
	}
	if a.ActType == "" {
		p.Add("act_type", "Choose what was done.")
	}
	if a.VictimStatus == "" {
		p.Add("victim_status", "Choose what became of the victim.")
	}
	if a.VictimAge != nil && (*a.VictimAge < 0 || *a.VictimAge > 120) {
		p.Add("victim_age", "Enter an age between 0 and 120.")
	}
	checkLen(p, "notes", a.Notes, 20000)
	return p.Err()
}

// Involvement is a perpetrator's part in an act: a named officer, or only an
// institution, or both, with a degree of involvement.
type Involvement struct {
	ID                   string `json:"id"`
	ActID                string `json:"act_id"`                           // the act the perpetrator took part in
	ServiceCode          string `json:"service_code"`                     // vocabulary "service"
	InstitutionID        string `json:"institution_id,omitempty"`         // the station or unit (GET /api/v1/institutions), when known
	OfficerName          string `json:"officer_name,omitempty"`           // the officer's name, when known (sealed)
	OfficerServiceNumber string `json:"officer_service_number,omitempty"` // the officer's service number, when known (sealed)
	OfficerRank          string `json:"officer_rank,omitempty"`           // the officer's rank, e.g. Corporal
	Degree               string `json:"degree"`                           // vocabulary "involvement"
	Notes                string `json:"notes,omitempty"`
	// Outcomes is what became of the perpetrator (involvement_outcome.go);
	// a write replaces the whole list.
	Outcomes        []Outcome `json:"outcomes"`
	Version         int       `json:"version"`
	InstitutionName string    `json:"institution_name,omitempty"` // read-only
}

// Validate checks an involvement, with its outcomes, before it is stored.
func (v *Involvement) Validate(now time.Time) error {
	p := Problems{}
	if v.ServiceCode == "" && v.InstitutionID == "" {
		p.Add("service_code", "Choose the service, even if it is \"unknown\".")
	}
	if v.Degree == "" {
		p.Add("degree", "Choose the degree of involvement.")
	}
	checkLen(p, "officer_name", v.OfficerName, 200)
	checkLen(p, "officer_service_number", v.OfficerServiceNumber, 50)
	checkLen(p, "officer_rank", v.OfficerRank, 100)
	checkLen(p, "notes", v.Notes, 20000)
	validateOutcomes(p, v.Outcomes, now)
	return p.Err()
}

// Redact empties the officer's identity, and what of the outcomes may name
// them, for a caller who may not see identities.
func (v *Involvement) Redact() {
	v.OfficerName, v.OfficerServiceNumber, v.Notes = "", "", ""
	for i := range v.Outcomes {
		v.Outcomes[i].Redact()
	}
}

// Source is where information about an incident came from.
type Source struct {
	ID          string    `json:"id"`
	IncidentID  string    `json:"incident_id"`
	Kind        string    `json:"kind"`                  // vocabulary "source_kind"
	Outlet      string    `json:"outlet,omitempty"`      // the newspaper, broadcaster or body that published it
	URL         string    `json:"url,omitempty"`         // a link to it (https:// or http://)
	PersonID    string    `json:"person_id,omitempty"`   // the person who told it, when in the records
	Description string    `json:"description,omitempty"` // what the source says or is
	SourceDate  FuzzyDate `json:"source_date"`           // when it was given or published
	Reliability string    `json:"reliability"`           // vocabulary "reliability"
	Version     int       `json:"version"`
}

// MaxSourceDescription bounds a source's description: room for a
// witness's statement, or a public report's account with what it says of
// the place, the persons harmed and the perpetrators.
const MaxSourceDescription = 30000

// Validate checks a source before it is stored.
func (s *Source) Validate() error {
	p := Problems{}
	if s.Kind == "" {
		p.Add("kind", "Choose the kind of source.")
	}
	if s.Reliability == "" {
		p.Add("reliability", "Choose how reliable the source is.")
	}
	checkKnownDate(p, "source_date", s.SourceDate)
	if s.URL != "" && !(strings.HasPrefix(s.URL, "https://") || strings.HasPrefix(s.URL, "http://")) {
		p.Add("url", "A link starts with https:// or http://.")
	}
	checkLen(p, "outlet", s.Outlet, 200)
	checkLen(p, "url", s.URL, 2000)
	checkLen(p, "description", s.Description, MaxSourceDescription)
	return p.Err()
}

// Redact empties who the source is, and its link, for a caller who may not
// see identities: an article's address names the place and often the victim.
func (s *Source) Redact() { s.PersonID, s.Description, s.URL = "", "", "" }

// MarshalJSON writes a FuzzyDate as the string ParseFuzzyDate reads.
func (d FuzzyDate) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads a FuzzyDate from a string such as "2017-03" or "~2017".
func (d *FuzzyDate) UnmarshalJSON(b []byte) error {
	var s string
	if string(b) == "null" {
		*d = FuzzyDate{}
		return nil
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return Errorf(EINVALID, "A date is a string such as \"2017-03-14\", \"2017-03\" or \"~2017\".")
	}
	v, err := ParseFuzzyDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
