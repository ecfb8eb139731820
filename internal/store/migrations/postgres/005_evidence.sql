-- Evidence files attached to an incident or a case. The bytes are kept
-- encrypted in the evidence folder under the row's id, never under the
-- uploaded name; filename and description are sealed with the file's own
-- data key (key_id), which also encrypts the bytes. sha256 is the hash of
-- the plaintext, taken at upload and checked on every download.
CREATE TABLE evidence (
	id           TEXT PRIMARY KEY,
	owner_kind   TEXT NOT NULL CHECK (owner_kind IN ('incident', 'case')),
	incident_id  TEXT REFERENCES incidents(id),
	case_id      TEXT REFERENCES cases(id),
	kind         TEXT NOT NULL,
	filename     TEXT NOT NULL DEFAULT '',
	content_type TEXT NOT NULL,
	size         BIGINT NOT NULL,
	sha256       TEXT NOT NULL,
	key_id       TEXT NOT NULL REFERENCES data_keys(id),
	description  TEXT NOT NULL DEFAULT '',
	uploaded_by  TEXT REFERENCES users(id),
	uploaded_at  TEXT NOT NULL,
	CHECK ((owner_kind = 'incident' AND incident_id IS NOT NULL AND case_id IS NULL)
		OR (owner_kind = 'case' AND case_id IS NOT NULL AND incident_id IS NULL))
);
CREATE INDEX evidence_incident ON evidence(incident_id, uploaded_at);
CREATE INDEX evidence_case ON evidence(case_id, uploaded_at);

-- The chain of custody: every upload, view, download and export of a file,
-- with who, when, why (sealed with the file's key) and the request.
CREATE TABLE evidence_custody (
	id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	evidence_id TEXT NOT NULL REFERENCES evidence(id),
	action      TEXT NOT NULL CHECK (action IN ('upload', 'view', 'download', 'export')),
	user_id     TEXT NOT NULL DEFAULT '',
	username    TEXT NOT NULL DEFAULT '',
	at          TEXT NOT NULL,
	reason      TEXT NOT NULL DEFAULT '',
	request_id  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX evidence_custody_file ON evidence_custody(evidence_id, id);
