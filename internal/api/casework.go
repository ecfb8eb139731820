package api

import (
	"net/http"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// ConsentJSON is a consent as the API reads and writes it: the day of the
// decision is a day.
type ConsentJSON struct {
	haki.Consent
	DecidedOn Date `json:"decided_on"`
}

func consentJSON(c *haki.Consent) *ConsentJSON {
	return &ConsentJSON{Consent: *c, DecidedOn: Date{c.DecidedOn}}
}

func (cj *ConsentJSON) domain() *haki.Consent {
	c := cj.Consent
	c.DecidedOn = cj.DecidedOn.Time
	return &c
}

// ConsentsJSON is a case client's decisions: the one in force per purpose
// (absent: none recorded) and the whole history, newest first.
type ConsentsJSON struct {
	InForce map[string]*ConsentJSON `json:"in_force"`
	Items   []*ConsentJSON          `json:"items"`
}

// AssessmentJSON is an assessment as the API reads and writes it.
type AssessmentJSON struct {
	haki.Assessment
	AssessedOn Date `json:"assessed_on"`
}

func assessmentJSON(a *haki.Assessment) *AssessmentJSON {
	return &AssessmentJSON{Assessment: *a, AssessedOn: Date{a.AssessedOn}}
}

func (aj *AssessmentJSON) domain() *haki.Assessment {
	a := aj.Assessment
	a.AssessedOn = aj.AssessedOn.Time
	return &a
}

// NoteJSON is a note written on a case's timeline.
type NoteJSON struct {
	Body string `json:"body"`
}

// StatusChangeJSON moves a case to another status.
type StatusChangeJSON struct {
	Version       int    `json:"version"`
	Status        string `json:"status"`
	ClosureReason string `json:"closure_reason,omitempty"` // vocabulary "closure_reason", to close
	// Reason is required to reopen a closed case.
	Reason string `json:"reason,omitempty"`
}

// IntakeJSON is a whole intake, written in one transaction: the client
// (client_id, or new_client), the incidents (incident_ids and/or
// new_incident), the consents asked, the assessment and the case's fields.
type IntakeJSON struct {
	ClientID    string          `json:"client_id,omitempty"`
	NewClient   *haki.Person    `json:"new_client,omitempty"`
	IncidentIDs []string        `json:"incident_ids"`
	NewIncident *haki.Incident  `json:"new_incident,omitempty"`
	Consents    []ConsentJSON   `json:"consents"`
	Assessment  *AssessmentJSON `json:"assessment"`
	Case        CaseJSON        `json:"case"`
}

func (ij *IntakeJSON) domain() *haki.Intake {
	in := &haki.Intake{ClientID: ij.ClientID, NewClient: ij.NewClient, IncidentIDs: ij.IncidentIDs, NewIncident: ij.NewIncident,
		Case: *ij.Case.domain()}
	for i := range ij.Consents {
		in.Consents = append(in.Consents, *ij.Consents[i].domain())
	}
	if ij.Assessment != nil {
		in.Assessment = ij.Assessment.domain()
	}
	return in
}

func (s *Server) listConsents(w http.ResponseWriter, r *http.Request) error {
	history, err := s.store.FindConsents(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	out := ConsentsJSON{InForce: map[string]*ConsentJSON{}, Items: []*ConsentJSON{}}
	for purpose, c := range store.ConsentsInForce(history) {
		out.InForce[purpose] = consentJSON(c)
	}
	for _, c := range history {
		out.Items = append(out.Items, consentJSON(c))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) createConsent(w http.ResponseWriter, r *http.Request) error {
	var in ConsentJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	c := in.domain()
	c.CaseID = r.PathValue("id")
	if err := s.store.RecordConsent(r.Context(), c); err != nil {
		return err
	}
	return writeCreated(w, v1+"/cases/"+c.CaseID+"/consents", consentJSON(c))
}

func (s *Server) listAssessments(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.FindAssessments(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	items := make([]*AssessmentJSON, len(list))
	for i, a := range list {
		items[i] = assessmentJSON(a)
	}
	return writeList(w, items, "")
}

func (s *Server) createAssessment(w http.ResponseWriter, r *http.Request) error {
	var in AssessmentJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	a := in.domain()
	a.CaseID = r.PathValue("id")
	if err := s.store.RecordAssessment(r.Context(), a); err != nil {
		return err
	}
	return writeCreated(w, v1+"/cases/"+a.CaseID+"/assessments", assessmentJSON(a))
}

func (s *Server) listTimeline(w http.ResponseWriter, r *http.Request) error {
	events, err := s.store.FindCaseEvents(r.Context(), r.PathValue("id"), r.URL.Query().Get("kind"))
	if haki.ErrorCode(err) == haki.EINVALID {
		return badParam("kind", haki.ErrorMessage(err))
	} else if err != nil {
		return err
	}
	return writeList(w, events, "")
}

func (s *Server) createNote(w http.ResponseWriter, r *http.Request) error {
	var in NoteJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	e, err := s.store.AddCaseNote(r.Context(), r.PathValue("id"), in.Body)
	if err != nil {
		return err
	}
	return writeCreated(w, v1+"/cases/"+e.CaseID+"/timeline", e)
}

func (s *Server) changeStatus(w http.ResponseWriter, r *http.Request) error {
	var in StatusChangeJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := requireVersion(in.Version); err != nil {
		return err
	}
	id := r.PathValue("id")
	if err := s.store.ChangeCaseStatus(r.Context(), id, in.Version, in.Status, in.ClosureReason, in.Reason); err != nil {
		return err
	}
	c, err := s.store.FindCaseByID(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, caseJSON(c))
}

// createIntake writes a whole intake at once; the API keeps no drafts
// (those are the web pages' help for a person filling screens).
func (s *Server) createIntake(w http.ResponseWriter, r *http.Request) error {
	var in IntakeJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	c, err := s.store.FinishIntake(r.Context(), in.domain(), "")
	if err != nil {
		return err
	}
	// Read back with the client's name; a caller who opened a sensitive
	// case for someone else gets what they wrote.
	if full, err := s.store.FindCaseByID(r.Context(), c.ID); err == nil {
		c = full
	} else if haki.ErrorCode(err) != haki.ENOTFOUND {
		return err
	}
	return writeCreated(w, v1+"/cases/"+c.ID, caseJSON(c))
}
