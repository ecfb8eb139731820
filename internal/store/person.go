package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/haki-kenya/haki"
)

// personFrom joins each person to their data key.
const personFrom = `persons p LEFT JOIN data_keys pk ON pk.id = p.key_id`

const personColumns = `p.id, p.ref, p.full_name, p.other_names, p.sex, p.birth_date, p.birth_precision, p.birth_approx, p.estimated_age,
	p.national_id, p.phone, COALESCE(p.county_code, ''), COALESCE(p.subcounty_code, ''), p.occupation, p.disability, p.next_of_kin,
	p.deceased, p.deceased_on, p.deceased_precision, p.deceased_approx, p.notes, COALESCE(p.created_by, ''), p.created_at, p.updated_at, p.version,
	COALESCE(pk.master_id, ''), COALESCE(pk.wrapped, '')`

// scanPerson reads a row of personColumns. With reveal it opens the sealed
// identifiers; without, it leaves them out (Redacted).
func (tx *Tx) scanPerson(row interface{ Scan(...any) error }, reveal bool) (*haki.Person, error) {
	p := &haki.Person{}
	var other, birth, birthPrec, died, diedPrec, created, updated, master, wrapped string
	var birthApprox, diedApprox bool
	var age sql.NullInt64
	err := row.Scan(&p.ID, &p.Ref, &p.FullName, &other, &p.Sex, &birth, &birthPrec, &birthApprox, &age,
		&p.NationalID, &p.Phone, &p.CountyCode, &p.SubCountyCode, &p.Occupation, &p.Disability, &p.NextOfKin,
		&p.Deceased, &died, &diedPrec, &diedApprox, &p.Notes, &p.CreatedBy, &created, &updated, &p.Version, &master, &wrapped)
	if err != nil {
		return nil, err
	}
	if age.Valid {
		n := int(age.Int64)
		p.EstimatedAge = &n
	}
	if p.BirthDate, err = haki.NewFuzzyDate(birth, haki.Precision(birthPrec), birthApprox); err != nil {
		return nil, err
	}
	if p.DeceasedOn, err = haki.NewFuzzyDate(died, haki.Precision(diedPrec), diedApprox); err != nil {
		return nil, err
	}
	p.CreatedAt, p.UpdatedAt = parseTime(created), parseTime(updated)
	key, err := tx.s.unwrapJoined(master, wrapped)
	if err != nil {
		return nil, err
	}
	if !reveal || key == nil {
		p.Redact()
		return p, nil
	}
	tx.reveal("person", p.ID)
	sl := sealer{key, "person", p.ID}
	if err := sl.openAll(map[string]*string{"full_name": &p.FullName, "other_names": &other, "national_id": &p.NationalID,
		"phone": &p.Phone, "disability": &p.Disability, "next_of_kin": &p.NextOfKin, "notes": &p.Notes}); err != nil {
		return nil, err
	}
	if other != "" {
		p.OtherNames = strings.Split(other, "\n")
	}
	return p, nil
}

// personArgs returns the stored values of the writable columns, in the
// order of personWritable, identifiers sealed.
func personArgs(p *haki.Person, sl sealer) []any {
	var age any
	if p.EstimatedAge != nil {
		age = *p.EstimatedAge
	}
	return []any{sl.seal("full_name", p.FullName), sl.seal("other_names", strings.Join(p.OtherNames, "\n")), p.Sex, p.BirthDate.ISO(),
		precisionOf(p.BirthDate), boolInt(p.BirthDate.Approx), age, sl.seal("national_id", p.NationalID), sl.seal("phone", p.Phone),
		nullString(p.CountyCode), nullString(p.SubCountyCode), p.Occupation, sl.seal("disability", p.Disability), sl.seal("next_of_kin", p.NextOfKin),
		boolInt(p.Deceased), p.DeceasedOn.ISO(), precisionOf(p.DeceasedOn), boolInt(p.DeceasedOn.Approx), sl.seal("notes", p.Notes)}
}

const personWritable = `full_name, other_names, sex, birth_date, birth_precision, birth_approx, estimated_age, national_id, phone,
	county_code, subcounty_code, occupation, disability, next_of_kin, deceased, deceased_on, deceased_precision, deceased_approx, notes`

// maxNoteTokens bounds the words of a person's notes kept as tokens.
const maxNoteTokens = 100

