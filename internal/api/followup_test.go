package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// fuStep is one request of the follow-up scenario and what it must answer.
type fuStep struct {
	name, who, method, path, body string
	status                        int
	want                          map[string]any // dotted path -> value (fmt %v), "*" for present
	save                          map[string]string
}

func (w *world) runSteps(t *testing.T, steps []fuStep) {
	t.Helper()
	for _, st := range steps {
		res := w.do(t, st.method, st.path, st.who, st.body)
		if res.status != st.status {
			t.Fatalf("%s: %s %s as %s: status %d, want %d: %s", st.name, st.method, st.path, st.who, res.status, st.status, res.raw)
		}
		for path, want := range st.want {
			if ws, ok := want.(string); ok && ws != "*" {
				want = w.expand(ws) // "{name}" is a saved id
			}
			got, ok := lookup(res.body, path)
			if !ok || (want != "*" && fmt.Sprint(got) != fmt.Sprint(want)) {
				t.Errorf("%s: %s = %v (present %v), want %v", st.name, path, got, ok, want)
			}
		}
		for name, path := range st.save {
			v, ok := lookup(res.body, path)
			if !ok {
				t.Fatalf("%s: no %s in %s", st.name, path, res.raw)
			}
			w.ids[name] = fmt.Sprint(v)
		}
	}
}

