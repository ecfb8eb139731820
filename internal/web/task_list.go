package web

import (
	"net/http"
	"slices"
	"time"

	"github.com/haki-kenya/haki"
)

// taskListPage is "my tasks" (with those I handed on) or "team tasks".
type taskListPage struct {
	Page
	followupHelpers
	Team      bool
	Status    string // open (default), done, or "all"
	Tasks     []*haki.Task
	Delegated []*haki.Task // "my tasks" only
	Next      string
	Today     time.Time
}

// taskMine lists the tasks given to me, then those I delegated.
func (s *Server) taskMine(w http.ResponseWriter, r *http.Request) error {
	return s.renderTaskList(w, r, false)
}

// taskTeam lists the tasks of my team and its members.
func (s *Server) taskTeam(w http.ResponseWriter, r *http.Request) error {
	return s.renderTaskList(w, r, true)
}

func (s *Server) renderTaskList(w http.ResponseWriter, r *http.Request, team bool) error {
	ctx := r.Context()
	q := r.URL.Query()
	p := taskListPage{Page: s.page(w, r, "task.mine.title"), Team: team, Status: q.Get("status"), Today: haki.Today(s.now())}
	if team {
		p.Title = p.T("task.team.title")
	}
	if !slices.Contains([]string{"open", "done", "all"}, p.Status) {
		p.Status = "open"
	}
	status := p.Status
	if status == "all" {
		status = ""
	}
	scope := "mine"
	if team {
		scope = "team"
	}
	var err error
	p.Tasks, p.Next, err = s.store.FindTasks(ctx, haki.TaskFilter{Scope: scope, Status: status, Cursor: q.Get("cursor"), Limit: 50})
	if err != nil {
		return err
	}
	if !team && q.Get("cursor") == "" {
		if p.Delegated, _, err = s.store.FindTasks(ctx, haki.TaskFilter{Scope: "delegated", Status: status, Limit: 50}); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "task_list", p)
}

// taskRows is what the "fu-tasks" template draws.
type taskRows struct {
	Page
	followupHelpers
	Tasks []*haki.Task
	Today time.Time
}

// Rows builds the taskRows of a list.
func (p taskListPage) Rows(tasks []*haki.Task) taskRows {
	return taskRows{Page: p.Page, Tasks: tasks, Today: p.Today}
}
