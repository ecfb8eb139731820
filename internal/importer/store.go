package importer

import (
	"context"
	"fmt"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// LoadReference reads the vocabularies and the country's gazetteer the
// importer checks values against; country "" is the organisation's.
func LoadReference(ctx context.Context, s *store.Store, country string, now time.Time) (Reference, error) {
	if country == "" {
		c, err := s.Country(ctx)
		if err != nil {
			return Reference{}, fmt.Errorf("importer: country: %w", err)
		}
		country = c
	}
	ref := Reference{Now: now, Country: country}
	seen := map[string]bool{}
	for _, f := range Fields {
		if f.Vocab == "" || seen[f.Vocab] {
			continue
		}
		seen[f.Vocab] = true
		terms, err := s.FindTerms(ctx, f.Vocab, false)
		if err != nil {
			return ref, fmt.Errorf("importer: terms %s: %w", f.Vocab, err)
		}
		for _, t := range terms {
			ref.Terms = append(ref.Terms, *t)
		}
	}
	var places []haki.Place
	for level := 1; level <= 2; level++ {
		ps, err := s.FindPlaces(ctx, country, level, "")
		if err != nil {
			return ref, fmt.Errorf("importer: places %s: %w", country, err)
		}
		for _, p := range ps {
			places = append(places, *p)
		}
	}
	ref.Gazetteer = NewGazetteer(places)
	return ref, nil
}
