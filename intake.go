package haki

import (
	"strings"
	"time"
)

// Intake is everything the guided intake gathers before it opens a case:
// the client (found in the records, or registered), the incidents, the
// consents, the risk and protection assessment with the needs found, and
// the case's own fields. Finishing it writes all of it at once, or nothing.
type Intake struct {
	// ClientID picks a person in the records; NewClient registers one
	// instead when nobody matched.
	ClientID  string  `json:"client_id,omitempty"`
	NewClient *Person `json:"new_client,omitempty"`
	// IncidentIDs picks incidents in the records; NewIncident records a
	// brief new one besides.
	IncidentIDs []string  `json:"incident_ids"`
	NewIncident *Incident `json:"new_incident,omitempty"`
	// Consents holds one decision per purpose asked; a purpose not asked
	// yet has none.
	Consents   []Consent   `json:"consents"`
	Assessment *Assessment `json:"assessment"`
	// Case holds the case's own fields: client relation, intake date and
	// channel, caseworker, team, sensitive, summary, assignees. Its client
	// and incidents come from the fields above.
	Case Case `json:"case"`
}

// Normalize normalises each part of the intake and drops empty incident ids.
func (in *Intake) Normalize() {
	if in.NewClient != nil {
		in.NewClient.Normalize()
	}
	in.IncidentIDs = compact(in.IncidentIDs)
	if in.NewIncident != nil {
		in.NewIncident.Normalize()
	}
	for i := range in.Consents {
		in.Consents[i].Normalize()
	}
	if in.Assessment != nil {
		in.Assessment.Normalize()
	}
	in.Case.Normalize()
}

// Validate checks a normalised intake, at instant now, before it is
// finished. Field names say where
// each problem is: "client_id", "incident_ids", "person.<field>" (the new
// client), "incident.<field>" (the new incident), "consent.<purpose>.<field>",
// "assessment.<field>" and "case.<field>".
func (in *Intake) Validate(now time.Time) error {
	p := Problems{}
	switch {
	case in.ClientID == "" && in.NewClient == nil:
		p.Add("client_id", "Choose the client, or register them as a new person.")
	case in.ClientID != "" && in.NewClient != nil:
		p.Add("client_id", "Choose a person in the records or register a new one, not both.")
	case in.NewClient != nil:
		addPrefixed(p, "person.", in.NewClient.Validate(now))
	}
	if len(in.IncidentIDs) == 0 && in.NewIncident == nil {
		p.Add("incident_ids", "Choose the incident, or record a new one.")
	}
	if in.NewIncident != nil {
		addPrefixed(p, "incident.", in.NewIncident.Validate(now))
	}
	seen := map[string]bool{}
	for i := range in.Consents {
		c := &in.Consents[i]
		if seen[c.Purpose] {
			p.Add("consent."+c.Purpose+".decision", "Record one decision per purpose.")
		}
		seen[c.Purpose] = true
		addPrefixed(p, "consent."+c.Purpose+".", c.Validate(now))
	}
	if in.Assessment == nil {
		p.Add("assessment.threat_level", "Record the risk and protection assessment.")
	} else {
		addPrefixed(p, "assessment.", in.Assessment.Validate(now))
	}
	c := in.Case
	c.ClientID = "-" // checked above
	c.Status, c.ClosureReason = "intake", ""
	for k, v := range ErrorFields(c.Validate(now)) {
		p.Add("case."+k, v)
	}
	return p.Err()
}

// addPrefixed adds the field problems of err under prefix.
func addPrefixed(p Problems, prefix string, err error) {
	for k, v := range ErrorFields(err) {
		p.Add(prefix+k, v)
	}
}

// IntakeStep returns the screen of the guided intake (1 to 5) a field of
// Intake.Validate belongs to, so a problem found on finishing takes the
// user back to it.
func IntakeStep(field string) int {
	switch {
	case field == "client_id" || strings.HasPrefix(field, "person."):
		return 1
	case field == "incident_ids" || strings.HasPrefix(field, "incident."):
		return 2
	case strings.HasPrefix(field, "consent.") || field == "assessment.needs":
		return 3
	case strings.HasPrefix(field, "assessment."):
		return 4
	}
	return 5
}

// IntakeSteps is the number of screens of the guided intake.
const IntakeSteps = 5

// IntakeDraft is a half-finished intake kept on the server: its author
// leaves it and comes back to the step they reached. Data is what the
// screens hold so far, as JSON the web pages read back; the store seals it.
type IntakeDraft struct {
	ID        string    `json:"id"`
	CreatedBy string    `json:"created_by"`
	Step      int       `json:"step"`
	Data      string    `json:"data"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate checks a draft before it is stored.
func (d *IntakeDraft) Validate() error {
	p := Problems{}
	if d.Step < 1 || d.Step > IntakeSteps {
		p.Add("step", "The intake has five steps.")
	}
	checkLen(p, "data", d.Data, 200000)
	return p.Err()
}
