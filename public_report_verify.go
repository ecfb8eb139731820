package haki

import (
	"strconv"
	"strings"
	"time"
)

// ReportVerification is what a data manager or administrator decides when
// verifying a public report: either the report is a further source of an
// incident already in the records (IncidentID), or it becomes a new
// incident (Incident), recorded verified. Victims are the persons harmed,
// with their acts, added to that incident; Case opens a case through the
// intake flow for whoever wants help. The report's own words become the
// text of the source it is recorded as, so nothing it said is lost.
type ReportVerification struct {
	IncidentID string         `json:"incident_id,omitempty"`
	Incident   *Incident      `json:"incident,omitempty"`
	Victims    []ReportVictim `json:"victims"`
	// SourceKind (vocabulary "source_kind", default "public_report") and
	// Reliability (vocabulary "reliability") describe the report as a source.
	SourceKind  string      `json:"source_kind"`
	Reliability string      `json:"reliability"`
	Case        *ReportCase `json:"case,omitempty"`
	Version     int         `json:"version"` // the version of the report the caller read
}

// ReportVictim is a victim of the incident a report is verified into: a
// person in the records (PersonID) or a new one (Person, usually from the
// report's harmed persons), and what was done to them.
type ReportVictim struct {
	PersonID string  `json:"person_id,omitempty"`
	Person   *Person `json:"person,omitempty"`
	Act      Act     `json:"act"` // its incident and victim are set on verifying
}

// ReportCase is the case opened for whoever wants help: the client is a
// person in the records (ClientID) or one of the victims (ClientVictim,
// counted from 1). The intake channel is "public_report", the intake date
// the day the report came, and the case is linked to the incident.
type ReportCase struct {
	ClientID       string      `json:"client_id,omitempty"`
	ClientVictim   int         `json:"client_victim,omitempty"`
	ClientRelation string      `json:"client_relation"` // vocabulary "client_relation"
	Assessment     *Assessment `json:"assessment"`
	Consents       []Consent   `json:"consents"`
	CaseworkerID   string      `json:"caseworker_id,omitempty"`
	TeamID         string      `json:"team_id,omitempty"`
	Sensitive      bool        `json:"sensitive"`
	Summary        string      `json:"summary,omitempty"`
}

// MaxReportVictims bounds the victims recorded in one verification.
const MaxReportVictims = 50

// Normalize trims the verification and its parts, and defaults the kind of
// source to "public_report".
func (v *ReportVerification) Normalize() {
	v.IncidentID = strings.TrimSpace(v.IncidentID)
	v.SourceKind, v.Reliability = strings.TrimSpace(v.SourceKind), strings.TrimSpace(v.Reliability)
	if v.SourceKind == "" {
		v.SourceKind = "public_report"
	}
	if v.Incident != nil {
		v.Incident.Normalize()
	}
	for i := range v.Victims {
		vic := &v.Victims[i]
		vic.PersonID = strings.TrimSpace(vic.PersonID)
		if vic.Person != nil {
			vic.Person.Normalize()
		}
		vic.Act.Normalize()
	}
	if c := v.Case; c != nil {
		c.ClientID, c.Summary = strings.TrimSpace(c.ClientID), strings.TrimSpace(c.Summary)
		if c.Assessment != nil {
			c.Assessment.Normalize()
		}
	}
}

// Validate checks a normalised verification at instant now. Field names
// say where a problem is: "incident_id", "incident.<field>" (the new
// incident), "victims.<n>.person_id", "victims.<n>.person.<field>",
// "victims.<n>.act.<field>" (n from 0), "reliability", "source_kind" and
// "case.<field>". Vocabulary codes, places and the records named are
// checked by the store.
func (v *ReportVerification) Validate(now time.Time) error {
	p := Problems{}
	switch {
	case v.IncidentID == "" && v.Incident == nil:
		p.Add("incident_id", "Choose the incident this report adds to, or record a new incident.")
	case v.IncidentID != "" && v.Incident != nil:
		p.Add("incident_id", "Choose an incident in the records or record a new one, not both.")
	case v.Incident != nil:
		inc := *v.Incident
		inc.Verification, inc.Publishable = "verified", false
		addPrefixed(p, "incident.", inc.Validate(now))
	}
	if v.Reliability == "" {
		p.Add("reliability", "Choose how reliable the report is.")
	}
	if len(v.Victims) > MaxReportVictims {
		p.Add("victims", "Record at most "+strconv.Itoa(MaxReportVictims)+" victims at once; add the others to the incident afterwards.")
	}
	for i, vic := range v.Victims {
		f := "victims." + strconv.Itoa(i) + "."
		switch {
		case vic.PersonID == "" && vic.Person == nil:
			p.Add(f+"person_id", "Choose the person in the records, or record them as a new person.")
		case vic.PersonID != "" && vic.Person != nil:
			p.Add(f+"person_id", "Choose a person in the records or record a new one, not both.")
		case vic.Person != nil:
			addPrefixed(p, f+"person.", vic.Person.Validate(now))
		}
		a := vic.Act
		a.VictimID = "-" // set on verifying
		addPrefixed(p, f+"act.", a.Validate())
	}
	if c := v.Case; c != nil {
		switch {
		case c.ClientID == "" && c.ClientVictim == 0:
			p.Add("case.client_id", "Choose who the case is for: one of the victims or a person in the records.")
		case c.ClientID != "" && c.ClientVictim != 0:
			p.Add("case.client_id", "Choose one of the victims or a person in the records, not both.")
		case c.ClientVictim < 0 || c.ClientVictim > len(v.Victims):
			p.Add("case.client_id", "Choose one of the victims recorded here.")
		}
		if c.ClientRelation == "" {
			p.Add("case.client_relation", "Say whether the client is the survivor or family.")
		}
		if c.Assessment == nil {
			p.Add("case.assessment.threat_level", "Record the risk and protection assessment.")
		}
	}
	return p.Err()
}

// SourceText is what a report said, as the text of the source it becomes:
// the reporter's own words, then where, who was harmed and who did it.
// The reporter's contact is not in it: it stays with the report, which
// only those who triage may open.
func (r *PublicReport) SourceText() string {
	var b strings.Builder
	line := func(label, text string) {
		if text != "" {
			b.WriteString(label + ": " + text + "\n")
		}
	}
	line("Public report", strings.Join(compact([]string{r.Ref, r.Channel, r.Kind, r.What}), ", "))
	if !r.Occurred.IsZero() {
		line("Date", r.Occurred.String())
	}
	place := compact([]string{r.PlaceName, r.SubCountyCode, r.CountyCode})
	if r.Latitude != nil && r.Longitude != nil {
		place = append(place, strconv.FormatFloat(*r.Latitude, 'f', -1, 64)+", "+strconv.FormatFloat(*r.Longitude, 'f', -1, 64))
	}
	line("Place", strings.Join(place, "; "))
	for _, h := range r.Harmed {
		line("Harmed", strings.Join(compact([]string{h.Name, h.Sex, h.Age, h.Fate}), ", "))
	}
	pp := r.Perpetrator
	line("Perpetrator", strings.Join(compact([]string{pp.Service, pp.Station, pp.Vehicle, pp.Names}), "; "))
	if r.Account != "" {
		b.WriteString("\n" + r.Account)
	}
	return strings.TrimSpace(b.String())
}
