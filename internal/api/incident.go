package api

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

func (s *Server) listIncidents(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := haki.IncidentFilter{Type: q.Get("type"), CountyCode: q.Get("county"), Verification: q.Get("verification")}
	var err error
	if f.Year, err = intParam(r, "year"); err != nil {
		return err
	}
	if f.Cursor, f.Limit, err = pageParams(r); err != nil {
		return err
	}
	items, next, err := s.store.FindIncidents(r.Context(), f)
	if err != nil {
		return err
	}
	return writeList(w, items, next)
}

func (s *Server) createIncident(w http.ResponseWriter, r *http.Request) error {
	var inc haki.Incident
	if err := decode(w, r, &inc); err != nil {
		return err
	}
	if err := s.store.CreateIncident(r.Context(), &inc); err != nil {
		return err
	}
	return writeCreated(w, v1+"/incidents/"+inc.ID, &inc)
}

func (s *Server) getIncident(w http.ResponseWriter, r *http.Request) error {
	inc, err := s.store.FindIncidentByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, inc)
}

func (s *Server) updateIncident(w http.ResponseWriter, r *http.Request) error {
	var inc haki.Incident
	if err := decode(w, r, &inc); err != nil {
		return err
	}
	if err := requireVersion(inc.Version); err != nil {
		return err
	}
	inc.ID = r.PathValue("id")
	if err := s.store.UpdateIncident(r.Context(), &inc); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, &inc)
}

func (s *Server) deleteIncident(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.DeleteIncident(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	return noContent(w)
}

func (s *Server) listActs(w http.ResponseWriter, r *http.Request) error {
	acts, err := s.store.FindActs(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeList(w, acts, "")
}

func (s *Server) listSources(w http.ResponseWriter, r *http.Request) error {
	srcs, err := s.store.FindSources(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeList(w, srcs, "")
}

// requireVersion makes a full replacement say which version it replaces,
// so a client that forgot cannot overwrite someone else's change.
func requireVersion(v int) error {
	if v < 1 {
		return &haki.Error{Code: haki.EINVALID, Message: "Say which version you are replacing.",
			Fields: map[string]string{"version": "Send the version you read."}}
	}
	return nil
}
