package store

import (
	"context"
	"strings"

	"github.com/haki-kenya/haki"
)

// Institutions (stations, units) are not secret: staff who record incidents
// pick them from a list.

const institutionColumns = `id, service_code, kind, name, COALESCE(county_code, ''), version`

func scanInstitution(row interface{ Scan(...any) error }) (*haki.Institution, error) {
	in := &haki.Institution{}
	err := row.Scan(&in.ID, &in.ServiceCode, &in.Kind, &in.Name, &in.CountyCode, &in.Version)
	return in, err
}

// FindInstitutions lists institutions by service and name, optionally of
// one service or county, or whose name contains text.
func (s *Store) FindInstitutions(ctx context.Context, service, county, text string) ([]*haki.Institution, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermIncidentRead); err != nil {
		return nil, err
	}
	where, args := []string{"1 = 1"}, []any{}
	if service != "" {
		where, args = append(where, "service_code = ?"), append(args, service)
	}
	if county != "" {
		where, args = append(where, "county_code = ?"), append(args, county)
	}
	if text = strings.TrimSpace(text); text != "" {
		where, args = append(where, s.d.ilike("name")), append(args, likePattern(text))
	}
	var out []*haki.Institution
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT `+institutionColumns+` FROM institutions WHERE `+strings.Join(where, " AND ")+` ORDER BY service_code, name LIMIT 1000`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			in, err := scanInstitution(rows)
			if err != nil {
				return err
			}
			out = append(out, in)
		}
		return rows.Err()
	})
	return out, err
}

// FindInstitutionByID returns an institution.
func (s *Store) FindInstitutionByID(ctx context.Context, id string) (*haki.Institution, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermIncidentRead, "institution"); err != nil {
		return nil, err
	}
	var in *haki.Institution
	err := s.read(ctx, func(tx *Tx) (err error) {
		in, err = scanInstitution(tx.queryRow(`SELECT `+institutionColumns+` FROM institutions WHERE id = ?`, id))
		return tx.mapErr(err, "institution")
	})
	return in, err
}

func (tx *Tx) checkInstitution(in *haki.Institution, keep string) error {
	pr := haki.Problems{}
	in.Normalize()
	if err := in.Validate(); err != nil {
		for k, m := range haki.ErrorFields(err) {
			pr.Add(k, m)
		}
	}
	if err := tx.checkTerm(pr, "service_code", "service", in.ServiceCode, keep); err != nil {
		return err
	}
	if err := tx.checkPlace(pr, "county_code", in.CountyCode, 1, ""); err != nil {
		return err
	}
	return pr.Err()
}

// CreateInstitution adds a station or unit.
func (s *Store) CreateInstitution(ctx context.Context, in *haki.Institution) error {
	if err := require(haki.UserFromContext(ctx), haki.PermInstitution); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		if err := tx.checkInstitution(in, ""); err != nil {
			return err
		}
		in.ID, in.Version = newID(), 1
		if _, err := tx.exec(`INSERT INTO institutions (id, service_code, kind, name, county_code, version) VALUES (?, ?, ?, ?, ?, 1)`,
			in.ID, in.ServiceCode, in.Kind, in.Name, nullString(in.CountyCode)); err != nil {
			return tx.mapErr(err, "institution")
		}
		return tx.audit("create", "institution", in.ID, nil, in)
	})
}

// UpdateInstitution replaces an institution's fields; in.Version must be the version read.
func (s *Store) UpdateInstitution(ctx context.Context, in *haki.Institution) error {
	if err := require(haki.UserFromContext(ctx), haki.PermInstitution); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, err := scanInstitution(tx.queryRow(`SELECT `+institutionColumns+` FROM institutions WHERE id = ?`, in.ID))
		if err != nil {
			return tx.mapErr(err, "institution")
		}
		if err := tx.checkInstitution(in, before.ServiceCode); err != nil {
			return err
		}
		if err := tx.execOne("institution", `UPDATE institutions SET service_code = ?, kind = ?, name = ?, county_code = ?, version = version + 1
			WHERE id = ? AND version = ?`, in.ServiceCode, in.Kind, in.Name, nullString(in.CountyCode), in.ID, in.Version); err != nil {
			return err
		}
		in.Version = before.Version + 1
		return tx.audit("update", "institution", in.ID, before, in)
	})
}

// DeleteInstitution removes an institution no involvement refers to.
func (s *Store) DeleteInstitution(ctx context.Context, id string) error {
	if err := require(haki.UserFromContext(ctx), haki.PermInstitution); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		before, err := scanInstitution(tx.queryRow(`SELECT `+institutionColumns+` FROM institutions WHERE id = ?`, id))
		if err != nil {
			return tx.mapErr(err, "institution")
		}
		if _, err := tx.exec(`DELETE FROM institutions WHERE id = ?`, id); err != nil {
			if tx.d.isForeignKey(err) {
				return haki.Errorf(haki.ECONFLICT, "Perpetrators in incidents refer to this institution; it cannot be deleted.")
			}
			return err
		}
		return tx.audit("delete", "institution", id, before, nil)
	})
}
