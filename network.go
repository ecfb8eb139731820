package haki

import (
	"slices"
	"strings"
	"time"
)

// Professional is a member of the network: a doctor, counsellor, lawyer or
// other professional outside the staff who serves clients in the counties
// they cover. Phone and Email are sealed; UserID links their account, when
// they have one, so that the work they record is theirs.
type Professional struct {
	ID            string     `json:"id"`
	Name          string     `json:"name"`
	Profession    string     `json:"profession"` // one of Professions
	LicenceNumber string     `json:"licence_number,omitempty"`
	Counties      []string   `json:"counties"`  // county codes of the gazetteer
	Languages     []string   `json:"languages"` // of ProfessionalLanguages
	Availability  string     `json:"availability"`
	Phone         string     `json:"phone,omitempty"`
	Email         string     `json:"email,omitempty"`
	Trainings     []Training `json:"trainings"`
	UserID        string     `json:"user_id,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	Version       int        `json:"version"`
}

// Training is a training a professional attended.
type Training struct {
	Name       string    `json:"name"`
	AttendedOn time.Time `json:"attended_on"`
}

var (
	// Professions lists the professions of the network, in the order a form shows them.
	Professions = []string{"doctor", "clinical_officer", "psychiatrist", "psychologist", "counsellor", "lawyer", "paralegal",
		"social_worker", "journalist", "monitor"}
	// Availabilities lists how available a professional is for new clients.
	Availabilities = []string{"available", "limited", "unavailable"}
	// ProfessionalLanguages lists the languages a professional may work in.
	ProfessionalLanguages = []string{"en", "sw", "kikuyu", "luo", "luhya", "kalenjin", "kamba", "kisii", "meru",
		"mijikenda", "somali", "maasai", "turkana", "sign", "other"}
)

// Normalize trims the texts, drops empty counties and languages, and drops
// trainings left blank on the form.
func (p *Professional) Normalize() {
	p.Name, p.LicenceNumber = strings.TrimSpace(p.Name), strings.TrimSpace(p.LicenceNumber)
	p.Phone, p.Email = strings.TrimSpace(p.Phone), strings.TrimSpace(p.Email)
	p.Counties, p.Languages = compact(p.Counties), compact(p.Languages)
	kept := p.Trainings[:0]
	for _, t := range p.Trainings {
		t.Name = strings.TrimSpace(t.Name)
		if t.Name != "" || !t.AttendedOn.IsZero() {
			kept = append(kept, t)
		}
	}
	p.Trainings = kept
}

// Validate checks a normalised professional before it is stored, at
// instant now; the store checks the counties and the account.
func (p *Professional) Validate(now time.Time) error {
	pr := Problems{}
	if p.Name == "" {
		pr.Add("name", "Enter the professional's name.")
	}
	checkLen(pr, "name", p.Name, 200)
	checkLen(pr, "licence_number", p.LicenceNumber, 100)
	if !slices.Contains(Professions, p.Profession) {
		pr.Add("profession", "Choose a profession from the list.")
	}
	if !slices.Contains(Availabilities, p.Availability) {
		pr.Add("availability", "Choose available, limited or unavailable.")
	}
	if len(p.Counties) == 0 {
		pr.Add("counties", "Choose at least one county the professional covers.")
	}
	for _, l := range p.Languages {
		if !slices.Contains(ProfessionalLanguages, l) {
			pr.Add("languages", "Choose languages from the list.")
		}
	}
	if p.Phone != "" && !validPhone(p.Phone) {
		pr.Add("phone", "Enter a phone number of digits, such as +254 700 000000.")
	}
	if p.Email != "" && (len(p.Email) > 254 || !strings.Contains(p.Email, "@") || strings.ContainsAny(p.Email, " \t<>")) {
		pr.Add("email", "Enter an email address such as name@example.org.")
	}
	for _, t := range p.Trainings {
		if t.Name == "" {
			pr.Add("trainings", "Give each training a name.")
		}
		checkLen(pr, "trainings", t.Name, 200)
		if afterToday(t.AttendedOn, now) {
			pr.Add("trainings", "A training's date is in the future.")
		}
	}
	return pr.Err()
}

// ProfessionalFilter selects professionals in the directory. Text (a
// name) travels only in POST bodies.
type ProfessionalFilter struct {
	County       string
	Profession   string
	Availability string
	Text         string
	Cursor       string
	Limit        int
}

// Engagements sums up the work of a professional: the services they
// delivered (a group session once), the referrals they received, and what
// their services cost.
type Engagements struct {
	Services  int   `json:"services"`
	Sessions  int   `json:"sessions"`
	Referrals int   `json:"referrals"`
	CostKES   int64 `json:"cost_kes"`
}

// Coverage counts, for each county and profession, the professionals
// covering it: those available and those of limited availability.
type Coverage struct {
	Counties    []string                           `json:"counties"`
	Professions []string                           `json:"professions"`
	Cells       map[string]map[string]CoverageCell `json:"cells"` // county -> profession -> counts
}

// CoverageCell is the count of one county and profession.
type CoverageCell struct {
	Available int `json:"available"`
	Limited   int `json:"limited"`
}

// Cell returns the counts of a county and profession (zero when nobody).
func (c *Coverage) Cell(county, profession string) CoverageCell { return c.Cells[county][profession] }

// Gaps returns, per profession, how many counties have nobody available.
func (c *Coverage) Gaps() map[string]int {
	out := map[string]int{}
	for _, p := range c.Professions {
		for _, county := range c.Counties {
			if c.Cell(county, p).Available == 0 {
				out[p]++
			}
		}
	}
	return out
}

// Partner is a partner institution clients are referred to.
type Partner struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	Kind       string    `json:"kind"` // one of PartnerKinds
	CountyCode string    `json:"county_code,omitempty"`
	Contact    string    `json:"contact,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
	Version    int       `json:"version"`
}

