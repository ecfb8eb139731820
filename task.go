package haki

import (
	"slices"
	"strings"
	"time"
)

// Task is an entry of a diary: something a colleague or a team must do by a
// day, on a case or not. Its title and notes are sealed: a task can say a
// client's name or what threatens them.
type Task struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Notes string `json:"notes,omitempty"`
	// DueOn is the day the task is due.
	DueOn time.Time `json:"due_on"`
	// A task is for one colleague (AssigneeUserID) or for a team (AssigneeTeamID).
	AssigneeUserID string `json:"assignee_user_id,omitempty"`
	AssigneeTeamID string `json:"assignee_team_id,omitempty"`
	// CaseID links the task to a case the caller may see; "" for none.
	CaseID string `json:"case_id,omitempty"`
	Status string `json:"status"` // one of TaskStatuses
	// DoneAt and DoneBy say who finished the task and when.
	DoneAt time.Time `json:"done_at"`
	DoneBy string    `json:"done_by,omitempty"`
	// DelegatedBy is the colleague who last handed the task on, with their
	// note (sealed); the task stays in their "delegated by me" list.
	DelegatedBy    string    `json:"delegated_by,omitempty"`
	DelegationNote string    `json:"delegation_note,omitempty"`
	DelegatedAt    time.Time `json:"delegated_at"`
	// RefKind and RefID name the record that made the task, such as the
	// appointment a client missed; empty for a task written by hand.
	RefKind   string    `json:"ref_kind,omitempty"`
	RefID     string    `json:"ref_id,omitempty"`
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int       `json:"version"`
	// Read-only, joined for display.
	AssigneeName    string `json:"assignee_name,omitempty"`
	TeamName        string `json:"team_name,omitempty"`
	DelegatedByName string `json:"delegated_by_name,omitempty"`
	CaseRef         string `json:"case_ref,omitempty"`
}

// The statuses of a task.
const (
	TaskOpen = "open"
	TaskDone = "done"
)

// TaskStatuses lists the statuses of a task.
var TaskStatuses = []string{TaskOpen, TaskDone}

// Normalize trims the title and notes and makes a task without a status open.
func (t *Task) Normalize() {
	t.Title, t.Notes = strings.TrimSpace(t.Title), strings.TrimSpace(t.Notes)
	if t.Status == "" {
		t.Status = TaskOpen
	}
}

// Validate checks a normalised task before it is stored.
func (t *Task) Validate() error {
	p := Problems{}
	if t.Title == "" {
		p.Add("title", "Write what is to be done.")
	}
	checkLen(p, "title", t.Title, 300)
	checkLen(p, "notes", t.Notes, 10000)
	if t.DueOn.IsZero() {
		p.Add("due_on", "Enter the day the task is due.")
	}
	if (t.AssigneeUserID == "") == (t.AssigneeTeamID == "") {
		p.Add("assignee", "Give the task to one colleague or to one team.")
	}
	if !slices.Contains(TaskStatuses, t.Status) {
		p.Add("status", "Choose open or done.")
	}
	return p.Err()
}

// Overdue reports whether an open task's day has passed on the day today
// (a date in Africa/Nairobi).
func (t *Task) Overdue(today time.Time) bool {
	return t.Status == TaskOpen && t.DueOn.Format(time.DateOnly) < today.Format(time.DateOnly)
}

// Delegation hands a task to another colleague, with a note.
type Delegation struct {
	ToUserID string `json:"to_user_id"`
	Note     string `json:"note"`
	Version  int    `json:"version"`
}

// Normalize trims the note.
func (d *Delegation) Normalize() { d.Note = strings.TrimSpace(d.Note) }

// Validate checks a normalised delegation.
func (d *Delegation) Validate() error {
	p := Problems{}
	if d.ToUserID == "" {
		p.Add("to_user_id", "Choose the colleague who takes the task over.")
	}
	checkLen(p, "note", d.Note, 2000)
	return p.Err()
}

// TaskFilter selects tasks in a list.
type TaskFilter struct {
	// Scope is "mine" (given to me), "delegated" (handed on by me), "team"
	// (given to my team or its members), "case" (of CaseID) or "" for every
	// task the caller may see.
	Scope  string
	CaseID string
	// Status keeps tasks of one status; "" for all.
	Status string
	// DueBy keeps tasks due on or before the day; zero for all.
	DueBy  time.Time
	Cursor string
	Limit  int
}

// TaskScopes lists the scopes of TaskFilter.
var TaskScopes = []string{"mine", "delegated", "team", "case", ""}
