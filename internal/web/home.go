package web

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// homePage is the dashboard every role sees.
type homePage struct {
	Page
	Year, Month         string
	YearCount, MonthCnt int
}

// home greets the user with aggregate figures, which every role may see,
// and links to what the role can do.
func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	now := s.now()
	p := homePage{Page: s.page(w, r, "nav.home"), Year: now.Format("2006"), Month: now.Format("2006-01")}
	var err error
	if p.YearCount, err = s.store.CountIncidents(ctx, haki.IncidentFilter{Year: now.Year()}); err != nil {
		return err
	}
	if p.MonthCnt, err = s.store.CountIncidents(ctx, haki.IncidentFilter{Year: now.Year(), Month: int(now.Month())}); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "home", p)
}
