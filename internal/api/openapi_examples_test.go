package api_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/api"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// requestExample is the example body of one route with a request body.
// TestOpenAPIExamples sends every one, in this order, to the real API on a
// real store and expects the route's documented success status, so an
// example in openapi.json is a request that works.
type requestExample struct {
	route string // the route's pattern, e.g. "POST /api/v1/acts"
	path  string // the path sent; {name} is an id of the test's world
	who   string // the role of the caller
	body  string // JSON; "{name}" is an id of the world, "{totp}" a fresh authenticator code
	// save names ids of the answer to keep for later examples, as
	// name: dotted path in the answer (e.g. "participant": "participants.0.id").
	save map[string]string
}

// requestExamples are in an order in which each can succeed: a record is
// made before an example changes it; versions are those the records have
// then. The world (api_test.go newWorld, then exampleWorld) made the
// records named in paths that no example saves.
var requestExamples = []requestExample{
	{route: "PUT /api/v1/me/time-zone", who: "admin", body: `{"time_zone": "Africa/Nairobi"}`},
	{route: "PUT /api/v1/me/notification-settings", who: "caseworker", body: `{"email": false, "sms": true, "phone": "+254 712 345678"}`},

	{route: "POST /api/v1/persons", who: "monitor", save: map[string]string{"new_person": "id"},
		body: `{"full_name": "Otieno Ouma", "other_names": ["Baba Achieng"], "sex": "male", "birth_date": "1990", "county_code": "KE-047",
			"occupation": "Boda boda rider", "national_id": "23456789", "phone": "+254 722 000333"}`},
	{route: "PUT /api/v1/persons/{id}", path: "/api/v1/persons/{new_person}", who: "monitor",
		body: `{"full_name": "Otieno Ouma", "sex": "male", "birth_date": "1990-04", "county_code": "KE-047", "occupation": "Boda boda rider",
			"national_id": "23456789", "phone": "+254 722 000333", "version": 1}`},
	{route: "POST /api/v1/persons/search", who: "caseworker", body: `{"q": "Otieno", "county": "KE-047", "limit": 20}`},
	{route: "POST /api/v1/pick/persons", who: "caseworker", body: `{"q": "Otieno"}`},
	{route: "POST /api/v1/pick/incidents", who: "caseworker", body: `{"q": "Kilimani"}`},
	{route: "POST /api/v1/pick/cases", who: "caseworker", body: `{"q": "Juma"}`},

	{route: "POST /api/v1/incidents", who: "monitor", save: map[string]string{"new_incident": "id"},
		body: `{"title": "Beating at Central police station", "types": ["torture", "arbitrary_arrest"], "occurred": "2026-02-14",
			"county_code": "KE-047", "place_name": "Central police station", "context": "custody",
			"narrative": "Arrested at a roadblock and beaten in the cells overnight.", "verification": "unverified"}`},
	{route: "POST /api/v1/acts", who: "monitor", save: map[string]string{"new_act": "id"},
		body: `{"incident_id": "{new_incident}", "victim_id": "{new_person}", "act_type": "torture", "method": "beating",
			"consequences": ["soft_tissue"], "victim_status": "injured", "victim_age": 34, "notes": "Beaten with batons on the back."}`},
	{route: "PUT /api/v1/acts/{id}", path: "/api/v1/acts/{new_act}", who: "monitor",
		body: `{"incident_id": "{new_incident}", "victim_id": "{new_person}", "act_type": "torture", "method": "beating",
			"consequences": ["soft_tissue", "fracture"], "victim_status": "injured", "victim_age": 34, "notes": "A rib broken.", "version": 1}`},
	{route: "POST /api/v1/victim-groups", who: "monitor", save: map[string]string{"new_group": "id"},
		body: `{"incident_id": "{new_incident}", "count": 30, "approx": true, "sex": "male", "age_band": "18-34",
			"description": "protesters", "act_type": "killing", "method": "shooting", "victim_status": "killed"}`},
	{route: "PUT /api/v1/victim-groups/{id}", path: "/api/v1/victim-groups/{new_group}", who: "monitor",
		body: `{"count": 31, "approx": true, "sex": "mixed", "age_band": "18-34", "description": "protesters and a passer-by",
			"act_type": "killing", "method": "shooting", "victim_status": "killed", "version": 1}`},
	{route: "POST /api/v1/victim-groups/{id}/replace", path: "/api/v1/victim-groups/{new_group}/replace", who: "monitor",
		body: `{"person_id": "{new_person}", "version": 2}`},
	{route: "POST /api/v1/involvements", who: "monitor", save: map[string]string{"new_involvement": "id"},
		body: `{"act_id": "{new_act}", "service_code": "kps", "degree": "direct", "institution_id": "{institution}",
			"officer_rank": "Corporal", "notes": "Named by two witnesses."}`},
	{route: "PUT /api/v1/involvements/{id}", path: "/api/v1/involvements/{new_involvement}", who: "monitor",
		body: `{"act_id": "{new_act}", "service_code": "kps", "degree": "command", "institution_id": "{institution}",
			"officer_rank": "Inspector", "notes": "The officer commanding the station.", "version": 1}`},
	{route: "POST /api/v1/sources", who: "monitor", save: map[string]string{"new_source": "id"},
		body: `{"incident_id": "{new_incident}", "kind": "survivor", "reliability": "confirmed", "source_date": "2026-02-20",
			"description": "Statement taken at the office."}`},
	{route: "PUT /api/v1/sources/{id}", path: "/api/v1/sources/{new_source}", who: "monitor",
		body: `{"incident_id": "{new_incident}", "kind": "media", "reliability": "probably_true", "source_date": "2026-02-15",
			"outlet": "Daily Nation", "url": "https://example.org/news/central-station", "description": "Report of the arrest.", "version": 1}`},

	{route: "POST /api/v1/cases", who: "caseworker", save: map[string]string{"new_case": "id"},
		body: `{"client_id": "{new_person}", "client_relation": "survivor", "incident_ids": ["{new_incident}"], "intake_date": "2026-02-20",
			"intake_channel": "walk_in", "team_id": "{team_a}", "caseworker_id": "{caseworker_user}", "summary": "Beaten in custody; needs medical care and advice."}`},
	{route: "PUT /api/v1/cases/{id}", path: "/api/v1/cases/{new_case}", who: "caseworker",
		body: `{"client_id": "{new_person}", "client_relation": "survivor", "incident_ids": ["{new_incident}"], "intake_date": "2026-02-20",
			"intake_channel": "walk_in", "team_id": "{team_a}", "caseworker_id": "{caseworker_user}", "sensitive": true, "summary": "Beaten in custody; threatened since.", "version": 1}`},
	{route: "POST /api/v1/intakes", who: "caseworker",
		body: `{"new_client": {"full_name": "Akinyi Odhiambo", "sex": "female", "birth_date": "1985"},
			"incident_ids": ["{incident}"],
			"new_incident": {"title": "Beaten at Kayole post", "types": ["torture"], "occurred": "2026-01", "county_code": "KE-047"},
			"consents": [{"purpose": "care", "decision": "given", "decided_on": "2026-02-20", "method": "signed_form", "language": "sw"}],
			"assessment": {"assessed_on": "2026-02-20", "threat_level": "medium", "safe_to_text": true, "contact_method": "sms"},
			"case": {"client_relation": "survivor", "intake_date": "2026-02-20", "intake_channel": "hotline"}}`},
	{route: "POST /api/v1/cases/{id}/consents", path: "/api/v1/cases/{new_case}/consents", who: "caseworker",
		body: `{"purpose": "publication", "decision": "given", "decided_on": "2026-02-20", "method": "verbal", "language": "sw",
			"notes": "Agreed to a story without his name."}`},
	// The client consented to publication: the incident can be verified and made publishable.
	{route: "PUT /api/v1/incidents/{id}", path: "/api/v1/incidents/{new_incident}", who: "datamanager",
		body: `{"title": "Beating at Central police station", "types": ["torture"], "occurred": "2026-02-14", "county_code": "KE-047",
			"place_name": "Central police station", "context": "custody", "narrative": "Arrested at a roadblock and beaten overnight.",
			"verification": "verified", "publishable": true, "version": 1}`},
	{route: "POST /api/v1/cases/{id}/assessments", path: "/api/v1/cases/{case}/assessments", who: "caseworker",
		body: `{"assessed_on": "2026-02-20", "threat_level": "high", "threatened_by": "Officers of the station", "safe_to_call": false,
			"safe_to_text": true, "contact_method": "sms", "safe_times": "Weekday evenings", "needs": ["legal", "medical"]}`},
	{route: "POST /api/v1/cases/{id}/notes", path: "/api/v1/cases/{case}/notes", who: "caseworker", body: `{"body": "Called his sister; he will come on Monday."}`},
	{route: "POST /api/v1/cases/{id}/status", path: "/api/v1/cases/{case_b}/status", who: "admin",
		body: `{"status": "closed", "closure_reason": "withdrawn", "version": 1}`},

	{route: "POST /api/v1/cases/{id}/stories", path: "/api/v1/cases/{case}/stories", who: "caseworker", save: map[string]string{"new_story": "id"},
		body: `{"title": "Home again", "body": "He came home after two years, and went back to school."}`},
	{route: "PUT /api/v1/cases/{id}/stories/{story}", path: "/api/v1/cases/{case}/stories/{new_story}", who: "caseworker",
		body: `{"title": "Home again", "body": "He came home after two years and went back to school in May.", "version": 1}`},
	{route: "POST /api/v1/cases/{id}/stories/{story}/publish", path: "/api/v1/cases/{case}/stories/{new_story}/publish", who: "datamanager",
		body: `{"version": 2}`},
	// Medico-legal evaluations, by the network doctor assigned to the case (exampleWorld).
	{route: "POST /api/v1/cases/{id}/evaluations", path: "/api/v1/cases/{case}/evaluations", who: "professional", save: map[string]string{"eval": "id"},
		body: `{"kind": "physical", "examined_on": "2026-03-01", "place": "Kenyatta National Hospital", "account": "Beaten with batons at the station",
			"exam_consent": "given", "uses": ["litigation", "care"], "methods": ["beating"],
			"findings": [{"kind": "physical", "view": "back", "x": 0.5, "y": 0.4, "lesion_type": "bruise",
				"description": "Tramline bruises across the back", "alleged_method": "beating", "opinion": "typical"}]}`},
	{route: "PUT /api/v1/evaluations/{id}", path: "/api/v1/evaluations/{eval}", who: "professional",
		body: `{"kind": "physical", "examined_on": "2026-03-01", "version": 1, "place": "Kenyatta National Hospital",
			"account": "Beaten with batons at the station", "exam_consent": "given", "uses": ["litigation", "care"], "methods": ["beating"],
			"findings": [{"kind": "physical", "view": "back", "x": 0.5, "y": 0.4, "lesion_type": "bruise",
				"description": "Tramline bruises across the back", "alleged_method": "beating", "opinion": "typical"}],
			"qualifications": "MB ChB (Nairobi); Istanbul Protocol training 2024", "interpretation": "Consistent as a whole.", "overall_level": "highly_consistent"}`},
	{route: "POST /api/v1/evaluations/{id}/sign", path: "/api/v1/evaluations/{eval}/sign", who: "professional", body: `{"version": 2, "code": "{totp}"}`},
	{route: "POST /api/v1/evaluations/{id}/addenda", path: "/api/v1/evaluations/{eval}/addenda", who: "professional",
		body: `{"reason": "X-ray results received", "text": "The X-ray of 2 March shows a fracture of the ninth rib.", "code": "{totp}"}`},
	{route: "POST /api/v1/instruments", who: "admin",
		body: `{"code": "mood2", "version": 1, "title": {"en": "Mood check", "sw": "Hali ya moyo"}, "licence": "Written by the organisation; free to use",
			"scoring": "sum", "items": [{"key": "low", "text": {"en": "Have you felt low?", "sw": "Umejisikia mnyonge?"}},
				{"key": "sleep", "text": {"en": "Have you slept badly?", "sw": "Umelala vibaya?"}}],
			"answers": [{"value": 0, "label": {"en": "No", "sw": "Hapana"}}, {"value": 1, "label": {"en": "Yes", "sw": "Ndiyo"}}],
			"bands": [{"min": 0, "max": 0, "code": "none", "label": {"en": "None", "sw": "Hakuna"}},
				{"min": 1, "max": 2, "code": "some", "label": {"en": "Some", "sw": "Baadhi"}}]}`},

	// Legal matters, hearings and the evaluation as an exhibit.
	{route: "POST /api/v1/cases/{id}/matters", path: "/api/v1/cases/{case}/matters", who: "caseworker", save: map[string]string{"matter": "id"},
		body: `{"court": "high_court", "court_station": "Milimani", "kind": "constitutional_petition", "status": "filed",
			"filed_on": "2026-02-27", "accused_ids": ["{involvement}"], "case_number": "Petition E7 of 2026"}`},
	{route: "PUT /api/v1/matters/{matter}", path: "/api/v1/matters/{matter}", who: "caseworker",
		body: `{"court": "high_court", "court_station": "Milimani", "kind": "constitutional_petition", "status": "ongoing",
			"filed_on": "2026-02-27", "accused_ids": ["{involvement}"], "case_number": "Petition E7 of 2026", "version": 1}`},
	{route: "POST /api/v1/matters/{matter}/hearings", path: "/api/v1/matters/{matter}/hearings", who: "caseworker", save: map[string]string{"hearing": "id"},
		body: `{"starts_at": "2026-03-10T09:00:00+03:00", "purpose": "mention", "next_date": "2026-04-14"}`},
	{route: "PUT /api/v1/hearings/{hearing}", path: "/api/v1/hearings/{hearing}", who: "caseworker",
		body: `{"starts_at": "2026-03-10T09:00:00+03:00", "purpose": "mention", "court": "high_court", "court_station": "Milimani",
			"what_happened": "Directions given; the State to respond in 14 days.", "next_date": "2026-04-14", "version": 1}`},
	{route: "PUT /api/v1/evaluations/{id}/matter", path: "/api/v1/evaluations/{eval}/matter", who: "professional", body: `{"matter_id": "{matter}"}`},

	// Appointments, contact attempts and the drop-out rules.
	{route: "POST /api/v1/cases/{id}/appointments", path: "/api/v1/cases/{case}/appointments", who: "caseworker",
		save: map[string]string{"appointment": "id", "participant": "participants.0.id"},
		body: `{"kind": "appointment", "subtype": "counselling", "starts_at": "2026-02-27T10:00:00+03:00", "ends_at": "2026-02-27T11:00:00+03:00", "location": "Office, room 2"}`},
	{route: "PUT /api/v1/appointments/{appointment}", path: "/api/v1/appointments/{appointment}", who: "caseworker",
		body: `{"kind": "appointment", "subtype": "counselling", "starts_at": "2026-02-27T10:30:00+03:00", "ends_at": "2026-02-27T11:30:00+03:00", "location": "Office, room 3",
			"notes": "Bring the discharge summary.", "version": 1}`},
	{route: "PUT /api/v1/appointments/{appointment}/participants/{participant}", path: "/api/v1/appointments/{appointment}/participants/{participant}",
		who: "caseworker", body: `{"attendance": "attended"}`},
	{route: "POST /api/v1/cases/{id}/contact-attempts", path: "/api/v1/cases/{case}/contact-attempts", who: "caseworker",
		body: `{"attempted_at": "2026-03-01T16:00:00+03:00", "method": "visit", "outcome": "reached", "notes": "Met at the market."}`},
	{route: "PUT /api/v1/settings/dropout", who: "admin",
		body: `{"silence_on": true, "silence_days": 30, "missed_on": true, "missed_count": 2, "version": 1}`},

	// Tasks.
	{route: "POST /api/v1/tasks", who: "caseworker", save: map[string]string{"task": "id"},
		body: `{"title": "Write the medical report", "due_on": "2026-03-05", "assignee_user_id": "{caseworker_user}", "case_id": "{case}",
			"notes": "The P3 form is in the case's files."}`},
	{route: "PUT /api/v1/tasks/{task}", path: "/api/v1/tasks/{task}", who: "caseworker",
		body: `{"title": "Write the medical report", "due_on": "2026-03-06", "assignee_user_id": "{caseworker_user}", "case_id": "{case}",
			"notes": "Ask the hospital for the X-ray first.", "version": 1}`},
	{route: "POST /api/v1/tasks/{task}/delegate", path: "/api/v1/tasks/{task}/delegate", who: "caseworker",
		body: `{"to_user_id": "{admin_user}", "note": "I am away on Friday; the hospital expects the form.", "version": 2}`},

	// The network: professionals, partners, services and referrals.
	{route: "POST /api/v1/professionals", who: "admin", save: map[string]string{"new_professional": "id"},
		body: `{"name": "Mwangi Kamau", "profession": "lawyer", "availability": "limited", "counties": ["KE-001", "KE-047"], "languages": ["sw", "en"],
			"licence_number": "P.105/12345/20", "phone": "+254 733 000444", "email": "mwangi@example.org",
			"trainings": [{"name": "Istanbul Protocol", "attended_on": "2024-05-01"}]}`},
	{route: "PUT /api/v1/professionals/{id}", path: "/api/v1/professionals/{new_professional}", who: "admin",
		body: `{"name": "Mwangi Kamau", "profession": "lawyer", "availability": "available", "counties": ["KE-001", "KE-047"], "languages": ["sw", "en"],
			"licence_number": "P.105/12345/20", "phone": "+254 733 000444", "email": "mwangi@example.org", "version": 1}`},
	{route: "POST /api/v1/professionals/search", who: "admin", body: `{"q": "Mwangi", "county": "KE-047", "profession": "lawyer", "limit": 20}`},
	{route: "POST /api/v1/partners", who: "admin", save: map[string]string{"new_partner": "id"},
		body: `{"name": "Mombasa Legal Aid Centre", "kind": "legal_aid", "county_code": "KE-001", "contact": "The duty advocate, weekdays"}`},
	{route: "PUT /api/v1/partners/{id}", path: "/api/v1/partners/{new_partner}", who: "admin",
		body: `{"name": "Mombasa Legal Aid Centre", "kind": "legal_aid", "county_code": "KE-001", "contact": "The duty advocate, every day", "version": 1}`},
	{route: "POST /api/v1/services", who: "caseworker", save: map[string]string{"new_service": "id"},
		body: `{"case_id": "{case}", "type": "medico_legal_examination", "delivered_on": "2026-02-25", "duration_minutes": 90, "cost_kes": 3500,
			"professional_id": "{professional}", "outcome": "P3 form filled", "notes": "Examined at the hospital."}`},
	{route: "PUT /api/v1/services/{id}", path: "/api/v1/services/{new_service}", who: "caseworker",
		body: `{"case_id": "{case}", "type": "medico_legal_examination", "delivered_on": "2026-02-25", "duration_minutes": 120, "cost_kes": 4000,
			"professional_id": "{professional}", "outcome": "P3 form filled and signed", "version": 1}`},
	{route: "POST /api/v1/referrals", who: "caseworker", save: map[string]string{"new_referral": "id"},
		body: `{"case_id": "{case}", "partner_id": "{new_partner}", "reason": "Representation at the inquest", "sent_on": "2026-03-01"}`},
	{route: "POST /api/v1/referrals/{id}/respond", path: "/api/v1/referrals/{new_referral}/respond", who: "admin",
		body: `{"action": "accept", "on": "2026-03-02", "feedback": "Seen on Monday.", "version": 1}`},

	// Calendars and diaries.
	{route: "POST /api/v1/events/clashes", who: "caseworker",
		body: `{"kind": "meeting", "starts_at": "2026-02-25T09:00:00+03:00", "ends_at": "2026-02-25T10:00:00+03:00", "location": "Office",
			"participants": [{"user_id": "{caseworker_b_user}"}]}`},
	{route: "POST /api/v1/events", who: "caseworker", save: map[string]string{"event": "event.id", "event_participant": "event.participants.0.id"},
		body: `{"kind": "meeting", "starts_at": "2026-02-25T09:00:00+03:00", "ends_at": "2026-02-25T10:00:00+03:00", "location": "Office",
			"notes": "Team review of open cases", "rrule": "FREQ=WEEKLY;COUNT=4", "participants": [{"user_id": "{caseworker_b_user}"}]}`},
	{route: "PUT /api/v1/events/{event}", path: "/api/v1/events/{event}", who: "caseworker",
		body: `{"kind": "meeting", "starts_at": "2026-02-25T09:30:00+03:00", "ends_at": "2026-02-25T10:30:00+03:00", "location": "Office",
			"notes": "Team review of open cases", "rrule": "FREQ=WEEKLY;COUNT=4", "participants": [{"user_id": "{caseworker_b_user}"}], "version": 1}`},
	{route: "POST /api/v1/events/{event}/attendance", path: "/api/v1/events/{event}/attendance", who: "caseworker",
		body: `{"participant_id": "{event_participant}", "attendance": "attended", "at": "2026-02-25T09:30:00+03:00"}`},
	{route: "POST /api/v1/events/{event}/cancel", path: "/api/v1/events/{event}/cancel", who: "caseworker", body: `{"at": "2026-03-11T09:30:00+03:00"}`},
	{route: "POST /api/v1/diary", who: "caseworker", save: map[string]string{"note": "id"}, body: `{"day": "2026-03-02T00:00:00Z", "body": "Bring tea for the review."}`},
	{route: "PUT /api/v1/diary/{note}", path: "/api/v1/diary/{note}", who: "caseworker", body: `{"day": "2026-03-02T00:00:00Z", "body": "Bring tea and the files.", "version": 1}`},
	{route: "POST /api/v1/feeds", who: "caseworker", body: `{"scope": "team", "team_id": "{team_a}"}`},

	// Reports, saved queries and indicators.
	{route: "POST /api/v1/saved-reports", who: "datamanager", body: `{"name": "Incidents by county", "query": "records=incidents&dim1=county", "sharing": "everyone"}`},
	{route: "POST /api/v1/indicators", who: "datamanager", save: map[string]string{"indicator": "id"},
		body: `{"name": "Survivors served in 2026", "measure": "survivors_served", "target": 400, "from": "2026-01-01", "to": "2026-12-31"}`},
	{route: "PUT /api/v1/indicators/{indicator}", path: "/api/v1/indicators/{indicator}", who: "datamanager",
		body: `{"name": "Torture incidents documented in 2026", "measure": "incidents", "incident_type": "torture", "target": 300,
			"from": "2026-01-01", "to": "2026-12-31", "version": 1}`},

	// Reports from the public.
	{route: "POST /api/v1/public-reports/{id}/assign", path: "/api/v1/public-reports/{public_report}/assign", who: "monitor", body: `{"user_id": "me", "version": 1}`},
	{route: "POST /api/v1/public-reports/{id}/status", path: "/api/v1/public-reports/{public_report}/status", who: "monitor",
		body: `{"status": "being_verified", "version": 2}`},
	{route: "POST /api/v1/public-reports/{id}/notes", path: "/api/v1/public-reports/{public_report}/notes", who: "monitor",
		body: `{"text": "The hospital confirms an admission that night."}`},
	{route: "POST /api/v1/public-reports/{id}/contacts", path: "/api/v1/public-reports/{public_report}/contacts", who: "monitor",
		body: `{"method": "call", "outcome": "reached", "note": "Will come to the office on Friday."}`},
	{route: "POST /api/v1/public-reports/{id}/verify", path: "/api/v1/public-reports/{public_report_2}/verify", who: "datamanager",
		body: `{"version": 1, "reliability": "probably_true",
			"incident": {"title": "Man taken at the market", "types": ["arbitrary_arrest"], "occurred": "2026-02-01", "county_code": "KE-047"},
			"victims": [{"person": {"full_name": "Baraka Mwangi", "sex": "male"}, "act": {"act_type": "arbitrary_detention", "victim_status": "detained"}}],
			"case": {"client_victim": 1, "client_relation": "survivor",
				"assessment": {"assessed_on": "2026-02-02", "threat_level": "low", "contact_method": "no_contact"}}}`},

	// Publication on the public portal: the case's client gave publication consent above.
	{route: "PUT /api/v1/incidents/{id}/publication", path: "/api/v1/incidents/{new_incident}/publication", who: "datamanager",
		body: `{"summary": "A man was beaten at a police station in Nairobi in February 2026.", "version": 0,
			"victims": [{"person_id": "{new_person}", "show_name": false, "show_age": true}]}`},

	// Many incidents at once, by the caller's external ids.
	{route: "POST /api/v1/batch", who: "datamanager",
		body: `{"system": "wapo-fatal-force", "incidents": [{"external_id": "1694",
			"incident": {"title": "Man shot by police at a traffic stop", "types": ["extrajudicial_execution"], "occurred": "2017-03-14",
				"county_code": "KE-047", "context": "traffic", "verification": "unverified"},
			"persons": [{"external_id": "victim-1694", "person": {"full_name": "Unknown", "sex": "male", "estimated_age": 30, "deceased": true}}],
			"acts": [{"victim": "victim-1694", "act": {"act_type": "killing", "method": "shooting", "victim_status": "killed", "victim_age": 30}}],
			"involvements": [{"involvement": {"service_code": "kps", "degree": "direct",
				"outcomes": [{"kind": "arrested", "date": "2017-04", "source_kind": "news"}]}}],
			"sources": [{"source": {"kind": "media", "outlet": "Daily Nation", "url": "https://example.org/article", "reliability": "probably_true"}}]}]}`},

	// Duplicates: a pair that is not one, and a merge (exampleWorld made the two records of one person).
	{route: "POST /api/v1/duplicates/dismiss", who: "datamanager", body: `{"kind": "person", "first_id": "{person}", "second_id": "{spare_person}"}`},
	{route: "POST /api/v1/merges", who: "datamanager",
		body: `{"kind": "person", "survivor_id": "{dup_first}", "merged_id": "{dup_second}", "take": ["phone"], "survivor_version": 1, "merged_version": 1}`},

	// Institutions, vocabularies, accounts, retention and evidence.
	{route: "POST /api/v1/institutions", who: "admin", save: map[string]string{"new_institution": "id"},
		body: `{"service_code": "kps", "kind": "station", "name": "Central Police Station", "county_code": "KE-047"}`},
	{route: "PUT /api/v1/institutions/{id}", path: "/api/v1/institutions/{new_institution}", who: "admin",
		body: `{"service_code": "kps", "kind": "station", "name": "Nairobi Central Police Station", "county_code": "KE-047", "version": 1}`},
	{route: "POST /api/v1/vocabularies/{vocab}", path: "/api/v1/vocabularies/context", who: "admin",
		body: `{"code": "land_dispute", "label_en": "Land dispute", "label_sw": "Mgogoro wa ardhi", "sort": 200}`},
	{route: "PUT /api/v1/vocabularies/{vocab}/{code}", path: "/api/v1/vocabularies/context/land_dispute", who: "admin",
		body: `{"label_en": "Land or boundary dispute", "label_sw": "Mgogoro wa ardhi au mipaka", "sort": 200, "active": true}`},
	{route: "POST /api/v1/users", who: "admin",
		body: `{"username": "wakili", "display_name": "Wakili Otieno", "role": "professional", "team_id": "{team_a}", "language": "sw",
			"password": "long enough password", "current_password": "correct horse battery"}`},
	{route: "PUT /api/v1/users/{id}", path: "/api/v1/users/{user}", who: "admin",
		body: `{"display_name": "Target Viewer", "role": "viewer", "language": "en", "disabled": false}`},
	{route: "POST /api/v1/teams", who: "admin", body: `{"name": "Mombasa office"}`},
	{route: "PUT /api/v1/retention/{record_type}", path: "/api/v1/retention/intake_draft", who: "admin", body: `{"years": 2}`},
	{route: "POST /api/v1/retention/run", who: "admin", body: `{"dry_run": true}`},
	{route: "POST /api/v1/evidence", who: "monitor",
		body: `{"owner_kind": "incident", "owner_id": "{new_incident}", "kind": "photo", "description": "The cell, photographed the next day",
			"file": "(the file's bytes)"}`},
	{route: "POST /api/v1/cases/{id}/evidence", path: "/api/v1/cases/{case}/evidence", who: "caseworker",
		body: `{"kind": "medical_report", "description": "Discharge summary from the hospital", "file": "(the file's bytes)"}`},
	{route: "POST /api/v1/evidence/{id}/download", path: "/api/v1/evidence/{evidence}/download", who: "admin",
		body: `{"reason": "Copy for the advocate filing the petition"}`},
}

