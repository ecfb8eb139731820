package store_test

import (
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

func TestTasks(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		cwA, cwA2, cwB, prof := storetest.As(w.cwA), storetest.As(w.cwA2), storetest.As(w.cwB), storetest.As(w.prof)
		// A fixed morning in Nairobi, so "yesterday" and "overdue" do not
		// depend on the hour the test runs (after 21:00 UTC it is already
		// tomorrow in Nairobi).
		now := time.Date(2026, 12, 7, 7, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		today := haki.Today(now)
		yesterday := today.AddDate(0, 0, -1)

		// Validation: a title and one assignee.
		if err := s.CreateTask(cwA, &haki.Task{DueOn: yesterday}); haki.ErrorFields(err)["title"] == "" || haki.ErrorFields(err)["assignee"] == "" {
			t.Fatalf("empty task: %v", err)
		}
		if err := s.CreateTask(storetest.As(w.res), &haki.Task{Title: "x", DueOn: yesterday, AssigneeUserID: w.res.ID}); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("researcher writes a task: %v", err)
		}
		private := &haki.Task{Title: "Call the hospital about the X-ray", Notes: "Ask for Dr. Otieno", DueOn: yesterday, AssigneeUserID: w.cwA2.ID}
		if err := s.CreateTask(cwA, private); err != nil {
			t.Fatal(err)
		}
		onCase := &haki.Task{Title: "Prepare the affidavit", DueOn: yesterday.AddDate(0, 0, 5), AssigneeTeamID: w.cwA.TeamID, CaseID: w.caseA.ID}
		if err := s.CreateTask(cwA, onCase); err != nil {
			t.Fatal(err)
		}
		// A task on a case goes to someone who works on it.
		if err := s.CreateTask(cwB, &haki.Task{Title: "x", DueOn: yesterday, AssigneeUserID: w.prof.ID, CaseID: w.caseA.ID}); haki.ErrorFields(err)["case_id"] == "" {
			t.Errorf("task on a case the caller cannot see: %v", err)
		}
		if err := s.CreateTask(cwA, &haki.Task{Title: "x", DueOn: yesterday, AssigneeUserID: w.prof.ID, CaseID: w.caseA.ID}); haki.ErrorFields(err)["assignee"] == "" {
			t.Errorf("task for a professional not on the case: %v", err)
		}
		profTask := &haki.Task{Title: "Examine the client", DueOn: yesterday, AssigneeUserID: w.prof.ID, CaseID: w.caseB.ID}
		if err := s.CreateTask(cwB, profTask); err != nil {
			t.Fatal(err)
		}

		// Who sees what.
		got, err := s.FindTaskByID(cwA2, private.ID)
		if err != nil || got.Title != private.Title || got.Notes != "Ask for Dr. Otieno" || !got.Overdue(today) {
			t.Fatalf("assignee reads %+v, %v", got, err)
		}
		for _, c := range []struct {
			who  *haki.User
			id   string
			seen bool
		}{
			{w.cwB, private.ID, false}, {w.prof, private.ID, false}, {w.dm, private.ID, true},
			{w.prof, profTask.ID, true}, {w.cwA, profTask.ID, false}, {w.prof, onCase.ID, false}, {w.cwA2, onCase.ID, true},
			{w.res, private.ID, false}, {w.view, private.ID, false},
		} {
			_, err := s.FindTaskByID(storetest.As(c.who), c.id)
			if (err == nil) != c.seen || (err != nil && haki.ErrorCode(err) != haki.ENOTFOUND) {
				t.Errorf("%s reads task: %v, want seen=%v", c.who.Username, err, c.seen)
			}
		}
		mine, _, err := s.FindTasks(cwA2, haki.TaskFilter{Scope: "mine"})
		if err != nil || len(mine) != 1 || mine[0].ID != private.ID {
			t.Errorf("cwA2 mine: %d, %v", len(mine), err)
		}
		team, _, err := s.FindTasks(cwA, haki.TaskFilter{Scope: "team"})
		if err != nil || len(team) != 2 {
			t.Errorf("team A tasks: %d, %v", len(team), err)
		}
		profMine, _, err := s.FindTasks(prof, haki.TaskFilter{Scope: ""})
		if err != nil || len(profMine) != 1 {
			t.Errorf("professional's tasks: %d, %v", len(profMine), err)
		}
		caseTasks, _, err := s.FindTasks(cwA, haki.TaskFilter{Scope: "case", CaseID: w.caseA.ID})
		if err != nil || len(caseTasks) != 1 {
			t.Errorf("case tasks: %d, %v", len(caseTasks), err)
		}

		// Delegation: cwA2 hands the task to cwA, keeps it in "delegated by me".
		if _, err := s.DelegateTask(cwA2, private.ID, haki.Delegation{ToUserID: w.cwB.ID, Note: "x"}); err != nil {
			t.Fatal(err) // no case: anyone who keeps a diary may take it
		}
		if _, err := s.DelegateTask(cwA2, onCase.ID, haki.Delegation{ToUserID: w.prof.ID}); haki.ErrorFields(err)["to_user_id"] == "" {
			t.Errorf("delegating a case task to someone off the case: %v", err)
		}
		d, err := s.DelegateTask(cwA2, onCase.ID, haki.Delegation{ToUserID: w.cwA.ID, Note: "You know the client"})
		if err != nil || d.AssigneeUserID != w.cwA.ID || d.AssigneeTeamID != "" || d.DelegatedBy != w.cwA2.ID || d.DelegationNote != "You know the client" {
			t.Fatalf("delegated %+v, %v", d, err)
		}
		del, _, err := s.FindTasks(cwA2, haki.TaskFilter{Scope: "delegated"})
		if err != nil || len(del) != 2 {
			t.Errorf("delegated by cwA2: %d, %v", len(del), err)
		}

		// Done: on the case's timeline, audited.
		done, err := s.CompleteTask(cwA, onCase.ID)
		if err != nil || done.Status != haki.TaskDone || done.DoneBy != w.cwA.ID {
			t.Fatalf("done %+v, %v", done, err)
		}
		if n := fuCountEvents(t, s, w.dm, w.caseA.ID, haki.EventTask); n != 3 {
			t.Errorf("%d task lines, want 3 (created, delegated, done)", n)
		}
		fuAudited(t, s, w.admin, "task", onCase.ID, 3)

		// Edit with a stale version is a conflict; editing moves it off the case.
		got, _ = s.FindTaskByID(cwA, onCase.ID)
		got.CaseID, got.Status = "", haki.TaskOpen
		if err := s.UpdateTask(cwA, got); err != nil {
			t.Fatal(err)
		}
		again, err := s.FindTaskByID(cwA, onCase.ID)
		if err != nil || again.Title != "Prepare the affidavit" || again.CaseID != "" || again.Status != haki.TaskOpen {
			t.Fatalf("after edit %+v, %v", again, err)
		}
		got.Version = 1
		if err := s.UpdateTask(cwA, got); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Errorf("stale edit: %v", err)
		}
	})
}
