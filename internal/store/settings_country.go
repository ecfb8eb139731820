package store

import (
	"context"

	"github.com/haki-kenya/haki"
)

// orgCountry is SQL for the organisation's country, with one argument:
// the default, haki.DefaultCountry, when none was chosen.
const orgCountry = `COALESCE((SELECT value FROM organisation_settings WHERE name = 'country'), ?)`

// Country returns the organisation's country: the one whose gazetteer the
// forms offer and the reports name, haki.DefaultCountry until an
// administrator chooses another. Anyone may read it, as places.
func (s *Store) Country(ctx context.Context) (string, error) {
	var c string
	err := s.read(ctx, func(tx *Tx) (err error) {
		c, err = tx.country()
		return err
	})
	return c, err
}

func (tx *Tx) country() (string, error) {
	var c string
	err := tx.queryRow(`SELECT `+orgCountry, haki.DefaultCountry).Scan(&c)
	return c, err
}

// SetCountry makes code the organisation's country; its gazetteer must be
// loaded first (LoadPlaces). Administrators only; audited.
func (s *Store) SetCountry(ctx context.Context, code string) error {
	if err := require(haki.UserFromContext(ctx), haki.PermVocabulary); err != nil {
		return err
	}
	if !haki.ValidCountry(code) {
		return &haki.Error{Code: haki.EINVALID, Message: "Choose a country by its two-letter code.",
			Fields: map[string]string{"country": "Use the ISO 3166-1 code, e.g. KE or US."}}
	}
	return s.write(ctx, func(tx *Tx) error {
		before, err := tx.country()
		if err != nil {
			return err
		}
		var n int
		if err := tx.queryRow(`SELECT COUNT(*) FROM places WHERE country = ? AND level = 1`, code).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return &haki.Error{Code: haki.EINVALID, Message: "Load the country's gazetteer before choosing it.",
				Fields: map[string]string{"country": "No places of this country are loaded."}}
		}
		if _, err := tx.exec(`INSERT INTO organisation_settings (name, value) VALUES ('country', ?)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value`, code); err != nil {
			return err
		}
		return tx.audit("update", "places", "country", map[string]string{"country": before}, map[string]string{"country": code})
	})
}
