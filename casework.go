package haki

import (
	"slices"
	"strings"
	"time"
)

// CaseEvent is one dated line of a case's timeline: everything that
// happened on a case lands here, written in the same transaction as the
// record it tells of.
type CaseEvent struct {
	ID         string    `json:"id"`
	CaseID     string    `json:"case_id"`
	Kind       string    `json:"kind"` // one of CaseEventKinds
	OccurredAt time.Time `json:"occurred_at"`
	Summary    string    `json:"summary"`
	// RefKind and RefID name the record the event tells of (a service, a
	// referral, a hearing ...); empty for a note.
	RefKind   string    `json:"ref_kind,omitempty"`
	RefID     string    `json:"ref_id,omitempty"`
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	// Read-only, joined for display.
	CreatedByName string `json:"created_by_name,omitempty"`
}

// The kinds of timeline event.
const (
	EventIntake      = "intake"
	EventAssessment  = "assessment"
	EventConsent     = "consent"
	EventService     = "service"
	EventReferral    = "referral"
	EventMatter      = "legal_matter"
	EventHearing     = "hearing"
	EventEvaluation  = "evaluation"
	EventDocument    = "document"
	EventStatus      = "status"
	EventNote        = "note"
	EventContact     = "contact"
	EventAppointment = "appointment"
	EventTask        = "task"
)

// CaseEventKinds lists the kinds of timeline event, in the order a filter shows them.
var CaseEventKinds = []string{EventIntake, EventAssessment, EventConsent, EventService, EventReferral, EventMatter,
	EventHearing, EventEvaluation, EventDocument, EventStatus, EventNote, EventContact, EventAppointment, EventTask}

// ValidateNote checks a note written on a case's timeline.
func ValidateNote(body string) (string, error) {
	body = strings.TrimSpace(body)
	p := Problems{}
	if body == "" {
		p.Add("body", "Write the note.")
	}
	checkLen(p, "body", body, 20000)
	return body, p.Err()
}

// Consent is a client's decision about one purpose, recorded on a case.
// Consents are never edited: a change of mind is a new record, and the
// latest decision for a person and purpose is the one in force.
type Consent struct {
	ID       string `json:"id"`
	CaseID   string `json:"case_id"`
	PersonID string `json:"person_id"` // the client the decision is theirs
	Purpose  string `json:"purpose"`   // one of ConsentPurposes
	Decision string `json:"decision"`  // one of ConsentDecisions
	// DecidedOn is the day the client decided.
	DecidedOn time.Time `json:"decided_on"`
	Method    string    `json:"method"`   // one of ConsentMethods
	Language  string    `json:"language"` // the language the consent was explained in
	// GuardianName and GuardianRelation are required when the client was
	// under 18 on DecidedOn: the guardian decides for them.
	GuardianName     string `json:"guardian_name,omitempty"`
	GuardianRelation string `json:"guardian_relation,omitempty"`
	// EvidenceID is the signed form, uploaded to the case as evidence.
	EvidenceID string    `json:"evidence_id,omitempty"`
	Notes      string    `json:"notes,omitempty"`
	RecordedBy string    `json:"recorded_by,omitempty"`
	RecordedAt time.Time `json:"recorded_at"`
}

// The purposes a client consents to, one decision each.
const (
	ConsentCare        = "care"
	ConsentSharing     = "sharing"
	ConsentLitigation  = "litigation"
	ConsentResearch    = "research"
	ConsentPublication = "publication"
)

var (
	// ConsentPurposes lists the purposes in the order a form shows them.
	ConsentPurposes = []string{ConsentCare, ConsentSharing, ConsentLitigation, ConsentResearch, ConsentPublication}
	// ConsentDecisions lists what a client may decide.
	ConsentDecisions = []string{"given", "refused", "withdrawn"}
	// ConsentMethods lists how a decision was taken down.
	ConsentMethods = []string{"signed_form", "thumbprint", "verbal", "electronic"}
	// ConsentLanguages lists the languages consent is explained in.
	ConsentLanguages = []string{"en", "sw", "other"}
)

// Normalize trims the guardian's name and relation and the notes.
func (c *Consent) Normalize() {
	c.GuardianName, c.GuardianRelation = strings.TrimSpace(c.GuardianName), strings.TrimSpace(c.GuardianRelation)
	c.Notes = strings.TrimSpace(c.Notes)
}

