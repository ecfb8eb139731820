-- Case management, the shared part: the timeline of a case and
-- the client's consents. Services, referrals, legal matters, tasks and the
-- rest come in the migrations after this one.

-- Every dated thing that happened on a case, written in the same
-- transaction as the record it tells of. summary is sealed with the case's key.
CREATE TABLE case_events (
	id          TEXT PRIMARY KEY,
	case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	kind        TEXT NOT NULL,
	occurred_at TEXT NOT NULL,
	summary     TEXT NOT NULL DEFAULT '',
	ref_kind    TEXT NOT NULL DEFAULT '',
	ref_id      TEXT NOT NULL DEFAULT '',
	created_by  TEXT REFERENCES users(id),
	created_at  TEXT NOT NULL
);
CREATE INDEX case_events_case ON case_events(case_id, occurred_at, id);
CREATE INDEX case_events_ref ON case_events(ref_id);

-- A client's decision per purpose; never updated, the latest per person
-- and purpose is in force. guardian_name and notes are sealed with the
-- case's key.
CREATE TABLE consents (
	id                TEXT PRIMARY KEY,
	case_id           TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	person_id         TEXT NOT NULL REFERENCES persons(id),
	purpose           TEXT NOT NULL,
	decision          TEXT NOT NULL,
	decided_on        TEXT NOT NULL,
	method            TEXT NOT NULL,
	language          TEXT NOT NULL,
	guardian_name     TEXT NOT NULL DEFAULT '',
	guardian_relation TEXT NOT NULL DEFAULT '',
	evidence_id       TEXT REFERENCES evidence(id) ON DELETE SET NULL,
	notes             TEXT NOT NULL DEFAULT '',
	recorded_by       TEXT REFERENCES users(id),
	recorded_at       TEXT NOT NULL
);
CREATE INDEX consents_person ON consents(person_id, purpose, decided_on, recorded_at);
CREATE INDEX consents_case ON consents(case_id);
