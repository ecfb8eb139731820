package web

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// caseStatusPage is the form that moves a case to another status.
type caseStatusPage struct {
	Page
	Vocab                         Vocab
	Case                          *haki.Case
	Status, ClosureReason, Reason string
}

func (s *Server) renderCaseStatus(w http.ResponseWriter, r *http.Request, p caseStatusPage, status int) error {
	var err error
	if p.Vocab, err = s.vocab(r.Context(), p.Lang, "case_status", "closure_reason"); err != nil {
		return err
	}
	p.Title = p.Case.Ref + " · " + p.T("case.status.title")
	return s.render(w, r, status, "case_status", p)
}

// caseStatusForm shows the status form on its own page (the case's page
// holds the same form).
func (s *Server) caseStatusForm(w http.ResponseWriter, r *http.Request) error {
	c, err := s.store.FindCaseByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := caseStatusPage{Page: s.page(w, r, "case.status.title"), Case: c, Status: c.Status, ClosureReason: c.ClosureReason}
	return s.renderCaseStatus(w, r, p, http.StatusOK)
}

// caseStatusChange moves a case to the status chosen; closing needs a
// reason from the list, reopening a written one.
func (s *Server) caseStatusChange(w http.ResponseWriter, r *http.Request) error {
	c, err := s.store.FindCaseByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm(r)
	p := caseStatusPage{Page: s.page(w, r, "case.status.title"), Case: c, Status: f.str("status"),
		ClosureReason: f.str("closure_reason"), Reason: f.str("reason")}
	err = s.store.ChangeCaseStatus(r.Context(), c.ID, f.version(), p.Status, p.ClosureReason, p.Reason)
	if fields, ok := fieldErrors(err); ok {
		p.Errors = fields
		return s.renderCaseStatus(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/cases/"+c.ID, "flash.saved")
}
