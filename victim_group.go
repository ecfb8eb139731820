package haki

import "strings"

// VictimGroup is a group of victims of one act who are not named: "about
// 30 protesters injured", "two unidentified men". It counts as Count
// victims in every report, each with the group's sex and age band. A named
// person may later replace one of them: the count goes down by one and the
// person's act is added, in one transaction (store.ReplaceGroupMember).
type VictimGroup struct {
	ID           string `json:"id"`
	IncidentID   string `json:"incident_id"`
	Count        int    `json:"count"`                 // 1 to MaxGroupCount
	Approx       bool   `json:"approx,omitempty"`      // "about 30"
	Sex          string `json:"sex"`                   // vocabulary "sex", or SexMixed
	AgeBand      string `json:"age_band"`              // a standard age band, AgeUnknown or AgeMixed
	Description  string `json:"description,omitempty"` // who they were: "protesters", "two unidentified men"
	ActType      string `json:"act_type"`              // vocabulary "act_type"
	Method       string `json:"method,omitempty"`      // vocabulary "method"
	VictimStatus string `json:"victim_status"`         // vocabulary "victim_status"
	Version      int    `json:"version"`
}

// A group's sex or ages when its members differ. Reports count a mixed
// group's members under sex "unknown" and age band "unknown": no one
// member's sex or age is known.
const (
	SexMixed = "mixed"
	AgeMixed = "mixed"
)

// MaxGroupCount bounds a group's count.
const MaxGroupCount = 100000

// Normalize trims the description and makes a sex or age band not given unknown.
func (g *VictimGroup) Normalize() {
	g.Description = strings.TrimSpace(g.Description)
	if g.Sex == "" {
		g.Sex = "unknown"
	}
	if g.AgeBand == "" {
		g.AgeBand = AgeUnknown
	}
}

// Validate checks a normalised group; the vocabulary codes are checked by
// the store.
func (g *VictimGroup) Validate() error {
	p := Problems{}
	if g.Count < 1 || g.Count > MaxGroupCount {
		p.Add("count", "A group has between 1 and 100000 victims.")
	}
	if g.ActType == "" {
		p.Add("act_type", "Choose what was done.")
	}
	if g.VictimStatus == "" {
		p.Add("victim_status", "Choose what became of the victim.")
	}
	if !validGroupBand(g.AgeBand) {
		p.Add("age_band", "Choose one of the standard age bands, mixed or unknown.")
	}
	checkLen(p, "description", g.Description, 2000)
	return p.Err()
}

func validGroupBand(b string) bool {
	if b == AgeUnknown || b == AgeMixed {
		return true
	}
	for _, c := range DefaultAgeBands().Codes() {
		if c == b {
			return true
		}
	}
	return false
}

// Redact empties the description, which may identify, for a caller who
// may not see identities.
func (g *VictimGroup) Redact() { g.Description = "" }
