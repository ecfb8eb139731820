-- An incident whose date is unknown (haki.PrecisionUnknown): occurred_on is
-- '' (so it sorts after every dated incident in the newest-first list and
-- lies outside every period), occurred_year and occurred_month are 0, and
-- date_bound holds what is known of it: '' (nothing), '<2010' (before
-- 2010) or '>2015' (after 2015). The reports read such incidents through
-- the prefix occurred_on = '' of incidents_report. The executions report
-- gains breakdowns by year and by incident type, cells the summaries are
-- rebuilt to hold (store/migrate.go).
ALTER TABLE incidents ADD COLUMN date_bound TEXT NOT NULL DEFAULT '';

-- Victims who are not named (haki.VictimGroup): a group of count victims
-- of one act, with what is known of them (sex or 'mixed', a standard age
-- band, 'unknown' or 'mixed', a description sealed with the incident's key
-- as an act's notes are). It is an act of its own rather than a kind of
-- act: acts.victim_id names a person, and every reader of acts joins it.
-- The reports add count victims per group (store/report.go's scan reads
-- acts and groups in one ordered union). A named person replaces a member:
-- count goes down by one, the person's act is added (the group goes at 0).
CREATE TABLE victim_groups (
	id            TEXT PRIMARY KEY,
	incident_id   TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
	count         INTEGER NOT NULL CHECK (count >= 1),
	approx        INTEGER NOT NULL DEFAULT 0,
	sex           TEXT NOT NULL DEFAULT 'unknown',
	age_band      TEXT NOT NULL DEFAULT 'unknown',
	description   TEXT NOT NULL DEFAULT '',
	act_type      TEXT NOT NULL,
	method        TEXT NOT NULL DEFAULT '',
	victim_status TEXT NOT NULL,
	version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX victim_groups_incident ON victim_groups(incident_id);