// personTokens are the blind-index tokens that find a person: their names
// and aliases (phonetically), the words of their notes, ID number and phone.
func (s *Store) personTokens(p *haki.Person) []string {
	toks := s.index.NameTokens(append([]string{p.FullName}, p.OtherNames...)...)
	toks = append(toks, s.index.TextTokens(maxNoteTokens, p.Notes)...)
	for _, t := range []string{s.index.IDToken("national_id", p.NationalID), s.index.IDToken("phone", p.Phone)} {
		if t != "" {
			toks = append(toks, t)
		}
	}
	return dedupe(toks)
}

func (tx *Tx) setPersonTokens(p *haki.Person) error {
	if _, err := tx.exec(`DELETE FROM person_tokens WHERE person_id = ?`, p.ID); err != nil {
		return err
	}
	return tx.insertPersonTokens(p)
}

// insertPersonTokens adds the tokens of a person who has none, in one
// statement.
func (tx *Tx) insertPersonTokens(p *haki.Person) error {
	toks := tx.s.personTokens(p)
	if len(toks) == 0 {
		return nil
	}
	args := make([]any, 0, 2*len(toks))
	for _, t := range toks {
		args = append(args, t, p.ID)
	}
	_, err := tx.exec(`INSERT INTO person_tokens (token, person_id) VALUES `+strings.TrimSuffix(strings.Repeat("(?, ?), ", len(toks)), ", "), args...)
	return err
}

// personKey returns a person's data key id and key.
func (tx *Tx) personKey(id string) (string, []byte, error) {
	var keyID sql.NullString
	if err := tx.queryRow(`SELECT key_id FROM persons WHERE id = ?`, id).Scan(&keyID); err != nil {
		return "", nil, tx.mapErr(err, "person")
	}
	if !keyID.Valid {
		return "", nil, haki.Errorf(haki.ECONFLICT, "This person's identity was erased; the record cannot be changed.")
	}
	key, err := tx.dataKey(keyID.String)
	return keyID.String, key, err
}

func precisionOf(d haki.FuzzyDate) string {
	if d.Precision == "" {
		return string(haki.PrecisionDay)
	}
	return string(d.Precision)
}

// CreatePerson records a person and gives them an id and a reference.
func (s *Store) CreatePerson(ctx context.Context, p *haki.Person) error {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermPersonWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		if !p.DuplicateOK {
			p.Normalize()
			refs, field, err := tx.personDuplicates(p)
			if err != nil {
				return err
			}
			if len(refs) > 0 {
				return duplicateRefused(refs, field)
			}
		}
		return tx.createPerson(p)
	})
}

func (tx *Tx) createPerson(p *haki.Person) error {
	if err := tx.checkPerson(p, nil); err != nil {
		return err
	}
	ref, err := tx.nextRef("PER")
	if err != nil {
		return err
	}
	keyID, key, err := tx.insertPerson(p, ref)
	if err != nil {
		return err
	}
	after, err := sealAudit(keyID, key, p)
	if err != nil {
		return err
	}
	return tx.audit("create", "person", p.ID, nil, after)
}

// insertPerson writes a checked new person with their search tokens and a
// new data key, under ref, and returns the key; it audits nothing.
func (tx *Tx) insertPerson(p *haki.Person, ref string) (string, []byte, error) {
	keyID, key, err := tx.newDataKey()
	if err != nil {
		return "", nil, err
	}
	p.ID, p.Ref, p.CreatedBy, p.CreatedAt, p.UpdatedAt, p.Version = newID(), ref, tx.userID(), tx.now, tx.now, 1
	args := append([]any{p.ID, p.Ref}, personArgs(p, sealer{key, "person", p.ID})...)
	args = append(args, nullString(p.CreatedBy), fmtTime(tx.now), fmtTime(tx.now), keyID)
	if _, err := tx.exec(`INSERT INTO persons (id, ref, `+personWritable+`, created_by, created_at, updated_at, key_id, version)
		VALUES (`+placeholders(len(args))+`, 1)`, args...); err != nil {
		return "", nil, tx.mapErr(err, "person")
	}
	return keyID, key, tx.insertPersonTokens(p)
}

