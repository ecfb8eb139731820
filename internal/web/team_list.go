package web

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// teamListPage is the data of the teams page.
type teamListPage struct {
	Page
	Teams []*haki.Team
	Name  string // what was typed in the new-team form
}

// teamList lists the teams with a form to add one.
func (s *Server) teamList(w http.ResponseWriter, r *http.Request) error {
	return s.renderTeams(w, r, teamListPage{Page: s.page(w, r, "team.list.title")}, http.StatusOK)
}

func (s *Server) renderTeams(w http.ResponseWriter, r *http.Request, p teamListPage, status int) error {
	var err error
	if p.Teams, err = s.store.FindTeams(r.Context()); err != nil {
		return err
	}
	return s.render(w, r, status, "team_list", p)
}

// teamCreate adds a team.
func (s *Server) teamCreate(w http.ResponseWriter, r *http.Request) error {
	t := &haki.Team{Name: newForm(r).str("name")}
	err := s.store.CreateTeam(r.Context(), t)
	if haki.ErrorCode(err) == haki.ECONFLICT {
		err = &haki.Error{Code: haki.EINVALID, Fields: map[string]string{"name": s.cat.T(s.lang(r), "team.name_taken")}}
	}
	if fields, ok := fieldErrors(err); ok {
		p := teamListPage{Page: s.page(w, r, "team.list.title"), Name: t.Name}
		p.Errors = fields
		return s.renderTeams(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/teams", "flash.created")
}
