package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/haki-kenya/haki"
)

// groupFormPage is the form of a group of unnamed victims of an incident
// ("about 30 protesters injured"), or of the person who replaces one of them.
type groupFormPage struct {
	Page
	Vocab    Vocab
	Incident *haki.Incident
	Group    *haki.VictimGroup
	Count    string
	Bands    []string
	// VictimRef is the person who replaces a member (replace form).
	VictimRef string
}

func (s *Server) renderGroupForm(w http.ResponseWriter, r *http.Request, name string, p groupFormPage, status int) error {
	var err error
	if p.Vocab, err = s.vocab(r.Context(), p.Lang, actVocabs...); err != nil {
		return err
	}
	p.Bands = append(haki.DefaultAgeBands().Codes(), haki.AgeUnknown, haki.AgeMixed)
	return s.render(w, r, status, name, p)
}

// incidentAndGroup finds the incident of the path and its group; a group
// of another incident is not found.
func (s *Server) incidentAndGroup(ctx context.Context, r *http.Request) (*haki.Incident, *haki.VictimGroup, error) {
	inc, err := s.store.FindIncidentByID(ctx, r.PathValue("id"))
	if err != nil || r.PathValue("group") == "" {
		return inc, nil, err
	}
	g, err := s.store.FindVictimGroupByID(ctx, r.PathValue("group"))
	if err != nil {
		return nil, nil, err
	}
	if g.IncidentID != inc.ID {
		return nil, nil, haki.Errorf(haki.ENOTFOUND, "No such victim group.")
	}
	return inc, g, nil
}

func (s *Server) groupNew(w http.ResponseWriter, r *http.Request) error {
	inc, _, err := s.incidentAndGroup(r.Context(), r)
	if err != nil {
		return err
	}
	p := groupFormPage{Page: s.page(w, r, "group.new.title"), Incident: inc, Group: &haki.VictimGroup{Sex: "unknown", AgeBand: haki.AgeUnknown}}
	return s.renderGroupForm(w, r, "group_form", p, http.StatusOK)
}

func (s *Server) groupCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	inc, _, err := s.incidentAndGroup(ctx, r)
	if err != nil {
		return err
	}
	f := newForm(r)
	g := &haki.VictimGroup{IncidentID: inc.ID, Approx: f.bool("approx"), Sex: f.str("sex"), AgeBand: f.str("age_band"),
		Description: f.str("description"), ActType: f.str("act_type"), Method: f.str("method"), VictimStatus: f.str("victim_status")}
	count := strings.TrimSpace(f.str("count"))
	if n, err := strconv.Atoi(count); err == nil {
		g.Count = n
	} else {
		f.problems.Add("count", "Enter a whole number.")
	}
	g.Normalize()
	err = f.check(g.Validate)
	if err == nil {
		err = s.store.CreateVictimGroup(ctx, g)
	}
	if fields, ok := fieldErrors(err); ok {
		p := groupFormPage{Page: s.page(w, r, "group.new.title"), Incident: inc, Group: g, Count: count}
		p.Errors = fields
		return s.renderGroupForm(w, r, "group_form", p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/incidents/"+inc.ID, "flash.created")
}

func (s *Server) groupDelete(w http.ResponseWriter, r *http.Request) error {
	inc, g, err := s.incidentAndGroup(r.Context(), r)
	if err != nil {
		return err
	}
	if err := s.store.DeleteVictimGroup(r.Context(), g.ID); err != nil {
		return err
	}
	return s.redirect(w, r, "/incidents/"+inc.ID, "flash.deleted")
}

// groupReplaceForm asks which recorded person takes the place of one
// member of the group (the record picker finds them).
func (s *Server) groupReplaceForm(w http.ResponseWriter, r *http.Request) error {
	inc, g, err := s.incidentAndGroup(r.Context(), r)
	if err != nil {
		return err
	}
	p := groupFormPage{Page: s.page(w, r, "group.replace.title"), Incident: inc, Group: g}
	return s.renderGroupForm(w, r, "group_replace", p, http.StatusOK)
}

// groupReplace puts the person in the place of one member: the group's
// count goes down by one and the person's act is added, in one transaction.
func (s *Server) groupReplace(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	inc, g, err := s.incidentAndGroup(ctx, r)
	if err != nil {
		return err
	}
	f := newForm(r)
	victim, err := s.readVictimRef(ctx, f)
	if err == nil && len(f.problems) == 0 {
		_, err = s.store.ReplaceGroupMember(ctx, g.ID, f.version(), victim.ID)
	} else if err == nil {
		err = f.problems.Err()
	}
	if fields, ok := fieldErrors(err); ok {
		if v, ok := fields["person_id"]; ok {
			fields["victim_ref"] = v
		}
		p := groupFormPage{Page: s.page(w, r, "group.replace.title"), Incident: inc, Group: g, VictimRef: f.str("victim_ref")}
		p.Errors = fields
		return s.renderGroupForm(w, r, "group_replace", p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/incidents/"+inc.ID, "flash.saved")
}

// readVictimRef reads a recorded person by reference; a problem goes into the form.
func (s *Server) readVictimRef(ctx context.Context, f *form) (*haki.Person, error) {
	if strings.TrimSpace(f.str("victim_ref")) == "" {
		f.problems.Add("victim_ref", "Enter the reference of a recorded person.")
		return &haki.Person{}, nil
	}
	return s.readVictim(ctx, f)
}
