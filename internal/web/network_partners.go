package web

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// networkPartnersPage is the data of the list of partner institutions.
type networkPartnersPage struct {
	Page
	Counties     places
	Kinds        []string
	Kind, County string
	Partners     []*haki.Partner
}

// networkPartners lists partner institutions, of a kind or county.
func (s *Server) networkPartners(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	p := networkPartnersPage{Page: s.page(w, r, "partner.list.title"), Kinds: haki.PartnerKinds, Kind: q.Get("kind"), County: q.Get("county")}
	var err error
	if p.Counties, err = s.counties(ctx); err != nil {
		return err
	}
	if p.Partners, err = s.store.FindPartners(ctx, p.Kind, p.County); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "network_partner_list", p)
}

// partnerFormPage is the data of the new and edit partner forms.
type partnerFormPage struct {
	Page
	Counties places
	Kinds    []string
	Partner  *haki.Partner
	Action   string
}

func (s *Server) renderPartnerForm(w http.ResponseWriter, r *http.Request, p partnerFormPage, status int) error {
	var err error
	p.Kinds = haki.PartnerKinds
	if p.Counties, err = s.counties(r.Context()); err != nil {
		return err
	}
	return s.render(w, r, status, "network_partner_form", p)
}

func (s *Server) partnerNew(w http.ResponseWriter, r *http.Request) error {
	p := partnerFormPage{Page: s.page(w, r, "partner.new.title"), Action: "/network/partners", Partner: &haki.Partner{}}
	return s.renderPartnerForm(w, r, p, http.StatusOK)
}

func (s *Server) partnerEdit(w http.ResponseWriter, r *http.Request) error {
	pa, err := s.store.FindPartnerByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := partnerFormPage{Page: s.page(w, r, "partner.edit.title"), Action: "/network/partners/" + pa.ID, Partner: pa}
	return s.renderPartnerForm(w, r, p, http.StatusOK)
}

func (s *Server) partnerCreate(w http.ResponseWriter, r *http.Request) error {
	p := partnerFormPage{Page: s.page(w, r, "partner.new.title"), Action: "/network/partners"}
	return s.partnerSave(w, r, p, "", "flash.created")
}

func (s *Server) partnerUpdate(w http.ResponseWriter, r *http.Request) error {
	p := partnerFormPage{Page: s.page(w, r, "partner.edit.title"), Action: "/network/partners/" + r.PathValue("id")}
	return s.partnerSave(w, r, p, r.PathValue("id"), "flash.saved")
}

// partnerSave creates (id "") or updates a partner from the form.
func (s *Server) partnerSave(w http.ResponseWriter, r *http.Request, p partnerFormPage, id, flash string) error {
	f := newForm(r)
	pa := &haki.Partner{ID: id, Name: f.str("name"), Kind: f.str("kind"), CountyCode: f.str("county_code"), Contact: f.str("contact"),
		Version: f.version()}
	pa.Normalize()
	err := f.check(pa.Validate)
	if err == nil && id == "" {
		err = s.store.CreatePartner(r.Context(), pa)
	} else if err == nil {
		err = s.store.UpdatePartner(r.Context(), pa)
	}
	if fields, ok := fieldErrors(err); ok {
		p.Partner, p.Errors = pa, fields
		return s.renderPartnerForm(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/network/partners", flash)
}
