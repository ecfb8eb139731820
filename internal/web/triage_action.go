package web

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// The actions of triage on a report: assign, move along, note, log an
// attempt to contact the reporter. Each redirects back to the report; a
// problem shows the report again with the form as typed.

// triageBack is the report's page, at the section an action came from.
func triageBack(r *http.Request, section string) string {
	return "/triage/" + r.PathValue("id") + "#" + section
}

// triageInvalid shows the report again, 422, with a form's problems.
func (s *Server) triageInvalid(w http.ResponseWriter, r *http.Request, section string, fields map[string]string, fill func(p *triageShowPage)) error {
	p, err := s.triagePage(w, r)
	if err != nil {
		return err
	}
	p.Verify = prefillVerify(p.Report, p.Vocab, p.Counties)
	p.Section, p.Errors = section, fields
	if fill != nil {
		fill(p)
	}
	return s.render(w, r, http.StatusUnprocessableEntity, "triage_show", p)
}

// triageAssign gives the report to the reader ("me"), a colleague who
// triages, or nobody.
func (s *Server) triageAssign(w http.ResponseWriter, r *http.Request) error {
	f := newForm(r)
	to := f.str("assigned_to")
	if to == "me" {
		to = haki.UserFromContext(r.Context()).ID
	}
	err := s.store.AssignPublicReport(r.Context(), r.PathValue("id"), to, f.version())
	if fields, ok := fieldErrors(err); ok {
		return s.triageInvalid(w, r, "assign", fields, nil)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, triageBack(r, "assign"), "flash.saved")
}

// triageStatus moves the report to new, being verified, duplicate (of a
// report or incident, by reference) or rejected (with a reason).
func (s *Server) triageStatus(w http.ResponseWriter, r *http.Request) error {
	f := newForm(r)
	reason, dup := f.str("reason"), f.str("duplicate_of")
	err := s.store.SetPublicReportStatus(r.Context(), r.PathValue("id"), f.str("status"), reason, dup, f.version())
	if fields, ok := fieldErrors(err); ok {
		return s.triageInvalid(w, r, "status", fields, func(p *triageShowPage) { p.Reason, p.DupOf = reason, dup })
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, triageBack(r, "status"), "flash.saved")
}

// triageNote writes a note on the report.
func (s *Server) triageNote(w http.ResponseWriter, r *http.Request) error {
	f := newForm(r)
	text := f.str("text")
	err := s.store.AddPublicReportNote(r.Context(), r.PathValue("id"), text)
	if fields, ok := fieldErrors(err); ok {
		return s.triageInvalid(w, r, "notes", fields, func(p *triageShowPage) { p.Note = text })
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, triageBack(r, "notes"), "flash.saved")
}

// triageContact logs an attempt to reach the reporter; the store refuses
// one the reporter's wishes do not allow.
func (s *Server) triageContact(w http.ResponseWriter, r *http.Request) error {
	f := newForm(r)
	c := haki.ReportContact{Method: f.str("method"), Outcome: f.str("outcome"), Note: f.str("note")}
	err := s.store.LogPublicReportContact(r.Context(), r.PathValue("id"), c)
	if fields, ok := fieldErrors(err); ok {
		return s.triageInvalid(w, r, "contacts", fields, func(p *triageShowPage) { p.Contact = c })
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, triageBack(r, "contacts"), "flash.saved")
}
