-- Case management, the intake: a half-finished guided intake is
-- a draft kept on the server, seen only by its author (and administrators),
-- resumable at its step. data is what was typed so far, as JSON sealed with
-- the draft's own data key (key_id), destroyed with the draft.
CREATE TABLE intake_drafts (
	id         TEXT PRIMARY KEY,
	created_by TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	step       INTEGER NOT NULL DEFAULT 1,
	data       TEXT NOT NULL DEFAULT '',
	key_id     TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX intake_drafts_author ON intake_drafts(created_by, updated_at);
