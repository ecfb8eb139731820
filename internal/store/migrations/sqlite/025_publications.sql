-- What the public portal (/portal) may show of a verified, publishable
-- incident (store/publication.go, store/portal.go). The summary is written
-- by staff for the public and sealed with the incident's key. ref is a
-- public reference of its own (PUB-yyyy-nnnnnn): the incident's reference
-- is never shown, since its numbers would count every record of a year.
CREATE TABLE incident_publications (
	incident_id  TEXT PRIMARY KEY REFERENCES incidents(id) ON DELETE CASCADE,
	ref          TEXT NOT NULL UNIQUE,
	summary      TEXT NOT NULL,
	published_by TEXT REFERENCES users(id) ON DELETE SET NULL,
	published_at TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	version      INTEGER NOT NULL DEFAULT 1
);

-- What may be published of each victim: the name and the age, each only
-- if agreed. For a victim who is the client of a case the agreement is the
-- family's, under that case's publication consent; for a victim who is
-- nobody's client, staff mark the name (and age) as already public and
-- say where (public_source, sealed with the incident's key). A victim with
-- no row is shown as "name withheld".
CREATE TABLE publication_victims (
	incident_id   TEXT NOT NULL REFERENCES incident_publications(incident_id) ON DELETE CASCADE,
	person_id     TEXT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
	show_name     INTEGER NOT NULL DEFAULT 0,
	show_age      INTEGER NOT NULL DEFAULT 0,
	public_source TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (incident_id, person_id)
);
CREATE INDEX publication_victims_person ON publication_victims(person_id);
