-- Calendars and diaries. A series is one event with a recurrence
-- rule (rrule, RFC 5545 text) and the starts it leaves out (exdates: UTC
-- instants separated by spaces), expanded into occurrences when read. An
-- occurrence edited alone, cancelled, or with attendance marked is a row of
-- its own: series_id names the series, recurrence_id the start it replaces.
-- last_ends_at is when the event (or its series' last occurrence) ends, so
-- one range condition finds what a window shows. status: scheduled or
-- cancelled. location_key is the location normalised, to find rooms booked
-- twice.
ALTER TABLE events ADD COLUMN rrule TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN exdates TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN series_id TEXT REFERENCES events(id) ON DELETE CASCADE;
ALTER TABLE events ADD COLUMN recurrence_id TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN last_ends_at TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN status TEXT NOT NULL DEFAULT 'scheduled';
ALTER TABLE events ADD COLUMN location_key TEXT NOT NULL DEFAULT '';
UPDATE events SET last_ends_at = ends_at, location_key = lower(trim(location));
CREATE UNIQUE INDEX events_series ON events(series_id, recurrence_id);
CREATE INDEX events_window ON events(starts_at, last_ends_at);
CREATE INDEX events_team_window ON events(owner_team_id, starts_at, last_ends_at);
CREATE INDEX events_user_window ON events(owner_user_id, starts_at, last_ends_at);
CREATE INDEX events_location ON events(location_key, starts_at);

-- The case a client attends for, in an event of several clients (a group
-- session): their attendance counts toward that case's drop-out rule.
ALTER TABLE event_participants ADD COLUMN case_id TEXT REFERENCES cases(id) ON DELETE CASCADE;
CREATE INDEX event_participants_case ON event_participants(case_id);

-- A colleague's short dated notes, seen by them alone. body is sealed with
-- the note's own key (key_id).
CREATE TABLE diary_notes (
	id         TEXT PRIMARY KEY,
	user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	day        TEXT NOT NULL,
	body       TEXT NOT NULL,
	key_id     TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX diary_notes_user_day ON diary_notes(user_id, day);
