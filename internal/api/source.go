package api

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

func (s *Server) createSource(w http.ResponseWriter, r *http.Request) error {
	var src haki.Source
	if err := decode(w, r, &src); err != nil {
		return err
	}
	if src.IncidentID == "" {
		return &haki.Error{Code: haki.EINVALID, Message: "Some fields need attention.",
			Fields: map[string]string{"incident_id": "Say which incident the source is about."}}
	}
	if err := s.store.CreateSource(r.Context(), &src); err != nil {
		return err
	}
	return writeCreated(w, v1+"/sources/"+src.ID, &src)
}

func (s *Server) getSource(w http.ResponseWriter, r *http.Request) error {
	src, err := s.store.FindSourceByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, src)
}

func (s *Server) updateSource(w http.ResponseWriter, r *http.Request) error {
	var src haki.Source
	if err := decode(w, r, &src); err != nil {
		return err
	}
	if err := requireVersion(src.Version); err != nil {
		return err
	}
	src.ID = r.PathValue("id")
	if err := s.store.UpdateSource(r.Context(), &src); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, &src)
}

func (s *Server) deleteSource(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.DeleteSource(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	return noContent(w)
}
