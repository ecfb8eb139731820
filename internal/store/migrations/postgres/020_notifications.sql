-- Notifications: what a colleague is told of work that came to them (a
-- referral, a task handed on, a hearing set, a client's missed session).
-- link is the page inside Haki it is about; read_at '' means unread.
CREATE TABLE notifications (
	id         TEXT PRIMARY KEY,
	user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	kind       TEXT NOT NULL,
	ref_kind   TEXT NOT NULL,
	ref_id     TEXT NOT NULL,
	case_id    TEXT REFERENCES cases(id) ON DELETE CASCADE,
	link       TEXT NOT NULL,
	actor_id   TEXT REFERENCES users(id) ON DELETE SET NULL,
	created_at TEXT NOT NULL,
	read_at    TEXT NOT NULL DEFAULT ''
);
-- The list and the unread count of one colleague, newest first.
CREATE INDEX notifications_user ON notifications(user_id, read_at, created_at);
CREATE INDEX notifications_user_created ON notifications(user_id, created_at);

-- How a colleague is told besides the list: by email (to users.email) and
-- by SMS (to users.phone, a work phone; never a client's).
ALTER TABLE users ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN notify_email INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN notify_sms INTEGER NOT NULL DEFAULT 0;

-- The home page: a colleague's own latest incidents, and the verification
-- queue, read from an index at any size.
CREATE INDEX incidents_created_by_at ON incidents(created_by, created_at, id);
CREATE INDEX incidents_verification ON incidents(verification, created_at, id);
