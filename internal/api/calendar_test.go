package api_test

import (
	"testing"
	"time"

	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestCalendarAPI: a weekly group session with a client, the calendar
// window, attendance on one occurrence, a double booking warning, a
// cancelled occurrence, diary notes, and what others may not see.
func TestCalendarAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		start := time.Date(2026, 9, 1, 11, 0, 0, 0, time.UTC) // 14:00 Nairobi, a Tuesday
		week2 := start.AddDate(0, 0, 7).Format(time.RFC3339)
		from, to := start.AddDate(0, 0, -1).Format(time.RFC3339), start.AddDate(0, 3, 0).Format(time.RFC3339)
		group := `{"kind": "group_session", "starts_at": "` + start.Format(time.RFC3339) + `", "ends_at": "` + start.Add(90*time.Minute).Format(time.RFC3339) +
			`", "location": "Room 2", "owner_team_id": "{team_a}", "rrule": "FREQ=WEEKLY;COUNT=8",
			"participants": [{"person_id": "{person}", "case_id": "{case}"}, {"user_id": "{caseworker_id}"}]}`
		w.ids["caseworker_id"] = w.users["caseworker"].ID
		w.runSteps(t, []fuStep{
			{name: "researcher", who: "researcher", method: "GET", path: "/api/v1/calendar?from=" + from + "&to=" + to, status: 403},
			{name: "endless series", who: "caseworker", method: "POST", path: "/api/v1/events",
				body: `{"kind": "meeting", "starts_at": "` + start.Format(time.RFC3339) + `", "rrule": "FREQ=DAILY"}`, status: 422,
				want: map[string]any{"errors.rrule": "*"}},
			{name: "create series", who: "caseworker", method: "POST", path: "/api/v1/events", body: group, status: 201,
				want: map[string]any{"event.rrule": "FREQ=WEEKLY;COUNT=8", "event.status": "scheduled"}, save: map[string]string{"series": "event.id"}},
			{name: "team calendar", who: "caseworker", method: "GET", path: "/api/v1/calendar?who=team&kind=group_session&from=" + from + "&to=" + to, status: 200,
				want: map[string]any{"items.7.series_id": "*", "items.1.recurrence_id": week2, "items.0.participants.0.attendance": "scheduled"}},
			{name: "occurrence", who: "caseworker", method: "GET", path: "/api/v1/events/{series}?at=" + week2, status: 200,
				want: map[string]any{"starts_at": week2, "series_id": "*"}, save: map[string]string{"p_client": "participants.0.id"}},
			{name: "missed", who: "caseworker", method: "POST", path: "/api/v1/events/{series}/attendance",
				body: `{"participant_id": "{p_client}", "attendance": "missed", "at": "` + week2 + `"}`, status: 200,
				want: map[string]any{"attendance": "missed"}},
			{name: "clash", who: "caseworker", method: "POST", path: "/api/v1/events/clashes",
				body:   `{"kind": "meeting", "starts_at": "` + week2 + `", "ends_at": "` + start.AddDate(0, 0, 7).Add(time.Hour).Format(time.RFC3339) + `", "location": "ROOM 2"}`,
				status: 200, want: map[string]any{"items.0.who": "*", "items.0.other.event_id": "*"}},
			// A client or case the caller may not see answers as an unknown one.
			{name: "clash, hidden client", who: "professional", method: "POST", path: "/api/v1/events/clashes",
				body: `{"kind": "group_session", "starts_at": "` + week2 + `", "ends_at": "` + start.AddDate(0, 0, 7).Add(time.Hour).Format(time.RFC3339) +
					`", "participants": [{"person_id": "{person}"}]}`,
				status: 422, want: map[string]any{"errors.participants": "Choose clients of cases you work on."}},
			{name: "clash, unknown client", who: "professional", method: "POST", path: "/api/v1/events/clashes",
				body: `{"kind": "group_session", "starts_at": "` + week2 + `", "ends_at": "` + start.AddDate(0, 0, 7).Add(time.Hour).Format(time.RFC3339) +
					`", "participants": [{"person_id": "00000000-0000-4000-8000-000000000000"}]}`,
				status: 422, want: map[string]any{"errors.participants": "Choose clients of cases you work on."}},
			{name: "clash, hidden case", who: "caseworker_b", method: "POST", path: "/api/v1/events/clashes",
				body:   `{"kind": "appointment", "case_id": "{case}", "starts_at": "` + week2 + `", "ends_at": "` + start.AddDate(0, 0, 7).Add(time.Hour).Format(time.RFC3339) + `"}`,
				status: 422, want: map[string]any{"errors.case_id": "No such case."}},
			{name: "cancel one", who: "caseworker", method: "POST", path: "/api/v1/events/{series}/cancel",
				body: `{"at": "` + start.AddDate(0, 0, 14).Format(time.RFC3339) + `"}`, status: 200, want: map[string]any{"status": "cancelled"}},
			{name: "other team", who: "caseworker_b", method: "GET", path: "/api/v1/events/{series}", status: 404},
			{name: "org busy", who: "caseworker_b", method: "GET", path: "/api/v1/calendar?who=org&from=" + from + "&to=" + to, status: 200,
				want: map[string]any{"items.0.busy": true}},
			{name: "note", who: "caseworker", method: "POST", path: "/api/v1/diary", body: `{"day": "2026-09-01T00:00:00Z", "body": "Bring tea"}`, status: 201,
				save: map[string]string{"note": "id"}},
			{name: "notes", who: "caseworker", method: "GET", path: "/api/v1/diary?from=2026-09-01&to=2026-09-30", status: 200,
				want: map[string]any{"items.0.body": "Bring tea"}},
			{name: "not yours", who: "admin", method: "GET", path: "/api/v1/diary/{note}", status: 404},
			{name: "delete note", who: "caseworker", method: "DELETE", path: "/api/v1/diary/{note}", status: 204},
		})
	})
}
