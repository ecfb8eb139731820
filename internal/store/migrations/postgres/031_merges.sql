-- Duplicates and merges (store/duplicate_*.go, store/merge_*.go). A merged
-- person or incident stays as a tombstone pointing at the record it was
-- merged into (merged_into); every list, read and report leaves it out.
ALTER TABLE persons ADD COLUMN merged_into TEXT REFERENCES persons(id);
ALTER TABLE incidents ADD COLUMN merged_into TEXT REFERENCES incidents(id);
CREATE INDEX persons_merged_into ON persons(merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX incidents_merged_into ON incidents(merged_into) WHERE merged_into IS NOT NULL;

-- One row per merge: the survivor's fields as they were before (sealed
-- with the survivor's data key), which fields were taken from the merged
-- record, and the survivor's version just after, which an undo checks.
CREATE TABLE merges (
	id               TEXT PRIMARY KEY,
	kind             TEXT NOT NULL,
	survivor_id      TEXT NOT NULL,
	merged_id        TEXT NOT NULL,
	survivor_before  TEXT NOT NULL,
	fields           TEXT NOT NULL DEFAULT '',
	survivor_version INTEGER NOT NULL,
	merged_by        TEXT REFERENCES users(id) ON DELETE SET NULL,
	merged_at        TEXT NOT NULL,
	undone_by        TEXT REFERENCES users(id) ON DELETE SET NULL,
	undone_at        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX merges_survivor ON merges(kind, survivor_id, merged_at);
CREATE INDEX merges_merged ON merges(kind, merged_id, merged_at);

-- What a merge moved from the merged record to the survivor, row by row
-- (an act, a source, a case's client, an incident type the survivor
-- gained ...), so that an undo moves exactly those back.
CREATE TABLE merge_moves (
	merge_id TEXT NOT NULL REFERENCES merges(id),
	tbl      TEXT NOT NULL,
	row_id   TEXT NOT NULL,
	PRIMARY KEY (merge_id, tbl, row_id)
);

-- Pairs a person judged not to be duplicates (first_id < second_id);
-- the candidate lists leave them out.
CREATE TABLE duplicate_dismissals (
	kind         TEXT NOT NULL,
	first_id     TEXT NOT NULL,
	second_id    TEXT NOT NULL,
	dismissed_by TEXT REFERENCES users(id) ON DELETE SET NULL,
	dismissed_at TEXT NOT NULL,
	PRIMARY KEY (kind, first_id, second_id)
);
