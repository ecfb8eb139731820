package web

import (
	"net/http"

	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/store"
)

// sessionListPage lists the signed-in user's sessions.
type sessionListPage struct {
	Page
	Sessions []*store.SessionInfo
}

// currentToken is the session token of the request's browser, or "".
func currentToken(r *http.Request) string {
	if c, err := r.Cookie(httpx.SessionCookie); err == nil {
		return c.Value
	}
	return ""
}

// sessionList shows where the user is signed in, the current browser marked.
func (s *Server) sessionList(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.FindMySessions(r.Context(), currentToken(r))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "session_list", sessionListPage{Page: s.page(w, r, "session.list.title"), Sessions: list})
}

// sessionEnd ends one of the user's sessions; ending the current one signs
// this browser out.
func (s *Server) sessionEnd(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	current := httpx.SessionFromContext(ctx)
	if err := s.store.EndMySession(ctx, r.PathValue("id")); err != nil {
		return err
	}
	if current != nil && current.ID == r.PathValue("id") {
		s.setSessionCookie(w, "", -1)
		return s.redirect(w, r, "/signin", "flash.signed_out")
	}
	return s.redirect(w, r, "/account/sessions", "flash.session_ended")
}

// userSessionsEnd ends every session of an account (administrators).
func (s *Server) userSessionsEnd(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if err := s.store.EndUserSessions(r.Context(), id); err != nil {
		return err
	}
	return s.redirect(w, r, "/users/"+id, "flash.sessions_ended")
}

// userTwoFactorReset removes an account's second factor (administrators),
// for a lost or seized phone, once the administrator gives their own
// password (and code) in the form's reset_ fields.
func (s *Server) userTwoFactorReset(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, err := s.store.FindUserByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	err = s.store.ResetTwoFactor(ctx, u.ID, s.adminProof(r, "reset_"))
	if fields, ok := fieldErrors(err); ok {
		p := userFormPage{Page: s.page(w, r, "user.show.title"), Account: u}
		p.Title, p.Errors = u.Username, prefixProof(fields, "reset_")
		return s.renderUserForm(w, r, "user_show", p, http.StatusUnprocessableEntity)
	} else if err == store.ErrLockedOut {
		s.setSessionCookie(w, "", -1) // the store ended the session
		return err
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/users/"+u.ID, "flash.two_factor_reset")
}
