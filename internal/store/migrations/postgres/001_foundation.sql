-- The foundation: accounts, the gazetteer, vocabularies, and the
-- "who did what to whom" records joined to the survivor's case file.
-- Timestamps are UTC text of fixed width (2006-01-02T15:04:05.000000Z);
-- dates are YYYY-MM-DD text; booleans are 0/1. Both engines sort these alike.

CREATE TABLE teams (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL
);

CREATE TABLE users (
	id            TEXT PRIMARY KEY,
	username      TEXT NOT NULL UNIQUE,
	display_name  TEXT NOT NULL DEFAULT '',
	role          TEXT NOT NULL,
	team_id       TEXT REFERENCES teams(id),
	language      TEXT NOT NULL DEFAULT 'en',
	password_hash TEXT NOT NULL DEFAULT '',
	disabled      INTEGER NOT NULL DEFAULT 0,
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL
);

CREATE TABLE sessions (
	token_hash   TEXT PRIMARY KEY,
	user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf_token   TEXT NOT NULL,
	created_at   TEXT NOT NULL,
	last_seen_at TEXT NOT NULL,
	expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
	token_hash   TEXT PRIMARY KEY,
	user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created_at   TEXT NOT NULL,
	last_used_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE places (
	code          TEXT PRIMARY KEY,
	country       TEXT NOT NULL,
	level         INTEGER NOT NULL,
	parent_code   TEXT REFERENCES places(code),
	name          TEXT NOT NULL,
	official_code TEXT NOT NULL DEFAULT ''
);
CREATE INDEX places_parent ON places(parent_code);

CREATE TABLE terms (
	vocab    TEXT NOT NULL,
	code     TEXT NOT NULL,
	label_en TEXT NOT NULL,
	label_sw TEXT NOT NULL,
	sort     INTEGER NOT NULL DEFAULT 0,
	active   INTEGER NOT NULL DEFAULT 1,
	PRIMARY KEY (vocab, code)
);

CREATE TABLE ref_counters (
	prefix TEXT NOT NULL,
	year   INTEGER NOT NULL,
	last   INTEGER NOT NULL,
	PRIMARY KEY (prefix, year)
);

CREATE TABLE persons (
	id                 TEXT PRIMARY KEY,
	ref                TEXT NOT NULL UNIQUE,
	full_name          TEXT NOT NULL,
	other_names        TEXT NOT NULL DEFAULT '',
	sex                TEXT NOT NULL DEFAULT 'unknown',
	birth_date         TEXT NOT NULL DEFAULT '',
	birth_precision    TEXT NOT NULL DEFAULT 'day',
	birth_approx       INTEGER NOT NULL DEFAULT 0,
	estimated_age      INTEGER,
	national_id        TEXT NOT NULL DEFAULT '',
	phone              TEXT NOT NULL DEFAULT '',
	county_code        TEXT REFERENCES places(code),
	subcounty_code     TEXT REFERENCES places(code),
	occupation         TEXT NOT NULL DEFAULT '',
	disability         TEXT NOT NULL DEFAULT '',
	next_of_kin        TEXT NOT NULL DEFAULT '',
	deceased           INTEGER NOT NULL DEFAULT 0,
	deceased_on        TEXT NOT NULL DEFAULT '',
	deceased_precision TEXT NOT NULL DEFAULT 'day',
	deceased_approx    INTEGER NOT NULL DEFAULT 0,
	notes              TEXT NOT NULL DEFAULT '',
	created_by         TEXT REFERENCES users(id),
	created_at         TEXT NOT NULL,
	updated_at         TEXT NOT NULL,
	version            INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX persons_created ON persons(created_at, id);
CREATE INDEX persons_national_id ON persons(national_id);
CREATE INDEX persons_created_by ON persons(created_by);

CREATE TABLE institutions (
	id           TEXT PRIMARY KEY,
	service_code TEXT NOT NULL,
	kind         TEXT NOT NULL,
	name         TEXT NOT NULL,
	county_code  TEXT REFERENCES places(code),
	version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX institutions_service ON institutions(service_code, name);

CREATE TABLE incidents (
	id             TEXT PRIMARY KEY,
	ref            TEXT NOT NULL UNIQUE,
	title          TEXT NOT NULL,
	occurred_on    TEXT NOT NULL,
	occurred_year  INTEGER NOT NULL,
	occurred_month INTEGER NOT NULL,
	date_precision TEXT NOT NULL,
	date_approx    INTEGER NOT NULL DEFAULT 0,
	county_code    TEXT NOT NULL REFERENCES places(code),
	subcounty_code TEXT REFERENCES places(code),
	place_name     TEXT NOT NULL DEFAULT '',
	latitude       DOUBLE PRECISION,
	longitude      DOUBLE PRECISION,
	context        TEXT NOT NULL DEFAULT '',
	narrative      TEXT NOT NULL DEFAULT '',
	verification   TEXT NOT NULL,
	publishable    INTEGER NOT NULL DEFAULT 0,
	victim_count   INTEGER NOT NULL DEFAULT 0,
	created_by     TEXT REFERENCES users(id),
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL,
	version        INTEGER NOT NULL DEFAULT 1
);
-- The list is ordered newest first by (occurred_on, id); these serve it
-- unfiltered, by county and year, by year, and per author.
CREATE INDEX incidents_order ON incidents(occurred_on, id);
CREATE INDEX incidents_county_year ON incidents(county_code, occurred_year, occurred_on, id);
CREATE INDEX incidents_year ON incidents(occurred_year, occurred_on, id);
CREATE INDEX incidents_created_by ON incidents(created_by, occurred_on, id);

CREATE TABLE incident_types (
	incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
	type_code   TEXT NOT NULL,
	PRIMARY KEY (incident_id, type_code)
);
CREATE INDEX incident_types_type ON incident_types(type_code, incident_id);

CREATE TABLE acts (
	id            TEXT PRIMARY KEY,
	incident_id   TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
	victim_id     TEXT NOT NULL REFERENCES persons(id),
	act_type      TEXT NOT NULL,
	method        TEXT NOT NULL DEFAULT '',
	victim_status TEXT NOT NULL,
	victim_age    INTEGER,
	notes         TEXT NOT NULL DEFAULT '',
	version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX acts_incident ON acts(incident_id);
CREATE INDEX acts_victim ON acts(victim_id);

CREATE TABLE act_consequences (
	act_id TEXT NOT NULL REFERENCES acts(id) ON DELETE CASCADE,
	code   TEXT NOT NULL,
	PRIMARY KEY (act_id, code)
);

CREATE TABLE involvements (
	id                     TEXT PRIMARY KEY,
	act_id                 TEXT NOT NULL REFERENCES acts(id) ON DELETE CASCADE,
	service_code           TEXT NOT NULL,
	institution_id         TEXT REFERENCES institutions(id),
	officer_name           TEXT NOT NULL DEFAULT '',
	officer_service_number TEXT NOT NULL DEFAULT '',
	officer_rank           TEXT NOT NULL DEFAULT '',
	degree                 TEXT NOT NULL,
	notes                  TEXT NOT NULL DEFAULT '',
	version                INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX involvements_act ON involvements(act_id);
CREATE INDEX involvements_institution ON involvements(institution_id);

CREATE TABLE sources (
	id               TEXT PRIMARY KEY,
	incident_id      TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
	kind             TEXT NOT NULL,
	outlet           TEXT NOT NULL DEFAULT '',
	url              TEXT NOT NULL DEFAULT '',
	person_id        TEXT REFERENCES persons(id),
	description      TEXT NOT NULL DEFAULT '',
	source_date      TEXT NOT NULL DEFAULT '',
	source_precision TEXT NOT NULL DEFAULT 'day',
	source_approx    INTEGER NOT NULL DEFAULT 0,
	reliability      TEXT NOT NULL,
	version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX sources_incident ON sources(incident_id);
CREATE INDEX sources_person ON sources(person_id);

CREATE TABLE cases (
	id              TEXT PRIMARY KEY,
	ref             TEXT NOT NULL UNIQUE,
	client_id       TEXT NOT NULL REFERENCES persons(id),
	client_relation TEXT NOT NULL,
	intake_date     TEXT NOT NULL,
	intake_year     INTEGER NOT NULL,
	intake_channel  TEXT NOT NULL,
	status          TEXT NOT NULL,
	closure_reason  TEXT NOT NULL DEFAULT '',
	caseworker_id   TEXT REFERENCES users(id),
	team_id         TEXT REFERENCES teams(id),
	sensitive       INTEGER NOT NULL DEFAULT 0,
	summary         TEXT NOT NULL DEFAULT '',
	created_by      TEXT REFERENCES users(id),
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cases_order ON cases(intake_date, id);
CREATE INDEX cases_team ON cases(team_id, intake_date, id);
CREATE INDEX cases_caseworker ON cases(caseworker_id);
CREATE INDEX cases_client ON cases(client_id);

CREATE TABLE case_incidents (
	case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
	PRIMARY KEY (case_id, incident_id)
);
CREATE INDEX case_incidents_incident ON case_incidents(incident_id);

CREATE TABLE case_assignments (
	case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	user_id TEXT NOT NULL REFERENCES users(id),
	PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_assignments_user ON case_assignments(user_id);

-- Append-only: triggers refuse any change to an entry once written.
CREATE TABLE audit_log (
	id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at          TEXT NOT NULL,
	user_id     TEXT NOT NULL DEFAULT '',
	username    TEXT NOT NULL DEFAULT '',
	action      TEXT NOT NULL,
	entity      TEXT NOT NULL,
	entity_id   TEXT NOT NULL DEFAULT '',
	before_json TEXT NOT NULL DEFAULT '',
	after_json  TEXT NOT NULL DEFAULT '',
	request_id  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id, id);
CREATE INDEX audit_user ON audit_log(user_id, id);
CREATE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_refuse();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse();
