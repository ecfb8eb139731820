-- The external ids of the records a batch wrote (store/batch.go): one row
-- per record and source system, so that running a batch again updates
-- instead of duplicating. kind is incident, person, act, involvement or
-- source; scope is the incident's external id for the parts of an
-- incident (acts, involvements, sources), '' for incidents and persons.
-- digest is a hash of what the batch last wrote (incidents and persons),
-- version the incident's version after that write: a row with the same
-- digest whose incident is still at that version is "unchanged".
CREATE TABLE batch_records (
	system      TEXT NOT NULL,
	kind        TEXT NOT NULL,
	scope       TEXT NOT NULL DEFAULT '',
	external_id TEXT NOT NULL,
	record_id   TEXT NOT NULL,
	digest      TEXT NOT NULL DEFAULT '',
	version     INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (system, kind, scope, external_id)
);
CREATE INDEX batch_records_record ON batch_records(record_id);

-- The organisation's settings that are data, not configuration: the
-- country whose gazetteer the forms and reports use (store/settings.go).
CREATE TABLE organisation_settings (
	name  TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

-- A place's boundary, when its gazetteer gives one: a GeoJSON Polygon or
-- MultiPolygon geometry in longitude/latitude, used to check that an
-- incident's coordinates fall inside its county.
ALTER TABLE places ADD COLUMN boundary TEXT NOT NULL DEFAULT '';
