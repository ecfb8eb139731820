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
	// MyTasks are my open tasks due today or before, soonest first.
	MyTasks taskRows
	// OverdueReferrals are the first few referrals past due of the cases the
	// caseworker may see; OverdueMore says there are more.
	OverdueReferrals []*haki.Referral
	OverdueMore      bool
	// Figures are the report figures of this year and month (dashboard.go).
	Figures *dashboardBlock
}

// home greets the user with aggregate figures, which every role may see,
// and links to what the role can do.
func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	today := haki.Today(s.now())
	p := homePage{Page: s.page(w, r, "nav.home"), Year: today.Format("2006"), Month: today.Format("2006-01")}
	var err error
	if p.YearCount, err = s.store.CountIncidents(ctx, haki.IncidentFilter{Year: today.Year()}); err != nil {
		return err
	}
	if p.MonthCnt, err = s.store.CountIncidents(ctx, haki.IncidentFilter{Year: today.Year(), Month: int(today.Month())}); err != nil {
		return err
	}
	if p.User.Can(haki.PermCaseWrite) {
		refs, err := s.store.FindOverdueReferrals(ctx)
		if err != nil {
			return err
		}
		p.OverdueReferrals, p.OverdueMore = refs[:min(len(refs), 5)], len(refs) > 5
	}
	if p.User.Can(haki.PermTasks) {
		tasks, _, err := s.store.FindTasks(ctx, haki.TaskFilter{Scope: "mine", Status: haki.TaskOpen, DueBy: today, Limit: 10})
		if err != nil {
			return err
		}
		p.MyTasks = taskRows{Page: p.Page, Tasks: tasks, Today: today}
	}
	if p.Figures, err = s.dashboard(ctx, p.Page); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "home", p)
}
