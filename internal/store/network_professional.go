package store

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/haki-kenya/haki"
)

// The network directory. A professional's name, licence number, phone and
// email are sealed with the professional's own data key: network
// professionals are human-rights defenders too. The directory is searched
// through their blind index (network_professional_seal.go) and sorted once opened.

const professionalFrom = `professionals pr LEFT JOIN data_keys prk ON prk.id = pr.key_id`

const professionalColumns = `pr.id, pr.name, pr.profession, pr.licence_number, pr.languages, pr.availability, pr.phone, pr.email,
	COALESCE(pr.user_id, ''), pr.created_at, pr.updated_at, pr.version, COALESCE(prk.master_id, ''), COALESCE(prk.wrapped, '')`

// scanProfessional reads a row of professionalColumns, opening the contact.
func (s *Store) scanProfessional(row interface{ Scan(...any) error }) (*haki.Professional, error) {
	p := &haki.Professional{Counties: []string{}, Languages: []string{}, Trainings: []haki.Training{}}
	var langs, created, updated, master, wrapped string
	if err := row.Scan(&p.ID, &p.Name, &p.Profession, &p.LicenceNumber, &langs, &p.Availability, &p.Phone, &p.Email,
		&p.UserID, &created, &updated, &p.Version, &master, &wrapped); err != nil {
		return nil, err
	}
	p.CreatedAt, p.UpdatedAt = parseTime(created), parseTime(updated)
	if langs != "" {
		p.Languages = strings.Split(langs, ",")
	}
	key, err := s.unwrapJoined(master, wrapped)
	if err != nil {
		return nil, err
	}
	if key == nil {
		p.Name, p.LicenceNumber, p.Phone, p.Email = "", "", "", ""
		return p, nil
	}
	err = (sealer{key, "professional", p.ID}).openAll(map[string]*string{"name": &p.Name, "licence_number": &p.LicenceNumber,
		"phone": &p.Phone, "email": &p.Email})
	return p, err
}

// professionalForAudit keeps a professional in the audit log sealed with
// their key, since it holds their contact.
func (tx *Tx) auditProfessional(action, id string, before, after *haki.Professional) error {
	keyID, key, err := tx.professionalKey(id)
	if err != nil {
		return err
	}
	var b, a any
	if before != nil {
		if b, err = sealAudit(keyID, key, before); err != nil {
			return err
		}
	}
	if after != nil {
		if a, err = sealAudit(keyID, key, after); err != nil {
			return err
		}
	}
	return tx.audit(action, "professional", id, b, a)
}

func (tx *Tx) professionalKey(id string) (string, []byte, error) {
	var keyID string
	if err := tx.queryRow(`SELECT COALESCE(key_id, '') FROM professionals WHERE id = ?`, id).Scan(&keyID); err != nil {
		return "", nil, tx.mapErr(err, "professional")
	}
	if keyID == "" {
		keyID, key, err := tx.newDataKey()
		if err == nil {
			_, err = tx.exec(`UPDATE professionals SET key_id = ? WHERE id = ?`, keyID, id)
		}
		return keyID, key, err
	}
	key, err := tx.dataKey(keyID)
	return keyID, key, err
}

// checkProfessional validates p and checks its counties and account.
func (tx *Tx) checkProfessional(p *haki.Professional) error {
	pr := haki.Problems{}
	p.Normalize()
	if err := p.Validate(tx.now); err != nil {
		for k, m := range haki.ErrorFields(err) {
			pr.Add(k, m)
		}
	}
	for _, c := range p.Counties {
		if err := tx.checkPlace(pr, "counties", c, 1, ""); err != nil {
			return err
		}
	}
	if p.UserID != "" {
		if err := tx.checkStaff(pr, "user_id", p.UserID, haki.RoleProfessional); err != nil {
			return err
		}
		var n int
		if err := tx.queryRow(`SELECT COUNT(*) FROM professionals WHERE user_id = ? AND id <> ?`, p.UserID, p.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			pr.Add("user_id", "This account already belongs to another professional.")
		}
	}
	return pr.Err()
}

