package api

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// Groups of unnamed victims of an incident (haki.VictimGroup).

func (s *Server) listVictimGroups(w http.ResponseWriter, r *http.Request) error {
	gs, err := s.store.FindVictimGroups(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeList(w, gs, "")
}

func (s *Server) createVictimGroup(w http.ResponseWriter, r *http.Request) error {
	var g haki.VictimGroup
	if err := decode(w, r, &g); err != nil {
		return err
	}
	if g.IncidentID == "" {
		return &haki.Error{Code: haki.EINVALID, Message: "Some fields need attention.",
			Fields: map[string]string{"incident_id": "Say which incident the group belongs to."}}
	}
	if err := s.store.CreateVictimGroup(r.Context(), &g); err != nil {
		return err
	}
	return writeCreated(w, v1+"/victim-groups/"+g.ID, &g)
}

func (s *Server) getVictimGroup(w http.ResponseWriter, r *http.Request) error {
	g, err := s.store.FindVictimGroupByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, g)
}

func (s *Server) updateVictimGroup(w http.ResponseWriter, r *http.Request) error {
	var g haki.VictimGroup
	if err := decode(w, r, &g); err != nil {
		return err
	}
	if err := requireVersion(g.Version); err != nil {
		return err
	}
	g.ID = r.PathValue("id")
	if err := s.store.UpdateVictimGroup(r.Context(), &g); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, &g)
}

func (s *Server) deleteVictimGroup(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.DeleteVictimGroup(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	return noContent(w)
}

// GroupReplacement names the person who takes the place of one member of
// a group of unnamed victims.
type GroupReplacement struct {
	PersonID string `json:"person_id"`
	Version  int    `json:"version"` // the group's version as read
}

func (s *Server) replaceGroupMember(w http.ResponseWriter, r *http.Request) error {
	var b GroupReplacement
	if err := decode(w, r, &b); err != nil {
		return err
	}
	if err := requireVersion(b.Version); err != nil {
		return err
	}
	a, err := s.store.ReplaceGroupMember(r.Context(), r.PathValue("id"), b.Version, b.PersonID)
	if err != nil {
		return err
	}
	return writeCreated(w, v1+"/acts/"+a.ID, a)
}
