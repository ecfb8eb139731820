-- What became of each perpetrator (store/incident_involvement_outcome.go):
-- arrested, charged, convicted, ... with the date as far as known and where
-- it is known from. The source's reference and the notes may name the
-- officer and are sealed with the incident's key, as the officer's name is.
-- Written and read with the involvement; the report counts involvements
-- with at least one outcome of a kind (involvement_outcomes_kind).
CREATE TABLE involvement_outcomes (
	id             TEXT PRIMARY KEY,
	involvement_id TEXT NOT NULL REFERENCES involvements(id) ON DELETE CASCADE,
	position       INTEGER NOT NULL,
	kind           TEXT NOT NULL,
	outcome_date   TEXT NOT NULL DEFAULT '',
	date_precision TEXT NOT NULL DEFAULT 'day',
	date_approx    INTEGER NOT NULL DEFAULT 0,
	source_kind    TEXT NOT NULL,
	source_ref     TEXT NOT NULL DEFAULT '',
	notes          TEXT NOT NULL DEFAULT '',
	created_by     TEXT REFERENCES users(id) ON DELETE SET NULL,
	created_at     TEXT NOT NULL
);
CREATE INDEX involvement_outcomes_involvement ON involvement_outcomes(involvement_id, position);
CREATE INDEX involvement_outcomes_kind ON involvement_outcomes(kind, involvement_id);
