-- Photos, recordings and videos sent with a report from the public are
-- evidence owned by the report (owner_kind 'public_report') until the
-- report is verified, when they move to its incident (custody 'transfer');
-- public_report_id stays as where they came from. media_index is the file's
-- place in the report (the phone sends each once per index). derived_from
-- marks the copy made for staff without location metadata: it points to
-- the original, which is kept as received.
ALTER TABLE evidence DROP CONSTRAINT evidence_owner_kind_check;
ALTER TABLE evidence DROP CONSTRAINT evidence_check;
ALTER TABLE evidence ADD COLUMN public_report_id TEXT REFERENCES public_reports(id);
ALTER TABLE evidence ADD COLUMN media_index INTEGER;
ALTER TABLE evidence ADD COLUMN derived_from TEXT REFERENCES evidence(id);
ALTER TABLE evidence ADD CONSTRAINT evidence_owner_check CHECK (
	(owner_kind = 'incident' AND incident_id IS NOT NULL AND case_id IS NULL)
	OR (owner_kind = 'case' AND case_id IS NOT NULL AND incident_id IS NULL)
	OR (owner_kind = 'public_report' AND public_report_id IS NOT NULL AND incident_id IS NULL AND case_id IS NULL));
CREATE INDEX evidence_public_report ON evidence(public_report_id, media_index);
CREATE UNIQUE INDEX evidence_report_original ON evidence(public_report_id, media_index) WHERE derived_from IS NULL AND public_report_id IS NOT NULL;
CREATE UNIQUE INDEX evidence_derived ON evidence(derived_from) WHERE derived_from IS NOT NULL;

ALTER TABLE evidence_custody DROP CONSTRAINT evidence_custody_action_check;
ALTER TABLE evidence_custody ADD CONSTRAINT evidence_custody_action_check
	CHECK (action IN ('upload', 'view', 'download', 'export', 'derive', 'transfer'));
