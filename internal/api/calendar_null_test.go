package api_test

import (
	"testing"

	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// A JSON null where a participant belongs carries nothing: every calendar
// write and the clash check answer as if it were not there, never by
// dropping the connection.
func TestCalendarNullParticipant(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		w.ids["caseworker_id"] = w.users["caseworker"].ID
		const at = `"starts_at": "2026-09-01T06:00:00Z", "ends_at": "2026-09-01T07:00:00Z"`
		w.runSteps(t, []fuStep{
			{name: "clash check", who: "caseworker", method: "POST", path: "/api/v1/events/clashes",
				body: `{"kind": "meeting", ` + at + `, "participants": [null]}`, status: 200},
			{name: "event", who: "caseworker", method: "POST", path: "/api/v1/events",
				body: `{"kind": "meeting", ` + at + `, "participants": [null, {"user_id": "{caseworker_id}"}, null]}`, status: 201,
				want: map[string]any{"event.participants.0.user_id": "*"}, save: map[string]string{"meeting": "event.id"}},
			{name: "event update", who: "caseworker", method: "PUT", path: "/api/v1/events/{meeting}",
				body: `{"kind": "meeting", ` + at + `, "participants": [null], "version": 1}`, status: 200},
			{name: "appointment", who: "caseworker", method: "POST", path: "/api/v1/cases/{case}/appointments",
				body: `{"subtype": "counselling", ` + at + `, "participants": [null]}`, status: 201,
				want: map[string]any{"participants.0.person_id": "*"}, save: map[string]string{"appointment": "id"}},
			{name: "appointment update", who: "caseworker", method: "PUT", path: "/api/v1/appointments/{appointment}",
				body: `{"subtype": "counselling", ` + at + `, "participants": [null], "version": 1}`, status: 200},
		})
	})
}
