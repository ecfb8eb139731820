package web

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// institutionFormPage is the data of the new and edit institution forms.
type institutionFormPage struct {
	Page
	Vocab       Vocab
	Counties    places
	Kinds       []string
	Institution *haki.Institution
	Action      string
}

func (s *Server) renderInstitutionForm(w http.ResponseWriter, r *http.Request, p institutionFormPage, status int) error {
	ctx := r.Context()
	var err error
	if p.Vocab, err = s.vocab(ctx, p.Lang, "service"); err != nil {
		return err
	}
	if p.Counties, err = s.counties(ctx); err != nil {
		return err
	}
	p.Kinds = haki.InstitutionKinds
	return s.render(w, r, status, "institution_form", p)
}

func (s *Server) institutionNew(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p := institutionFormPage{Page: s.page(w, r, "institution.new.title"), Action: "/institutions",
		Institution: &haki.Institution{Kind: "station", ServiceCode: q.Get("service"), CountyCode: q.Get("county")}}
	return s.renderInstitutionForm(w, r, p, http.StatusOK)
}

func (s *Server) institutionEdit(w http.ResponseWriter, r *http.Request) error {
	in, err := s.store.FindInstitutionByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := institutionFormPage{Page: s.page(w, r, "institution.edit.title"), Action: "/institutions/" + in.ID, Institution: in}
	return s.renderInstitutionForm(w, r, p, http.StatusOK)
}

func readInstitution(f *form) *haki.Institution {
	return &haki.Institution{ServiceCode: f.str("service_code"), Kind: f.str("kind"), Name: f.str("name"),
		CountyCode: f.str("county_code"), Version: f.version()}
}

func (s *Server) institutionCreate(w http.ResponseWriter, r *http.Request) error {
	p := institutionFormPage{Page: s.page(w, r, "institution.new.title"), Action: "/institutions"}
	return s.institutionSave(w, r, p, "", "flash.created")
}

func (s *Server) institutionUpdate(w http.ResponseWriter, r *http.Request) error {
	p := institutionFormPage{Page: s.page(w, r, "institution.edit.title"), Action: "/institutions/" + r.PathValue("id")}
	return s.institutionSave(w, r, p, r.PathValue("id"), "flash.saved")
}

// institutionSave creates (id "") or updates an institution and goes back
// to the list of its service.
func (s *Server) institutionSave(w http.ResponseWriter, r *http.Request, p institutionFormPage, id, flash string) error {
	f := newForm(r)
	in := readInstitution(f)
	in.ID = id
	in.Normalize()
	err := f.check(in.Validate)
	if err == nil && id == "" {
		err = s.store.CreateInstitution(r.Context(), in)
	} else if err == nil {
		err = s.store.UpdateInstitution(r.Context(), in)
	}
	if fields, ok := fieldErrors(err); ok {
		p.Institution, p.Errors = in, fields
		return s.renderInstitutionForm(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/institutions?service="+in.ServiceCode, flash)
}

// institutionDelete removes an institution no perpetrator refers to.
func (s *Server) institutionDelete(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.DeleteInstitution(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	return s.redirect(w, r, "/institutions", "flash.deleted")
}