// TestFollowupAPI goes through court matters (with consent enforced),
// hearings, appointments and attendance, the drop-out flag, contact
// attempts respecting safe contact, tasks and the rules, with role checks.
func TestFollowupAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		day := func(d int) string { return time.Now().AddDate(0, 0, d).Format(time.DateOnly) }
		at := func(h int) string { return time.Now().Add(time.Duration(h) * time.Hour).UTC().Format(time.RFC3339) }
		matter := `{"court": "high_court", "court_station": "Milimani", "kind": "constitutional_petition", "status": "filed",
			"filed_on": "` + day(-2) + `", "accused_ids": ["{involvement}"], "case_number": "Petition E7 of 2025"}`
		steps := []fuStep{
			{name: "no consent", who: "caseworker", method: "POST", path: "/api/v1/cases/{case}/matters", body: matter, status: 422,
				want: map[string]any{"errors.consent": "*"}},
			{name: "caseworker override", who: "caseworker", method: "POST", path: "/api/v1/cases/{case}/matters",
				body: strings.Replace(matter, `"court":`, `"override_reason": "The client fled; we act on the record.", "court":`, 1), status: 422,
				want: map[string]any{"errors.override_reason": "*"}},
			{name: "admin override", who: "admin", method: "POST", path: "/api/v1/cases/{case}/matters",
				body: strings.Replace(matter, `"court":`, `"override_reason": "The client fled; we act on the record.", "court":`, 1), status: 201,
				want: map[string]any{"accused.0.officer_name": "Officer X", "filed_on": day(-2)}, save: map[string]string{"matter": "id"}},
			{name: "professional may not write", who: "professional", method: "POST", path: "/api/v1/cases/{case}/matters", body: matter, status: 403},
			{name: "other team", who: "caseworker_b", method: "GET", path: "/api/v1/matters/{matter}", status: 404},
			{name: "researcher", who: "researcher", method: "GET", path: "/api/v1/matters/{matter}", status: 404},
			{name: "read", who: "caseworker", method: "GET", path: "/api/v1/matters/{matter}", status: 200,
				want: map[string]any{"case_number": "Petition E7 of 2025", "outcome": "pending", "version": 1}},
			{name: "compensation needs an amount", who: "caseworker", method: "PUT", path: "/api/v1/matters/{matter}",
				body:   `{"court": "high_court", "kind": "constitutional_petition", "status": "concluded", "filed_on": "` + day(-2) + `", "outcome": "compensation", "version": 1}`,
				status: 422, want: map[string]any{"errors.compensation_kes": "*"}},
			{name: "compensation", who: "caseworker", method: "PUT", path: "/api/v1/matters/{matter}",
				body:   `{"court": "high_court", "kind": "constitutional_petition", "status": "concluded", "filed_on": "` + day(-2) + `", "outcome": "compensation", "compensation_kes": 2500000, "version": 1}`,
				status: 200, want: map[string]any{"compensation_kes": 2500000.0, "version": 2}},
			{name: "hearing", who: "caseworker", method: "POST", path: "/api/v1/matters/{matter}/hearings",
				body: `{"starts_at": "` + at(48) + `", "purpose": "mention", "next_date": "` + day(30) + `"}`, status: 201,
				want: map[string]any{"court": "high_court", "next_date": day(30)}, save: map[string]string{"hearing": "id"}},
			{name: "hearings", who: "professional", method: "GET", path: "/api/v1/matters/{matter}/hearings", status: 404},
			{name: "hearings", who: "datamanager", method: "GET", path: "/api/v1/matters/{matter}/hearings", status: 200,
				want: map[string]any{"items.0.purpose": "mention"}},

			// Two missed appointments flag the case; each gives the caseworker a task.
			{name: "appointment 1", who: "caseworker", method: "POST", path: "/api/v1/cases/{case}/appointments",
				body: `{"subtype": "counselling", "starts_at": "` + at(-50) + `", "location": "Office"}`, status: 201,
				want: map[string]any{"participants.0.attendance": "scheduled"}, save: map[string]string{"appt1": "id", "client1": "participants.0.id"}},
			{name: "appointment 2", who: "caseworker", method: "POST", path: "/api/v1/cases/{case}/appointments",
				body: `{"subtype": "statement_recording", "starts_at": "` + at(-26) + `"}`, status: 201,
				save: map[string]string{"appt2": "id", "client2": "participants.0.id"}},
			{name: "outsider marks", who: "caseworker_b", method: "PUT", path: "/api/v1/appointments/{appt1}/participants/{client1}",
				body: `{"attendance": "missed"}`, status: 404},
			{name: "bad mark", who: "caseworker", method: "PUT", path: "/api/v1/appointments/{appt1}/participants/{client1}",
				body: `{"attendance": "late"}`, status: 422},
			{name: "missed 1", who: "caseworker", method: "PUT", path: "/api/v1/appointments/{appt1}/participants/{client1}",
				body: `{"attendance": "missed"}`, status: 200, want: map[string]any{"attendance": "missed"}},
			{name: "missed 2", who: "caseworker", method: "PUT", path: "/api/v1/appointments/{appt2}/participants/{client2}",
				body: `{"attendance": "missed"}`, status: 200},
			{name: "appointment to come", who: "caseworker", method: "POST", path: "/api/v1/cases/{case}/appointments",
				body: `{"subtype": "counselling", "starts_at": "` + at(30) + `"}`, status: 201,
				save: map[string]string{"appt3": "id", "client3": "participants.0.id", "staff3": "participants.1.id"}},
			{name: "missed before it begins", who: "caseworker", method: "PUT", path: "/api/v1/appointments/{appt3}/participants/{client3}",
				body: `{"attendance": "missed"}`, status: 422, want: map[string]any{"errors.attendance": "*"}},
			{name: "rescheduled without a time", who: "caseworker", method: "PUT", path: "/api/v1/appointments/{appt3}/participants/{client3}",
				body: `{"attendance": "rescheduled"}`, status: 422, want: map[string]any{"errors.starts_at": "*"}},
			{name: "rescheduled", who: "caseworker", method: "PUT", path: "/api/v1/appointments/{appt3}/participants/{client3}",
				body: `{"attendance": "rescheduled", "starts_at": "` + at(54) + `"}`, status: 200,
				want: map[string]any{"subtype": "counselling", "starts_at": at(54), "participants.0.attendance": "scheduled"}},
			// A colleague's mark moves nothing: the answer is the participant.
			{name: "colleague rescheduled", who: "caseworker", method: "PUT", path: "/api/v1/appointments/{appt3}/participants/{staff3}",
				body: `{"attendance": "rescheduled"}`, status: 200, want: map[string]any{"id": "{staff3}", "attendance": "rescheduled"}},
			{name: "colleague rescheduled with a time", who: "caseworker", method: "PUT", path: "/api/v1/appointments/{appt3}/participants/{staff3}",
				body: `{"attendance": "rescheduled", "starts_at": "` + at(60) + `"}`, status: 200, want: map[string]any{"id": "{staff3}", "attendance": "rescheduled"}},
			{name: "missed 2 again", who: "caseworker", method: "PUT", path: "/api/v1/appointments/{appt2}/participants/{client2}",
				body: `{"attendance": "attended"}`, status: 200},
			{name: "missed 2 once more", who: "caseworker", method: "PUT", path: "/api/v1/appointments/{appt2}/participants/{client2}",
				body: `{"attendance": "missed"}`, status: 200},
			{name: "at risk", who: "caseworker", method: "GET", path: "/api/v1/cases/{case}/dropout", status: 200,
				want: map[string]any{"at_risk": true, "missed_in_a_row": 2, "reasons.0.rule": "missed"}},
			{name: "follow-ups", who: "caseworker", method: "GET", path: "/api/v1/follow-ups", status: 200,
				want: map[string]any{"items.0.may_call": false, "items.0.may_text": false}},
			{name: "tasks", who: "caseworker", method: "GET", path: "/api/v1/tasks?scope=case&case={case}&status=open", status: 200,
				want: map[string]any{"items.0.title": "Follow up missed appointment", "items.1.ref_kind": "event"}, save: map[string]string{"task": "items.0.id"}},

			// Safe contact.
			{name: "call refused", who: "caseworker", method: "POST", path: "/api/v1/cases/{case}/contact-attempts",
				body: `{"attempted_at": "` + at(-1) + `", "method": "call", "outcome": "no_answer"}`, status: 422, want: map[string]any{"errors.method": "*"}},
			{name: "visit", who: "caseworker", method: "POST", path: "/api/v1/cases/{case}/contact-attempts",
				body: `{"attempted_at": "` + at(-1) + `", "method": "visit", "outcome": "reached", "notes": "Met at the market"}`, status: 201},
			{name: "attempts", who: "caseworker", method: "GET", path: "/api/v1/cases/{case}/contact-attempts", status: 200,
				want: map[string]any{"items.0.notes": "Met at the market"}},

			// Tasks: delegate and finish.
			{name: "delegate off the case", who: "caseworker", method: "POST", path: "/api/v1/tasks/{task}/delegate",
				body: `{"to_user_id": "{caseworker_b_id}", "note": "x"}`, status: 422, want: map[string]any{"errors.to_user_id": "*"}},
			{name: "task hidden", who: "caseworker_b", method: "GET", path: "/api/v1/tasks/{task}", status: 404},
			{name: "done", who: "caseworker", method: "POST", path: "/api/v1/tasks/{task}/done", status: 200, want: map[string]any{"status": "done"}},
			{name: "new task", who: "professional", method: "POST", path: "/api/v1/tasks",
				body: `{"title": "Write the medical report", "due_on": "` + day(3) + `", "assignee_user_id": "{professional_id}"}`, status: 201,
				want: map[string]any{"due_on": day(3), "status": "open"}},
			{name: "professional's tasks", who: "professional", method: "GET", path: "/api/v1/tasks?scope=all", status: 200,
				want: map[string]any{"items.0.title": "Write the medical report"}},

			// The rules.
			{name: "rules", who: "professional", method: "GET", path: "/api/v1/settings/dropout", status: 200,
				want: map[string]any{"missed_count": 2, "silence_days": 30}},
			{name: "rules by caseworker", who: "caseworker", method: "PUT", path: "/api/v1/settings/dropout",
				body: `{"missed_on": true, "missed_count": 3, "silence_on": true, "silence_days": 30, "version": 1}`, status: 403},
			{name: "rules bad", who: "admin", method: "PUT", path: "/api/v1/settings/dropout",
				body: `{"missed_on": true, "missed_count": 0, "silence_on": true, "silence_days": 30, "version": 1}`, status: 422},
			{name: "rules", who: "admin", method: "PUT", path: "/api/v1/settings/dropout",
				body: `{"missed_on": true, "missed_count": 3, "silence_on": false, "silence_days": 30, "version": 1}`, status: 200,
				want: map[string]any{"version": 2}},
			{name: "no longer at risk", who: "caseworker", method: "GET", path: "/api/v1/cases/{case}/dropout", status: 200,
				want: map[string]any{"at_risk": false}},
		}
		w.ids["caseworker_b_id"], w.ids["professional_id"] = w.users["caseworker_b"].ID, w.users["professional"].ID
		split := 0
		for i, st := range steps {
			if st.name == "follow-ups" {
				split = i + 1
			}
		}
		w.runSteps(t, steps[:split])
		// The list holds this case with its reason, and nothing of another team.
		for who, want := range map[string]bool{"caseworker": true, "caseworker_b": false} {
			res := w.do(t, http.MethodGet, "/api/v1/follow-ups", who, "")
			found := false
			items, _ := lookup(res.body, "items")
			list, _ := items.([]any)
			for i := range list {
				if id, _ := lookup(res.body, fmt.Sprintf("items.%d.case.id", i)); id == w.ids["case"] {
					found = true
					if r, _ := lookup(res.body, fmt.Sprintf("items.%d.risk.reasons.0.rule", i)); r != "missed" {
						t.Errorf("follow-up reason %v, want missed", r)
					}
				}
			}
			if found != want {
				t.Errorf("%s: case in follow-ups %v, want %v", who, found, want)
			}
		}
		w.runSteps(t, steps[split:])
		if res := w.do(t, http.MethodGet, "/api/v1/cases/{case}/timeline?kind=hearing", "caseworker", ""); res.status == http.StatusOK {
			if n, _ := lookup(res.body, "items.0.kind"); fmt.Sprint(n) != "hearing" {
				t.Errorf("no hearing on the timeline: %s", res.raw)
			}
		}
	})
}
