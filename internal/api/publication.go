package api

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// The publication details of an incident: what the public portal shows of
// it (store/publication.go). Reading them needs incident.read; writing and
// withdrawing them incident.verify (data managers and administrators).

func (s *Server) getPublication(w http.ResponseWriter, r *http.Request) error {
	pub, err := s.store.FindPublication(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, pub)
}

// putPublication writes them; version is 0 for a first publication.
func (s *Server) putPublication(w http.ResponseWriter, r *http.Request) error {
	var pub haki.Publication
	if err := decode(w, r, &pub); err != nil {
		return err
	}
	pub.IncidentID = r.PathValue("id")
	if err := s.store.SetPublication(r.Context(), &pub); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, &pub)
}

func (s *Server) deletePublication(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.WithdrawPublication(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	return noContent(w)
}