// exampleIDs are the ids written in openapi.json for the names of
// requestExamples: made from the name, so that the document is stable.
func exampleID(name string) string {
	if name == "totp" {
		return "123456"
	}
	h := fmt.Sprintf("%x", sha256.Sum256([]byte(name)))
	return "019c" + h[:4] + "-" + h[4:8] + "-7" + h[8:11] + "-8" + h[11:14] + "-" + h[14:26]
}

var placeholder = regexp.MustCompile(`\{(\w+)\}`)

// expandExample replaces each {name} of s by value(name).
func expandExample(s string, value func(string) string) string {
	return placeholder.ReplaceAllStringFunc(s, func(m string) string { return value(m[1 : len(m)-1]) })
}

// examplesByRoute indexes requestExamples, refusing a route given twice.
func examplesByRoute(t *testing.T) map[string]requestExample {
	t.Helper()
	out := map[string]requestExample{}
	for _, ex := range requestExamples {
		if _, ok := out[ex.route]; ok {
			t.Fatalf("requestExamples gives %s twice", ex.route)
		}
		if ex.path == "" {
			_, ex.path, _ = strings.Cut(ex.route, " ")
		}
		out[ex.route] = ex
	}
	return out
}

// docExample is the example's body as openapi.json shows it.
func docExample(t *testing.T, ex requestExample) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(expandExample(ex.body, exampleID)), &v); err != nil {
		t.Fatalf("%s: the example is not JSON: %v", ex.route, err)
	}
	return v
}

