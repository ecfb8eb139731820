-- Network professionals' names and licence numbers are sealed with the
-- professional's own data key, as persons' names are: they are
-- human-rights defenders too. professional_tokens is their blind index:
-- the phonetic tokens of the name's words and the token of the licence
-- number. The rows written before this migration are sealed, and their
-- tokens made, by the Go step that completes it (professional_seal.go):
-- SQL has no keys.
CREATE TABLE professional_tokens (
	token           TEXT NOT NULL,
	professional_id TEXT NOT NULL REFERENCES professionals(id) ON DELETE CASCADE,
	PRIMARY KEY (token, professional_id)
);
CREATE INDEX professional_tokens_professional ON professional_tokens(professional_id);

-- A sealed name orders nothing: the directory is sorted once opened.
DROP INDEX professionals_name;
DROP INDEX professionals_profession;
CREATE INDEX professionals_profession ON professionals(profession, id);
