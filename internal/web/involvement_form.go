package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/haki-kenya/haki"
)

// involvementFormPage is the data of the form for a perpetrator's part in an act.
type involvementFormPage struct {
	Page
	Vocab        Vocab
	Incident     *haki.Incident
	Act          *haki.Act
	Involvement  *haki.Involvement
	Institutions []*haki.Institution
	Action       string
	// Outcome rows: the outcomes and their choices (involvement_outcomes.go).
	OutcomeRows        []haki.Outcome
	OutcomeKinds       []string
	OutcomeSourceKinds []string
}

// OErr returns the problem of field of the outcome in row i.
func (p involvementFormPage) OErr(i int, field string) string {
	return p.Err("outcomes[" + strconv.Itoa(i) + "]." + field)
}

func (s *Server) renderInvolvementForm(w http.ResponseWriter, r *http.Request, p involvementFormPage, status int) error {
	ctx := r.Context()
	var err error
	if p.Vocab, err = s.vocab(ctx, p.Lang, "service", "involvement"); err != nil {
		return err
	}
	if p.Institutions, err = s.store.FindInstitutions(ctx, "", "", ""); err != nil {
		return err
	}
	p.OutcomeRows, p.OutcomeKinds, p.OutcomeSourceKinds = outcomeRows(p.Involvement), haki.OutcomeKinds, haki.OutcomeSourceKinds
	return s.render(w, r, status, "involvement_form", p)
}

// incidentActInvolvement finds the incident of the path, the involvement
// when the path names one, and its act; parts of another incident are not found.
func (s *Server) incidentActInvolvement(ctx context.Context, r *http.Request) (*haki.Incident, *haki.Act, *haki.Involvement, error) {
	if r.PathValue("inv") == "" {
		inc, a, err := s.incidentAndAct(ctx, r)
		return inc, a, nil, err
	}
	inc, err := s.store.FindIncidentByID(ctx, r.PathValue("id"))
	if err != nil {
		return nil, nil, nil, err
	}
	v, err := s.store.FindInvolvementByID(ctx, r.PathValue("inv"))
	if err != nil {
		return nil, nil, nil, err
	}
	a, err := s.store.FindActByID(ctx, v.ActID)
	if err != nil {
		return nil, nil, nil, err
	}
	if a.IncidentID != inc.ID {
		return nil, nil, nil, haki.Errorf(haki.ENOTFOUND, "No such involvement.")
	}
	return inc, a, v, nil
}

func (s *Server) involvementNew(w http.ResponseWriter, r *http.Request) error {
	inc, a, _, err := s.incidentActInvolvement(r.Context(), r)
	if err != nil {
		return err
	}
	p := involvementFormPage{Page: s.page(w, r, "involvement.new.title"), Incident: inc, Act: a,
		Involvement: &haki.Involvement{ActID: a.ID}, Action: "/incidents/" + inc.ID + "/acts/" + a.ID + "/involvements"}
	return s.renderInvolvementForm(w, r, p, http.StatusOK)
}

func (s *Server) involvementEdit(w http.ResponseWriter, r *http.Request) error {
	inc, a, v, err := s.incidentActInvolvement(r.Context(), r)
	if err != nil {
		return err
	}
	p := involvementFormPage{Page: s.page(w, r, "involvement.edit.title"), Incident: inc, Act: a, Involvement: v,
		Action: "/incidents/" + inc.ID + "/involvements/" + v.ID}
	return s.renderInvolvementForm(w, r, p, http.StatusOK)
}

func readInvolvement(f *form) *haki.Involvement {
	return &haki.Involvement{ServiceCode: f.str("service_code"), InstitutionID: f.str("institution_id"),
		OfficerName: f.str("officer_name"), OfficerServiceNumber: f.str("officer_service_number"),
		OfficerRank: f.str("officer_rank"), Degree: f.str("degree"), Notes: f.str("notes"), Outcomes: readOutcomes(f),
		Version: f.version()}
}

func (s *Server) involvementCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveInvolvement(w, r, "involvement.new.title", "flash.created")
}

func (s *Server) involvementUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.saveInvolvement(w, r, "involvement.edit.title", "flash.saved")
}

// saveInvolvement creates or updates an involvement, as the path says.
func (s *Server) saveInvolvement(w http.ResponseWriter, r *http.Request, titleKey, flash string) error {
	ctx := r.Context()
	inc, a, old, err := s.incidentActInvolvement(ctx, r)
	if err != nil {
		return err
	}
	f := newForm(r)
	v := readInvolvement(f)
	v.ActID = a.ID
	action := "/incidents/" + inc.ID + "/acts/" + a.ID + "/involvements"
	if old != nil {
		v.ID, action = old.ID, "/incidents/"+inc.ID+"/involvements/"+old.ID
	}
	if applyOutcomeAction(v, f.str("row_action")) {
		p := involvementFormPage{Page: s.page(w, r, titleKey), Incident: inc, Act: a, Involvement: v, Action: action}
		return s.renderInvolvementForm(w, r, p, http.StatusOK)
	}
	err = f.check(func() error { return v.Validate(s.now()) })
	if err == nil && old == nil {
		err = s.store.CreateInvolvement(ctx, v)
	} else if err == nil {
		err = s.store.UpdateInvolvement(ctx, v)
	}
	if fields, ok := fieldErrors(err); ok {
		p := involvementFormPage{Page: s.page(w, r, titleKey), Incident: inc, Act: a, Involvement: v, Action: action}
		p.Errors = fields
		return s.renderInvolvementForm(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/incidents/"+inc.ID, flash)
}

func (s *Server) involvementDelete(w http.ResponseWriter, r *http.Request) error {
	inc, _, v, err := s.incidentActInvolvement(r.Context(), r)
	if err != nil {
		return err
	}
	if err := s.store.DeleteInvolvement(r.Context(), v.ID); err != nil {
		return err
	}
	return s.redirect(w, r, "/incidents/"+inc.ID, "flash.deleted")
}