// updatePersonRow writes a checked person's fields and tokens over version
// p.Version, and returns their key; it audits nothing.
func (tx *Tx) updatePersonRow(p *haki.Person) (string, []byte, error) {
	keyID, key, err := tx.personKey(p.ID)
	if err != nil {
		return "", nil, err
	}
	args := append(personArgs(p, sealer{key, "person", p.ID}), fmtTime(tx.now), p.ID, p.Version)
	// The victim's sex and age band are in the reports' figures.
	if err := tx.touchIncidentsOf(`SELECT incident_id FROM acts WHERE victim_id = ?`, p.ID); err != nil {
		return "", nil, err
	}
	if err := tx.execOne("person", `UPDATE persons SET (`+personWritable+`, updated_at, version) =
		(`+placeholders(len(args)-2)+`, version + 1) WHERE id = ? AND version = ?`, args...); err != nil {
		return "", nil, err
	}
	return keyID, key, tx.setPersonTokens(p)
}

// FindPersonByID returns a person the caller may see.
func (s *Store) FindPersonByID(ctx context.Context, id string) (*haki.Person, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermPersonRead, "person"); err != nil {
		return nil, err
	}
	var p *haki.Person
	err := s.read(ctx, func(tx *Tx) (err error) {
		p, err = tx.findPerson(id)
		return err
	})
	return p, err
}

func (tx *Tx) findPerson(id string) (*haki.Person, error) {
	cond, args := visiblePersons("p", tx.user)
	p, err := tx.scanPerson(tx.queryRow(`SELECT `+personColumns+` FROM `+personFrom+` WHERE p.id = ? AND `+cond, append([]any{id}, args...)...),
		tx.user.Role.SeesIdentities())
	if err != nil {
		return nil, tx.notFoundOrMerged(haki.DuplicatePerson, id, tx.mapErr(err, "person"))
	}
	return p, nil
}

// FindPersons lists the persons the caller may see, newest first, a page at
// a time, found by words of a name or alias, a reference or an ID number.
func (s *Store) FindPersons(ctx context.Context, f haki.PersonFilter) ([]*haki.Person, string, error) {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermPersonRead); err != nil {
		return nil, "", err
	}
	cond, cargs := visiblePersons("p", u)
	where, args := []string{cond}, cargs
	if f.CountyCode != "" {
		where, args = append(where, "p.county_code = ?"), append(args, f.CountyCode)
	}
	if cond, cargs := s.personSearch(f.Text); cond != "" {
		where, args = append(where, cond), append(args, cargs...)
	}
	if f.Cursor != "" {
		key, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		where, args = append(where, "(p.created_at < ? OR (p.created_at = ? AND p.id < ?))"), append(args, key, key, id)
	}
	limit := clampLimit(f.Limit)
	var out []*haki.Person
	var next string
	err := s.read(ctx, func(tx *Tx) (err error) {
		out, err = tx.newestPersons(strings.Join(where, " AND "), args, limit+1, u.Role.SeesIdentities())
		return err
	})
	if len(out) > limit {
		last := out[limit-1]
		out, next = out[:limit], encodeCursor(fmtTime(last.CreatedAt), last.ID)
	}
	return out, next, err
}

// UpdatePerson replaces a person's fields. p.Version must be the version the
// caller read; otherwise someone changed it meanwhile and the update is a
// conflict.
func (s *Store) UpdatePerson(ctx context.Context, p *haki.Person) error {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermPersonWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, err := tx.findPerson(p.ID)
		if err != nil {
			return err
		}
		if err := tx.checkPerson(p, before); err != nil {
			return err
		}
		keyID, key, err := tx.updatePersonRow(p)
		if err != nil {
			return err
		}
		p.Ref, p.CreatedBy, p.CreatedAt, p.UpdatedAt, p.Version = before.Ref, before.CreatedBy, before.CreatedAt, tx.now, before.Version+1
		return tx.auditSealed("update", "person", p.ID, keyID, key, before, p)
	})
}

// DeletePerson removes a person who is in no act, source or case.
func (s *Store) DeletePerson(ctx context.Context, id string) error {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermIncidentDelete); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, err := tx.findPerson(id)
		if err != nil {
			return err
		}
		keyID, key, err := tx.personKey(id)
		if err != nil {
			return err
		}
		if err := tx.touchIncidentsOf(`SELECT incident_id FROM acts WHERE victim_id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM persons WHERE id = ?`, id); err != nil {
			if tx.d.isForeignKey(err) {
				return haki.Errorf(haki.ECONFLICT, "This person is a victim, source or client in other records; remove those links first.")
			}
			return err
		}
		b, err := sealAudit(keyID, key, before)
		if err != nil {
			return err
		}
		return tx.audit("delete", "person", id, b, nil)
	})
}

