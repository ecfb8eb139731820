package store

import (
	"context"
	"strings"

	"github.com/haki-kenya/haki"
)

// Partner institutions are organisations: their name and contact are not
// sealed.

const partnerColumns = `id, name, kind, COALESCE(county_code, ''), contact, created_at, updated_at, version`

func scanPartner(row interface{ Scan(...any) error }) (*haki.Partner, error) {
	p := &haki.Partner{}
	var created, updated string
	if err := row.Scan(&p.ID, &p.Name, &p.Kind, &p.CountyCode, &p.Contact, &created, &updated, &p.Version); err != nil {
		return nil, err
	}
	p.CreatedAt, p.UpdatedAt = parseTime(created), parseTime(updated)
	return p, nil
}

func (tx *Tx) checkPartner(p *haki.Partner) error {
	pr := haki.Problems{}
	p.Normalize()
	if err := p.Validate(); err != nil {
		for k, m := range haki.ErrorFields(err) {
			pr.Add(k, m)
		}
	}
	if err := tx.checkPlace(pr, "county_code", p.CountyCode, 1, ""); err != nil {
		return err
	}
	return pr.Err()
}

// CreatePartner adds a partner institution.
func (s *Store) CreatePartner(ctx context.Context, p *haki.Partner) error {
	if err := require(haki.UserFromContext(ctx), haki.PermNetworkWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		if err := tx.checkPartner(p); err != nil {
			return err
		}
		p.ID, p.CreatedAt, p.UpdatedAt, p.Version = newID(), tx.now, tx.now, 1
		if _, err := tx.exec(`INSERT INTO partners (id, name, kind, county_code, contact, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, 1)`, p.ID, p.Name, p.Kind, nullString(p.CountyCode), p.Contact, fmtTime(tx.now), fmtTime(tx.now)); err != nil {
			return tx.mapErr(err, "partner")
		}
		return tx.audit("create", "partner", p.ID, nil, p)
	})
}

// UpdatePartner replaces a partner's fields; p.Version must be the version read.
func (s *Store) UpdatePartner(ctx context.Context, p *haki.Partner) error {
	if err := require(haki.UserFromContext(ctx), haki.PermNetworkWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, err := tx.findPartner(p.ID)
		if err != nil {
			return err
		}
		if err := tx.checkPartner(p); err != nil {
			return err
		}
		if err := tx.execOne("partner", `UPDATE partners SET name = ?, kind = ?, county_code = ?, contact = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND version = ?`, p.Name, p.Kind, nullString(p.CountyCode), p.Contact, fmtTime(tx.now), p.ID, p.Version); err != nil {
			return err
		}
		p.CreatedAt, p.UpdatedAt, p.Version = before.CreatedAt, tx.now, before.Version+1
		return tx.audit("update", "partner", p.ID, before, p)
	})
}

// FindPartnerByID returns a partner institution.
func (s *Store) FindPartnerByID(ctx context.Context, id string) (*haki.Partner, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermNetworkRead, "partner"); err != nil {
		return nil, err
	}
	var p *haki.Partner
	err := s.read(ctx, func(tx *Tx) (err error) {
		p, err = tx.findPartner(id)
		return err
	})
	return p, err
}

func (tx *Tx) findPartner(id string) (*haki.Partner, error) {
	p, err := scanPartner(tx.queryRow(`SELECT `+partnerColumns+` FROM partners WHERE id = ?`, id))
	return p, tx.mapErr(err, "partner")
}

// FindPartners lists partner institutions by name, optionally of one kind
// or county. There are few: no paging.
func (s *Store) FindPartners(ctx context.Context, kind, county string) ([]*haki.Partner, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermNetworkRead); err != nil {
		return nil, err
	}
	where, args := []string{"1 = 1"}, []any{}
	if kind != "" {
		where, args = append(where, "kind = ?"), append(args, kind)
	}
	if county != "" {
		where, args = append(where, "county_code = ?"), append(args, county)
	}
	var out []*haki.Partner
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT `+partnerColumns+` FROM partners WHERE `+strings.Join(where, " AND ")+` ORDER BY name, id LIMIT 2000`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanPartner(rows)
			if err != nil {
				return err
			}
			out = append(out, p)
		}
		return rows.Err()
	})
	return out, err
}
