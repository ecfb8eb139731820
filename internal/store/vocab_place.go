package store

import (
	"context"
	"database/sql"

	"github.com/haki-kenya/haki"
)

// FindPlaces returns the places of a country ("" for the organisation's,
// see Country) at a level (1 counties, 2 sub-counties), under parent when
// it is not "", in name order. Places are
// not secret: anyone signed in may read them.
func (s *Store) FindPlaces(ctx context.Context, country string, level int, parent string) ([]*haki.Place, error) {
	var out []*haki.Place
	err := s.read(ctx, func(tx *Tx) error {
		if country == "" {
			var err error
			if country, err = tx.country(); err != nil {
				return err
			}
		}
		where, args := "country = ? AND level = ?", []any{country, level}
		if parent != "" {
			where += " AND parent_code = ?"
			args = append(args, parent)
		}
		rows, err := tx.query(`SELECT code, country, level, COALESCE(parent_code, ''), name, official_code
			FROM places WHERE `+where+` ORDER BY official_code, name`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			p := &haki.Place{}
			if err := rows.Scan(&p.Code, &p.Country, &p.Level, &p.ParentCode, &p.Name, &p.OfficialCode); err != nil {
				return err
			}
			out = append(out, p)
		}
		return rows.Err()
	})
	return out, err
}

// LoadPlaces adds a country's gazetteer (an organisation outside Kenya loads
// its own), or loads it again with new names or boundaries. Parents must
// come before their children. It is one transaction: all the places are
// added or none.
func (s *Store) LoadPlaces(ctx context.Context, places []haki.Place) error {
	if !haki.UserFromContext(ctx).Can(haki.PermVocabulary) && haki.UserFromContext(ctx) != nil {
		return haki.Errorf(haki.EFORBIDDEN, "Only an administrator can load places.")
	}
	return s.write(ctx, func(tx *Tx) error {
		if err := tx.insertPlaces(places); err != nil {
			return err
		}
		return tx.audit("load", "places", "", nil, map[string]int{"places": len(places)})
	})
}

func (tx *Tx) insertPlaces(places []haki.Place) error {
	for _, p := range places {
		if p.Code == "" || p.Name == "" || p.Country == "" || (p.Level != 1 && p.Level != 2) {
			return haki.Errorf(haki.EINVALID, "Each place needs a code, a name, a country and level 1 or 2.")
		}
		if p.Boundary != "" {
			if _, err := haki.ParseBoundary(p.Boundary); err != nil {
				return haki.Errorf(haki.EINVALID, "The boundary of %s is not a GeoJSON Polygon or MultiPolygon.", p.Code)
			}
		}
		// Loading a gazetteer again renames places and replaces their
		// boundaries; a place keeps its country, level and parent.
		if _, err := tx.exec(`INSERT INTO places (code, country, level, parent_code, name, official_code, boundary) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (code) DO UPDATE SET name = excluded.name, official_code = excluded.official_code, boundary = excluded.boundary`,
			p.Code, p.Country, p.Level, nullString(p.ParentCode), p.Name, p.OfficialCode, p.Boundary); err != nil {
			return tx.mapErr(err, "place")
		}
	}
	return nil
}

// checkPlace adds a problem when code is set but is not a place of the
// level under parent.
func (tx *Tx) checkPlace(p haki.Problems, field, code string, level int, parent string) error {
	if code == "" {
		return nil
	}
	var lvl int
	var par string
	var err error
	if tx.lookups != nil {
		pl, known := tx.lookups.places[code]
		if lvl, par = pl.level, pl.parent; !known {
			err = sql.ErrNoRows
		}
	} else {
		err = tx.queryRow(`SELECT level, COALESCE(parent_code, '') FROM places WHERE code = ?`, code).Scan(&lvl, &par)
	}
	if err != nil || lvl != level || (parent != "" && par != parent) {
		if err != nil && !isNoRows(err) {
			return err
		}
		if level == 2 {
			p.Add(field, "Choose a sub-county of the chosen county.")
		} else {
			p.Add(field, "Choose a county from the list.")
		}
	}
	return nil
}

// checkInside adds a problem when the coordinates are outside the
// boundary of the county, when its gazetteer gives one.
func (tx *Tx) checkInside(p haki.Problems, county string, lat, lon *float64) error {
	if county == "" || lat == nil || lon == nil {
		return nil
	}
	var boundary string
	if tx.lookups != nil {
		boundary = tx.lookups.places[county].boundary
	} else if err := tx.queryRow(`SELECT boundary FROM places WHERE code = ?`, county).Scan(&boundary); err != nil && !isNoRows(err) {
		return err
	}
	if boundary == "" {
		return nil
	}
	b, err := tx.s.boundary(county, boundary)
	if err != nil {
		return nil // checked on loading; a bad one checks nothing
	}
	if !b.Contains(*lat, *lon) {
		p.Add("latitude", "The coordinates are outside the county.")
	}
	return nil
}

// parsedBoundary is a boundary parsed, with the text it was parsed from.
type parsedBoundary struct {
	text string
	b    haki.Boundary
}

// boundary returns a place's boundary parsed, parsing it once per text.
func (s *Store) boundary(code, text string) (haki.Boundary, error) {
	if v, ok := s.boundaries.Load(code); ok && v.(parsedBoundary).text == text {
		return v.(parsedBoundary).b, nil
	}
	b, err := haki.ParseBoundary(text)
	if err != nil {
		return nil, err
	}
	s.boundaries.Store(code, parsedBoundary{text, b})
	return b, nil
}