// samePattern says whether path is one the route's pattern matches.
func samePattern(pattern, path string) bool {
	want, got := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(want) != len(got) {
		return false
	}
	for i := range want {
		if !strings.HasPrefix(want[i], "{") && want[i] != got[i] {
			return false
		}
	}
	return true
}

// exampleWorld adds to the world what the examples need besides: a
// clinician (with the store's clock fixed at 2026-03-02 09:00 UTC), the
// case client's consents to litigation, sharing, care and publication, two
// records of one person to merge, a second report from the
// public and the ids of a few users.
func (w *world) exampleWorld(t *testing.T) (code func() string) {
	t.Helper()
	code = w.clinician(t)
	ctx := storetest.As(w.users["admin"])
	for _, purpose := range []string{"litigation", "sharing", "care", "publication"} {
		c := &haki.Consent{CaseID: w.ids["case"], Purpose: purpose, Decision: "given", DecidedOn: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC),
			Method: "signed_form", Language: "sw"}
		if err := w.s.RecordConsent(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	report := &haki.PublicReport{Channel: "web", Kind: "full", What: "beaten", CountyCode: "KE-047", Account: "Baraka was taken from the market",
		Harmed: []haki.ReportedPerson{{Name: "Baraka Mwangi"}}}
	if _, err := w.s.SubmitPublicReport(context.Background(), report, "example-report"); err != nil {
		t.Fatal(err)
	}
	w.ids["public_report_2"] = report.ID
	first := &haki.Person{FullName: "John Kamau Mwangi", Sex: "male", NationalID: "34567890"}
	second := &haki.Person{FullName: "Kamau John M.", Sex: "male", NationalID: "34567890", Phone: "+254 711 000222", DuplicateOK: true}
	for _, p := range []*haki.Person{first, second} {
		if err := w.s.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	w.ids["dup_first"], w.ids["dup_second"] = first.ID, second.ID
	for _, who := range []string{"admin", "caseworker", "caseworker_b", "professional", "monitor"} {
		w.ids[who+"_user"] = w.users[who].ID
	}
	return code
}

// TestOpenAPIExamples sends every request example of openapi.json to the
// API, as its role, and expects the route's documented success status;
// before each, it sends the example broken by each rule the document
// states (checkBodyRules).
func TestOpenAPIExamples(t *testing.T) {
	byRoute := examplesByRoute(t)
	for pattern, o := range ops {
		if _, ok := byRoute[pattern]; !ok && (o.body != nil || o.upload) && examplesElsewhere[pattern] == "" {
			t.Errorf("%s has a request body and no example in requestExamples", pattern)
		}
	}
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		doc := parseDoc(t)
		var value func(string) string
		runExamples(t, s, func(w *world, ex requestExample, v func(string) string) {
			value = v
			method, pattern, _ := strings.Cut(ex.route, " ")
			if !ops[ex.route].upload {
				w.checkBodyRules(t, ex, doc.bodySchema(t, method, pattern), value)
			}
		}, func(w *world, ex requestExample, _ response) {
			method, pattern, _ := strings.Cut(ex.route, " ")
			if o := ops[ex.route]; !o.upload && (o.status == "201" || slices.Contains(readOnlyPosts, ex.route)) {
				w.checkOptional(t, ex, doc.bodySchema(t, method, pattern), value)
			}
		})
	})
}

