-- The outbox: email and SMS messages waiting to be sent, sent,
-- or given up on. recipient, subject and body are sealed with the
-- message's own data key (key_id); once a message can never be sent again
-- (sent, cancelled, failed for good) they are emptied and the key
-- destroyed, so only the delivery record stays. last_error and provider_id
-- never hold personal data. dedupe_key makes queueing the same reminder
-- twice a no-op; a message still unsent at expires_at (a reminder of a
-- past appointment) fails instead of going out late. Times are UTC text like everywhere else.
CREATE TABLE outbox (
	id              TEXT PRIMARY KEY,
	channel         TEXT NOT NULL,
	recipient       TEXT NOT NULL DEFAULT '',
	subject         TEXT NOT NULL DEFAULT '',
	body            TEXT NOT NULL DEFAULT '',
	key_id          TEXT,
	purpose         TEXT NOT NULL,
	ref_kind        TEXT NOT NULL DEFAULT '',
	ref_id          TEXT NOT NULL DEFAULT '',
	dedupe_key      TEXT NOT NULL UNIQUE,
	status          TEXT NOT NULL,
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_attempt_at TEXT NOT NULL,
	expires_at      TEXT NOT NULL DEFAULT '',
	last_error      TEXT NOT NULL DEFAULT '',
	provider_id     TEXT NOT NULL DEFAULT '',
	created_at      TEXT NOT NULL,
	sent_at         TEXT NOT NULL DEFAULT '',
	lease_until     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at, id);
CREATE INDEX outbox_ref ON outbox(ref_kind, ref_id);
