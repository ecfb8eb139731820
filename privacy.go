package haki

import "time"

// Kenya's Data Protection Act, 2019: what Haki holds about a person, legal
// holds, retention periods and the classification of every stored field.

// PersonExport is everything held about one person, for their access
// request: their record, the acts done to them, the sources they gave, the
// cases where they are the client with the work done on them (assessments,
// services, referrals, legal matters), their consents and who handled their
// record and when.
type PersonExport struct {
	GeneratedAt time.Time        `json:"generated_at"`
	Person      *Person          `json:"person"`
	LegalHold   *LegalHold       `json:"legal_hold,omitempty"`
	Acts        []*Act           `json:"acts"`
	Incidents   []IncidentFacts  `json:"incidents"`
	Sources     []*Source        `json:"sources"`
	Cases       []*Case          `json:"cases"`
	Consents    []*Consent       `json:"consents"`
	Assessments []*Assessment    `json:"assessments"`
	Services    []*Service       `json:"services"`
	Referrals   []*Referral      `json:"referrals"`
	Matters     []*LegalMatter   `json:"legal_matters"`
	Audit       []ExportActivity `json:"audit"`
}

// IncidentFacts are the facts of an incident that identify nobody: no
// title, narrative or place name, which may name other people.
type IncidentFacts struct {
	ID           string    `json:"id"`
	Ref          string    `json:"ref"`
	Types        []string  `json:"types"`
	Occurred     FuzzyDate `json:"occurred"`
	CountyCode   string    `json:"county_code"`
	Verification string    `json:"verification"`
}

// ExportActivity is one audit entry about the person's record: who
// created, changed, viewed or exported it, and when.
type ExportActivity struct {
	At       time.Time `json:"at"`
	Username string    `json:"username"`
	Action   string    `json:"action"`
	Purpose  string    `json:"purpose,omitempty"`
}

// LegalHold keeps a person or case from erasure while it may be needed in
// proceedings.
type LegalHold struct {
	Reason string    `json:"reason"`
	SetBy  string    `json:"set_by"` // the username of the administrator
	SetAt  time.Time `json:"set_at"`
}

// CaseHold is a legal hold on a case where the person is the client.
type CaseHold struct {
	CaseID  string     `json:"case_id"`
	CaseRef string     `json:"case_ref"`
	Hold    *LegalHold `json:"hold,omitempty"`
}

// PersonPrivacy is a person's data-protection state: erased or not, and
// the legal holds on them and on their cases.
type PersonPrivacy struct {
	PersonID string     `json:"person_id"`
	Ref      string     `json:"ref"`
	ErasedAt time.Time  `json:"erased_at,omitzero"`
	Hold     *LegalHold `json:"hold,omitempty"`
	Cases    []CaseHold `json:"cases"`
}

// Erased reports whether the person's identity was erased.
func (p *PersonPrivacy) Erased() bool { return !p.ErasedAt.IsZero() }

// Held reports whether a legal hold on the person or one of their cases
// forbids erasure.
func (p *PersonPrivacy) Held() bool {
	if p.Hold != nil {
		return true
	}
	for _, c := range p.Cases {
		if c.Hold != nil {
			return true
		}
	}
	return false
}

// The record types with a retention period.
const (
	RetainClosedCase         = "closed_case"         // years after a case was closed
	RetainUnverifiedIncident = "unverified_incident" // years after an unverified incident with no case was recorded
	RetainIntakeDraft        = "intake_draft"        // years after an intake draft was last saved
	RetainSignInRecord       = "sign_in_record"      // years after a session, failed or unfinished sign-in expired
	RetainAuditLog           = "audit_log"           // years an audit entry is kept
)

// What a retention run does with a record past its period.
const (
	RetentionAnonymise = "anonymise" // identities and free text go; dates, places' counties and figures stay
	RetentionDelete    = "delete"    // the record goes
	RetentionReport    = "report"    // reported only, never removed (the audit log: the proof of lawful processing)
)

// RetentionDue is what a retention period would remove now: how many
// records passed it and which (references, or audit entry ids), and how
// many are kept back by a legal hold. After a run, Done is how many were
// anonymised or deleted.
type RetentionDue struct {
	RecordType string    `json:"record_type"`
	Years      int       `json:"years"`
	Action     string    `json:"action"` // RetentionAnonymise, RetentionDelete or RetentionReport
	Before     time.Time `json:"before"` // records older than this are due
	Count      int       `json:"count"`
	Refs       []string  `json:"refs"` // at most the first 100
	Held       int       `json:"held"` // due, but under a legal hold (or an open legal matter)
	Done       int       `json:"done"` // anonymised or deleted by a run
}

// The classes of stored fields.
const (
	ClassIdentifier = "identifier" // names, contacts, ID numbers: sealed, destroyed on erasure
	ClassSensitive  = "sensitive"  // health, torture, narratives and notes (DPA s.2 "sensitive personal data")
	ClassOrdinary   = "ordinary"   // codes, dates, counts, references
)

// FieldClass classifies one stored column for the processing register.
type FieldClass struct {
	Table     string `json:"table"`
	Column    string `json:"column"`
	Class     string `json:"class"`     // ClassIdentifier, ClassSensitive, ClassOrdinary
	Purpose   string `json:"purpose"`   // care, litigation, research, publication, statistics, administration
	Basis     string `json:"basis"`     // the legal basis under the Act
	Retention string `json:"retention"` // how long it is kept
}
