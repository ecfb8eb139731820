package haki

import (
	"strings"
	"time"
)

// Publication is what the public portal may show of a verified,
// publishable incident, written by a data manager or administrator
// (PermVerify): a summary written for the public, and per victim what may
// be published. The portal shows the incident only while it is verified,
// publishable, has a publication, and every client it concerns has given
// publication consent (store/portal.go); it shows nothing else of it.
//
// What is shown of a victim:
//   - a victim who is the client of a case, or the only victim of an
//     incident whose linked case's client is their family (the bereaved):
//     the name if ShowName, the age (at the incident) if ShowAge, as agreed
//     under that case's publication consent;
//   - a victim who is nobody's client (a killing known from the media):
//     the name and age only if staff marked them as already public and
//     said where (PublicSource), which the portal shows beside them;
//   - any other victim, or one whose identity was erased: "name withheld".
type Publication struct {
	IncidentID string `json:"incident_id"`
	// Ref is the public reference (PUB-2025-000001), given at the first
	// publication; the incident's own reference is never published.
	Ref         string            `json:"ref"`
	Summary     string            `json:"summary"`
	Victims     []PublishedVictim `json:"victims"`
	PublishedBy string            `json:"published_by,omitempty"`
	PublishedAt time.Time         `json:"published_at"`
	UpdatedAt   time.Time         `json:"updated_at"`
	Version     int               `json:"version"`
}

// PublishedVictim is what may be published of one victim of the incident.
type PublishedVictim struct {
	PersonID string `json:"person_id"`
	ShowName bool   `json:"show_name"`
	ShowAge  bool   `json:"show_age"`
	// PublicSource says where a victim who is nobody's client was already
	// named in public (an outlet and date, a link); required for them to
	// show a name or age.
	PublicSource string `json:"public_source,omitempty"`
	// Client is set by the store when reading: a client's publication
	// consent covers the victim (they are the client of a case, or the only
	// victim and a linked case's client is their family), so ShowName and
	// ShowAge are the family's agreement; else a public source is needed.
	Client bool `json:"client"`
}

// Normalize trims the text and drops victims with nothing to publish.
func (p *Publication) Normalize() {
	p.Summary = strings.TrimSpace(p.Summary)
	out := p.Victims[:0]
	for _, v := range p.Victims {
		v.PersonID = strings.ToLower(strings.TrimSpace(v.PersonID))
		v.PublicSource = strings.TrimSpace(v.PublicSource)
		if v.ShowName || v.ShowAge || v.PublicSource != "" {
			out = append(out, v)
		}
	}
	p.Victims = out
}

// Validate checks a normalised publication. Whether each person is a
// victim of the incident, and a client, is checked by the store.
func (p *Publication) Validate() error {
	pr := Problems{}
	if p.Summary == "" {
		pr.Add("summary", "Write the summary the public will read.")
	}
	checkLen(pr, "summary", p.Summary, 4000)
	seen := map[string]bool{}
	for _, v := range p.Victims {
		if !idShape.MatchString(v.PersonID) {
			pr.Add("victims", "A victim is given by their person id.")
			continue
		}
		if seen[v.PersonID] {
			pr.Add("victims", "A victim is listed twice.")
		}
		seen[v.PersonID] = true
		checkLen(pr, "public_source", v.PublicSource, 300)
	}
	if len(p.Victims) > 200 {
		pr.Add("victims", "Publish at most 200 victims of one incident.")
	}
	return pr.Err()
}

// PortalIncident is a published incident as the public portal shows it:
// nothing else of the incident leaves the store for the portal.
type PortalIncident struct {
	Ref         string         `json:"ref"`
	Occurred    FuzzyDate      `json:"occurred"`
	CountyCode  string         `json:"county_code"`
	Types       []string       `json:"types"`
	Summary     string         `json:"summary"`
	Victims     []PortalVictim `json:"victims"`
	PublishedAt time.Time      `json:"published_at"`
}

// PortalVictim is one victim of a published incident: the name and age
// only where agreed, else empty (withheld).
type PortalVictim struct {
	Name   string `json:"name,omitempty"`
	Age    *int   `json:"age,omitempty"`
	Source string `json:"source,omitempty"`
}

// PortalQuery filters the published incidents: codes only, never text.
type PortalQuery struct {
	Year       int
	CountyCode string
	Cursor     string
	Limit      int // 0: all (open data)
}
