-- Kenya's Data Protection Act, 2019 (privacy.go): legal holds that block
-- erasure, the time a person's identity was erased, and retention periods.

-- A legal hold keeps a record from erasure while proceedings may need it:
-- legal_hold_reason says why, legal_hold_by is the administrator who set it.
ALTER TABLE persons ADD COLUMN legal_hold INTEGER NOT NULL DEFAULT 0;
ALTER TABLE persons ADD COLUMN legal_hold_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN legal_hold_by TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN legal_hold_at TEXT NOT NULL DEFAULT '';
-- Set when the person's data key was destroyed; '' for a person on record.
ALTER TABLE persons ADD COLUMN erased_at TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN legal_hold INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN legal_hold_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN legal_hold_by TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN legal_hold_at TEXT NOT NULL DEFAULT '';

-- Retention periods in years per record type; docs/SECURITY.md says why
-- these defaults.
CREATE TABLE retention_settings (
	record_type TEXT PRIMARY KEY,
	years       INTEGER NOT NULL CHECK (years > 0),
	updated_by  TEXT NOT NULL DEFAULT '',
	updated_at  TEXT NOT NULL DEFAULT ''
);
INSERT INTO retention_settings (record_type, years) VALUES ('closed_case', 10);
INSERT INTO retention_settings (record_type, years) VALUES ('unverified_incident', 6);
INSERT INTO retention_settings (record_type, years) VALUES ('audit_log', 10);