// runExamples sends the request examples in order to a new world on s,
// calling before (when not nil) ahead of each and after with each answer.
func runExamples(t *testing.T, s *store.Store, before func(*world, requestExample, func(string) string), after func(*world, requestExample, response)) {
	t.Helper()
	byRoute := examplesByRoute(t)
	w := newWorld(t, s)
	code := w.exampleWorld(t)
	value := func(name string) string {
		if name == "totp" {
			return code()
		}
		id, ok := w.ids[name]
		if !ok {
			t.Errorf("no id named %s in the world", name)
		}
		return id
	}
	for _, ex := range requestExamples {
		ex := byRoute[ex.route]
		o, ok := ops[ex.route]
		if !ok || o.body == nil && !o.upload {
			t.Errorf("%s has an example but no request body in ops", ex.route)
			continue
		}
		method, pattern, _ := strings.Cut(ex.route, " ")
		if !samePattern(pattern, ex.path) {
			t.Errorf("%s: the example's path %s is not the route's", ex.route, ex.path)
			continue
		}
		if before != nil {
			before(w, ex, value)
		}
		var res response
		if o.upload {
			res = w.uploadExample(t, expandExample(ex.path, value), ex.who, expandExample(ex.body, value))
		} else {
			res = w.do(t, method, expandExample(ex.path, value), ex.who, expandExample(ex.body, value))
		}
		if want := successStatus(o); strconv.Itoa(res.status) != want {
			t.Errorf("%s as %s: %d, want %s: %s", ex.route, ex.who, res.status, want, res.raw)
			continue
		}
		for name, at := range ex.save {
			id, ok := lookup(res.body, at)
			if !ok {
				t.Fatalf("%s: no %s in the answer %s", ex.route, at, res.raw)
			}
			w.ids[name] = id.(string)
		}
		if after != nil {
			after(w, ex, res)
		}
	}
}

