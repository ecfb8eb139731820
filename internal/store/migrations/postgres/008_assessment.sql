-- The risk and protection assessment of a case, with the needs found. Kept
-- as a history: the latest (by assessed_on, then created_at) is in force.
-- threatened_by, safe_times and notes are sealed with the case's key.
CREATE TABLE case_assessments (
	id             TEXT PRIMARY KEY,
	case_id        TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	assessed_on    TEXT NOT NULL,
	threat_level   TEXT NOT NULL,
	threatened_by  TEXT NOT NULL DEFAULT '',
	safe_to_call   INTEGER NOT NULL DEFAULT 0,
	safe_to_text   INTEGER NOT NULL DEFAULT 0,
	safe_times     TEXT NOT NULL DEFAULT '',
	contact_method TEXT NOT NULL,
	needs          TEXT NOT NULL DEFAULT '',
	notes          TEXT NOT NULL DEFAULT '',
	assessed_by    TEXT REFERENCES users(id),
	created_at     TEXT NOT NULL
);
CREATE INDEX case_assessments_case ON case_assessments(case_id, assessed_on, created_at);