// PartnerKinds lists the kinds of partner institution.
var PartnerKinds = []string{"hospital", "ipoa", "knchr", "legal_aid", "shelter", "other"}

// Normalize trims the name and the contact.
func (p *Partner) Normalize() {
	p.Name, p.Contact = strings.TrimSpace(p.Name), strings.TrimSpace(p.Contact)
}

// Validate checks a normalised partner before it is stored.
func (p *Partner) Validate() error {
	pr := Problems{}
	if p.Name == "" {
		pr.Add("name", "Enter the institution's name.")
	}
	checkLen(pr, "name", p.Name, 200)
	checkLen(pr, "contact", p.Contact, 1000)
	if !slices.Contains(PartnerKinds, p.Kind) {
		pr.Add("kind", "Choose the kind of institution.")
	}
	return pr.Err()
}

// Service is a service delivered to a client on a case, by staff or by a
// network professional. A group session is recorded once and stored as one
// service per attendee case, sharing GroupID; each case sees only its own.
type Service struct {
	ID     string `json:"id"`
	CaseID string `json:"case_id"`
	// GroupID joins the services of one group session; "" for one client.
	GroupID string `json:"group_id,omitempty"`
	Type    string `json:"type"` // one of ServiceTypes
	// StaffID or ProfessionalID says who delivered it: exactly one is set.
	StaffID         string    `json:"staff_id,omitempty"`
	ProfessionalID  string    `json:"professional_id,omitempty"`
	DeliveredOn     time.Time `json:"delivered_on"`
	DurationMinutes int       `json:"duration_minutes"`
	CostKES         int64     `json:"cost_kes"`
	Outcome         string    `json:"outcome,omitempty"` // sealed
	Notes           string    `json:"notes,omitempty"`   // sealed
	// AttendeeCaseIDs, when creating a group session, are the other cases
	// whose clients attended; each gets its own service.
	AttendeeCaseIDs []string  `json:"attendee_case_ids,omitempty"`
	CreatedBy       string    `json:"created_by,omitempty"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
	Version         int       `json:"version"`
	// Read-only, joined for display.
	ProviderName string `json:"provider_name,omitempty"`
	CaseRef      string `json:"case_ref,omitempty"`
}

// ServiceTypes lists the services of SPEC section 3.
var ServiceTypes = []string{"medical_treatment", "medico_legal_examination", "counselling_individual", "counselling_group",
	"psychiatric_care", "legal_advice", "statement_recording", "oversight_complaint", "court_representation",
	"socio_economic_support", "protection"}

// MaxServiceCost bounds the cost of one service, in KES.
const MaxServiceCost = 100_000_000

// Normalize trims the outcome and notes and drops empty attendees.
func (s *Service) Normalize() {
	s.Outcome, s.Notes = strings.TrimSpace(s.Outcome), strings.TrimSpace(s.Notes)
	s.AttendeeCaseIDs = compact(s.AttendeeCaseIDs)
}

// Validate checks a normalised service before it is stored, at instant now.
func (s *Service) Validate(now time.Time) error {
	p := Problems{}
	if !slices.Contains(ServiceTypes, s.Type) {
		p.Add("type", "Choose the kind of service.")
	}
	if s.StaffID == "" && s.ProfessionalID == "" {
		p.Add("provider", "Say who delivered the service: a colleague or a network professional.")
	} else if s.StaffID != "" && s.ProfessionalID != "" {
		p.Add("provider", "Choose either a colleague or a network professional, not both.")
	}
	if s.DeliveredOn.IsZero() {
		p.Add("delivered_on", "Enter the day the service was delivered.")
	} else if afterToday(s.DeliveredOn, now) {
		p.Add("delivered_on", "The day of the service is in the future.")
	}
	if s.DurationMinutes < 0 || s.DurationMinutes > 24*60 {
		p.Add("duration_minutes", "Enter the duration in minutes, from 0 to 1440.")
	}
	if s.CostKES < 0 || s.CostKES > MaxServiceCost {
		p.Add("cost_kes", "Enter the cost in whole shillings, 0 or more.")
	}
	checkLen(p, "outcome", s.Outcome, 5000)
	checkLen(p, "notes", s.Notes, 20000)
	if len(s.AttendeeCaseIDs) > 50 {
		p.Add("attendee_case_ids", "A group session can have at most 50 other attendees.")
	}
	return p.Err()
}

// Referral sends a client on a case to a network professional or a
// partner institution, and follows what became of it.
type Referral struct {
	ID     string `json:"id"`
	CaseID string `json:"case_id"`
	// ProfessionalID or PartnerID is whom the client is referred to: exactly one.
	ProfessionalID string    `json:"professional_id,omitempty"`
	PartnerID      string    `json:"partner_id,omitempty"`
	Reason         string    `json:"reason"` // sealed
	Status         string    `json:"status"` // one of ReferralStatuses
	SentOn         time.Time `json:"sent_on"`
	// DueOn is when the referral should be completed; 14 days after
	// sending unless said otherwise.
	DueOn       time.Time `json:"due_on"`
	RespondedOn time.Time `json:"responded_on,omitzero"` // accepted or declined
	CompletedOn time.Time `json:"completed_on,omitzero"`
	Feedback    string    `json:"feedback,omitempty"` // sealed
	SentBy      string    `json:"sent_by,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	Version     int       `json:"version"`
	// OverrideReason is an administrator's reason to refer without the
	// client's consent; written to the audit log, not kept here.
	OverrideReason string `json:"override_reason,omitempty"`
	// Read-only, joined for display.
	ToName  string `json:"to_name,omitempty"` // the professional's or partner's name
	ToKind  string `json:"to_kind,omitempty"` // the profession or partner kind
	CaseRef string `json:"case_ref,omitempty"`
	Overdue bool   `json:"overdue"`
}

