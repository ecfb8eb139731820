package store

import (
	"context"
	"sort"
	"strings"

	"github.com/haki-kenya/haki"
)

// The legal bases of the Data Protection Act, 2019 (s.30, and s.45-46 for
// sensitive personal data) that Haki's processing rests on.
const (
	basisConsent    = "consent (s.30(1)(a))"
	basisLegal      = "legal claims and obligations (s.30(1)(b)(iii), s.46)"
	basisVital      = "vital interests of the data subject (s.30(1)(b)(iv))"
	basisPublic     = "public interest: human rights documentation (s.30(1)(b)(v))"
	basisLegitimate = "legitimate interests of the organisation (s.30(1)(b)(vi))"
	basisResearch   = "historical, statistical and research purposes (s.30(1)(b)(vii))"
)

// Retention wording, matching retention_settings and docs/SECURITY.md.
const (
	keepPerson   = "until erased on request, or with the closed case (10 years)"
	keepCase     = "10 years after closure"
	keepIncident = "permanent as statistics; unverified with no case 6 years"
	keepAudit    = "10 years"
	keepAccount  = "while the account exists"
	keepSession  = "until expiry (at most 12 hours)"
	keepRef      = "permanent (reference data)"
	keepReport   = "kept: no retention rule covers them yet"
)

// classify lists columns of one table that share class, purpose, basis and
// retention.
func classify(table, class, purpose, basis, keep string, columns ...string) []haki.FieldClass {
	out := make([]haki.FieldClass, len(columns))
	for i, c := range columns {
		out[i] = haki.FieldClass{Table: table, Column: c, Class: class, Purpose: purpose, Basis: basis, Retention: keep}
	}
	return out
}

