package haki

import (
	"slices"
	"strings"
	"time"
)

// LegalMatter is a case taken to a court or to the police oversight
// authority on a client's behalf: a prosecution of officers, a petition for
// compensation, an inquest, a complaint. Creating one needs the client's
// litigation consent.
type LegalMatter struct {
	ID     string `json:"id"`
	CaseID string `json:"case_id"`
	Court  string `json:"court"` // one of Courts
	// CourtStation is the town the court sits in, e.g. "Milimani" or "Kisumu".
	CourtStation string `json:"court_station,omitempty"`
	// CaseNumber is the court's own number, e.g. "HC Petition E123 of 2024" (sealed).
	CaseNumber string `json:"case_number,omitempty"`
	Kind       string `json:"kind"`   // one of MatterKinds
	Status     string `json:"status"` // one of MatterStatuses
	// FiledOn is the day the matter was filed; zero before filing.
	FiledOn time.Time `json:"filed_on"`
	// Counsel is a colleague with an account, or a name (sealed) for outside counsel.
	CounselUserID string `json:"counsel_user_id,omitempty"`
	CounselName   string `json:"counsel_name,omitempty"`
	// AccusedIDs are the involvements (haki.Involvement) of the case's
	// incidents whose officers are the accused or respondents.
	AccusedIDs []string `json:"accused_ids"`
	Outcome    string   `json:"outcome"` // one of MatterOutcomes
	// Sentence is the sentence of a conviction (sealed).
	Sentence string `json:"sentence,omitempty"`
	// CompensationKES is the compensation awarded, in whole shillings.
	CompensationKES int64     `json:"compensation_kes,omitempty"`
	Notes           string    `json:"notes,omitempty"` // sealed
	CreatedBy       string    `json:"created_by,omitempty"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
	Version         int       `json:"version"`
	// Read-only, joined for display.
	Accused     []*MatterAccused `json:"accused,omitempty"`
	CounselUser string           `json:"counsel_user,omitempty"`
}

// MatterAccused is an accused officer (or unit) of a matter, as the
// involvement record describes them.
type MatterAccused struct {
	InvolvementID string `json:"involvement_id"`
	IncidentID    string `json:"incident_id"`
	IncidentRef   string `json:"incident_ref"`
	ServiceCode   string `json:"service_code"` // vocabulary "service"
	Institution   string `json:"institution,omitempty"`
	OfficerName   string `json:"officer_name,omitempty"`
	OfficerRank   string `json:"officer_rank,omitempty"`
	Degree        string `json:"degree"` // vocabulary "involvement"
}

var (
	// Courts lists the forums a matter is taken to: Kenya's courts, the
	// coroner's inquest court and the Independent Policing Oversight Authority.
	Courts = []string{"magistrates_court", "high_court", "elrc", "court_of_appeal", "supreme_court", "ipoa", "other"}
	// MatterKinds lists the kinds of legal matter.
	MatterKinds = []string{"criminal_prosecution", "constitutional_petition", "inquest", "ipoa_complaint", "private_prosecution"}
	// MatterStatuses lists where a matter stands.
	MatterStatuses = []string{"preparing", "filed", "ongoing", "concluded", "appeal"}
	// MatterOutcomes lists how a matter ended; pending until it does.
	MatterOutcomes = []string{"pending", "conviction", "acquittal", "compensation", "withdrawn"}
	// HearingPurposes lists what a sitting of the court is for.
	HearingPurposes = []string{"mention", "plea", "hearing", "directions", "ruling", "judgment", "sentencing", "other"}
)

// Normalize trims the texts, drops empty accused ids, defaults the status
// to preparing and the outcome to pending, and forgets a sentence or an
// award that the outcome does not have.
func (m *LegalMatter) Normalize() {
	if m.Status == "" {
		m.Status = "preparing"
	}
	if m.Outcome == "" {
		m.Outcome = "pending"
	}
	m.CourtStation, m.CaseNumber = strings.TrimSpace(m.CourtStation), strings.TrimSpace(m.CaseNumber)
	m.CounselName, m.Sentence, m.Notes = strings.TrimSpace(m.CounselName), strings.TrimSpace(m.Sentence), strings.TrimSpace(m.Notes)
	if m.Outcome != "conviction" {
		m.Sentence = ""
	}
	if m.Outcome != "compensation" {
		m.CompensationKES = 0
	}
	m.AccusedIDs = compact(m.AccusedIDs)
}

// Validate checks a normalised legal matter before it is stored, at instant now.
func (m *LegalMatter) Validate(now time.Time) error {
	p := Problems{}
	if !slices.Contains(Courts, m.Court) {
		p.Add("court", "Choose the court.")
	}
	if !slices.Contains(MatterKinds, m.Kind) {
		p.Add("kind", "Choose the kind of matter.")
	}
	if !slices.Contains(MatterStatuses, m.Status) {
		p.Add("status", "Choose where the matter stands.")
	}
	if !slices.Contains(MatterOutcomes, m.Outcome) {
		p.Add("outcome", "Choose the outcome, or pending.")
	}
	checkLen(p, "court_station", m.CourtStation, 100)
	checkLen(p, "case_number", m.CaseNumber, 100)
	checkLen(p, "counsel_name", m.CounselName, 200)
	checkLen(p, "sentence", m.Sentence, 2000)
	checkLen(p, "notes", m.Notes, 10000)
	if !m.FiledOn.IsZero() && afterToday(m.FiledOn, now) {
		p.Add("filed_on", "The filing date is in the future.")
	}
	if m.Status != "preparing" && m.FiledOn.IsZero() {
		p.Add("filed_on", "Enter the day the matter was filed.")
	}
	switch m.Outcome {
	case "conviction":
		if m.Sentence == "" {
			p.Add("sentence", "Write the sentence given.")
		}
	case "compensation":
		if m.CompensationKES <= 0 {
			p.Add("compensation_kes", "Enter the compensation awarded in shillings.")
		}
	}
	if m.CompensationKES < 0 {
		p.Add("compensation_kes", "Enter the compensation awarded in shillings.")
	}
	return p.Err()
}

// Hearing is one sitting of a legal matter. It is the one record of the
// sitting: calendars read hearings from here and never copy them.
type Hearing struct {
	ID       string `json:"id"`
	MatterID string `json:"matter_id"`
	CaseID   string `json:"case_id"`
	// StartsAt is the instant of the sitting, stored in UTC; forms use
	// Africa/Nairobi time.
	StartsAt     time.Time `json:"starts_at"`
	Court        string    `json:"court"` // one of Courts; the matter's by default
	CourtStation string    `json:"court_station,omitempty"`
	Purpose      string    `json:"purpose"` // one of HearingPurposes
	// WhatHappened is what the court did (sealed).
	WhatHappened string `json:"what_happened,omitempty"`
	// NextDate is the day the court set for the next sitting, if any.
	NextDate  time.Time `json:"next_date"`
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int       `json:"version"`
}

// Normalize trims the court station and what happened.
func (h *Hearing) Normalize() {
	h.CourtStation, h.WhatHappened = strings.TrimSpace(h.CourtStation), strings.TrimSpace(h.WhatHappened)
}

// Validate checks a normalised hearing before it is stored.
func (h *Hearing) Validate() error {
	p := Problems{}
	if h.StartsAt.IsZero() {
		p.Add("starts_at", "Enter the day and time of the hearing.")
	}
	if !slices.Contains(Courts, h.Court) {
		p.Add("court", "Choose the court.")
	}
	if !slices.Contains(HearingPurposes, h.Purpose) {
		p.Add("purpose", "Choose what the hearing is for.")
	}
	checkLen(p, "court_station", h.CourtStation, 100)
	checkLen(p, "what_happened", h.WhatHappened, 10000)
	if !h.NextDate.IsZero() && !h.StartsAt.IsZero() && h.NextDate.Format(time.DateOnly) < h.StartsAt.In(Nairobi).Format(time.DateOnly) {
		p.Add("next_date", "The next date is before this hearing.")
	}
	return p.Err()
}
