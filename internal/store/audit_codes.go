package store

// AuditActions and AuditEntities are the codes of what the audit log
// records (an entry's action, and the kind of record it is about): every
// code the store writes, or a caller through Store.Audit. The log page's
// filters offer them, each by its label (audit.action.*, audit.entity.*).
// TestAuditCodesListed reads every call that writes an entry and fails on
// a code missing here, or listed here and written nowhere.
var (
	AuditActions = []string{"view", "create", "update", "delete", "export", "status", "attendance", "consent_override", "anonymise",
		"erase", "sign_in", "sign_in_failed", "sign_in_locked", "lockout", "password", "two_factor_enrol", "two_factor_enrol_begin",
		"two_factor_reset", "two_factor_failed", "password_check_failed", "account_proof_locked", "recovery_code_used", "end_session",
		"end_sessions", "assign", "verify", "delegate", "finish", "revoke", "requeue", "legal_hold", "integrity_failure", "remove_orphans",
		"retention_delete", "run", "load", "rebuild", "rotate", "checkpoint", "publish", "unpublish", "sign",
		"merge", "merge_undo", "dismiss_duplicate"}
	AuditEntities = []string{"person", "incident", "act", "source", "involvement", "case", "user", "user_notices", "event",
		"event_participant", "task", "service", "referral", "professional", "legal_matter", "hearing", "consent", "assessment",
		"case_note", "contact_attempt", "evidence", "evidence_folder", "intake_draft", "team", "term", "places", "institution",
		"partner", "indicator", "public_report", "public_report_note", "public_report_contact", "dropout_rules", "report", "saved_report", "report_summary", "records", "api_token", "feed_token",
		"diary_note", "retention", "outbox", "audit_log", "master_key", "story", "evaluation", "evaluation_addendum", "instrument", "research_extract", "archive", "batch", "victim_group",
		"import_mapping"}
)
