package web

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// followupListPage is the follow-up list: who to contact, and how they may
// (and may not) be contacted.
type followupListPage struct {
	Page
	followupHelpers
	Rules     *haki.DropoutRules
	FollowUps []*haki.FollowUp
}

// followupList shows the visible cases at risk of dropping out, longest
// silent first.
func (s *Server) followupList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := followupListPage{Page: s.page(w, r, "followup.list.title")}
	var err error
	if p.Rules, err = s.store.DropoutRules(ctx); err != nil {
		return err
	}
	if p.FollowUps, err = s.store.FindFollowUps(ctx, 200); err != nil {
		return err
	}
	cases := make([]*haki.Case, len(p.FollowUps))
	for i, f := range p.FollowUps {
		cases[i] = f.Case
	}
	return s.render(w, r, http.StatusOK, "followup_list", p)
}

// contactFormPage logs a contact attempt, with the safe-contact rules beside it.
type contactFormPage struct {
	Page
	followupHelpers
	Case        *haki.Case
	Safe        *haki.Assessment // nil: no assessment, so neither call nor text
	Attempt     *haki.ContactAttempt
	AttemptedAt string
	Recent      []*haki.ContactAttempt
}

func (s *Server) renderContactForm(w http.ResponseWriter, r *http.Request, p contactFormPage, status int) error {
	ctx := r.Context()
	var err error
	if p.Safe, err = s.store.SafeContact(ctx, p.Case.ID); err != nil {
		return err
	}
	if p.Recent, err = s.store.FindContactAttempts(ctx, p.Case.ID, caseSectionRows); err != nil {
		return err
	}
	return s.render(w, r, status, "contact_form", p)
}

func (s *Server) contactNew(w http.ResponseWriter, r *http.Request) error {
	c, err := s.store.FindCaseByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := contactFormPage{Page: s.page(w, r, "contact.new.title"), Case: c, Attempt: &haki.ContactAttempt{CaseID: c.ID},
		AttemptedAt: followupHelpers{}.LocalInput(s.now())}
	return s.renderContactForm(w, r, p, http.StatusOK)
}

func (s *Server) contactCreate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, err := s.store.FindCaseByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm(r)
	a := &haki.ContactAttempt{CaseID: c.ID, AttemptedAt: localTime(f, "attempted_at"), Method: f.str("method"), Outcome: f.str("outcome"),
		Notes: f.str("notes")}
	a.Normalize()
	err = f.check(func() error { return a.Validate(s.now()) })
	if err == nil {
		err = s.store.RecordContactAttempt(ctx, a)
	}
	if fields, ok := fieldErrors(err); ok {
		p := contactFormPage{Page: s.page(w, r, "contact.new.title"), Case: c, Attempt: a, AttemptedAt: f.str("attempted_at")}
		p.Errors = fields
		return s.renderContactForm(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/cases/"+c.ID+"#follow-up", "flash.created")
}