// setProfessionalLinks replaces the counties and trainings of p.
func (tx *Tx) setProfessionalLinks(p *haki.Professional) error {
	for _, q := range []string{`DELETE FROM professional_counties WHERE professional_id = ?`, `DELETE FROM professional_trainings WHERE professional_id = ?`} {
		if _, err := tx.exec(q, p.ID); err != nil {
			return err
		}
	}
	for _, c := range dedupe(p.Counties) {
		if _, err := tx.exec(`INSERT INTO professional_counties (professional_id, county_code) VALUES (?, ?)`, p.ID, c); err != nil {
			return tx.mapErr(err, "professional")
		}
	}
	for _, t := range p.Trainings {
		if _, err := tx.exec(`INSERT INTO professional_trainings (id, professional_id, name, attended_on) VALUES (?, ?, ?, ?)`,
			newID(), p.ID, t.Name, fmtDate(t.AttendedOn)); err != nil {
			return tx.mapErr(err, "professional")
		}
	}
	return nil
}

// CreateProfessional adds a professional to the directory.
func (s *Store) CreateProfessional(ctx context.Context, p *haki.Professional) error {
	if err := require(haki.UserFromContext(ctx), haki.PermNetworkWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		p.ID = newID()
		if err := tx.checkProfessional(p); err != nil {
			return err
		}
		keyID, key, err := tx.newDataKey()
		if err != nil {
			return err
		}
		sl := sealer{key, "professional", p.ID}
		p.CreatedAt, p.UpdatedAt, p.Version = tx.now, tx.now, 1
		if _, err := tx.exec(`INSERT INTO professionals (id, name, profession, licence_number, languages, availability, phone, email, user_id,
			key_id, created_by, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			p.ID, sl.seal("name", p.Name), p.Profession, sl.seal("licence_number", p.LicenceNumber), strings.Join(p.Languages, ","),
			p.Availability, sl.seal("phone", p.Phone), sl.seal("email", p.Email), nullString(p.UserID), keyID, nullString(tx.userID()),
			fmtTime(tx.now), fmtTime(tx.now)); err != nil {
			return tx.mapErr(err, "professional")
		}
		if err := tx.setProfessionalLinks(p); err != nil {
			return err
		}
		if err := tx.setProfessionalTokens(p.ID, tx.s.index, p.Name, p.LicenceNumber); err != nil {
			return err
		}
		return tx.auditProfessional("create", p.ID, nil, p)
	})
}

// UpdateProfessional replaces a professional's fields; p.Version must be the version read.
func (s *Store) UpdateProfessional(ctx context.Context, p *haki.Professional) error {
	if err := require(haki.UserFromContext(ctx), haki.PermNetworkWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, err := tx.findProfessional(p.ID)
		if err != nil {
			return err
		}
		if err := tx.checkProfessional(p); err != nil {
			return err
		}
		_, key, err := tx.professionalKey(p.ID)
		if err != nil {
			return err
		}
		sl := sealer{key, "professional", p.ID}
		if err := tx.execOne("professional", `UPDATE professionals SET name = ?, profession = ?, licence_number = ?, languages = ?, availability = ?,
			phone = ?, email = ?, user_id = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			sl.seal("name", p.Name), p.Profession, sl.seal("licence_number", p.LicenceNumber), strings.Join(p.Languages, ","), p.Availability,
			sl.seal("phone", p.Phone), sl.seal("email", p.Email), nullString(p.UserID), fmtTime(tx.now), p.ID, p.Version); err != nil {
			return err
		}
		if err := tx.setProfessionalLinks(p); err != nil {
			return err
		}
		if err := tx.setProfessionalTokens(p.ID, tx.s.index, p.Name, p.LicenceNumber); err != nil {
			return err
		}
		p.CreatedAt, p.UpdatedAt, p.Version = before.CreatedAt, tx.now, before.Version+1
		return tx.auditProfessional("update", p.ID, before, p)
	})
}

// FindProfessionalByID returns a professional of the directory with their
// counties and trainings.
func (s *Store) FindProfessionalByID(ctx context.Context, id string) (*haki.Professional, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermNetworkRead, "professional"); err != nil {
		return nil, err
	}
	var p *haki.Professional
	err := s.read(ctx, func(tx *Tx) (err error) {
		p, err = tx.findProfessional(id)
		return err
	})
	return p, err
}

