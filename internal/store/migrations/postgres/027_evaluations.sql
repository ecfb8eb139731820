-- Medico-legal evaluations to the Istanbul Protocol (store/evaluation*.go).
-- The content (the account, findings, instruments, forms, opinions) is one
-- JSON document sealed with the case's key; only the header is in the clear:
-- who evaluated, when, the state and the hash of the signed content. A signed
-- evaluation is never updated; corrections are addenda, each signed and
-- chained to the hash before it. evaluation_findings holds, from the
-- signature on, each finding's codes only (kind, method, level) for the
-- statistics, which never open the content.
ALTER TABLE users ADD COLUMN clinical_access INTEGER NOT NULL DEFAULT 0;

-- A clinical file (an evaluation's photograph of an injury) is evidence of
-- the case that only its uploader and staff granted clinical access see.
ALTER TABLE evidence ADD COLUMN clinical INTEGER NOT NULL DEFAULT 0;

CREATE TABLE evaluations (
	id                   TEXT PRIMARY KEY,
	case_id              TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	matter_id            TEXT REFERENCES legal_matters(id) ON DELETE SET NULL,
	kind                 TEXT NOT NULL,
	evaluator_id         TEXT REFERENCES users(id) ON DELETE SET NULL,
	evaluator_name       TEXT NOT NULL,
	evaluator_profession TEXT NOT NULL,
	evaluator_licence    TEXT NOT NULL DEFAULT '',
	examined_on          TEXT NOT NULL,
	status               TEXT NOT NULL,
	content              TEXT NOT NULL,
	hash                 TEXT NOT NULL DEFAULT '',
	overall_level        TEXT NOT NULL DEFAULT '',
	created_at           TEXT NOT NULL,
	updated_at           TEXT NOT NULL,
	signed_at            TEXT NOT NULL DEFAULT '',
	version              INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX evaluations_case ON evaluations(case_id, examined_on, id);
CREATE INDEX evaluations_evaluator ON evaluations(evaluator_id, status);

CREATE TABLE evaluation_addenda (
	id            TEXT PRIMARY KEY,
	evaluation_id TEXT NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
	case_id       TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	seq           INTEGER NOT NULL,
	reason        TEXT NOT NULL,
	body          TEXT NOT NULL,
	signed_by     TEXT REFERENCES users(id) ON DELETE SET NULL,
	signer_name   TEXT NOT NULL,
	signed_at     TEXT NOT NULL,
	hash          TEXT NOT NULL,
	UNIQUE (evaluation_id, seq)
);

CREATE TABLE evaluation_findings (
	evaluation_id TEXT NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
	no            INTEGER NOT NULL,
	kind          TEXT NOT NULL,
	method        TEXT NOT NULL,
	opinion       TEXT NOT NULL,
	PRIMARY KEY (evaluation_id, no)
);

-- Scored instruments an administrator added (haki.Instrument as JSON); the
-- built-in ones (PHQ-9) are in the code. A changed definition is a new
-- version; results keep the version they were scored with.
CREATE TABLE instruments (
	code       TEXT NOT NULL,
	version    INTEGER NOT NULL,
	definition TEXT NOT NULL,
	created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
	created_at TEXT NOT NULL,
	PRIMARY KEY (code, version)
);
