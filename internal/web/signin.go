package web

import (
	"net/http"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/store"
)

// signinPage is the data of the sign-in form.
type signinPage struct {
	Page
	Username string
	Failed   bool
	Locked   bool
}

func (s *Server) signinForm(w http.ResponseWriter, r *http.Request) error {
	if haki.UserFromContext(r.Context()) != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	return s.render(w, r, http.StatusOK, "signin", signinPage{Page: s.page(w, r, "signin.title")})
}

// signin checks the password. Then it starts a session, or sends the
// browser to the second step (a code, or enrolment when the account must
// use two-factor and has not enrolled) with a pending sign-in in a cookie.
// Unknown names and wrong passwords get the same page; the store records
// and audits each failure with the name tried, never the password.
func (s *Server) signin(w http.ResponseWriter, r *http.Request) error {
	username := r.PostForm.Get("username")
	res, err := s.store.SignIn(r.Context(), store.SignIn{Username: username, Password: r.PostForm.Get("password"),
		Device: deviceName(r.UserAgent()), RequireTwoFactor: !s.demo, Lockout: s.lockout})
	if haki.ErrorCode(err) == haki.EUNAUTHORIZED {
		p := signinPage{Page: s.page(w, r, "signin.title"), Username: username, Failed: err != store.ErrLockedOut, Locked: err == store.ErrLockedOut}
		return s.render(w, r, http.StatusUnauthorized, "signin", p)
	} else if err != nil {
		return err
	}
	switch res.Step {
	case store.StepCode:
		s.setPendingCookie(w, res.Pending, int(store.PendingSignInLifetime.Seconds()))
		http.Redirect(w, r, "/signin/code", http.StatusSeeOther)
	case store.StepEnrol:
		s.setPendingCookie(w, res.Pending, int(store.PendingSignInLifetime.Seconds()))
		http.Redirect(w, r, "/signin/enrol", http.StatusSeeOther)
	default:
		s.setSessionCookie(w, res.Session.Token, int(store.SessionAbsolute.Seconds()))
		http.Redirect(w, r, "/", http.StatusSeeOther)
	}
	return nil
}

// signout ends the session and forgets the cookie.
func (s *Server) signout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(httpx.SessionCookie); err == nil {
		if err := s.store.DeleteSession(r.Context(), c.Value); err != nil {
			return err
		}
	}
	s.setSessionCookie(w, "", -1)
	return s.redirect(w, r, "/signin", "flash.signed_out")
}

func (s *Server) setSessionCookie(w http.ResponseWriter, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: httpx.SessionCookie, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

// pendingCookie holds the pending sign-in between the password and the
// second step; it is sent only to the sign-in pages.
const pendingCookie = "haki_signin"

func (s *Server) setPendingCookie(w http.ResponseWriter, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: pendingCookie, Value: value, Path: "/signin", MaxAge: maxAge,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteStrictMode})
}
