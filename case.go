package haki

import (
	"strings"
	"time"
)

// Case is a client file: the survivor or bereaved family the organisation
// supports, joined to the incidents that brought them.
type Case struct {
	ID             string    `json:"id"`
	Ref            string    `json:"ref"`
	ClientID       string    `json:"client_id"`                // the person who is the client
	ClientRelation string    `json:"client_relation"`          // vocabulary "client_relation": survivor, or the family tie to the victim
	IncidentIDs    []string  `json:"incident_ids"`             // the incidents the case is about
	IntakeDate     time.Time `json:"intake_date"`              // the day the client came (YYYY-MM-DD)
	IntakeChannel  string    `json:"intake_channel"`           // vocabulary "intake_channel"
	Status         string    `json:"status"`                   // vocabulary "case_status"
	ClosureReason  string    `json:"closure_reason,omitempty"` // vocabulary "closure_reason", when closed
	CaseworkerID   string    `json:"caseworker_id,omitempty"`  // the user who manages the case
	TeamID         string    `json:"team_id,omitempty"`
	Sensitive      bool      `json:"sensitive"`         // hidden from everyone not assigned to it (its caseworker and assignees)
	AssigneeIDs    []string  `json:"assignee_ids"`      // network professionals and staff assigned besides the caseworker
	Summary        string    `json:"summary,omitempty"` // the case in a few lines; identifying
	CreatedBy      string    `json:"created_by"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
	Version        int       `json:"version"`
	// Read-only, joined for display.
	ClientRef  string `json:"client_ref,omitempty"`
	ClientName string `json:"client_name,omitempty"`
}

// Normalize trims the summary, drops empty ids, defaults the status to
// intake and forgets a closure reason of a case that is not closed.
func (c *Case) Normalize() {
	if c.Status == "" {
		c.Status = "intake"
	}
	if c.Status != "closed" {
		c.ClosureReason = ""
	}
	c.Summary = strings.TrimSpace(c.Summary)
	c.IncidentIDs = compact(c.IncidentIDs)
	c.AssigneeIDs = compact(c.AssigneeIDs)
}

// Validate checks a normalised case before it is stored, at instant now.
func (c *Case) Validate(now time.Time) error {
	p := Problems{}
	if c.ClientID == "" {
		p.Add("client_id", "Choose the client.")
	}
	if c.ClientRelation == "" {
		p.Add("client_relation", "Say whether the client is the survivor or family.")
	}
	if c.IntakeDate.IsZero() {
		p.Add("intake_date", "Enter the intake date.")
	} else if afterToday(c.IntakeDate, now) {
		p.Add("intake_date", "The intake date is in the future.")
	}
	if c.IntakeChannel == "" {
		p.Add("intake_channel", "Choose how the client came to us.")
	}
	if c.Status == "closed" && c.ClosureReason == "" {
		p.Add("closure_reason", "Choose why the case is closed.")
	}
	checkLen(p, "summary", c.Summary, 20000)
	return p.Err()
}

// Redact empties what identifies the client.
func (c *Case) Redact() { c.ClientName, c.Summary = "", "" }

// CaseFilter selects cases in a list.
type CaseFilter struct {
	Status string
	Year   int // intake year
	Text   string
	Cursor string
	Limit  int
}

// Institution is a perpetrator institution below a service: a unit, a
// station or a post, in a county.
type Institution struct {
	ID          string `json:"id"`
	ServiceCode string `json:"service_code"` // vocabulary "service"
	Kind        string `json:"kind"`         // station, unit or post
	Name        string `json:"name"`         // the station's or unit's name
	CountyCode  string `json:"county_code,omitempty"`
	Version     int    `json:"version"`
}

// InstitutionKinds lists the kinds of institution below a service.
var InstitutionKinds = []string{"station", "unit", "post", "camp", "prison"}

// Normalize trims the name.
func (in *Institution) Normalize() { in.Name = strings.TrimSpace(in.Name) }

// Validate checks a normalised institution before it is stored.
func (in *Institution) Validate() error {
	p := Problems{}
	if in.Name == "" {
		p.Add("name", "Enter the name of the station or unit.")
	}
	checkLen(p, "name", in.Name, 200)
	if in.ServiceCode == "" {
		p.Add("service_code", "Choose the service.")
	}
	ok := false
	for _, k := range InstitutionKinds {
		ok = ok || in.Kind == k
	}
	if !ok {
		p.Add("kind", "Choose station, unit, post, camp or prison.")
	}
	return p.Err()
}
