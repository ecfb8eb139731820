package api

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// PickSearch is the body of POST /pick/{persons,incidents,cases}: what a
// person typed into a record picker.
type PickSearch struct {
	Q string `json:"q"`
}

// The pickers answer with the few records (store.PickLimit) of a kind the
// caller may see that match part of a name, an ID or phone number or part
// of a reference, as the staff pages' pickers do. The text travels in the
// body, never in the URL.

func (s *Server) pickPersons(w http.ResponseWriter, r *http.Request) error {
	var q PickSearch
	if err := decode(w, r, &q); err != nil {
		return err
	}
	items, err := s.store.PickPersons(r.Context(), q.Q)
	if err != nil {
		return err
	}
	return writeList(w, items, "")
}

func (s *Server) pickIncidents(w http.ResponseWriter, r *http.Request) error {
	var q PickSearch
	if err := decode(w, r, &q); err != nil {
		return err
	}
	items, err := s.store.PickIncidents(r.Context(), q.Q)
	if err != nil {
		return err
	}
	return writeList(w, items, "")
}

func (s *Server) pickCases(w http.ResponseWriter, r *http.Request) error {
	var q PickSearch
	if err := decode(w, r, &q); err != nil {
		return err
	}
	items, err := s.store.PickCases(r.Context(), q.Q)
	if err != nil {
		return err
	}
	return writeList(w, items, "")
}

// getPersonRecords answers the incidents (with the person's part) and cases
// a person is in, those the caller may see.
func (s *Server) getPersonRecords(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.store.FindPersonRecords(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if rec.Incidents == nil {
		rec.Incidents = []haki.PersonIncident{}
	}
	if rec.Cases == nil {
		rec.Cases = []*haki.Case{}
	}
	return writeJSON(w, http.StatusOK, rec)
}
