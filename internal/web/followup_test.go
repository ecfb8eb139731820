package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// fuLitigation records the client's litigation consent on a case.
func fuLitigation(tb testing.TB, st *store.Store, as *haki.User, caseID string) {
	tb.Helper()
	c := &haki.Consent{CaseID: caseID, Purpose: haki.ConsentLitigation, Decision: "given", DecidedOn: time.Now().AddDate(0, 0, -1),
		Method: "signed_form", Language: "sw"}
	if err := st.RecordConsent(storetest.As(as), c); err != nil {
		tb.Fatal(err)
	}
}

// mustMatter adds a legal matter to a fresh case of the caseworkers' team.
func mustMatter(tb testing.TB, app *testApp) *haki.LegalMatter {
	tb.Helper()
	admin := app.users[haki.RoleAdmin]
	c := mustCase(tb, app.store, admin, app.users[haki.RoleCaseworker].TeamID, false)
	fuLitigation(tb, app.store, admin, c.ID)
	m := &haki.LegalMatter{CaseID: c.ID, Court: "high_court", Kind: "inquest"}
	if err := app.store.CreateMatter(storetest.As(admin), m, ""); err != nil {
		tb.Fatal(err)
	}
	return m
}

func matterIDs(tb testing.TB, app *testApp) map[string]string {
	return map[string]string{"id": mustMatter(tb, app).ID}
}

func hearingIDs(tb testing.TB, app *testApp) map[string]string {
	h := &haki.Hearing{MatterID: mustMatter(tb, app).ID, StartsAt: time.Now(), Purpose: "mention"}
	if err := app.store.CreateHearing(storetest.As(app.users[haki.RoleAdmin]), h); err != nil {
		tb.Fatal(err)
	}
	return map[string]string{"id": h.ID}
}

func appointmentIDs(tb testing.TB, app *testApp) map[string]string {
	admin := app.users[haki.RoleAdmin]
	c := mustCase(tb, app.store, admin, app.users[haki.RoleCaseworker].TeamID, false)
	e := &haki.CalendarEvent{CaseID: c.ID, Subtype: "counselling", StartsAt: time.Now()}
	if err := app.store.CreateAppointment(storetest.As(admin), e); err != nil {
		tb.Fatal(err)
	}
	return map[string]string{"id": e.ID}
}

func taskIDs(tb testing.TB, app *testApp) map[string]string {
	admin := app.users[haki.RoleAdmin]
	t := &haki.Task{Title: "Renew the P3 form", DueOn: time.Now(), AssigneeUserID: app.users[haki.RoleCaseworker].ID}
	if err := app.store.CreateTask(storetest.As(admin), t); err != nil {
		tb.Fatal(err)
	}
	return map[string]string{"id": t.ID}
}

// nairobi writes an instant as a datetime-local field in Nairobi time.
func nairobi(t time.Time) string { return t.In(haki.Nairobi).Format("2006-01-02T15:04") }

