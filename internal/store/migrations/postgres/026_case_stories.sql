-- Case stories written for publication on the public portal
-- (store/story.go, store/portal_story.go). The title and text are written
-- by staff for the public and sealed with the case's key; the portal shows
-- them exactly as written, nothing else of the case. published_at is set
-- when a data manager or administrator approves the current version and
-- cleared by any edit, so nothing unapproved reaches the public; the portal
-- also demands the client's publication consent in force at each reading.
-- ref is a public reference of its own (STORY-yyyy-nnnnnn), given at the
-- first publication and kept after.
CREATE TABLE case_stories (
	id           TEXT PRIMARY KEY,
	case_id      TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	ref          TEXT UNIQUE,
	title        TEXT NOT NULL,
	body         TEXT NOT NULL,
	created_by   TEXT REFERENCES users(id) ON DELETE SET NULL,
	created_at   TEXT NOT NULL,
	updated_by   TEXT REFERENCES users(id) ON DELETE SET NULL,
	updated_at   TEXT NOT NULL,
	published_by TEXT REFERENCES users(id) ON DELETE SET NULL,
	published_at TEXT NOT NULL DEFAULT '',
	version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX case_stories_case ON case_stories(case_id, created_at, id);
CREATE INDEX case_stories_published ON case_stories(published_at);
