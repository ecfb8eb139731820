-- The professional network: network professionals, partner
-- institutions, the services delivered on a case and the referrals sent
-- from it.

-- A network professional. phone and email are sealed with the
-- professional's own data key (key_id); the name is not, like a user's.
-- user_id is the professional's account, if they have one, so their own
-- work is attributed to them.
CREATE TABLE professionals (
	id             TEXT PRIMARY KEY,
	name           TEXT NOT NULL,
	profession     TEXT NOT NULL,
	licence_number TEXT NOT NULL DEFAULT '',
	languages      TEXT NOT NULL DEFAULT '',
	availability   TEXT NOT NULL,
	phone          TEXT NOT NULL DEFAULT '',
	email          TEXT NOT NULL DEFAULT '',
	user_id        TEXT UNIQUE REFERENCES users(id),
	key_id         TEXT REFERENCES data_keys(id),
	created_by     TEXT REFERENCES users(id),
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL,
	version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX professionals_name ON professionals(name, id);
CREATE INDEX professionals_profession ON professionals(profession, name, id);

-- The counties a professional covers (codes of the gazetteer).
CREATE TABLE professional_counties (
	professional_id TEXT NOT NULL REFERENCES professionals(id) ON DELETE CASCADE,
	county_code     TEXT NOT NULL REFERENCES places(code),
	PRIMARY KEY (professional_id, county_code)
);
CREATE INDEX professional_counties_county ON professional_counties(county_code, professional_id);

-- Trainings a professional attended.
CREATE TABLE professional_trainings (
	id              TEXT PRIMARY KEY,
	professional_id TEXT NOT NULL REFERENCES professionals(id) ON DELETE CASCADE,
	name            TEXT NOT NULL,
	attended_on     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX professional_trainings_professional ON professional_trainings(professional_id, attended_on);

-- A partner institution: a hospital, the police oversight authority, the
-- national human rights commission, legal aid, a shelter. Organisations:
-- their contact is not sealed.
CREATE TABLE partners (
	id          TEXT PRIMARY KEY,
	name        TEXT NOT NULL,
	kind        TEXT NOT NULL,
	county_code TEXT REFERENCES places(code),
	contact     TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX partners_name ON partners(name, id);

-- A service delivered on a case, by staff (staff_id) or a network
-- professional (professional_id). A group session is one row per attendee
-- case sharing group_id. outcome and notes are sealed with the case's key.
CREATE TABLE services (
	id               TEXT PRIMARY KEY,
	case_id          TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	group_id         TEXT NOT NULL DEFAULT '',
	service_type     TEXT NOT NULL,
	staff_id         TEXT REFERENCES users(id),
	professional_id  TEXT REFERENCES professionals(id),
	delivered_on     TEXT NOT NULL,
	duration_minutes INTEGER NOT NULL DEFAULT 0,
	cost_kes         INTEGER NOT NULL DEFAULT 0,
	outcome          TEXT NOT NULL DEFAULT '',
	notes            TEXT NOT NULL DEFAULT '',
	created_by       TEXT REFERENCES users(id),
	created_at       TEXT NOT NULL,
	updated_at       TEXT NOT NULL,
	version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX services_case ON services(case_id, delivered_on, id);
CREATE INDEX services_professional ON services(professional_id);
CREATE INDEX services_group ON services(group_id);

-- A referral from a case to a network professional or a partner
-- institution. reason and feedback are sealed with the case's key.
CREATE TABLE referrals (
	id              TEXT PRIMARY KEY,
	case_id         TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
	professional_id TEXT REFERENCES professionals(id),
	partner_id      TEXT REFERENCES partners(id),
	reason          TEXT NOT NULL DEFAULT '',
	status          TEXT NOT NULL,
	sent_on         TEXT NOT NULL,
	due_on          TEXT NOT NULL,
	responded_on    TEXT NOT NULL DEFAULT '',
	completed_on    TEXT NOT NULL DEFAULT '',
	feedback        TEXT NOT NULL DEFAULT '',
	sent_by         TEXT REFERENCES users(id),
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX referrals_case ON referrals(case_id, sent_on, id);
CREATE INDEX referrals_open ON referrals(status, due_on);
CREATE INDEX referrals_professional ON referrals(professional_id);
CREATE INDEX referrals_partner ON referrals(partner_id);

-- An assignment made by sending a referral names it, so declining the
-- referral can take back exactly that access and no other.
ALTER TABLE case_assignments ADD COLUMN referral_id TEXT REFERENCES referrals(id) ON DELETE SET NULL;
