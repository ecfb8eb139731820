package web

import (
	"net/http"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// userListPage is the data of the list of accounts.
type userListPage struct {
	Page
	Users []*haki.User
	Teams teamNames
}

// teamNames is the list of teams; templates call {{$.Teams.Name .TeamID}}.
type teamNames []*haki.Team

// Name returns a team's name by id, or "" when there is none.
func (ts teamNames) Name(id string) string {
	for _, t := range ts {
		if t.ID == id {
			return t.Name
		}
	}
	return ""
}

// userList lists every account, disabled ones too.
func (s *Server) userList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := userListPage{Page: s.page(w, r, "user.list.title")}
	var err error
	if p.Users, err = s.store.FindUsers(ctx); err != nil {
		return err
	}
	if p.Teams, err = s.store.FindTeams(ctx); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "user_list", p)
}

// userFormPage is the data of the new-account form and of an account's
// page (its settings, a password reset and a new API token).
type userFormPage struct {
	Page
	Account *haki.User
	Roles   []haki.Role
	Teams   teamNames
	// Token is a new API token, shown on this one response and never again.
	Token string
}

func (s *Server) renderUserForm(w http.ResponseWriter, r *http.Request, name string, p userFormPage, status int) error {
	var err error
	if p.Teams, err = s.store.FindTeams(r.Context()); err != nil {
		return err
	}
	p.Roles = haki.Roles
	return s.render(w, r, status, name, p)
}

func (s *Server) userNew(w http.ResponseWriter, r *http.Request) error {
	p := userFormPage{Page: s.page(w, r, "user.new.title"), Account: &haki.User{Role: haki.RoleCaseworker, Language: "en"}}
	return s.renderUserForm(w, r, "user_new", p, http.StatusOK)
}

// userCreate adds an account with its initial password, typed twice.
func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) error {
	f := newForm(r)
	p := userFormPage{Page: s.page(w, r, "user.new.title")}
	u := &haki.User{Username: f.str("username"), DisplayName: f.str("display_name"), Role: haki.Role(f.str("role")),
		TeamID: f.str("team_id"), Language: f.str("language"), Email: f.str("email")}
	pw := r.PostForm.Get("password")
	if pw != r.PostForm.Get("password2") {
		f.problems.Add("password2", p.T("user.error.password_mismatch"))
	}
	err := f.check(u.Validate)
	if err == nil {
		err = s.store.CreateUser(r.Context(), u, pw, s.adminProof(r, ""))
	}
	if fields, ok := formErrors(err); ok {
		p.Account, p.Errors = u, fields
		return s.renderUserForm(w, r, "user_new", p, http.StatusUnprocessableEntity)
	} else if err == store.ErrLockedOut {
		s.setSessionCookie(w, "", -1) // the store ended the session
		return err
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/users/"+u.ID, "flash.created")
}

// formErrors is fieldErrors that also accepts a conflict naming a field,
// such as a user name that is taken.
func formErrors(err error) (map[string]string, bool) {
	if fields := haki.ErrorFields(err); haki.ErrorCode(err) == haki.ECONFLICT && len(fields) > 0 {
		return fields, true
	}
	return fieldErrors(err)
}
