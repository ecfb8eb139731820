-- Photos, recordings and videos sent with a report from the public are
-- evidence owned by the report (owner_kind 'public_report') until the
-- report is verified, when they move to its incident (custody 'transfer');
-- public_report_id stays as where they came from. media_index is the file's
-- place in the report (the phone sends each once per index). derived_from
-- marks the copy made for staff without location metadata: it points to
-- the original, which is kept as received.
--
-- SQLite cannot change a CHECK, so both tables are made anew inside the
-- migration's transaction. Foreign keys are checked at commit instead of
-- at once (defer_foreign_keys), the rows are put back, and the consents
-- that point at a file, which dropping the table would set to NULL, are
-- pointed at it again.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE m023_consents AS SELECT id, evidence_id FROM consents WHERE evidence_id IS NOT NULL;
CREATE TEMP TABLE m023_evidence AS SELECT * FROM evidence;
CREATE TEMP TABLE m023_custody AS SELECT * FROM evidence_custody;
DROP TABLE evidence_custody;
DROP TABLE evidence;

CREATE TABLE evidence (
	id               TEXT PRIMARY KEY,
	owner_kind       TEXT NOT NULL,
	incident_id      TEXT REFERENCES incidents(id),
	case_id          TEXT REFERENCES cases(id),
	kind             TEXT NOT NULL,
	filename         TEXT NOT NULL DEFAULT '',
	content_type     TEXT NOT NULL,
	size             INTEGER NOT NULL,
	sha256           TEXT NOT NULL,
	key_id           TEXT NOT NULL REFERENCES data_keys(id),
	description      TEXT NOT NULL DEFAULT '',
	uploaded_by      TEXT REFERENCES users(id),
	uploaded_at      TEXT NOT NULL,
	public_report_id TEXT REFERENCES public_reports(id),
	media_index      INTEGER,
	derived_from     TEXT REFERENCES evidence(id),
	CHECK ((owner_kind = 'incident' AND incident_id IS NOT NULL AND case_id IS NULL)
		OR (owner_kind = 'case' AND case_id IS NOT NULL AND incident_id IS NULL)
		OR (owner_kind = 'public_report' AND public_report_id IS NOT NULL AND incident_id IS NULL AND case_id IS NULL))
);
INSERT INTO evidence (id, owner_kind, incident_id, case_id, kind, filename, content_type, size, sha256, key_id, description, uploaded_by, uploaded_at)
	SELECT id, owner_kind, incident_id, case_id, kind, filename, content_type, size, sha256, key_id, description, uploaded_by, uploaded_at
	FROM m023_evidence;
CREATE INDEX evidence_incident ON evidence(incident_id, uploaded_at);
CREATE INDEX evidence_case ON evidence(case_id, uploaded_at);
CREATE INDEX evidence_public_report ON evidence(public_report_id, media_index);
CREATE UNIQUE INDEX evidence_report_original ON evidence(public_report_id, media_index) WHERE derived_from IS NULL AND public_report_id IS NOT NULL;
CREATE UNIQUE INDEX evidence_derived ON evidence(derived_from) WHERE derived_from IS NOT NULL;

CREATE TABLE evidence_custody (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	evidence_id TEXT NOT NULL REFERENCES evidence(id),
	action      TEXT NOT NULL CHECK (action IN ('upload', 'view', 'download', 'export', 'derive', 'transfer')),
	user_id     TEXT NOT NULL DEFAULT '',
	username    TEXT NOT NULL DEFAULT '',
	at          TEXT NOT NULL,
	reason      TEXT NOT NULL DEFAULT '',
	request_id  TEXT NOT NULL DEFAULT ''
);
INSERT INTO evidence_custody (id, evidence_id, action, user_id, username, at, reason, request_id)
	SELECT id, evidence_id, action, user_id, username, at, reason, request_id FROM m023_custody;
CREATE INDEX evidence_custody_file ON evidence_custody(evidence_id, id);

UPDATE consents SET evidence_id = (SELECT c.evidence_id FROM m023_consents c WHERE c.id = consents.id)
	WHERE id IN (SELECT id FROM m023_consents);
DROP TABLE m023_consents;
DROP TABLE m023_evidence;
DROP TABLE m023_custody;
