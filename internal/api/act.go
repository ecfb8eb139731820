package api

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

func (s *Server) createAct(w http.ResponseWriter, r *http.Request) error {
	var a haki.Act
	if err := decode(w, r, &a); err != nil {
		return err
	}
	if a.IncidentID == "" {
		return &haki.Error{Code: haki.EINVALID, Message: "Some fields need attention.",
			Fields: map[string]string{"incident_id": "Say which incident the act belongs to."}}
	}
	if err := s.store.CreateAct(r.Context(), &a); err != nil {
		return err
	}
	return writeCreated(w, v1+"/acts/"+a.ID, &a)
}

func (s *Server) getAct(w http.ResponseWriter, r *http.Request) error {
	a, err := s.store.FindActByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}

func (s *Server) updateAct(w http.ResponseWriter, r *http.Request) error {
	var a haki.Act
	if err := decode(w, r, &a); err != nil {
		return err
	}
	if err := requireVersion(a.Version); err != nil {
		return err
	}
	a.ID = r.PathValue("id")
	if err := s.store.UpdateAct(r.Context(), &a); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, &a)
}

func (s *Server) deleteAct(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.DeleteAct(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) createInvolvement(w http.ResponseWriter, r *http.Request) error {
	var v haki.Involvement
	if err := decode(w, r, &v); err != nil {
		return err
	}
	if v.ActID == "" {
		return &haki.Error{Code: haki.EINVALID, Message: "Some fields need attention.",
			Fields: map[string]string{"act_id": "Say which act the involvement belongs to."}}
	}
	if err := s.store.CreateInvolvement(r.Context(), &v); err != nil {
		return err
	}
	return writeCreated(w, v1+"/involvements/"+v.ID, &v)
}

func (s *Server) getInvolvement(w http.ResponseWriter, r *http.Request) error {
	v, err := s.store.FindInvolvementByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) updateInvolvement(w http.ResponseWriter, r *http.Request) error {
	var v haki.Involvement
	if err := decode(w, r, &v); err != nil {
		return err
	}
	if err := requireVersion(v.Version); err != nil {
		return err
	}
	v.ID = r.PathValue("id")
	if err := s.store.UpdateInvolvement(r.Context(), &v); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, &v)
}

func (s *Server) deleteInvolvement(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.DeleteInvolvement(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	return noContent(w)
}