// uploadExample sends an upload's example, whose "file" is the file's
// content and the other members its text parts.
func (w *world) uploadExample(t *testing.T, path, who, body string) response {
	t.Helper()
	var parts map[string]string
	if err := json.Unmarshal([]byte(body), &parts); err != nil {
		t.Fatalf("%s: an upload's example is an object of strings: %v", path, err)
	}
	file := parts["file"]
	delete(parts, "file")
	res := w.uploadTo(t, path, who, parts, file)
	if len(res.raw) > 0 && res.raw[0] == '{' {
		json.Unmarshal(res.raw, &res.body)
	}
	return res
}

// openAPIDoc is the part of openapi.json the rules check reads.
type openAPIDoc struct {
	Paths map[string]map[string]struct {
		RequestBody struct {
			Content map[string]struct {
				Schema struct {
					Ref string `json:"$ref"`
				} `json:"schema"`
			} `json:"content"`
		} `json:"requestBody"`
	} `json:"paths"`
	Components struct {
		Schemas map[string]bodySchema `json:"schemas"`
	} `json:"components"`
}

// bodySchema is a request body's schema: its required fields and limits.
type bodySchema struct {
	Required   []string `json:"required"`
	Properties map[string]struct {
		MaxLength   int    `json:"maxLength"`
		Description string `json:"description"`
	} `json:"properties"`
}