// Validate checks a normalised consent before it is stored, at instant
// now. The guardian rule needs the client's age and is checked by the store.
func (c *Consent) Validate(now time.Time) error {
	p := Problems{}
	if !slices.Contains(ConsentPurposes, c.Purpose) {
		p.Add("purpose", "Choose what the consent is for.")
	}
	if !slices.Contains(ConsentDecisions, c.Decision) {
		p.Add("decision", "Choose given, refused or withdrawn.")
	}
	if c.DecidedOn.IsZero() {
		p.Add("decided_on", "Enter the day the client decided.")
	} else if afterToday(c.DecidedOn, now) {
		p.Add("decided_on", "The day of the decision is in the future.")
	}
	if !slices.Contains(ConsentMethods, c.Method) {
		p.Add("method", "Choose how the consent was taken.")
	}
	if !slices.Contains(ConsentLanguages, c.Language) {
		p.Add("language", "Choose the language the consent was explained in.")
	}
	checkLen(p, "guardian_name", c.GuardianName, 200)
	checkLen(p, "guardian_relation", c.GuardianRelation, 100)
	checkLen(p, "notes", c.Notes, 5000)
	if (c.GuardianName == "") != (c.GuardianRelation == "") {
		p.Add("guardian_name", "Give both the guardian's name and how they are related.")
	}
	return p.Err()
}

// ConsentOverride is an administrator's written reason to act without the
// client's consent; it is audited.
type ConsentOverride struct {
	Reason string `json:"reason"`
}

// Check returns the trimmed reason, or a problem when it is too short to
// say anything.
func (o ConsentOverride) Check() (string, error) {
	r := strings.TrimSpace(o.Reason)
	if len(r) < 15 {
		p := Problems{}
		p.Add("override_reason", "Write why consent is overridden, in at least 15 characters.")
		return "", p.Err()
	}
	return r, nil
}

// Assessment is the risk and protection assessment of a case, with the
// needs found: how safe the client is, who threatens them, and how they may
// be contacted. Assessments are kept as a history; the latest is in force,
// and every call, text or reminder to the client obeys it.
type Assessment struct {
	ID     string `json:"id"`
	CaseID string `json:"case_id"`
	// AssessedOn is the day of the assessment.
	AssessedOn  time.Time `json:"assessed_on"`
	ThreatLevel string    `json:"threat_level"` // one of ThreatLevels
	// ThreatenedBy says who threatens the client (sealed).
	ThreatenedBy string `json:"threatened_by,omitempty"`
	SafeToCall   bool   `json:"safe_to_call"`
	SafeToText   bool   `json:"safe_to_text"`
	// SafeTimes says when contact is safe, e.g. "weekdays 9-12" (sealed).
	SafeTimes string `json:"safe_times,omitempty"`
	// ContactMethod is the way to reach the client: one of ContactMethods.
	ContactMethod string    `json:"contact_method"`
	Needs         []string  `json:"needs"` // of Needs
	Notes         string    `json:"notes,omitempty"`
	AssessedBy    string    `json:"assessed_by,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
}

var (
	// ThreatLevels lists the levels of threat, lowest first.
	ThreatLevels = []string{"none", "low", "medium", "high"}
	// ContactMethods lists the ways a client may be reached.
	ContactMethods = []string{"phone", "sms", "in_person", "trusted_contact", "email", "no_contact"}
	// Needs lists the kinds of need an assessment records.
	Needs = []string{"medical", "psychological", "legal", "socio_economic", "protection"}
)

// Normalize trims the texts and drops empty needs.
func (a *Assessment) Normalize() {
	a.Needs = compact(a.Needs)
	a.ThreatenedBy, a.SafeTimes, a.Notes = strings.TrimSpace(a.ThreatenedBy), strings.TrimSpace(a.SafeTimes), strings.TrimSpace(a.Notes)
}

// Validate checks a normalised assessment before it is stored, at instant now.
func (a *Assessment) Validate(now time.Time) error {
	p := Problems{}
	if a.AssessedOn.IsZero() {
		p.Add("assessed_on", "Enter the day of the assessment.")
	} else if afterToday(a.AssessedOn, now) {
		p.Add("assessed_on", "The day of the assessment is in the future.")
	}
	if !slices.Contains(ThreatLevels, a.ThreatLevel) {
		p.Add("threat_level", "Choose the level of threat.")
	}
	if !slices.Contains(ContactMethods, a.ContactMethod) {
		p.Add("contact_method", "Choose how the client may be contacted.")
	}
	if a.ContactMethod == "phone" && !a.SafeToCall {
		p.Add("contact_method", "Calling is not safe for this client: choose another way to reach them.")
	}
	if a.ContactMethod == "sms" && !a.SafeToText {
		p.Add("contact_method", "Texting is not safe for this client: choose another way to reach them.")
	}
	for _, n := range a.Needs {
		if !slices.Contains(Needs, n) {
			p.Add("needs", "Choose needs from the list.")
		}
	}
	checkLen(p, "threatened_by", a.ThreatenedBy, 2000)
	checkLen(p, "safe_times", a.SafeTimes, 200)
	checkLen(p, "notes", a.Notes, 10000)
	return p.Err()
}
