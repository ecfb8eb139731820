-- Identifiers and identifying free text are sealed (AES-256-GCM) with a data
-- key per person, incident or case; data keys are stored wrapped by the
-- master key, which never enters the database. Erasing a person destroys
-- their data key. Searching uses keyed blind-index tokens.

CREATE TABLE data_keys (
	id         TEXT PRIMARY KEY,
	master_id  TEXT NOT NULL,
	wrapped    TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX data_keys_master ON data_keys(master_id);

ALTER TABLE persons ADD COLUMN key_id TEXT;
ALTER TABLE incidents ADD COLUMN key_id TEXT;
ALTER TABLE cases ADD COLUMN key_id TEXT;

-- The ID number is sealed now; an index over sealed text finds nothing.
DROP INDEX persons_national_id;

-- One row per blind-index token of a person's names, ID number and phone.
-- WITHOUT ROWID: the primary key is the table, one B-tree instead of two.
CREATE TABLE person_tokens (
	token     TEXT NOT NULL,
	person_id TEXT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
	PRIMARY KEY (token, person_id)
) WITHOUT ROWID;
CREATE INDEX person_tokens_person ON person_tokens(person_id);

-- The tokens of the words of an incident's title and narrative, space-separated.
ALTER TABLE incidents ADD COLUMN search_tokens TEXT NOT NULL DEFAULT '';
