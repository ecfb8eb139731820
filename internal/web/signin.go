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
}

func (s *Server) signinForm(w http.ResponseWriter, r *http.Request) error {
	if haki.UserFromContext(r.Context()) != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	return s.render(w, r, http.StatusOK, "signin", signinPage{Page: s.page(w, r, "signin.title")})
}

// signin checks the password and starts a session. Every failure shows the
// same message; it is audited with the name tried, never the password.
func (s *Server) signin(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	username := r.PostForm.Get("username")
	u, err := s.store.Authenticate(ctx, username, r.PostForm.Get("password"))
	if haki.ErrorCode(err) == haki.EUNAUTHORIZED {
		if err := s.store.Audit(ctx, "sign_in_failed", "user", "", map[string]string{"username": truncate(username, 64)}); err != nil {
			return err
		}
		p := signinPage{Page: s.page(w, r, "signin.title"), Username: username, Failed: true}
		return s.render(w, r, http.StatusUnauthorized, "signin", p)
	} else if err != nil {
		return err
	}
	sess, err := s.store.CreateSession(ctx, u.ID)
	if err != nil {
		return err
	}
	if err := s.store.Audit(haki.NewContextWithUser(ctx, u), "sign_in", "user", u.ID, nil); err != nil {
		return err
	}
	s.setSessionCookie(w, sess.Token, int(store.SessionAbsolute.Seconds()))
	http.Redirect(w, r, "/", http.StatusSeeOther)
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

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