// fieldClasses classifies every column of the database. A test fails when
// the schema has a column this list does not name: a new column must be
// classified here before it ships.
var fieldClasses = concat(
	classify("persons", haki.ClassIdentifier, "care, litigation", basisConsent, keepPerson,
		"full_name", "other_names", "national_id", "phone", "next_of_kin"),
	classify("persons", haki.ClassSensitive, "care, litigation", basisConsent, keepPerson, "disability", "notes"),
	classify("persons", haki.ClassOrdinary, "statistics, care", basisResearch, keepIncident,
		"sex", "birth_date", "birth_precision", "birth_approx", "estimated_age", "county_code", "subcounty_code", "occupation",
		"deceased", "deceased_on", "deceased_precision", "deceased_approx"),
	classify("persons", haki.ClassOrdinary, "administration", basisLegitimate, keepPerson,
		"id", "ref", "created_by", "created_at", "updated_at", "version", "key_id", "erased_at"),
	classify("persons", haki.ClassOrdinary, "litigation", basisLegal, keepPerson,
		"legal_hold", "legal_hold_reason", "legal_hold_by", "legal_hold_at"),
	classify("person_tokens", haki.ClassIdentifier, "care", basisConsent, keepPerson, "token", "person_id"),
	classify("persons", haki.ClassOrdinary, "administration", basisLegitimate, keepPerson, "merged_into"),
	classify("incidents", haki.ClassOrdinary, "administration", basisLegitimate, keepIncident, "merged_into"),
	// A merge keeps the survivor's values from before, sealed with its key,
	// for an undo: as identifying as the record itself.
	classify("merges", haki.ClassIdentifier, "administration", basisLegitimate, keepPerson, "survivor_before"),
	classify("merges", haki.ClassOrdinary, "administration", basisLegitimate, keepPerson,
		"id", "kind", "survivor_id", "merged_id", "fields", "survivor_version", "merged_by", "merged_at", "undone_by", "undone_at"),
	classify("merge_moves", haki.ClassOrdinary, "administration", basisLegitimate, keepPerson, "merge_id", "tbl", "row_id"),
	classify("duplicate_dismissals", haki.ClassOrdinary, "administration", basisLegitimate, keepPerson,
		"kind", "first_id", "second_id", "dismissed_by", "dismissed_at"),

	classify("incidents", haki.ClassSensitive, "litigation, research, publication", basisPublic, keepIncident,
		"title", "narrative", "place_name", "latitude", "longitude", "search_tokens"),
	classify("incidents", haki.ClassOrdinary, "statistics, research, publication", basisResearch, keepIncident,
		"id", "ref", "occurred_on", "occurred_year", "occurred_month", "date_precision", "date_approx", "county_code",
		"subcounty_code", "context", "verification", "publishable", "victim_count", "created_by", "created_at", "updated_at",
		"version", "key_id", "anonymised_at", "date_bound"),
	classify("incident_types", haki.ClassOrdinary, "statistics", basisResearch, keepIncident, "incident_id", "type_code"),
	classify("acts", haki.ClassSensitive, "litigation, statistics", basisPublic, keepIncident, "notes"),
	classify("acts", haki.ClassOrdinary, "statistics, litigation", basisResearch, keepIncident,
		"id", "incident_id", "victim_id", "act_type", "method", "victim_status", "victim_age", "version"),
	classify("act_consequences", haki.ClassOrdinary, "statistics", basisResearch, keepIncident, "act_id", "code"),
	classify("victim_groups", haki.ClassSensitive, "litigation, statistics", basisPublic, keepIncident, "description"),
	classify("victim_groups", haki.ClassOrdinary, "statistics, litigation", basisResearch, keepIncident,
		"id", "incident_id", "count", "approx", "sex", "age_band", "act_type", "method", "victim_status", "version"),
	classify("involvements", haki.ClassIdentifier, "litigation", basisLegal, keepIncident, "officer_name", "officer_service_number"),
	classify("involvements", haki.ClassSensitive, "litigation", basisLegal, keepIncident, "notes"),
	classify("involvements", haki.ClassOrdinary, "statistics, litigation", basisResearch, keepIncident,
		"id", "act_id", "service_code", "institution_id", "officer_rank", "degree", "version"),
	classify("involvement_outcomes", haki.ClassIdentifier, "litigation", basisLegal, keepIncident, "source_ref"),
	classify("involvement_outcomes", haki.ClassSensitive, "litigation", basisLegal, keepIncident, "notes"),
	classify("involvement_outcomes", haki.ClassOrdinary, "statistics, litigation", basisResearch, keepIncident,
		"id", "involvement_id", "position", "kind", "outcome_date", "date_precision", "date_approx", "source_kind", "created_by", "created_at"),
	classify("sources", haki.ClassSensitive, "litigation, research", basisPublic, keepIncident, "description"),
	classify("sources", haki.ClassOrdinary, "litigation, research", basisPublic, keepIncident,
		"id", "incident_id", "kind", "outlet", "url", "person_id", "source_date", "source_precision", "source_approx", "reliability", "version"),
	classify("institutions", haki.ClassOrdinary, "statistics, litigation", basisPublic, keepRef,
		"id", "service_code", "kind", "name", "county_code", "version"),

	classify("cases", haki.ClassSensitive, "care, litigation", basisConsent, keepCase, "summary"),
	classify("cases", haki.ClassOrdinary, "care, litigation, administration", basisConsent, keepCase,
		"id", "ref", "client_id", "client_relation", "intake_date", "intake_year", "intake_channel", "status", "closure_reason",
		"caseworker_id", "team_id", "sensitive", "created_by", "created_at", "updated_at", "version", "key_id"),
	classify("cases", haki.ClassOrdinary, "litigation", basisLegal, keepCase, "legal_hold", "legal_hold_reason", "legal_hold_by", "legal_hold_at"),
	classify("cases", haki.ClassOrdinary, "administration", basisLegal, keepCase, "anonymised_at"),
	classify("case_incidents", haki.ClassOrdinary, "care, litigation", basisConsent, keepCase, "case_id", "incident_id"),
	classify("case_assignments", haki.ClassOrdinary, "administration", basisLegitimate, keepCase, "case_id", "user_id"),

	classify("case_events", haki.ClassSensitive, "care, litigation", basisConsent, keepCase, "summary"),
	classify("case_events", haki.ClassOrdinary, "care, litigation", basisConsent, keepCase,
		"id", "case_id", "kind", "occurred_at", "ref_kind", "ref_id", "created_by", "created_at"),
	classify("consents", haki.ClassIdentifier, "care, litigation", basisLegal, keepCase, "guardian_name"),
	classify("consents", haki.ClassSensitive, "care, litigation", basisLegal, keepCase, "notes"),
	classify("consents", haki.ClassOrdinary, "care, litigation", basisLegal, keepCase,
		"id", "case_id", "person_id", "purpose", "decision", "decided_on", "method", "language", "guardian_relation",
		"evidence_id", "recorded_by", "recorded_at"),

	classify("case_assessments", haki.ClassSensitive, "care, protection of the client", basisConsent, keepCase,
		"threatened_by", "safe_times", "notes"),
	classify("case_assessments", haki.ClassOrdinary, "care, protection of the client", basisConsent, keepCase,
		"id", "case_id", "assessed_on", "threat_level", "safe_to_call", "safe_to_text", "contact_method", "needs", "assessed_by", "created_at"),

	// The professional network (010_network.sql; name and licence number
	// sealed and indexed by 019_professional_sealing.sql).
	classify("professionals", haki.ClassIdentifier, "care, administration of the network", basisLegitimate, "while in the network",
		"name", "phone", "email", "licence_number"),
	classify("professionals", haki.ClassOrdinary, "care, administration of the network", basisLegitimate, "while in the network",
		"id", "profession", "languages", "availability", "user_id", "key_id", "created_by", "created_at", "updated_at", "version"),
	classify("professional_tokens", haki.ClassIdentifier, "administration of the network", basisLegitimate, "while in the network",
		"token", "professional_id"),
	classify("professional_counties", haki.ClassOrdinary, "administration of the network", basisLegitimate, "while in the network",
		"professional_id", "county_code"),
	classify("professional_trainings", haki.ClassOrdinary, "administration of the network", basisLegitimate, "while in the network",
		"id", "professional_id", "name", "attended_on"),
	classify("partners", haki.ClassOrdinary, "care, referrals", basisLegitimate, keepRef,
		"id", "name", "kind", "county_code", "contact", "created_at", "updated_at", "version"),
	classify("services", haki.ClassSensitive, "care, statistics", basisConsent, keepCase, "outcome", "notes"),
	classify("services", haki.ClassOrdinary, "care, statistics", basisConsent, keepCase,
		"id", "case_id", "group_id", "service_type", "staff_id", "professional_id", "delivered_on", "duration_minutes", "cost_kes",
		"created_by", "created_at", "updated_at", "version"),
	classify("referrals", haki.ClassSensitive, "care, sharing with partners", basisConsent, keepCase, "reason", "feedback"),
	classify("referrals", haki.ClassOrdinary, "care, sharing with partners", basisConsent, keepCase,
		"id", "case_id", "professional_id", "partner_id", "status", "sent_on", "due_on", "responded_on", "completed_on", "sent_by",
		"created_at", "updated_at", "version"),
	classify("case_assignments", haki.ClassOrdinary, "administration", basisLegitimate, keepCase, "referral_id"),

	// Court matters, appointments, contact attempts, tasks (011_followup.sql).
	classify("legal_matters", haki.ClassSensitive, "litigation", basisLegal, keepCase, "case_number", "counsel_name", "sentence", "notes"),
	classify("legal_matters", haki.ClassOrdinary, "litigation, statistics", basisLegal, keepCase,
		"id", "case_id", "court", "court_station", "kind", "status", "filed_on", "counsel_user_id", "outcome", "compensation_kes",
		"created_by", "created_at", "updated_at", "version"),
	classify("matter_accused", haki.ClassOrdinary, "litigation, statistics", basisLegal, keepCase, "matter_id", "involvement_id"),
	classify("hearings", haki.ClassSensitive, "litigation", basisLegal, keepCase, "what_happened"),
	classify("hearings", haki.ClassOrdinary, "litigation, statistics", basisLegal, keepCase,
		"id", "matter_id", "case_id", "starts_at", "court", "court_station", "purpose", "next_date", "created_by", "created_at", "updated_at", "version"),
	classify("events", haki.ClassSensitive, "care", basisConsent, keepCase, "notes"),
	classify("events", haki.ClassOrdinary, "care, administration", basisConsent, keepCase,
		"id", "kind", "subtype", "starts_at", "ends_at", "location", "case_id", "owner_user_id", "owner_team_id", "key_id",
		"created_by", "created_at", "updated_at", "version"),
	classify("event_participants", haki.ClassOrdinary, "care, statistics", basisConsent, keepCase,
		"id", "event_id", "person_id", "user_id", "attendance", "attendance_at", "attendance_by"),
	// Calendars and diaries (014_calendar.sql).
	classify("events", haki.ClassOrdinary, "care, administration", basisConsent, keepCase,
		"rrule", "exdates", "series_id", "recurrence_id", "last_ends_at", "status", "location_key"),
	classify("event_participants", haki.ClassOrdinary, "care, statistics", basisConsent, keepCase, "case_id"),
	classify("diary_notes", haki.ClassSensitive, "administration", basisLegitimate, keepAccount, "body"),
	classify("diary_notes", haki.ClassOrdinary, "administration", basisLegitimate, keepAccount,
		"id", "user_id", "day", "key_id", "created_at", "updated_at", "version"),
	classify("contact_attempts", haki.ClassSensitive, "care, protection of the client", basisConsent, keepCase, "notes"),
	classify("contact_attempts", haki.ClassOrdinary, "care, protection of the client", basisConsent, keepCase,
		"id", "case_id", "attempted_at", "method", "outcome", "created_by", "created_at"),
	classify("tasks", haki.ClassSensitive, "care, administration", basisLegitimate, keepCase, "title", "notes", "delegation_note"),
	classify("tasks", haki.ClassOrdinary, "care, administration", basisLegitimate, keepCase,
		"id", "due_on", "assignee_user_id", "assignee_team_id", "case_id", "status", "done_at", "done_by", "delegated_by", "delegated_at",
		"ref_kind", "ref_id", "key_id", "created_by", "created_at", "updated_at", "version"),
	classify("dropout_rules", haki.ClassOrdinary, "administration", basisLegitimate, keepRef,
		"id", "missed_on", "missed_count", "silence_on", "silence_days", "updated_by", "updated_at", "version"),

	classify("indicators", haki.ClassOrdinary, "statistics", basisLegitimate, keepRef,
		"id", "name", "measure", "service_type", "incident_type", "county_code", "target", "period_from", "period_to",
		"created_by", "created_at", "updated_at", "version"),
	classify("report_cells", haki.ClassOrdinary, "statistics", basisLegitimate, "as long as the incidents it counts",
		"report", "bucket", "dim", "code", "victims", "incidents"),
	classify("report_filter_cells", haki.ClassOrdinary, "statistics", basisLegitimate, "as long as the incidents it counts",
		"report", "fdim", "fcode", "bucket", "dim", "code", "victims", "incidents"),
	classify("saved_reports", haki.ClassOrdinary, "statistics", basisLegitimate, keepAccount,
		"id", "name", "query", "sharing", "owner_id", "team_id", "created_at", "updated_at", "version"),

	classify("intake_drafts", haki.ClassIdentifier, "care", basisConsent, "until the intake is finished or discarded", "data"),
	classify("intake_drafts", haki.ClassOrdinary, "administration", basisLegitimate, "until the intake is finished or discarded",
		"id", "created_by", "step", "key_id", "created_at", "updated_at"),

	classify("evidence", haki.ClassSensitive, "litigation, care", basisLegal, keepCase, "filename", "description"),
	classify("evidence", haki.ClassOrdinary, "litigation, care", basisLegal, keepCase,
		"id", "owner_kind", "incident_id", "case_id", "kind", "content_type", "size", "sha256", "key_id", "uploaded_by", "uploaded_at",
		"public_report_id", "media_index", "derived_from"),
	classify("evidence_custody", haki.ClassSensitive, "litigation", basisLegal, keepCase, "reason"),
	classify("evidence_custody", haki.ClassOrdinary, "litigation", basisLegal, keepCase,
		"id", "evidence_id", "action", "user_id", "username", "at", "request_id"),

	classify("users", haki.ClassIdentifier, "administration", basisLegitimate, keepAccount, "username", "display_name"),
	classify("users", haki.ClassOrdinary, "administration", basisLegitimate, keepAccount,
		"id", "role", "team_id", "language", "password_hash", "disabled", "created_at", "updated_at", "totp_required", "totp_secret",
		"totp_pending_secret", "totp_last_step", "last_sign_in_at"),
	classify("users", haki.ClassOrdinary, "showing times in the zone the user chose", basisLegitimate, keepAccount, "time_zone"),
	classify("teams", haki.ClassOrdinary, "administration", basisLegitimate, keepAccount, "id", "name", "created_at"),
	classify("sessions", haki.ClassOrdinary, "administration", basisLegitimate, keepSession,
		"token_hash", "user_id", "csrf_token", "created_at", "last_seen_at", "expires_at", "id", "device"),
	classify("api_tokens", haki.ClassOrdinary, "administration", basisLegitimate, keepAccount, "token_hash", "user_id", "created_at", "last_used_at"),
	classify("recovery_codes", haki.ClassOrdinary, "administration", basisLegitimate, keepAccount, "user_id", "code_hash", "used_at"),
	classify("sign_in_failures", haki.ClassOrdinary, "administration", basisLegitimate, "30 minutes of lockout", "id", "account_key", "at"),
	classify("pending_sign_ins", haki.ClassOrdinary, "administration", basisLegitimate, "5 minutes",
		"token_hash", "user_id", "purpose", "device", "expires_at"),

	classify("audit_log", haki.ClassSensitive, "administration", basisLegal, keepAudit, "before_json", "after_json"),
	classify("audit_log", haki.ClassOrdinary, "administration", basisLegal, keepAudit,
		"id", "at", "user_id", "username", "action", "entity", "entity_id", "request_id", "hash"),
	classify("audit_head", haki.ClassOrdinary, "administration", basisLegal, keepAudit, "id", "last_id", "last_hash", "chain_start"),
	classify("data_keys", haki.ClassOrdinary, "administration", basisLegitimate, "as long as the record it seals",
		"id", "master_id", "wrapped", "created_at"),
	classify("retention_settings", haki.ClassOrdinary, "administration", basisLegal, keepRef, "record_type", "years", "updated_by", "updated_at"),
	classify("schema_migrations", haki.ClassOrdinary, "administration", basisLegitimate, keepRef, "name", "applied_at"),

	classify("places", haki.ClassOrdinary, "statistics", basisResearch, keepRef, "code", "country", "level", "parent_code", "name", "official_code", "boundary"),
	// A record's id in the system a batch came from: another organisation's
	// or a spreadsheet's row id, which is not an identifier of a person
	// unless that system made it one, so it is kept with the record.
	classify("batch_records", haki.ClassOrdinary, "administration", basisLegitimate, "as long as the record it names",
		"system", "kind", "scope", "external_id", "record_id", "digest", "version"),
	// A saved spreadsheet mapping (import_mapping.go): column names, value
	// mappings and constants, written by a data manager; no person's data.
	classify("import_mappings", haki.ClassOrdinary, "administration", basisLegitimate, keepRef,
		"id", "name", "mapping", "created_by", "created_at", "updated_at", "version"),
	classify("organisation_settings", haki.ClassOrdinary, "administration", basisLegitimate, keepRef, "name", "value"),
	classify("terms", haki.ClassOrdinary, "administration", basisLegitimate, keepRef, "vocab", "code", "label_en", "label_sw", "sort", "active"),
	classify("ref_counters", haki.ClassOrdinary, "administration", basisLegitimate, keepRef, "prefix", "year", "last"),

	// The outbox (outbox.go): recipient and content are sealed, and emptied
	// with their key destroyed once the message can never be sent again.
	classify("outbox", haki.ClassIdentifier, "reminders of appointments", basisConsent, "until sent, cancelled or failed for good",
		"recipient"),
	classify("outbox", haki.ClassSensitive, "reminders of appointments", basisConsent, "until sent, cancelled or failed for good",
		"subject", "body"),
	classify("outbox", haki.ClassOrdinary, "reminders of appointments, administration", basisLegitimate, keepAudit,
		"id", "channel", "key_id", "purpose", "ref_kind", "ref_id", "dedupe_key", "status", "attempts", "next_attempt_at", "expires_at",
		"last_error", "provider_id", "created_at", "sent_at", "lease_until"),
	// Reminders and phone subscriptions (reminder.go, calendar_feed.go).
	classify("users", haki.ClassIdentifier, "reminders of appointments", basisLegitimate, keepAccount, "email"),
	// Notifications (notification.go): what a colleague is told, and how.
	classify("users", haki.ClassIdentifier, "notifications to colleagues", basisLegitimate, keepAccount, "phone"),
	classify("users", haki.ClassOrdinary, "notifications to colleagues", basisLegitimate, keepAccount, "notify_email", "notify_sms"),
	classify("notifications", haki.ClassOrdinary, "notifications to colleagues", basisLegitimate, keepAccount,
		"id", "user_id", "kind", "ref_kind", "ref_id", "case_id", "link", "actor_id", "created_at", "read_at"),
	classify("feed_tokens", haki.ClassOrdinary, "calendar subscriptions", basisLegitimate, keepAccount,
		"id", "token_hash", "user_id", "scope", "team_id", "label", "created_at", "last_used_at", "revoked_at"),
	// Reports from the public (public_report.go): what identifies the
	// reporter or the people they name is sealed in body and contact; the
	// reporter's address is never stored.
	classify("public_reports", haki.ClassIdentifier, "verification, care", basisVital, keepReport,
		"body", "contact", "sender_tag", "name_tokens"),
	classify("public_reports", haki.ClassOrdinary, "verification, statistics", basisPublic, keepReport,
		"id", "ref", "channel", "kind", "status", "language", "received_at", "what", "types", "service", "occurred_on",
		"date_precision", "date_approx", "county_code", "subcounty_code", "wants_help", "assigned_to", "incident_id", "case_id",
		"duplicate_of", "idem_key", "last_part_at", "key_id", "version", "updated_at"),
	classify("public_report_keys", haki.ClassOrdinary, "receiving each report once", basisLegitimate, keepReport, "idem_key", "report_id"),
	classify("public_report_notes", haki.ClassSensitive, "verification", basisPublic, keepReport, "body"),
	classify("public_report_notes", haki.ClassOrdinary, "verification", basisPublic, keepReport, "id", "report_id", "author_id", "at"),
	classify("public_report_contacts", haki.ClassSensitive, "verification, care", basisVital, keepReport, "note"),
	classify("public_report_contacts", haki.ClassOrdinary, "verification, care", basisVital, keepReport,
		"id", "report_id", "by_id", "at", "method", "outcome"),
	// What the public portal may show of an incident (publication.go,
	// portal.go): the summary written for the public and the source a name
	// was already public in are sealed; the flags say what was agreed.
	classify("incident_publications", haki.ClassSensitive, "publication", basisConsent, keepIncident, "summary"),
	classify("incident_publications", haki.ClassOrdinary, "publication", basisConsent, keepIncident,
		"incident_id", "ref", "published_by", "published_at", "updated_at", "version"),
	classify("publication_victims", haki.ClassSensitive, "publication", basisConsent, keepIncident, "public_source"),
	classify("publication_victims", haki.ClassOrdinary, "publication", basisConsent, keepIncident,
		"incident_id", "person_id", "show_name", "show_age"),
	// Case stories written for the public portal (story.go,
	// portal_story.go): the title and text are sealed with the case's key
	// and emptied with it when the client is erased; the portal shows them
	// only while approved and the client's publication consent is given.
	classify("case_stories", haki.ClassSensitive, "publication", basisConsent, keepCase, "title", "body"),
	classify("case_stories", haki.ClassOrdinary, "publication", basisConsent, keepCase,
		"id", "case_id", "ref", "created_by", "created_at", "updated_by", "updated_at", "published_by", "published_at", "version"),
	// Medico-legal evaluations (evaluation*.go): the content (the account,
	// findings, instruments, forms, opinions) and the evaluator's name are
	// sealed with the case's key and emptied with it; the header, the hash of
	// the signed content and each finding's codes are kept for the evidence's
	// integrity and the statistics. Clinical access is an account's grant.
	classify("evaluations", haki.ClassSensitive, "medico-legal documentation", basisLegal, keepCase, "content"),
	classify("evaluations", haki.ClassIdentifier, "medico-legal documentation", basisLegal, keepCase, "evaluator_name"),
	classify("evaluations", haki.ClassOrdinary, "medico-legal documentation", basisLegal, keepCase,
		"id", "case_id", "matter_id", "kind", "evaluator_id", "evaluator_profession", "evaluator_licence", "examined_on", "status",
		"hash", "overall_level", "created_at", "updated_at", "signed_at", "version"),
	classify("evaluation_addenda", haki.ClassSensitive, "medico-legal documentation", basisLegal, keepCase, "reason", "body"),
	classify("evaluation_addenda", haki.ClassIdentifier, "medico-legal documentation", basisLegal, keepCase, "signer_name"),
	classify("evaluation_addenda", haki.ClassOrdinary, "medico-legal documentation", basisLegal, keepCase,
		"id", "evaluation_id", "case_id", "seq", "signed_by", "signed_at", "hash"),
	classify("evaluation_findings", haki.ClassOrdinary, "statistics of medico-legal findings", basisResearch, keepCase,
		"evaluation_id", "no", "kind", "method", "opinion"),
	classify("instruments", haki.ClassOrdinary, "medico-legal documentation", basisLegitimate, keepRef,
		"code", "version", "definition", "created_by", "created_at"),
	classify("users", haki.ClassOrdinary, "medico-legal documentation", basisLegitimate, keepAccount, "clinical_access"),
	classify("evidence", haki.ClassOrdinary, "medico-legal documentation", basisLegal, keepCase, "clinical"),
)

