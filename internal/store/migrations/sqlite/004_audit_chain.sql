-- The audit log becomes a hash chain: each entry carries the SHA-256 of the
-- entry before it and of its own fields (computed by the store, audit_chain.go).
-- audit_head holds the last id and hash, updated with every append, so that
-- a deleted tail is found too. Entries written before this migration
-- (id <= chain_start) have no hash and cannot be checked.
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';

CREATE TABLE audit_head (
	id          INTEGER PRIMARY KEY CHECK (id = 1),
	last_id     INTEGER NOT NULL,
	last_hash   TEXT NOT NULL,
	chain_start INTEGER NOT NULL
);
INSERT INTO audit_head (id, last_id, last_hash, chain_start)
SELECT 1, COALESCE(MAX(id), 0), '', COALESCE(MAX(id), 0) FROM audit_log;
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN SELECT RAISE(ABORT, 'audit_head cannot be deleted'); END;
