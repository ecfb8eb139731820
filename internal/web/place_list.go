package web

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// placeListPage is the data of the counties and of one county's sub-counties.
type placeListPage struct {
	Page
	County *haki.Place // nil on the list of counties
	Places []*haki.Place
}

// placeList lists the counties with their official codes.
func (s *Server) placeList(w http.ResponseWriter, r *http.Request) error {
	p := placeListPage{Page: s.page(w, r, "place.list.title")}
	var err error
	if p.Places, err = s.counties(r.Context()); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "place_list", p)
}

// placeShow lists a county's sub-counties.
func (s *Server) placeShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := placeListPage{Page: s.page(w, r, "place.list.title")}
	counties, err := s.counties(ctx)
	if err != nil {
		return err
	}
	for _, c := range counties {
		if c.Code == r.PathValue("code") {
			p.County = c
		}
	}
	if p.County == nil {
		return haki.Errorf(haki.ENOTFOUND, "No such county.")
	}
	p.Title = p.County.Name
	if p.Places, err = s.store.FindPlaces(ctx, country, 2, p.County.Code); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "place_list", p)
}
