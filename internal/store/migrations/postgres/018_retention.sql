-- Retention that acts (privacy_retention.go): what a run anonymised, so it
-- is not counted again, and periods for intake drafts and for sign-in
-- metadata (expired sessions, failed and unfinished sign-ins).
ALTER TABLE cases ADD COLUMN anonymised_at TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN anonymised_at TEXT NOT NULL DEFAULT '';
INSERT INTO retention_settings (record_type, years) VALUES ('intake_draft', 1);
INSERT INTO retention_settings (record_type, years) VALUES ('sign_in_record', 1);
