package web

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// caseFormPage is the data of the new and edit case forms.
type caseFormPage struct {
	Page
	Vocab       Vocab
	Case        *haki.Case
	Caseworkers []*haki.User // who may hold a case
	Assignable  []*haki.User // who may be assigned to one
	Teams       []*haki.Team
	// What the user typed: references rather than ids, the date as text.
	ClientRef, IncidentRefs, IntakeDate string
	Action                              string // where the form posts
}

var caseVocabs = []string{"client_relation", "intake_channel", "case_status", "closure_reason"}

func (s *Server) renderCaseForm(w http.ResponseWriter, r *http.Request, p caseFormPage, status int) error {
	ctx := r.Context()
	var err error
	if p.Vocab, err = s.vocab(ctx, p.Lang, caseVocabs...); err != nil {
		return err
	}
	if p.Teams, err = s.store.FindTeams(ctx); err != nil {
		return err
	}
	users, err := s.store.FindUsers(ctx)
	if err != nil {
		return err
	}
	for _, u := range users {
		if u.Disabled {
			continue
		}
		if slices.Contains([]haki.Role{haki.RoleCaseworker, haki.RoleAdmin, haki.RoleDataManager}, u.Role) {
			p.Caseworkers = append(p.Caseworkers, u)
		}
		if slices.Contains([]haki.Role{haki.RoleCaseworker, haki.RoleProfessional, haki.RoleAdmin, haki.RoleDataManager}, u.Role) {
			p.Assignable = append(p.Assignable, u)
		}
	}
	return s.render(w, r, status, "case_form", p)
}

func (s *Server) caseNew(w http.ResponseWriter, r *http.Request) error {
	p := caseFormPage{Page: s.page(w, r, "case.new.title"), Action: "/cases",
		Case: &haki.Case{Status: "intake", TeamID: haki.UserFromContext(r.Context()).TeamID}, IntakeDate: haki.Today(s.now()).Format(time.DateOnly)}
	return s.renderCaseForm(w, r, p, http.StatusOK)
}

func (s *Server) caseEdit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, err := s.store.FindCaseByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	var refs []string
	for _, id := range c.IncidentIDs {
		if inc, err := s.store.FindIncidentByID(ctx, id); err == nil {
			refs = append(refs, inc.Ref)
		} else if haki.ErrorCode(err) != haki.ENOTFOUND {
			return err
		}
	}
	p := caseFormPage{Page: s.page(w, r, "case.edit.title"), Action: "/cases/" + c.ID, Case: c,
		ClientRef: c.ClientRef, IncidentRefs: strings.Join(refs, ", "), IntakeDate: c.IntakeDate.Format("2006-01-02")}
	return s.renderCaseForm(w, r, p, http.StatusOK)
}

// readCase fills a case from the form, resolving the typed references to
// the records the user may see.
func (s *Server) readCase(r *http.Request, f *form, p Page) (*haki.Case, error) {
	ctx := r.Context()
	c := &haki.Case{ClientRelation: f.str("client_relation"), IntakeChannel: f.str("intake_channel"),
		Status: f.str("status"), ClosureReason: f.str("closure_reason"), CaseworkerID: f.str("caseworker_id"),
		TeamID: f.str("team_id"), Sensitive: f.bool("sensitive"), AssigneeIDs: f.strs("assignee_ids"),
		Summary: f.str("summary"), Version: f.version()}
	if ref := f.str("client_ref"); ref != "" {
		per, err := s.store.FindPersonByRef(ctx, ref)
		if haki.ErrorCode(err) == haki.ENOTFOUND {
			f.problems.Add("client_id", p.T("case.error.no_person", ref))
		} else if err != nil {
			return nil, err
		} else {
			c.ClientID = per.ID
		}
	}
	refs := strings.FieldsFunc(f.str("incident_refs"), func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == ';' })
	for _, ref := range refs {
		inc, err := s.store.FindIncidentByRef(ctx, ref)
		if haki.ErrorCode(err) == haki.ENOTFOUND {
			f.problems.Add("incident_ids", p.T("case.error.no_incident", ref))
		} else if err != nil {
			return nil, err
		} else {
			c.IncidentIDs = append(c.IncidentIDs, inc.ID)
		}
	}
	if d := f.str("intake_date"); d != "" {
		t, err := time.Parse("2006-01-02", d)
		if err != nil {
			f.problems.Add("intake_date", p.T("common.date_day_hint"))
		}
		c.IntakeDate = t
	}
	return c, nil
}

func (s *Server) caseCreate(w http.ResponseWriter, r *http.Request) error {
	p := caseFormPage{Page: s.page(w, r, "case.new.title"), Action: "/cases"}
	return s.caseSave(w, r, p, "", "flash.created")
}

func (s *Server) caseUpdate(w http.ResponseWriter, r *http.Request) error {
	p := caseFormPage{Page: s.page(w, r, "case.edit.title"), Action: "/cases/" + r.PathValue("id")}
	return s.caseSave(w, r, p, r.PathValue("id"), "flash.saved")
}

// caseSave creates (id "") or updates a case from the form; a rejected form
// comes back with what was typed and the errors beside the fields.
func (s *Server) caseSave(w http.ResponseWriter, r *http.Request, p caseFormPage, id, flash string) error {
	f := newForm(r)
	c, err := s.readCase(r, f, p.Page)
	if err != nil {
		return err
	}
	c.ID = id
	c.Normalize()
	err = f.check(func() error { return c.Validate(s.now()) })
	if err == nil && id == "" {
		err = s.store.CreateCase(r.Context(), c)
	} else if err == nil {
		err = s.store.UpdateCase(r.Context(), c)
	}
	if fields, ok := fieldErrors(err); ok {
		p.Case, p.Errors = c, fields
		p.ClientRef, p.IncidentRefs, p.IntakeDate = f.str("client_ref"), f.str("incident_refs"), f.str("intake_date")
		return s.renderCaseForm(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/cases/"+c.ID, flash)
}

// caseDelete removes a case file, not its persons or incidents.
func (s *Server) caseDelete(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.DeleteCase(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	return s.redirect(w, r, "/cases", "flash.deleted")
}