// FindMyProfessional returns the directory record linked to the caller's
// account, or ENOTFOUND when there is none. Anyone signed in may read their own.
func (s *Store) FindMyProfessional(ctx context.Context) (*haki.Professional, error) {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermDashboard); err != nil {
		return nil, err
	}
	var p *haki.Professional
	err := s.read(ctx, func(tx *Tx) error {
		id, err := tx.professionalOfUser(u.ID)
		if err != nil {
			return err
		}
		if id == "" {
			return haki.Errorf(haki.ENOTFOUND, "No such professional.")
		}
		p, err = tx.findProfessional(id)
		return err
	})
	return p, err
}

// professionalOfUser returns the id of the professional whose account is
// userID, or "".
func (tx *Tx) professionalOfUser(userID string) (string, error) {
	if userID == "" {
		return "", nil
	}
	var id string
	err := tx.queryRow(`SELECT id FROM professionals WHERE user_id = ?`, userID).Scan(&id)
	if isNoRows(err) {
		return "", nil
	}
	return id, err
}

func (tx *Tx) findProfessional(id string) (*haki.Professional, error) {
	p, err := tx.s.scanProfessional(tx.queryRow(`SELECT `+professionalColumns+` FROM `+professionalFrom+` WHERE pr.id = ?`, id))
	if err != nil {
		return nil, tx.mapErr(err, "professional")
	}
	if err := tx.loadProfessionalLinks([]*haki.Professional{p}); err != nil {
		return nil, err
	}
	return p, nil
}

// loadProfessionalLinks fills the counties and trainings of a page of
// professionals, in two queries.
func (tx *Tx) loadProfessionalLinks(ps []*haki.Professional) error {
	if len(ps) == 0 {
		return nil
	}
	by, ids := map[string]*haki.Professional{}, make([]any, len(ps))
	for i, p := range ps {
		by[p.ID], ids[i] = p, p.ID
	}
	in := placeholders(len(ids))
	rows, err := tx.query(`SELECT professional_id, county_code FROM professional_counties WHERE professional_id IN (`+in+`) ORDER BY county_code`, ids...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var pid, code string
		if err := rows.Scan(&pid, &code); err != nil {
			rows.Close()
			return err
		}
		by[pid].Counties = append(by[pid].Counties, code)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	rows, err = tx.query(`SELECT professional_id, name, attended_on FROM professional_trainings WHERE professional_id IN (`+in+`)
		ORDER BY attended_on DESC, id`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var pid, on string
		var t haki.Training
		if err := rows.Scan(&pid, &t.Name, &on); err != nil {
			return err
		}
		t.AttendedOn = parseDate(on)
		by[pid].Trainings = append(by[pid].Trainings, t)
	}
	return rows.Err()
}

// FindProfessionals lists the directory by name, a page at a time, of a
// county, profession or availability, or found by Text: words of the name
// (spelled roughly alike, in any order) or the licence number. Names are
// sealed, so the matching professionals are opened and sorted here; the
// cursor carries only the id of the last one shown.
func (s *Store) FindProfessionals(ctx context.Context, f haki.ProfessionalFilter) ([]*haki.Professional, string, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermNetworkRead); err != nil {
		return nil, "", err
	}
	where, args := []string{"1 = 1"}, []any{}
	add := func(c string, v ...any) { where = append(where, c); args = append(args, v...) }
	if f.County != "" {
		add("EXISTS (SELECT 1 FROM professional_counties pc WHERE pc.professional_id = pr.id AND pc.county_code = ?)", f.County)
	}
	if f.Profession != "" {
		add("pr.profession = ?", f.Profession)
	}
	if f.Availability != "" {
		add("pr.availability = ?", f.Availability)
	}
	if cond, cargs := s.professionalSearch(f.Text); cond != "" {
		add(cond, cargs...)
	}
	after := ""
	if f.Cursor != "" {
		_, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		after = id
	}
	limit := clampLimit(f.Limit)
	var out []*haki.Professional
	var next string
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT `+professionalColumns+` FROM `+professionalFrom+` WHERE `+strings.Join(where, " AND ")+
			` LIMIT `+strconv.Itoa(maxDirectory), args...)
		if err != nil {
			return err
		}
		var all []*haki.Professional
		for rows.Next() {
			p, err := s.scanProfessional(rows)
			if err != nil {
				rows.Close()
				return err
			}
			all = append(all, p)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		sortProfessionals(all)
		if after != "" {
			i := slices.IndexFunc(all, func(p *haki.Professional) bool { return p.ID == after })
			all = all[i+1:] // not found (-1): from the start
		}
		if len(all) > limit {
			all, next = all[:limit], encodeCursor("", all[limit-1].ID)
		}
		out = all
		return tx.loadProfessionalLinks(out)
	})
	return out, next, err
}

// maxDirectory bounds the professionals one directory query opens.
const maxDirectory = 20000

// sortProfessionals orders professionals by name, then id.
func sortProfessionals(ps []*haki.Professional) {
	slices.SortFunc(ps, func(a, b *haki.Professional) int {
		if c := strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// ProfessionalOption is a professional as a form offers them.
type ProfessionalOption struct {
	ID, Name, Profession, Availability string
}

// ProfessionalOptions lists every professional who is not unavailable, by
// profession and name, for the selects of the referral and service forms.
func (s *Store) ProfessionalOptions(ctx context.Context) ([]ProfessionalOption, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermNetworkRead); err != nil {
		return nil, err
	}
	var out []ProfessionalOption
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT ` + professionalColumns + ` FROM ` + professionalFrom + ` WHERE pr.availability <> 'unavailable'
			LIMIT 5000`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			p, err := s.scanProfessional(rows)
			if err != nil {
				return err
			}
			out = append(out, ProfessionalOption{ID: p.ID, Name: p.Name, Profession: p.Profession, Availability: p.Availability})
		}
		return rows.Err()
	})
	slices.SortFunc(out, func(a, b ProfessionalOption) int {
		return cmp.Or(strings.Compare(a.Profession, b.Profession), strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)),
			strings.Compare(a.ID, b.ID))
	})
	return out, err
}

