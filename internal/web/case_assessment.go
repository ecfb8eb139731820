package web

import (
	"net/http"
	"time"

	"github.com/haki-kenya/haki"
)

// assessmentView is what the "assessment-fields" partial draws: the fields
// of a risk and protection assessment, named with Prefix ("assessment." in
// the intake, "" on the case's page), with the needs when ShowNeeds.
type assessmentView struct {
	Page
	In                                  assessmentInput
	Needs                               []string // chosen
	AllNeeds, ThreatLevels, ContactWays []string
	Prefix                              string
	ShowNeeds                           bool
}

// AssessmentFields draws step 4 of the intake (its needs are on step 3).
func (p intakePage) AssessmentFields() assessmentView {
	return assessmentView{Page: p.Page, In: p.Data.Assessment, ThreatLevels: haki.ThreatLevels, ContactWays: haki.ContactMethods,
		Prefix: "assessment."}
}

// caseAssessmentPage is a case's assessments: the one in force, the
// history, and the form to record a new one.
type caseAssessmentPage struct {
	Page
	Case    *haki.Case
	History []*haki.Assessment
	In      assessmentInput
	Needs   []string
}

// Fields draws the form's fields.
func (p caseAssessmentPage) Fields() assessmentView {
	return assessmentView{Page: p.Page, In: p.In, Needs: p.Needs, AllNeeds: haki.Needs, ThreatLevels: haki.ThreatLevels,
		ContactWays: haki.ContactMethods, ShowNeeds: true}
}

func (s *Server) renderCaseAssessments(w http.ResponseWriter, r *http.Request, p caseAssessmentPage, status int) error {
	var err error
	if p.History, err = s.store.FindAssessments(r.Context(), p.Case.ID); err != nil {
		return err
	}
	if p.In.AssessedOn == "" {
		p.In.AssessedOn = haki.Today(s.now()).Format(time.DateOnly)
	}
	p.Title = p.Case.Ref + " · " + p.T("case.assessment.title")
	return s.render(w, r, status, "case_assessment", p)
}

// caseAssessments shows a case's assessments; the form starts from the one
// in force, so a review changes only what changed.
func (s *Server) caseAssessments(w http.ResponseWriter, r *http.Request) error {
	c, err := s.store.FindCaseByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := caseAssessmentPage{Page: s.page(w, r, "case.assessment.title"), Case: c}
	list, err := s.store.FindAssessments(r.Context(), c.ID)
	if err != nil {
		return err
	}
	if len(list) > 0 {
		a := list[0]
		p.In = assessmentInput{ThreatLevel: a.ThreatLevel, ThreatenedBy: a.ThreatenedBy, SafeTimes: a.SafeTimes,
			ContactMethod: a.ContactMethod, SafeToCall: a.SafeToCall, SafeToText: a.SafeToText}
		p.Needs = a.Needs
	}
	return s.renderCaseAssessments(w, r, p, http.StatusOK)
}

// caseAssessmentCreate records a new assessment of a case.
func (s *Server) caseAssessmentCreate(w http.ResponseWriter, r *http.Request) error {
	c, err := s.store.FindCaseByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm(r)
	in := assessmentInput{AssessedOn: f.str("assessed_on"), ThreatLevel: f.str("threat_level"), ThreatenedBy: f.str("threatened_by"),
		SafeTimes: f.str("safe_times"), ContactMethod: f.str("contact_method"), Notes: f.str("notes"),
		SafeToCall: f.bool("safe_to_call"), SafeToText: f.bool("safe_to_text")}
	a := &haki.Assessment{CaseID: c.ID, ThreatLevel: in.ThreatLevel, ThreatenedBy: in.ThreatenedBy, SafeToCall: in.SafeToCall,
		SafeToText: in.SafeToText, SafeTimes: in.SafeTimes, ContactMethod: in.ContactMethod, Needs: f.strs("needs"), Notes: in.Notes}
	a.AssessedOn = f.cwDay("assessed_on")
	a.Normalize()
	err = f.check(func() error { return a.Validate(s.now()) })
	if err == nil {
		err = s.store.RecordAssessment(r.Context(), a)
	}
	if fields, ok := fieldErrors(err); ok {
		p := caseAssessmentPage{Page: s.page(w, r, "case.assessment.title"), Case: c, In: in, Needs: a.Needs}
		p.Errors = fields
		return s.renderCaseAssessments(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/cases/"+c.ID+"/assessments", "flash.saved")
}

// cwDay reads a calendar day written 2024-01-31 (a date input).
func (f *form) cwDay(name string) time.Time {
	v := f.str(name)
	if v == "" {
		return time.Time{}
	}
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		f.problems.Add(name, "Write the day as 2024-01-31.")
	}
	return t
}