// TestFollowupJourney walks a caseworker through a case's court matter,
// two missed appointments, the drop-out flag, a contact attempt and tasks.
func TestFollowupJourney(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		admin, cwUser := app.users[haki.RoleAdmin], app.users[haki.RoleCaseworker]
		c := mustCase(t, st, admin, cwUser.TeamID, false)
		inc := mustIncident(t, st, admin, "Beating at Kilimani station")
		_, inv, _ := mustAct(t, st, admin, inc, mustPerson(t, st, admin, "Otieno Ochieng"))
		c.IncidentIDs = []string{inc.ID}
		if err := st.UpdateCase(storetest.As(admin), c); err != nil {
			t.Fatal(err)
		}
		cw := app.sessionClient(t, haki.RoleCaseworker)
		base := "/cases/" + c.ID
		matter := url.Values{"kind": {"criminal_prosecution"}, "court": {"magistrates_court"}, "court_station": {"Kibera"},
			"status": {"filed"}, "filed_on": {time.Now().AddDate(0, 0, -1).Format(time.DateOnly)}, "outcome": {"pending"},
			"accused_ids": {inv.ID}, "case_number": {"CR 45 of 2025"}}

		res := cw.post(base+"/matters", matter)
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "consent to litigation") {
			t.Fatalf("matter without consent: %d", res.status)
		}
		if !strings.Contains(res.body, `value="Kibera"`) {
			t.Errorf("the rejected form lost what was typed")
		}
		fuLitigation(t, st, admin, c.ID)
		res = cw.post(base+"/matters", matter)
		if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/matters/") {
			t.Fatalf("matter: %d %s", res.status, res.body)
		}
		matterPath := res.location
		res = cw.post(matterPath+"/hearings", url.Values{"starts_at": {nairobi(time.Now().Add(72 * time.Hour))}, "purpose": {"plea"},
			"court": {"magistrates_court"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("hearing: %d %s", res.status, res.body)
		}
		res = cw.get(matterPath)
		for _, want := range []string{"Criminal prosecution of officers", "Magistrate&#39;s Court", "Plea", "CR 45 of 2025"} {
			if !strings.Contains(res.body, want) {
				t.Errorf("matter page lacks %q", want)
			}
		}

		// Two appointments in the past, both missed: the case is at risk.
		for _, ago := range []time.Duration{50, 26} {
			res = cw.post(base+"/appointments", url.Values{"subtype": {"counselling"}, "starts_at": {nairobi(time.Now().Add(-ago * time.Hour))},
				"minutes": {"60"}, "location": {"Office"}})
			if res.status != http.StatusSeeOther {
				t.Fatalf("appointment: %d %s", res.status, res.body)
			}
		}
		events, err := st.FindAppointments(storetest.As(cwUser), c.ID, 0)
		if err != nil || len(events) != 2 {
			t.Fatalf("appointments %d, %v", len(events), err)
		}
		for _, e := range events {
			var client string
			for _, p := range e.Participants {
				if p.PersonID != "" {
					client = p.ID
				}
			}
			res = cw.post("/appointments/"+e.ID+"/attendance", url.Values{"participant": {client}, "attendance": {"missed"}})
			if res.status != http.StatusSeeOther {
				t.Fatalf("attendance: %d %s", res.status, res.body)
			}
		}
		res = cw.get(base)
		for _, want := range []string{"At risk of dropping out", "Missed the last 2 appointments in a row", "Follow up missed appointment"} {
			if !strings.Contains(res.body, want) {
				t.Errorf("case page lacks %q", want)
			}
		}
		if res = cw.get("/cases"); !strings.Contains(res.body, "At risk of dropping out") {
			t.Errorf("case list has no at-risk badge")
		}
		res = cw.get("/follow-ups")
		for _, want := range []string{c.Ref, "Do not call", "Do not text", "Log a contact attempt"} {
			if !strings.Contains(res.body, want) {
				t.Errorf("follow-up list lacks %q", want)
			}
		}

		// A call is refused without a safety assessment; a visit is logged.
		res = cw.post(base+"/contacts", url.Values{"attempted_at": {nairobi(time.Now())}, "method": {"call"}, "outcome": {"no_answer"}})
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Calling this client is not safe") {
			t.Errorf("unsafe call: %d", res.status)
		}
		res = cw.post(base+"/contacts", url.Values{"attempted_at": {nairobi(time.Now())}, "method": {"visit"}, "outcome": {"no_answer"}})
		if res.status != http.StatusSeeOther {
			t.Errorf("visit: %d %s", res.status, res.body)
		}

		// Tasks: the follow-ups went to the case's team; a task of my own,
		// marked done.
		if res = cw.get("/tasks/team"); !strings.Contains(res.body, "Follow up missed appointment") {
			t.Errorf("team tasks lack the follow-up")
		}
		res = cw.post("/tasks", url.Values{"title": {"Ring the OCS"}, "due_on": {time.Now().AddDate(0, 0, -1).Format(time.DateOnly)},
			"assignee": {"user:" + cwUser.ID}, "case_id": {c.ID}, "status": {"open"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("task: %d %s", res.status, res.body)
		}
		taskPath := res.location
		if res = cw.get("/"); !strings.Contains(res.body, "Ring the OCS") || !strings.Contains(res.body, "Overdue") {
			t.Errorf("home lacks the overdue task")
		}
		if res = cw.post(taskPath+"/done", url.Values{"next": {"/tasks"}}); res.status != http.StatusSeeOther || res.location != "/tasks" {
			t.Errorf("done: %d %s", res.status, res.location)
		}
		if res = app.sessionClient(t, haki.RoleProfessional).get(taskPath); res.status != http.StatusNotFound {
			t.Errorf("professional opens another's task: %d", res.status)
		}

		// The rules page: an administrator's, checked.
		ad := app.sessionClient(t, haki.RoleAdmin)
		if res = ad.post("/settings/dropout", url.Values{"missed_on": {"1"}, "missed_count": {"0"}, "silence_days": {"30"}, "version": {"1"}}); res.status != http.StatusUnprocessableEntity {
			t.Errorf("bad rules: %d", res.status)
		}
		if res = ad.post("/settings/dropout", url.Values{"missed_count": {"3"}, "silence_days": {"30"}, "version": {"1"}}); res.status != http.StatusSeeOther {
			t.Errorf("rules: %d %s", res.status, res.body)
		}
		if res = cw.get(base); strings.Contains(res.body, "At risk of dropping out") {
			t.Errorf("rule off, case still flagged")
		}
	})
}