func parseDoc(t *testing.T) openAPIDoc {
	t.Helper()
	var doc openAPIDoc
	if err := json.Unmarshal(api.OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func (doc openAPIDoc) bodySchema(t *testing.T, method, path string) bodySchema {
	t.Helper()
	ref := doc.Paths[path][strings.ToLower(method)].RequestBody.Content["application/json"].Schema.Ref
	s, ok := doc.Components.Schemas[strings.TrimPrefix(ref, "#/components/schemas/")]
	if !ok {
		t.Fatalf("%s %s: no request body schema in openapi.json", method, path)
	}
	return s
}

// ruleExceptions are the routes, or "route field", whose rules
// checkBodyRules does not send, and why.
var ruleExceptions = map[string]string{
	"POST /api/v1/events/clashes":                          "saves nothing: it lists the clashes of whatever it is given",
	"POST /api/v1/cases/{id}/matters sentence":             "a sentence is kept only with a conviction, and forgotten otherwise",
	"PUT /api/v1/matters/{matter} sentence":                "a sentence is kept only with a conviction, and forgotten otherwise",
	"POST /api/v1/matters/{matter}/hearings court_station": "a hearing that names no court takes its matter's court and station",
}

// checkBodyRules sends the example with each required field left out, and
// with each field that has a maxLength one character longer, and expects a
// 422 naming the field: the document's rules are the API's. The refused
// requests change nothing, so the example itself is sent afterwards.
func (w *world) checkBodyRules(t *testing.T, ex requestExample, schema bodySchema, value func(string) string) {
	t.Helper()
	method, _, _ := strings.Cut(ex.route, " ")
	send := func(what, field string, change func(map[string]any)) {
		var body map[string]any
		if err := json.Unmarshal([]byte(expandExample(ex.body, value)), &body); err != nil {
			t.Fatalf("%s: %v", ex.route, err)
		}
		change(body)
		b, _ := json.Marshal(body)
		res := w.do(t, method, expandExample(ex.path, value), ex.who, string(b))
		// An id left out names no record: 404, as any id of no record.
		if res.status == 404 && strings.HasSuffix(field, "_id") && strings.HasPrefix(what, "without ") {
			return
		}
		if res.status != 422 {
			t.Errorf("%s %s: %d, want 422: %s", ex.route, what, res.status, res.raw)
			return
		}
		// A problem of the whole body (a wrong authenticator code) names no field.
		if errs, _ := res.body["errors"].(map[string]any); errs[field] == nil && len(errs) > 0 {
			t.Errorf("%s %s: 422 without errors.%s: %s", ex.route, what, field, res.raw)
		}
	}
	if reason, ok := ruleExceptions[ex.route]; ok && reason != "" {
		return
	}
	for _, field := range schema.Required {
		if ruleExceptions[ex.route+" "+field] != "" {
			continue
		}
		send("without "+field, field, func(body map[string]any) { delete(body, field) })
	}
	for field, p := range schema.Properties {
		if p.MaxLength > 0 && ruleExceptions[ex.route+" "+field] == "" {
			send(fmt.Sprintf("with %s of %d characters", field, p.MaxLength+1), field, func(body map[string]any) {
				body[field] = filler(map[string]string{"url": "URL"}[field], p.MaxLength+1)
			})
		}
	}
}

// readOnlyPosts are POST routes that only read: their examples may be
// sent again freely.
var readOnlyPosts = []string{"POST /api/v1/persons/search", "POST /api/v1/pick/persons", "POST /api/v1/pick/incidents",
	"POST /api/v1/pick/cases", "POST /api/v1/professionals/search", "POST /api/v1/events/clashes"}

// checkOptional sends a creating example again without each field the
// document does not mark required, once the example itself was sent: a
// 422 naming the field means the document should mark it required. (A
// success makes a second record, which later examples do not read.)
func (w *world) checkOptional(t *testing.T, ex requestExample, schema bodySchema, value func(string) string) {
	t.Helper()
	method, _, _ := strings.Cut(ex.route, " ")
	var body map[string]any
	if err := json.Unmarshal([]byte(expandExample(ex.body, value)), &body); err != nil {
		t.Fatalf("%s: %v", ex.route, err)
	}
	for field := range body {
		// A field required only in some cases says when in its description.
		if slices.Contains(schema.Required, field) || strings.Contains(schema.Properties[field].Description, "Required") {
			continue
		}
		without := map[string]any{}
		for k, v := range body {
			if k != field {
				without[k] = v
			}
		}
		b, _ := json.Marshal(without)
		res := w.do(t, method, expandExample(ex.path, value), ex.who, string(b))
		if errs, _ := res.body["errors"].(map[string]any); res.status == 422 && errs[field] != nil {
			t.Errorf("%s refuses a body without %s, which openapi.json does not mark required: %s", ex.route, field, res.raw)
		}
	}
}

// TestOpenAPIRefusesBodyWithoutExample: the generator names a route that
// takes a body and has no example.
func TestOpenAPIRefusesBodyWithoutExample(t *testing.T) {
	examples := examplesByRoute(t)
	_, err := exampleOf(examples, "POST /api/v1/widgets", op{body: haki.Incident{}})
	if err == nil || !strings.Contains(err.Error(), "POST /api/v1/widgets") {
		t.Errorf("a body without an example: %v", err)
	}
	if _, err := exampleOf(examples, "GET /api/v1/widgets", op{}); err != nil {
		t.Errorf("a route without a body: %v", err)
	}
	if _, err := exampleOf(examples, "POST /api/v1/incidents", ops["POST /api/v1/incidents"]); err != nil {
		t.Errorf("a route with its example: %v", err)
	}
}
