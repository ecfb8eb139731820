package api

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// TaskJSON is a task as the API reads and writes it: due_on is a day.
type TaskJSON struct {
	haki.Task
	DueOn Date `json:"due_on"`
}

func taskJSON(t *haki.Task) *TaskJSON { return &TaskJSON{Task: *t, DueOn: Date{t.DueOn}} }

func (tj *TaskJSON) domain() *haki.Task {
	t := tj.Task
	t.DueOn = tj.DueOn.Time
	return &t
}

// listTasks lists tasks of a scope: mine (default), delegated, team, case
// (with case=<id>), or all for every task the caller may see.
func (s *Server) listTasks(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := haki.TaskFilter{Scope: q.Get("scope"), CaseID: q.Get("case"), Status: q.Get("status")}
	switch f.Scope {
	case "":
		f.Scope = "mine"
	case "all":
		f.Scope = ""
	}
	var err error
	if f.Cursor, f.Limit, err = pageParams(r); err != nil {
		return err
	}
	tasks, next, err := s.store.FindTasks(r.Context(), f)
	if err != nil {
		return err
	}
	out := make([]*TaskJSON, len(tasks))
	for i, t := range tasks {
		out[i] = taskJSON(t)
	}
	return writeList(w, out, next)
}

func (s *Server) createTask(w http.ResponseWriter, r *http.Request) error {
	var in TaskJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	t := in.domain()
	if err := s.store.CreateTask(r.Context(), t); err != nil {
		return err
	}
	return writeCreated(w, v1+"/tasks/"+t.ID, taskJSON(t))
}

func (s *Server) getTask(w http.ResponseWriter, r *http.Request) error {
	t, err := s.store.FindTaskByID(r.Context(), r.PathValue("task"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, taskJSON(t))
}

func (s *Server) updateTask(w http.ResponseWriter, r *http.Request) error {
	var in TaskJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if err := requireVersion(in.Version); err != nil {
		return err
	}
	t := in.domain()
	t.ID = r.PathValue("task")
	if err := s.store.UpdateTask(r.Context(), t); err != nil {
		return err
	}
	got, err := s.store.FindTaskByID(r.Context(), t.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, taskJSON(got))
}

func (s *Server) completeTask(w http.ResponseWriter, r *http.Request) error {
	t, err := s.store.CompleteTask(r.Context(), r.PathValue("task"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, taskJSON(t))
}

func (s *Server) delegateTask(w http.ResponseWriter, r *http.Request) error {
	var in haki.Delegation
	if err := decode(w, r, &in); err != nil {
		return err
	}
	t, err := s.store.DelegateTask(r.Context(), r.PathValue("task"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, taskJSON(t))
}