// FindEngagements sums up a professional's services and referrals. They
// are figures, counted over every case.
func (s *Store) FindEngagements(ctx context.Context, id string) (*haki.Engagements, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermNetworkRead, "professional"); err != nil {
		return nil, err
	}
	e := &haki.Engagements{}
	err := s.read(ctx, func(tx *Tx) error {
		if _, err := tx.findProfessional(id); err != nil {
			return err
		}
		if err := tx.queryRow(`SELECT COUNT(*), COUNT(DISTINCT CASE WHEN group_id = '' THEN id ELSE group_id END), COALESCE(SUM(cost_kes), 0)
			FROM services WHERE professional_id = ?`, id).Scan(&e.Services, &e.Sessions, &e.CostKES); err != nil {
			return err
		}
		return tx.queryRow(`SELECT COUNT(*) FROM referrals WHERE professional_id = ?`, id).Scan(&e.Referrals)
	})
	return e, err
}

// FindCoverage counts, for each county of the gazetteer and each
// profession, the professionals covering it who are available, and those
// of limited availability.
func (s *Store) FindCoverage(ctx context.Context) (*haki.Coverage, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermNetworkRead); err != nil {
		return nil, err
	}
	c := &haki.Coverage{Professions: haki.Professions, Counties: []string{}, Cells: map[string]map[string]haki.CoverageCell{}}
	err := s.read(ctx, func(tx *Tx) error {
		var err error
		if c.Counties, err = tx.strings(`SELECT code FROM places WHERE country = `+orgCountry+` AND level = 1 ORDER BY code`, haki.DefaultCountry); err != nil {
			return err
		}
		for _, county := range c.Counties {
			c.Cells[county] = map[string]haki.CoverageCell{}
			for _, p := range c.Professions {
				c.Cells[county][p] = haki.CoverageCell{}
			}
		}
		rows, err := tx.query(`SELECT pc.county_code, pr.profession, pr.availability, COUNT(*) FROM professionals pr
			JOIN professional_counties pc ON pc.professional_id = pr.id WHERE pr.availability <> 'unavailable'
			GROUP BY pc.county_code, pr.profession, pr.availability`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var county, prof, avail string
			var n int
			if err := rows.Scan(&county, &prof, &avail, &n); err != nil {
				return err
			}
			if c.Cells[county] == nil {
				continue
			}
			cell := c.Cells[county][prof]
			if avail == "available" {
				cell.Available += n
			} else {
				cell.Limited += n
			}
			c.Cells[county][prof] = cell
		}
		return rows.Err()
	})
	return c, err
}