func concat(lists ...[]haki.FieldClass) []haki.FieldClass {
	var out []haki.FieldClass
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// FieldClassification returns the classification of every stored column,
// by table and column.
func FieldClassification() []haki.FieldClass {
	out := append([]haki.FieldClass(nil), fieldClasses...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Table != out[j].Table {
			return out[i].Table < out[j].Table
		}
		return out[i].Column < out[j].Column
	})
	return out
}

// UnclassifiedColumns returns the columns of the database ("table.column")
// that FieldClassification does not list.
func (s *Store) UnclassifiedColumns(ctx context.Context) ([]string, error) {
	known := map[string]bool{}
	for _, f := range fieldClasses {
		known[f.Table+"."+f.Column] = true
	}
	cols, err := s.schemaColumns(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, c := range cols {
		if !known[c] {
			out = append(out, c)
		}
	}
	return out, nil
}

// schemaColumns lists every column of every table as "table.column".
func (s *Store) schemaColumns(ctx context.Context) ([]string, error) {
	q := `SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = current_schema()`
	if s.d.name() == "sqlite" {
		q = `SELECT m.name || '.' || c.name FROM sqlite_master m, pragma_table_info(m.name) c
			WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`
	}
	rows, err := s.rdb.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, strings.ToLower(c))
	}
	return out, rows.Err()
}
