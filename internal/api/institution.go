package api

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

func (s *Server) listInstitutions(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	items, err := s.store.FindInstitutions(r.Context(), q.Get("service"), q.Get("county"), "")
	if err != nil {
		return err
	}
	return writeList(w, items, "")
}

func (s *Server) createInstitution(w http.ResponseWriter, r *http.Request) error {
	var in haki.Institution
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := s.store.CreateInstitution(r.Context(), &in); err != nil {
		return err
	}
	return writeCreated(w, v1+"/institutions/"+in.ID, &in)
}

func (s *Server) getInstitution(w http.ResponseWriter, r *http.Request) error {
	in, err := s.store.FindInstitutionByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, in)
}

func (s *Server) updateInstitution(w http.ResponseWriter, r *http.Request) error {
	var in haki.Institution
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := requireVersion(in.Version); err != nil {
		return err
	}
	in.ID = r.PathValue("id")
	if err := s.store.UpdateInstitution(r.Context(), &in); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, &in)
}

func (s *Server) deleteInstitution(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.DeleteInstitution(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	return noContent(w)
}
