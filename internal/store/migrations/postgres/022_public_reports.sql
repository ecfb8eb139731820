-- Reports from the public: the /report page, SMS and USSD. Everything that
-- could identify the reporter or the people they name is in body (one
-- sealed JSON: account, harmed persons, the perpetrator's station, vehicle
-- and names, the place name and coordinates) and contact (sealed JSON), both
-- sealed with the report's own data key. There is no column for the
-- reporter's address or browser, on purpose.
CREATE TABLE public_reports (
	id             TEXT PRIMARY KEY,
	ref            TEXT NOT NULL UNIQUE,
	channel        TEXT NOT NULL,
	kind           TEXT NOT NULL,
	status         TEXT NOT NULL,
	language       TEXT NOT NULL,
	received_at    TEXT NOT NULL,
	what           TEXT NOT NULL DEFAULT '',
	types          TEXT NOT NULL DEFAULT '', -- incident_type codes, space-separated
	service        TEXT NOT NULL DEFAULT '', -- the perpetrator's service, a vocabulary code
	occurred_on    TEXT NOT NULL DEFAULT '', -- '' when the reporter gave no date
	date_precision TEXT NOT NULL DEFAULT '',
	date_approx    INTEGER NOT NULL DEFAULT 0,
	county_code    TEXT REFERENCES places(code),
	subcounty_code TEXT REFERENCES places(code),
	wants_help     INTEGER NOT NULL DEFAULT 0,
	assigned_to    TEXT REFERENCES users(id) ON DELETE SET NULL,
	incident_id    TEXT REFERENCES incidents(id) ON DELETE SET NULL,
	case_id        TEXT REFERENCES cases(id) ON DELETE SET NULL,
	duplicate_of   TEXT NOT NULL DEFAULT '', -- the id of another report or of an incident
	-- The key the report was sent with: the phone's idempotency key,
	-- "sms:<gateway id>" or "ussd:<session id>".
	idem_key       TEXT NOT NULL UNIQUE,
	-- A keyed hash of the sender's phone number (SMS, USSD), to join the
	-- parts of a long message; NULL for the web.
	sender_tag     TEXT,
	-- The time of the last SMS part joined to the report.
	last_part_at   TEXT NOT NULL DEFAULT '',
	-- Blind-index tokens of the harmed persons' names, for duplicates.
	name_tokens    TEXT NOT NULL DEFAULT '',
	key_id         TEXT REFERENCES data_keys(id),
	body           TEXT NOT NULL,
	contact        TEXT NOT NULL,
	version        INTEGER NOT NULL DEFAULT 1,
	updated_at     TEXT NOT NULL
);
-- The queue, oldest first per status; the queue of one colleague.
CREATE INDEX public_reports_queue ON public_reports(status, received_at, id);
CREATE INDEX public_reports_assigned ON public_reports(assigned_to, status, received_at);
-- Duplicate suggestions: same county, dates close together.
CREATE INDEX public_reports_county_occurred ON public_reports(county_code, occurred_on);
-- The latest message of one sender, to join the parts of a long SMS.
CREATE INDEX public_reports_sender ON public_reports(sender_tag, received_at);

-- Every key a report was received under: the first, and the gateway ids of
-- the SMS parts joined to it, so a part delivered twice is joined once.
CREATE TABLE public_report_keys (
	idem_key  TEXT PRIMARY KEY,
	report_id TEXT NOT NULL REFERENCES public_reports(id) ON DELETE CASCADE
);
CREATE INDEX public_report_keys_report ON public_report_keys(report_id);

-- Triage's notes on a report, sealed with the report's key.
CREATE TABLE public_report_notes (
	id        TEXT PRIMARY KEY,
	report_id TEXT NOT NULL REFERENCES public_reports(id) ON DELETE CASCADE,
	author_id TEXT REFERENCES users(id) ON DELETE SET NULL,
	at        TEXT NOT NULL,
	body      TEXT NOT NULL
);
CREATE INDEX public_report_notes_report ON public_report_notes(report_id, at);

-- Attempts to reach the reporter, as they asked to be reached.
CREATE TABLE public_report_contacts (
	id        TEXT PRIMARY KEY,
	report_id TEXT NOT NULL REFERENCES public_reports(id) ON DELETE CASCADE,
	by_id     TEXT REFERENCES users(id) ON DELETE SET NULL,
	at        TEXT NOT NULL,
	method    TEXT NOT NULL,
	outcome   TEXT NOT NULL,
	note      TEXT NOT NULL
);
CREATE INDEX public_report_contacts_report ON public_report_contacts(report_id, at);