// The statuses of a referral.
const (
	ReferralSent      = "sent"
	ReferralAccepted  = "accepted"
	ReferralDeclined  = "declined"
	ReferralCompleted = "completed"
)

var (
	// ReferralStatuses lists the statuses of a referral in their order.
	ReferralStatuses = []string{ReferralSent, ReferralAccepted, ReferralDeclined, ReferralCompleted}
	// ReferralActions lists the answers to a referral: accept, decline, complete.
	ReferralActions = []string{"accept", "decline", "complete"}
)

// ReferralDueDays is how long a referral has, by default, to be completed.
const ReferralDueDays = 14

// Normalize trims the reasons and makes a zero DueOn 14 days after SentOn.
func (r *Referral) Normalize() {
	r.Reason, r.OverrideReason = strings.TrimSpace(r.Reason), strings.TrimSpace(r.OverrideReason)
	if r.DueOn.IsZero() && !r.SentOn.IsZero() {
		r.DueOn = r.SentOn.AddDate(0, 0, ReferralDueDays)
	}
}

// Validate checks a normalised new referral at instant now.
func (r *Referral) Validate(now time.Time) error {
	p := Problems{}
	if r.ProfessionalID == "" && r.PartnerID == "" {
		p.Add("to", "Choose a network professional or a partner institution.")
	} else if r.ProfessionalID != "" && r.PartnerID != "" {
		p.Add("to", "Choose either a network professional or a partner institution, not both.")
	}
	if r.Reason == "" {
		p.Add("reason", "Say why the client is referred.")
	}
	checkLen(p, "reason", r.Reason, 5000)
	if r.SentOn.IsZero() {
		p.Add("sent_on", "Enter the day the referral was sent.")
	} else if afterToday(r.SentOn, now) {
		p.Add("sent_on", "The day of sending is in the future.")
	} else if r.DueOn.Before(r.SentOn) {
		p.Add("due_on", "The due date is before the day of sending.")
	}
	return p.Err()
}

// IsOverdue reports whether a referral still open (sent or accepted) is
// past its due date on the given day.
func (r *Referral) IsOverdue(today time.Time) bool {
	if r.Status != ReferralSent && r.Status != ReferralAccepted {
		return false
	}
	d := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	return r.DueOn.Before(d)
}

// ReferralResponse is an answer to a referral: accept, decline or complete,
// on a day, with feedback.
type ReferralResponse struct {
	Action   string    `json:"action"` // one of ReferralActions
	On       time.Time `json:"on"`
	Feedback string    `json:"feedback,omitempty"`
	Version  int       `json:"version"`
}

// Normalize trims the feedback.
func (rr *ReferralResponse) Normalize() { rr.Feedback = strings.TrimSpace(rr.Feedback) }

// Validate checks a normalised response at instant now, and the move it
// makes from status.
func (rr *ReferralResponse) Validate(status string, now time.Time) error {
	p := Problems{}
	checkLen(p, "feedback", rr.Feedback, 10000)
	if rr.On.IsZero() {
		p.Add("on", "Enter the day of the answer.")
	} else if afterToday(rr.On, now) {
		p.Add("on", "The day of the answer is in the future.")
	}
	switch rr.Action {
	case "accept", "decline":
		if status != ReferralSent {
			p.Add("action", "Only a referral that was sent can be accepted or declined.")
		}
	case "complete":
		if status != ReferralSent && status != ReferralAccepted {
			p.Add("action", "Only an open referral can be completed.")
		}
	default:
		p.Add("action", "Choose accept, decline or complete.")
	}
	return p.Err()
}
