package web

import (
	"net/http"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// userShow shows an account's settings with the forms that change them.
func (s *Server) userShow(w http.ResponseWriter, r *http.Request) error {
	u, err := s.store.FindUserByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := userFormPage{Page: s.page(w, r, "user.show.title"), Account: u}
	p.Title = u.Username
	return s.renderUserForm(w, r, "user_show", p, http.StatusOK)
}

// userUpdate changes an account's display name, role, team, language,
// whether it must use two-factor sign-in, or whether it is disabled.
func (s *Server) userUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, err := s.store.FindUserByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm(r)
	u.DisplayName, u.Role, u.TeamID, u.Language, u.Disabled = f.str("display_name"), haki.Role(f.str("role")),
		f.str("team_id"), f.str("language"), f.bool("disabled")
	u.TwoFactorRequired = f.bool("two_factor_required")
	u.Email = f.str("email")
	if f.bool("clinical_access_shown") { // a form without the box keeps the grant as it is
		u.ClinicalAccess = f.bool("clinical_access")
	}
	err = s.store.UpdateUser(ctx, u, s.adminProof(r, "role_"))
	if fields, ok := fieldErrors(err); ok {
		p := userFormPage{Page: s.page(w, r, "user.show.title"), Account: u}
		p.Title, p.Errors = u.Username, prefixProof(fields, "role_")
		return s.renderUserForm(w, r, "user_show", p, http.StatusUnprocessableEntity)
	} else if err == store.ErrLockedOut {
		s.setSessionCookie(w, "", -1) // the store ended the session
		return err
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/users/"+u.ID, "flash.saved")
}

// adminProof is the acting administrator's own proof from a form whose
// fields are named prefix+"current_password" and prefix+"current_code".
func (s *Server) adminProof(r *http.Request, prefix string) store.AccountProof {
	return store.AccountProof{Session: currentToken(r), Password: r.PostForm.Get(prefix + "current_password"),
		Code: r.PostForm.Get(prefix + "current_code"), Lockout: s.lockout}
}

// prefixProof renames the proof's fields of a form whose proof fields
// carry prefix, so that their problems show beside them.
func prefixProof(fields map[string]string, prefix string) map[string]string {
	out := make(map[string]string, len(fields))
	for k, v := range fields {
		if k == "current_password" || k == "current_code" {
			k = prefix + k
		}
		out[k] = v
	}
	return out
}

// userPassword sets a new password for an account, typed twice, once the
// administrator gives their own password (and code); the account's
// sessions end.
func (s *Server) userPassword(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, err := s.store.FindUserByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := userFormPage{Page: s.page(w, r, "user.show.title"), Account: u}
	p.Title = u.Username
	pw := r.PostForm.Get("password")
	if pw != r.PostForm.Get("password2") {
		err = &haki.Error{Code: haki.EINVALID, Fields: map[string]string{"password2": p.T("user.error.password_mismatch")}}
	} else {
		err = s.store.SetPassword(ctx, u.ID, pw, s.adminProof(r, ""))
	}
	if fields, ok := fieldErrors(err); ok {
		p.Errors = fields
		return s.renderUserForm(w, r, "user_show", p, http.StatusUnprocessableEntity)
	} else if err == store.ErrLockedOut {
		s.setSessionCookie(w, "", -1) // the store ended the session
		return err
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/users/"+u.ID, "flash.password_reset")
}

// userToken makes a new API token and shows it on this response only: it
// is never put in a URL or a cookie, and only its hash is stored.
func (s *Server) userToken(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, err := s.store.FindUserByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	token, err := s.store.CreateAPIToken(ctx, u.ID, s.adminProof(r, "token_"))
	p := userFormPage{Page: s.page(w, r, "user.show.title"), Account: u, Token: token}
	p.Title = u.Username
	if fields, ok := fieldErrors(err); ok {
		p.Errors = prefixProof(fields, "token_")
		return s.renderUserForm(w, r, "user_show", p, http.StatusUnprocessableEntity)
	} else if err == store.ErrLockedOut {
		s.setSessionCookie(w, "", -1) // the store ended the session
		return err
	} else if err != nil {
		return err
	}
	return s.renderUserForm(w, r, "user_show", p, http.StatusOK)
}
