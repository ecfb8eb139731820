package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/haki-kenya/haki"
)

// actFormPage is the data of the form for one victim's act in an incident.
type actFormPage struct {
	Page
	Vocab    Vocab
	Incident *haki.Incident
	Act      *haki.Act
	Action   string
	// The victim: an existing person's reference, or a new person's name,
	// sex and age, created with the act.
	VictimRef, NewName, NewSex, Age string
}

var actVocabs = []string{"act_type", "method", "consequence", "victim_status", "sex"}

func (s *Server) renderActForm(w http.ResponseWriter, r *http.Request, p actFormPage, status int) error {
	var err error
	if p.Vocab, err = s.vocab(r.Context(), p.Lang, actVocabs...); err != nil {
		return err
	}
	return s.render(w, r, status, "act_form", p)
}

// incidentAndAct finds the incident of the path and, when the path names
// one, its act; an act of another incident is not found.
func (s *Server) incidentAndAct(ctx context.Context, r *http.Request) (*haki.Incident, *haki.Act, error) {
	inc, err := s.store.FindIncidentByID(ctx, r.PathValue("id"))
	if err != nil || r.PathValue("act") == "" {
		return inc, nil, err
	}
	a, err := s.store.FindActByID(ctx, r.PathValue("act"))
	if err != nil {
		return nil, nil, err
	}
	if a.IncidentID != inc.ID {
		return nil, nil, haki.Errorf(haki.ENOTFOUND, "No such act.")
	}
	return inc, a, nil
}

func (s *Server) actNew(w http.ResponseWriter, r *http.Request) error {
	inc, _, err := s.incidentAndAct(r.Context(), r)
	if err != nil {
		return err
	}
	p := actFormPage{Page: s.page(w, r, "act.new.title"), Incident: inc, Act: &haki.Act{}, Action: "/incidents/" + inc.ID + "/acts"}
	return s.renderActForm(w, r, p, http.StatusOK)
}

func (s *Server) actEdit(w http.ResponseWriter, r *http.Request) error {
	inc, a, err := s.incidentAndAct(r.Context(), r)
	if err != nil {
		return err
	}
	p := actFormPage{Page: s.page(w, r, "act.edit.title"), Incident: inc, Act: a, VictimRef: a.VictimRef,
		Age: deref(a.VictimAge), Action: "/incidents/" + inc.ID + "/acts/" + a.ID}
	return s.renderActForm(w, r, p, http.StatusOK)
}

func readAct(f *form) *haki.Act {
	return &haki.Act{ActType: f.str("act_type"), Method: f.str("method"), Consequences: f.strs("consequences"),
		VictimStatus: f.str("victim_status"), VictimAge: f.int("victim_age"), Notes: f.str("notes"), Version: f.version()}
}

// actCreate records an act. The victim is an existing person found by
// reference, or a new person created with the act in one transaction.
func (s *Server) actCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	inc, _, err := s.incidentAndAct(ctx, r)
	if err != nil {
		return err
	}
	f := newForm(r)
	a := readAct(f)
	a.IncidentID = inc.ID
	victim, err := s.readVictim(ctx, f)
	if err != nil {
		return err
	}
	if victim.ID != "" {
		a.VictimID = victim.ID
	} else {
		a.VictimID = "new" // checked below; the person is made once everything is valid
	}
	a.Normalize()
	err = f.check(a.Validate)
	if err == nil && victim.ID == "" {
		// One transaction: if the act is refused, the person is not kept.
		if err = s.store.CreateActWithPerson(ctx, a, victim); haki.ErrorFields(err) != nil {
			err = personFieldsForForm(haki.ErrorFields(err))
		}
	} else if err == nil {
		err = s.store.CreateAct(ctx, a)
	}
	if fields, ok := fieldErrors(err); ok {
		p := actFormPage{Page: s.page(w, r, "act.new.title"), Incident: inc, Act: a, Action: "/incidents/" + inc.ID + "/acts"}
		return s.actFormAgain(w, r, p, fields)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/incidents/"+inc.ID, "flash.created")
}

// personFieldsForForm moves the new person's field problems to the names
// of the act form's person fields (full_name -> new_name, sex -> new_sex).
func personFieldsForForm(fields map[string]string) error {
	p := haki.Problems{}
	for k, v := range fields {
		switch k {
		case "full_name":
			k = "new_name"
		case "sex":
			k = "new_sex"
		}
		p.Add(k, v)
	}
	return p.Err()
}

// readVictim reads the victim part of the act form: an existing person by
// reference (returned with an ID), or a new person (without one). Problems
// go into the form.
func (s *Server) readVictim(ctx context.Context, f *form) (*haki.Person, error) {
	ref, name := strings.ToUpper(f.str("victim_ref")), f.str("new_name")
	switch {
	case ref != "":
		ps, _, err := s.store.FindPersons(ctx, haki.PersonFilter{Text: ref, Limit: 10})
		if err != nil && haki.ErrorCode(err) != haki.EFORBIDDEN {
			return nil, err
		}
		for _, p := range ps {
			if p.Ref == ref {
				return p, nil
			}
		}
		f.problems.Add("victim_ref", "No person has this reference.")
		return &haki.Person{ID: "unknown"}, nil
	case name != "":
		p := &haki.Person{FullName: name, Sex: f.str("new_sex"), EstimatedAge: f.int("victim_age")}
		p.Normalize()
		for k, v := range haki.ErrorFields(personFieldsForForm(haki.ErrorFields(p.Validate(s.now())))) {
			f.problems.Add(k, v)
		}
		return p, nil
	}
	f.problems.Add("victim_ref", "Enter the reference of a recorded person, or the name of a new person.")
	return &haki.Person{ID: "unknown"}, nil
}

func (s *Server) actUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	inc, old, err := s.incidentAndAct(ctx, r)
	if err != nil {
		return err
	}
	f := newForm(r)
	a := readAct(f)
	a.ID, a.IncidentID, a.VictimID = old.ID, inc.ID, old.VictimID
	if ref := strings.ToUpper(f.str("victim_ref")); ref != "" && ref != old.VictimRef {
		victim, err := s.readVictim(ctx, f)
		if err != nil {
			return err
		}
		a.VictimID = victim.ID
	}
	a.Normalize()
	err = f.check(a.Validate)
	if err == nil {
		err = s.store.UpdateAct(ctx, a)
	}
	if fields, ok := fieldErrors(err); ok {
		p := actFormPage{Page: s.page(w, r, "act.edit.title"), Incident: inc, Act: a, Action: "/incidents/" + inc.ID + "/acts/" + a.ID}
		return s.actFormAgain(w, r, p, fields)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/incidents/"+inc.ID, "flash.saved")
}

func (s *Server) actFormAgain(w http.ResponseWriter, r *http.Request, p actFormPage, fields map[string]string) error {
	p.Errors = fields
	pf := r.PostForm
	p.VictimRef, p.NewName, p.NewSex, p.Age = pf.Get("victim_ref"), pf.Get("new_name"), pf.Get("new_sex"), pf.Get("victim_age")
	return s.renderActForm(w, r, p, http.StatusUnprocessableEntity)
}

func (s *Server) actDelete(w http.ResponseWriter, r *http.Request) error {
	inc, a, err := s.incidentAndAct(r.Context(), r)
	if err != nil {
		return err
	}
	if err := s.store.DeleteAct(r.Context(), a.ID); err != nil {
		return err
	}
	return s.redirect(w, r, "/incidents/"+inc.ID, "flash.deleted")
}
