package web

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// privacyErasePage confirms the erasure of a person's identity and asks
// for its reason.
type privacyErasePage struct {
	Page
	Privacy *haki.PersonPrivacy
	Reason  string
}

// privacyEraseConfirm shows what erasure destroys and keeps, and the
// reason field; under a legal hold it says so and offers no button.
func (s *Server) privacyEraseConfirm(w http.ResponseWriter, r *http.Request) error {
	pv, err := s.store.FindPersonPrivacy(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := privacyErasePage{Page: s.page(w, r, "privacy.erase.title"), Privacy: pv}
	return s.render(w, r, http.StatusOK, "privacy_erase", p)
}

// privacyErase erases a person's identity for the reason given.
func (s *Server) privacyErase(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, reason := r.PathValue("id"), newForm(r).str("reason")
	err := s.store.ErasePerson(ctx, id, reason)
	if fields, ok := fieldErrors(err); ok {
		pv, ferr := s.store.FindPersonPrivacy(ctx, id)
		if ferr != nil {
			return ferr
		}
		p := privacyErasePage{Page: s.page(w, r, "privacy.erase.title"), Privacy: pv, Reason: reason}
		p.Errors = fields
		return s.render(w, r, http.StatusUnprocessableEntity, "privacy_erase", p)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/persons/"+id+"/privacy", "flash.privacy_erased")
}

// privacyPersonHold sets or clears the legal hold on a person.
func (s *Server) privacyPersonHold(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if err := s.setHold(r, "person", id); err != nil {
		return err
	}
	return s.redirect(w, r, "/persons/"+id+"/privacy", "flash.saved")
}

// privacyCaseHold sets or clears the legal hold on a case; the form says
// which person's page to return to.
func (s *Server) privacyCaseHold(w http.ResponseWriter, r *http.Request) error {
	if err := s.setHold(r, "case", r.PathValue("id")); err != nil {
		return err
	}
	back := "/cases/" + r.PathValue("id")
	if person := newForm(r).str("person"); validID(person) {
		back = "/persons/" + person + "/privacy"
	}
	return s.redirect(w, r, back, "flash.saved")
}

func (s *Server) setHold(r *http.Request, entity, id string) error {
	f := newForm(r)
	return s.store.SetLegalHold(r.Context(), entity, id, f.str("hold") == "set", f.str("reason"))
}

// validID reports whether s looks like one of our UUIDs, so that no other
// text is put into a redirect.
func validID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return false
			}
		case !('0' <= c && c <= '9' || 'a' <= c && c <= 'f'):
			return false
		}
	}
	return true
}
