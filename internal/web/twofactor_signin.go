package web

import (
	"net/http"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// twofactorCodePage is the second step of sign-in: a code from the phone
// or a recovery code.
type twofactorCodePage struct {
	Page
}

// pendingToken returns the pending sign-in of the browser, or "".
func pendingToken(r *http.Request) string {
	if c, err := r.Cookie(pendingCookie); err == nil {
		return c.Value
	}
	return ""
}

// signinCodeForm asks for the code. Without a pending sign-in it sends the
// browser back to the password.
func (s *Server) signinCodeForm(w http.ResponseWriter, r *http.Request) error {
	if pendingToken(r) == "" {
		http.Redirect(w, r, "/signin", http.StatusSeeOther)
		return nil
	}
	return s.render(w, r, http.StatusOK, "twofactor_code", twofactorCodePage{Page: s.page(w, r, "twofactor.code.title")})
}

// signinCode completes a sign-in with a code. A wrong code counts towards
// the lockout like a wrong password; a lockout or an expired pending
// sign-in sends the browser back to the password form.
func (s *Server) signinCode(w http.ResponseWriter, r *http.Request) error {
	res, err := s.store.SignInWithCode(r.Context(), pendingToken(r), r.PostForm.Get("code"), s.lockout)
	switch {
	case err == store.ErrWrongCode:
		p := twofactorCodePage{Page: s.page(w, r, "twofactor.code.title")}
		p.Errors = map[string]string{"code": p.T("twofactor.error.wrong_code")}
		return s.render(w, r, http.StatusUnauthorized, "twofactor_code", p)
	case err == store.ErrLockedOut:
		s.setPendingCookie(w, "", -1)
		p := signinPage{Page: s.page(w, r, "signin.title"), Locked: true}
		return s.render(w, r, http.StatusUnauthorized, "signin", p)
	case haki.ErrorCode(err) == haki.EUNAUTHORIZED:
		s.setPendingCookie(w, "", -1)
		return s.redirect(w, r, "/signin", "flash.signin_expired")
	case err != nil:
		return err
	}
	s.setPendingCookie(w, "", -1)
	s.setSessionCookie(w, res.Session.Token, int(store.SessionAbsolute.Seconds()))
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// signinEnrolForm shows the secret to enrol to an account that must use
// two-factor and has not yet: it can do nothing else until it has.
func (s *Server) signinEnrolForm(w http.ResponseWriter, r *http.Request) error {
	e, err := s.store.FindPendingEnrolment(r.Context(), pendingToken(r))
	if haki.ErrorCode(err) == haki.EUNAUTHORIZED {
		s.setPendingCookie(w, "", -1)
		return s.redirect(w, r, "/signin", "flash.signin_expired")
	} else if err != nil {
		return err
	}
	p, err := s.enrolPage(w, r, e, "/signin/enrol")
	if err != nil {
		return err
	}
	p.Required = true
	return s.render(w, r, http.StatusOK, "twofactor_enrol", p)
}

// signinEnrol confirms the enrolment with the first code, starts the
// session and shows the recovery codes, once.
func (s *Server) signinEnrol(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	res, err := s.store.SignInEnrol(ctx, pendingToken(r), r.PostForm.Get("code"))
	if fields, ok := fieldErrors(err); ok {
		e, err := s.store.FindPendingEnrolment(ctx, pendingToken(r))
		if err != nil {
			return err
		}
		p, err := s.enrolPage(w, r, e, "/signin/enrol")
		if err != nil {
			return err
		}
		p.Required, p.Errors = true, fields
		return s.render(w, r, http.StatusUnprocessableEntity, "twofactor_enrol", p)
	} else if haki.ErrorCode(err) == haki.EUNAUTHORIZED {
		s.setPendingCookie(w, "", -1)
		return s.redirect(w, r, "/signin", "flash.signin_expired")
	} else if err != nil {
		return err
	}
	s.setPendingCookie(w, "", -1)
	s.setSessionCookie(w, res.Session.Token, int(store.SessionAbsolute.Seconds()))
	// This page is rendered before the new session is in the request, so
	// it shows as the user's without the menu.
	p := twofactorCodesPage{Page: s.page(w, r, "twofactor.codes.title"), Codes: res.RecoveryCodes, Next: "/"}
	return s.render(w, r, http.StatusOK, "twofactor_codes", p)
}
