-- Indicators and saved builder queries. An indicator is a
-- figure an administrator follows against a target over a period; its
-- measure is one of a fixed set (haki.IndicatorMeasures) narrowed by codes.
CREATE TABLE indicators (
	id            TEXT PRIMARY KEY,
	name          TEXT NOT NULL,
	measure       TEXT NOT NULL,
	service_type  TEXT NOT NULL DEFAULT '',
	incident_type TEXT NOT NULL DEFAULT '',
	county_code   TEXT NOT NULL DEFAULT '',
	target        INTEGER NOT NULL,
	period_from   TEXT NOT NULL,
	period_to     TEXT NOT NULL,
	created_by    TEXT REFERENCES users(id),
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX indicators_period ON indicators(period_from, name);

-- A builder query saved with a name: query holds the query string of codes
-- (haki.BuilderQuery.Encode), read back through the same whitelist.
-- sharing is private, team (the owner's team when saved) or everyone.
CREATE TABLE saved_reports (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	query      TEXT NOT NULL,
	sharing    TEXT NOT NULL,
	owner_id   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	team_id    TEXT REFERENCES teams(id) ON DELETE SET NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX saved_reports_owner ON saved_reports(owner_id, name);
CREATE INDEX saved_reports_sharing ON saved_reports(sharing, team_id, name);
