-- Two-factor sign-in, lockout and session details.

-- Sessions made before this migration carry no id or device; end them, so
-- everyone signs in again under the new rules.
DELETE FROM sessions;
ALTER TABLE sessions ADD COLUMN id TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN device TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX sessions_id ON sessions(id);

-- totp_secret is the confirmed TOTP secret, totp_pending_secret one being
-- enrolled; totp_last_step is the last 30-second step accepted, so no code
-- is accepted twice.
ALTER TABLE users ADD COLUMN totp_required INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_pending_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN last_sign_in_at TEXT NOT NULL DEFAULT '';
UPDATE users SET totp_required = 1 WHERE role IN ('admin', 'datamanager', 'caseworker', 'professional', 'monitor');

-- Only hashes of recovery codes are kept; used_at is set when one is spent.
CREATE TABLE recovery_codes (
	user_id   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	code_hash TEXT NOT NULL,
	used_at   TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (user_id, code_hash)
);

-- A failed sign-in: account_key is the SHA-256 of the user name tried (so
-- unknown names lock out like real ones); no password, no address.
CREATE TABLE sign_in_failures (
	id          TEXT PRIMARY KEY,
	account_key TEXT NOT NULL,
	at          TEXT NOT NULL
);
CREATE INDEX sign_in_failures_account ON sign_in_failures(account_key, at);

-- The step between a right password and a session: a second factor is
-- asked for, or enrolment is required. Single use, five minutes.
CREATE TABLE pending_sign_ins (
	token_hash TEXT PRIMARY KEY,
	user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	purpose    TEXT NOT NULL,
	device     TEXT NOT NULL DEFAULT '',
	expires_at TEXT NOT NULL
);
CREATE INDEX pending_sign_ins_user ON pending_sign_ins(user_id);
