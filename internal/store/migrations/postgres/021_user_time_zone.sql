-- The time zone a user reads times in: an IANA name of haki.TimeZones, or
-- '' for the default, East Africa Time (Africa/Nairobi).
ALTER TABLE users ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
