package web

import (
	"context"

	"github.com/haki-kenya/haki"
)

// country is the gazetteer the forms offer: "" is the organisation's
// country, which the store knows.
const country = ""

// places is a list of counties or sub-counties; templates call
// {{$.Counties.Name .CountyCode}}.
type places []*haki.Place

// Name returns the name of a place by code, or the code when unknown.
func (ps places) Name(code string) string {
	for _, p := range ps {
		if p.Code == code {
			return p.Name
		}
	}
	return code
}

// countyGroup is a county with its sub-counties, for a grouped select.
type countyGroup struct {
	County *haki.Place
	Subs   []*haki.Place
}

func (s *Server) counties(ctx context.Context) (places, error) {
	return s.store.FindPlaces(ctx, country, 1, "")
}

// subCounties returns every sub-county grouped by county, so the form
// works without JavaScript; the store checks the pair is consistent.
func (s *Server) subCounties(ctx context.Context, counties places) ([]countyGroup, places, error) {
	subs, err := s.store.FindPlaces(ctx, country, 2, "")
	if err != nil {
		return nil, nil, err
	}
	by := map[string][]*haki.Place{}
	for _, p := range subs {
		by[p.ParentCode] = append(by[p.ParentCode], p)
	}
	groups := make([]countyGroup, 0, len(counties))
	for _, c := range counties {
		groups = append(groups, countyGroup{County: c, Subs: by[c.Code]})
	}
	return groups, subs, nil
}
