package haki

import (
	"fmt"
	"slices"
	"time"
)

// The outcome kinds: what became of a perpetrator, as far as anyone has
// recorded it. A list of them need not be in order or complete: a
// conviction without a recorded charge is allowed, since the lists an
// organisation imports rarely carry every step.
const (
	OutcomeArrested      = "arrested"
	OutcomeCharged       = "charged"
	OutcomeConvicted     = "convicted"
	OutcomeAcquitted     = "acquitted"
	OutcomeDisciplined   = "disciplined"
	OutcomeCaseWithdrawn = "case_withdrawn"
)

// OutcomeKinds lists the outcome kinds in the order reports show them.
var OutcomeKinds = []string{OutcomeArrested, OutcomeCharged, OutcomeConvicted, OutcomeAcquitted,
	OutcomeDisciplined, OutcomeCaseWithdrawn}

// OutcomeSourceKinds lists where an outcome may be known from: a news
// report, the oversight authority (in Kenya IPOA), a court record, a
// police statement, the organisation itself, or another source.
var OutcomeSourceKinds = []string{"news", "oversight_authority", "court_record", "police_statement", "organisation", "other"}

// MaxOutcomes bounds the outcomes of one involvement.
const MaxOutcomes = 50

// Outcome is one thing that happened to a perpetrator after the act: an
// arrest, a charge, a verdict, a disciplinary measure, with when (as far
// as known) and where that is known from. SourceRef (an article's title,
// an oversight authority's reference) and Notes may name the officer and
// are sealed like the officer's name.
type Outcome struct {
	ID         string    `json:"id,omitempty"`
	Kind       string    `json:"kind"`        // one of OutcomeKinds
	Date       FuzzyDate `json:"date"`        // "" when the source gives none
	SourceKind string    `json:"source_kind"` // one of OutcomeSourceKinds
	SourceRef  string    `json:"source_ref,omitempty"`
	Notes      string    `json:"notes,omitempty"`
}

// IsBlank reports whether nothing of o is filled in: a form's empty row.
func (o Outcome) IsBlank() bool {
	return o.Kind == "" && o.Date.IsZero() && o.SourceKind == "" && o.SourceRef == "" && o.Notes == ""
}

// validateOutcomes adds the problems of the outcomes to p, each under
// "outcomes[i].field". A date may be unknown, but not in the future.
func validateOutcomes(p Problems, outcomes []Outcome, now time.Time) {
	if len(outcomes) > MaxOutcomes {
		p.Add("outcomes", fmt.Sprintf("Record at most %d outcomes.", MaxOutcomes))
	}
	for i, o := range outcomes {
		field := fmt.Sprintf("outcomes[%d].", i)
		if !slices.Contains(OutcomeKinds, o.Kind) {
			p.Add(field+"kind", "Choose what happened to the perpetrator.")
		}
		if !slices.Contains(OutcomeSourceKinds, o.SourceKind) {
			p.Add(field+"source_kind", "Choose where this is known from.")
		}
		checkKnownDate(p, field+"date", o.Date)
		if !o.Date.IsZero() && o.Date.Date.After(now) {
			p.Add(field+"date", "The date is in the future.")
		}
		checkLen(p, field+"source_ref", o.SourceRef, 500)
		checkLen(p, field+"notes", o.Notes, 20000)
	}
}

// Redact empties what may name the officer, for a caller who may not see identities.
func (o *Outcome) Redact() { o.SourceRef, o.Notes = "", "" }

// OutcomeCount is how many perpetrators of a report's incidents have at
// least one recorded outcome of a kind (not how many outcomes).
type OutcomeCount struct {
	Kind         string `json:"kind"`
	Perpetrators Count  `json:"perpetrators"`
}
