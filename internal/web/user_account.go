package web

import (
	"net/http"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// accountPage is the data of the signed-in user's own page.
type accountPage struct {
	Page
	Team  string
	Email string // as typed, when the email form had an error
	// Notices is how the colleague is told besides the list in Haki.
	Notices *haki.NoticeSettings
	// Now is the time the time-zone hint shows, in the reader's zone.
	Now time.Time
}

// account shows the signed-in user's own details and the password form.
func (s *Server) account(w http.ResponseWriter, r *http.Request) error {
	return s.renderAccount(w, r, accountPage{Page: s.page(w, r, "account.title")}, http.StatusOK)
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, p accountPage, status int) error {
	teams, err := s.store.FindTeams(r.Context())
	if err != nil {
		return err
	}
	p.Team = teamNames(teams).Name(p.User.TeamID)
	p.Now = s.now()
	if p.Notices == nil {
		if p.Notices, err = s.store.FindNoticeSettings(r.Context()); err != nil {
			return err
		}
	}
	return s.render(w, r, status, "user_account", p)
}

// accountPassword changes the signed-in user's password; the store checks
// the current one, counting wrong ones towards the lockout. Every other
// session of the account ends, since one may be a stolen one; this browser
// stays signed in, unless its guesses locked the account.
func (s *Server) accountPassword(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := accountPage{Page: s.page(w, r, "account.title")}
	pw := r.PostForm.Get("password")
	var err error
	if pw != r.PostForm.Get("password2") {
		err = &haki.Error{Code: haki.EINVALID, Fields: map[string]string{"password2": p.T("user.error.password_mismatch")}}
	} else {
		err = s.store.ChangeOwnPassword(ctx, store.PasswordChange{Session: currentToken(r),
			Current: r.PostForm.Get("current_password"), Password: pw, Lockout: s.lockout})
	}
	if fields, ok := fieldErrors(err); ok {
		p.Errors = fields
		return s.renderAccount(w, r, p, http.StatusUnprocessableEntity)
	} else if err == store.ErrLockedOut {
		s.setSessionCookie(w, "", -1) // the store ended the session
		return err
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/account", "flash.password_changed")
}

// accountTimeZone sets the zone the signed-in user reads times in.
func (s *Server) accountTimeZone(w http.ResponseWriter, r *http.Request) error {
	err := s.store.SetOwnTimeZone(r.Context(), newForm(r).str("time_zone"))
	if fields, ok := fieldErrors(err); ok {
		p := accountPage{Page: s.page(w, r, "account.title")}
		p.Errors = fields
		return s.renderAccount(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/account", "flash.saved")
}

// TimeZones are the zones the account page offers, the default first.
func (accountPage) TimeZones() []string { return haki.TimeZones }

// accountEmail sets the address the signed-in user's reminders go to.
func (s *Server) accountEmail(w http.ResponseWriter, r *http.Request) error {
	email := newForm(r).str("email")
	err := s.store.SetOwnEmail(r.Context(), email)
	if fields, ok := fieldErrors(err); ok {
		p := accountPage{Page: s.page(w, r, "account.title"), Email: email}
		p.Errors = fields
		return s.renderAccount(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/account", "flash.saved")
}
