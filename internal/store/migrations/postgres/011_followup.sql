-- Case management, follow-up: legal matters and their hearings,
-- calendar events with their participants' attendance (appointments now,
-- the calendars later), contact attempts, tasks, and the rules
-- that flag a case at risk of dropping out.

-- A matter taken to a court or to the oversight authority. case_number,
-- counsel_name, sentence and notes are sealed with the case's key.
CREATE TABLE legal_matters (
	id               TEXT PRIMARY KEY,
	case_id          TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	court            TEXT NOT NULL,
	court_station    TEXT NOT NULL DEFAULT '',
	case_number      TEXT NOT NULL DEFAULT '',
	kind             TEXT NOT NULL,
	status           TEXT NOT NULL,
	filed_on         TEXT NOT NULL DEFAULT '',
	counsel_user_id  TEXT REFERENCES users(id),
	counsel_name     TEXT NOT NULL DEFAULT '',
	outcome          TEXT NOT NULL,
	sentence         TEXT NOT NULL DEFAULT '',
	compensation_kes BIGINT NOT NULL DEFAULT 0,
	notes            TEXT NOT NULL DEFAULT '',
	created_by       TEXT REFERENCES users(id),
	created_at       TEXT NOT NULL,
	updated_at       TEXT NOT NULL,
	version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX legal_matters_case ON legal_matters(case_id);

-- The accused of a matter: involvements of the case's incidents.
CREATE TABLE matter_accused (
	matter_id      TEXT NOT NULL REFERENCES legal_matters(id) ON DELETE CASCADE,
	involvement_id TEXT NOT NULL REFERENCES involvements(id) ON DELETE CASCADE,
	PRIMARY KEY (matter_id, involvement_id)
);
CREATE INDEX matter_accused_involvement ON matter_accused(involvement_id);

-- A sitting of a matter: the one record calendars read. starts_at is UTC.
-- what_happened is sealed with the case's key.
CREATE TABLE hearings (
	id            TEXT PRIMARY KEY,
	matter_id     TEXT NOT NULL REFERENCES legal_matters(id) ON DELETE CASCADE,
	case_id       TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	starts_at     TEXT NOT NULL,
	court         TEXT NOT NULL,
	court_station TEXT NOT NULL DEFAULT '',
	purpose       TEXT NOT NULL,
	what_happened TEXT NOT NULL DEFAULT '',
	next_date     TEXT NOT NULL DEFAULT '',
	created_by    TEXT REFERENCES users(id),
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX hearings_matter ON hearings(matter_id, starts_at);
CREATE INDEX hearings_starts ON hearings(starts_at);
CREATE INDEX hearings_case ON hearings(case_id);

-- A calendar event: an appointment (of a case), a group session, a
-- meeting, a training, a field visit; on one colleague's or one team's
-- calendar. notes are sealed with the case's key when there is a case, else
-- with the event's own key (key_id).
CREATE TABLE events (
	id            TEXT PRIMARY KEY,
	kind          TEXT NOT NULL,
	subtype       TEXT NOT NULL DEFAULT '',
	starts_at     TEXT NOT NULL,
	ends_at       TEXT NOT NULL,
	location      TEXT NOT NULL DEFAULT '',
	case_id       TEXT REFERENCES cases(id) ON DELETE CASCADE,
	owner_user_id TEXT REFERENCES users(id),
	owner_team_id TEXT REFERENCES teams(id),
	notes         TEXT NOT NULL DEFAULT '',
	key_id        TEXT,
	created_by    TEXT REFERENCES users(id),
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX events_case ON events(case_id, starts_at);
CREATE INDEX events_owner_user ON events(owner_user_id, starts_at);
CREATE INDEX events_owner_team ON events(owner_team_id, starts_at);
CREATE INDEX events_starts ON events(starts_at);

-- Who is expected at an event: a client (person_id) or a colleague
-- (user_id), and whether they came.
CREATE TABLE event_participants (
	id            TEXT PRIMARY KEY,
	event_id      TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
	person_id     TEXT REFERENCES persons(id) ON DELETE CASCADE,
	user_id       TEXT REFERENCES users(id),
	attendance    TEXT NOT NULL DEFAULT 'scheduled',
	attendance_at TEXT NOT NULL DEFAULT '',
	attendance_by TEXT REFERENCES users(id)
);
CREATE UNIQUE INDEX event_participants_person ON event_participants(event_id, person_id);
CREATE UNIQUE INDEX event_participants_user ON event_participants(event_id, user_id);
CREATE INDEX event_participants_by_person ON event_participants(person_id);
CREATE INDEX event_participants_by_user ON event_participants(user_id);

-- A try to reach a client. notes are sealed with the case's key.
CREATE TABLE contact_attempts (
	id           TEXT PRIMARY KEY,
	case_id      TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	attempted_at TEXT NOT NULL,
	method       TEXT NOT NULL,
	outcome      TEXT NOT NULL,
	notes        TEXT NOT NULL DEFAULT '',
	created_by   TEXT REFERENCES users(id),
	created_at   TEXT NOT NULL
);
CREATE INDEX contact_attempts_case ON contact_attempts(case_id, attempted_at);

-- A task for a colleague or a team, on a case or not. title, notes and
-- delegation_note are sealed with key_id: the case's key, or the task's own.
CREATE TABLE tasks (
	id               TEXT PRIMARY KEY,
	title            TEXT NOT NULL,
	notes            TEXT NOT NULL DEFAULT '',
	due_on           TEXT NOT NULL,
	assignee_user_id TEXT REFERENCES users(id),
	assignee_team_id TEXT REFERENCES teams(id),
	case_id          TEXT REFERENCES cases(id) ON DELETE CASCADE,
	status           TEXT NOT NULL DEFAULT 'open',
	done_at          TEXT NOT NULL DEFAULT '',
	done_by          TEXT REFERENCES users(id),
	delegated_by     TEXT REFERENCES users(id),
	delegation_note  TEXT NOT NULL DEFAULT '',
	delegated_at     TEXT NOT NULL DEFAULT '',
	ref_kind         TEXT NOT NULL DEFAULT '',
	ref_id           TEXT NOT NULL DEFAULT '',
	key_id           TEXT,
	created_by       TEXT REFERENCES users(id),
	created_at       TEXT NOT NULL,
	updated_at       TEXT NOT NULL,
	version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX tasks_user ON tasks(assignee_user_id, status, due_on);
CREATE INDEX tasks_team ON tasks(assignee_team_id, status, due_on);
CREATE INDEX tasks_delegated ON tasks(delegated_by, status, due_on);
CREATE INDEX tasks_case ON tasks(case_id, due_on);

-- The drop-out rules: one row, set by an administrator.
CREATE TABLE dropout_rules (
	id           INTEGER PRIMARY KEY CHECK (id = 1),
	missed_on    INTEGER NOT NULL,
	missed_count INTEGER NOT NULL,
	silence_on   INTEGER NOT NULL,
	silence_days INTEGER NOT NULL,
	updated_by   TEXT REFERENCES users(id),
	updated_at   TEXT NOT NULL DEFAULT '',
	version      INTEGER NOT NULL DEFAULT 1
);
INSERT INTO dropout_rules (id, missed_on, missed_count, silence_on, silence_days, version) VALUES (1, 1, 2, 1, 30, 1);
