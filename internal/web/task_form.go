package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// taskFormPage is the form of a new or changed task.
type taskFormPage struct {
	Page
	followupHelpers
	Task       *haki.Task
	Case       *haki.Case // the case it is linked to, if any
	Colleagues []*haki.User
	Teams      []*haki.Team
	Assignee   string // "user:<id>" or "team:<id>"
	DueOn      string // as typed
	Action     string
}

func (s *Server) renderTaskForm(w http.ResponseWriter, r *http.Request, p taskFormPage, status int) error {
	ctx := r.Context()
	var err error
	if p.Colleagues, err = s.staffUsers(ctx); err != nil {
		return err
	}
	if p.Teams, err = s.store.FindTeams(ctx); err != nil {
		return err
	}
	if p.Case == nil && p.Task.CaseID != "" {
		if p.Case, err = s.store.FindCaseByID(ctx, p.Task.CaseID); err != nil {
			return err
		}
	}
	return s.render(w, r, status, "task_form", p)
}

// assigneeOf writes a task's assignee as the form's select holds it.
func assigneeOf(t *haki.Task) string {
	if t.AssigneeTeamID != "" {
		return "team:" + t.AssigneeTeamID
	}
	if t.AssigneeUserID != "" {
		return "user:" + t.AssigneeUserID
	}
	return ""
}

func (s *Server) taskNew(w http.ResponseWriter, r *http.Request) error {
	u := haki.UserFromContext(r.Context())
	t := &haki.Task{AssigneeUserID: u.ID, Status: haki.TaskOpen, DueOn: haki.NextWorkingDay(haki.Today(s.now()))}
	// The case comes by id in the link of a case's page; ids are not names.
	if id := r.URL.Query().Get("case"); id != "" {
		c, err := s.store.FindCaseByID(r.Context(), id)
		if err != nil {
			return err
		}
		t.CaseID = c.ID
	}
	p := taskFormPage{Page: s.page(w, r, "task.new.title"), Task: t, Assignee: assigneeOf(t), DueOn: followupHelpers{}.Day(t.DueOn), Action: "/tasks"}
	return s.renderTaskForm(w, r, p, http.StatusOK)
}

// readTask fills a task from the form.
func readTask(f *form) *haki.Task {
	t := &haki.Task{Title: f.str("title"), Notes: f.str("notes"), DueOn: day(f, "due_on"), CaseID: f.str("case_id"),
		Status: f.str("status"), Version: f.version()}
	kind, id, _ := strings.Cut(f.str("assignee"), ":")
	switch kind {
	case "user":
		t.AssigneeUserID = id
	case "team":
		t.AssigneeTeamID = id
	}
	return t
}

func (s *Server) taskCreate(w http.ResponseWriter, r *http.Request) error {
	f := newForm(r)
	t := readTask(f)
	t.Normalize()
	err := f.check(t.Validate)
	if err == nil {
		err = s.store.CreateTask(r.Context(), t)
	}
	if fields, ok := fieldErrors(err); ok {
		p := taskFormPage{Page: s.page(w, r, "task.new.title"), Task: t, Assignee: f.str("assignee"), DueOn: f.str("due_on"), Action: "/tasks"}
		p.Errors = fields
		if fields["case_id"] != "" {
			t.CaseID = "" // not a case the caller sees: show nothing of it
		}
		return s.renderTaskForm(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/tasks/"+t.ID, "flash.created")
}

func (s *Server) taskEdit(w http.ResponseWriter, r *http.Request) error {
	t, err := s.store.FindTaskByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := taskFormPage{Page: s.page(w, r, "task.edit.title"), Task: t, Assignee: assigneeOf(t), DueOn: followupHelpers{}.Day(t.DueOn), Action: "/tasks/" + t.ID}
	return s.renderTaskForm(w, r, p, http.StatusOK)
}

func (s *Server) taskUpdate(w http.ResponseWriter, r *http.Request) error {
	before, err := s.store.FindTaskByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm(r)
	t := readTask(f)
	t.ID = before.ID
	t.Normalize()
	err = f.check(t.Validate)
	if err == nil {
		err = s.store.UpdateTask(r.Context(), t)
	}
	if fields, ok := fieldErrors(err); ok {
		p := taskFormPage{Page: s.page(w, r, "task.edit.title"), Task: t, Assignee: f.str("assignee"), DueOn: f.str("due_on"), Action: "/tasks/" + t.ID}
		p.Errors = fields
		if fields["case_id"] != "" {
			t.CaseID = ""
		}
		return s.renderTaskForm(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/tasks/"+t.ID, "flash.saved")
}

// taskShowPage is a task, with the buttons to finish or delegate it.
type taskShowPage struct {
	Page
	followupHelpers
	Task       *haki.Task
	Colleagues []*haki.User
	To, Note   string // the delegation as typed
	Today      time.Time
}

func (s *Server) renderTaskShow(w http.ResponseWriter, r *http.Request, p taskShowPage, status int) error {
	var err error
	if p.Colleagues, err = s.staffUsers(r.Context()); err != nil {
		return err
	}
	p.Today = haki.Today(s.now())
	return s.render(w, r, status, "task_show", p)
}

func (s *Server) taskShow(w http.ResponseWriter, r *http.Request) error {
	t, err := s.store.FindTaskByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := taskShowPage{Page: s.page(w, r, "task.show.title"), Task: t}
	return s.renderTaskShow(w, r, p, http.StatusOK)
}

// taskDone marks a task done and goes back where the user came from, a
// page of this site, or else to the task.
func (s *Server) taskDone(w http.ResponseWriter, r *http.Request) error {
	t, err := s.store.CompleteTask(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	to := "/tasks/" + t.ID
	if next, ok := localPath(r.PostForm.Get("next")); ok {
		to = next
	}
	return s.redirect(w, r, to, "flash.saved")
}

func (s *Server) taskDelegate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f := newForm(r)
	d := haki.Delegation{ToUserID: f.str("to_user_id"), Note: f.str("note"), Version: f.version()}
	t, err := s.store.DelegateTask(ctx, r.PathValue("id"), d)
	if fields, ok := fieldErrors(err); ok {
		t, err := s.store.FindTaskByID(ctx, r.PathValue("id"))
		if err != nil {
			return err
		}
		p := taskShowPage{Page: s.page(w, r, "task.show.title"), Task: t, To: d.ToUserID, Note: d.Note}
		p.Errors = fields
		return s.renderTaskShow(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/tasks/"+t.ID, "flash.saved")
}
