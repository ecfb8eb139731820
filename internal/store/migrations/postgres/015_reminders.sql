-- Reminders and phone subscriptions.
--
-- users.email: where a colleague's reminders are sent; empty means none.
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';

-- A secret link to a calendar feed (iCalendar) for a phone's calendar app.
-- Only the SHA-256 of the token is kept: it is shown once. scope 'user' is
-- the owner's own calendar, 'team' the calendar of team_id. revoked_at set
-- means the link answers 404 for ever. last_used_at is the last fetch.
CREATE TABLE feed_tokens (
	id           TEXT PRIMARY KEY,
	token_hash   TEXT NOT NULL UNIQUE,
	user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	scope        TEXT NOT NULL,
	team_id      TEXT REFERENCES teams(id) ON DELETE CASCADE,
	label        TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL,
	last_used_at TEXT NOT NULL DEFAULT '',
	revoked_at   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX feed_tokens_user ON feed_tokens(user_id, created_at);

-- Reminders look up the queued messages of one purpose.
CREATE INDEX outbox_purpose ON outbox(purpose, status);
