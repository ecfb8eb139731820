-- Spreadsheet mappings saved by name for the organisation (importer,
-- docs/IMPORT.md): which column is which field, value mappings and
-- transformations, as the importer's JSON.
CREATE TABLE import_mappings (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	mapping    TEXT NOT NULL,
	created_by TEXT NOT NULL REFERENCES users(id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	version    INTEGER NOT NULL DEFAULT 1
);