// reserveRefs takes the next n numbers of the prefix's references in the
// current year and returns the first; releaseRefs gives back those left.
func (tx *Tx) reserveRefs(prefix string, n int) (int, error) {
	var last int
	err := tx.queryRow(`INSERT INTO ref_counters (prefix, year, last) VALUES (?, ?, ?)
		ON CONFLICT (prefix, year) DO UPDATE SET last = ref_counters.last + ? RETURNING last`, prefix, haki.Today(tx.now).Year(), n, n).Scan(&last)
	return last - n + 1, err
}

// releaseRefs gives back the reserved numbers after used, when reserved
// is still the last number given (the transaction holds the counter).
func (tx *Tx) releaseRefs(prefix string, used, reserved int) error {
	_, err := tx.exec(`UPDATE ref_counters SET last = ? WHERE prefix = ? AND year = ? AND last = ?`, used, prefix, haki.Today(tx.now).Year(), reserved)
	return err
}

// nextRef returns the next human reference for the prefix in the current
// year, e.g. INC-2026-000123.
func (tx *Tx) nextRef(prefix string) (string, error) {
	var n int
	err := tx.queryRow(`INSERT INTO ref_counters (prefix, year, last) VALUES (?, ?, 1)
		ON CONFLICT (prefix, year) DO UPDATE SET last = ref_counters.last + 1 RETURNING last`, prefix, haki.Today(tx.now).Year()).Scan(&n)
	if err != nil {
		return "", err
	}
	return formatRef(prefix, haki.Today(tx.now).Year(), n), nil
}

func formatRef(prefix string, year, n int) string {
	b := []byte(prefix + "-0000-000000")
	p := len(prefix) + 1
	for i := 3; i >= 0; i, year = i-1, year/10 {
		b[p+i] = byte('0' + year%10)
	}
	for i := len(b) - 1; n > 0 && i > p+4; i, n = i-1, n/10 {
		b[i] = byte('0' + n%10)
	}
	return string(b)
}

// personSearch returns the condition that finds persons by words (each
// must match, in any order: a word of a name or alias spelled roughly alike,
// or a word of their notes), by an ID or phone number, or by reference.
func (s *Store) personSearch(text string) (string, []any) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", nil
	}
	var conds []string
	var args []any
	if cond, wordArgs := s.nameWordsCondition(text, "person_tokens", "person_id", "p.id"); cond != "" {
		conds = append(conds, cond)
		args = append(args, wordArgs...)
	}
	for _, kind := range []string{"national_id", "phone"} {
		if t := s.index.IDToken(kind, text); t != "" {
			conds = append(conds, "EXISTS (SELECT 1 FROM person_tokens it WHERE it.person_id = p.id AND it.token = ?)")
			args = append(args, t)
		}
	}
	conds = append(conds, "p.ref = ?")
	args = append(args, strings.ToUpper(text))
	return "(" + strings.Join(conds, " OR ") + ")", args
}

// nameWordsCondition returns the condition that every word of text matches
// one of the owner's name tokens (in table, keyed by column), spelled
// roughly alike through the blind index; "" when text has no words.
func (s *Store) nameWordsCondition(text, table, column, owner string) (string, []any) {
	words := s.index.Query(text, 8)
	if len(words) == 0 {
		return "", nil
	}
	var args []any
	parts := make([]string, len(words))
	for i, alts := range words {
		parts[i] = "EXISTS (SELECT 1 FROM " + table + " nt WHERE nt." + column + " = " + owner +
			" AND nt.token IN (" + placeholders(len(alts)) + "))"
		for _, t := range alts {
			args = append(args, t)
		}
	}
	return "(" + strings.Join(parts, " AND ") + ")", args
}

// checkPerson validates p against the domain rules and the database's
// vocabularies and places.
func (tx *Tx) checkPerson(p *haki.Person, before *haki.Person) error {
	pr := haki.Problems{}
	p.Normalize()
	if err := p.Validate(tx.now); err != nil {
		for k, v := range haki.ErrorFields(err) {
			pr.Add(k, v)
		}
	}
	if p.Sex == "" {
		p.Sex = "unknown"
	}
	keep := ""
	if before != nil {
		keep = before.Sex
	}
	if err := tx.checkTerm(pr, "sex", "sex", p.Sex, keep); err != nil {
		return err
	}
	if err := tx.checkPlace(pr, "county_code", p.CountyCode, 1, ""); err != nil {
		return err
	}
	if err := tx.checkPlace(pr, "subcounty_code", p.SubCountyCode, 2, p.CountyCode); err != nil {
		return err
	}
	return pr.Err()
}
