package web

import (
	"net/http"
	"net/url"

	"github.com/haki-kenya/haki"
)

// networkListPage is the data of the directory of network professionals.
type networkListPage struct {
	Page
	Counties       places
	Professions    []string
	Availabilities []string
	Filter         networkFilter
	Professionals  []*haki.Professional
	Next, NextURL  string
}

// networkFilter is the directory's filter as the form submits it.
type networkFilter struct {
	County, Profession, Availability string
	Q                                string // a name: only ever sent by POST
	Cursor                           string
}

func readNetworkFilter(v url.Values) networkFilter {
	return networkFilter{County: v.Get("county"), Profession: v.Get("profession"), Availability: v.Get("availability"),
		Q: v.Get("q"), Cursor: v.Get("cursor")}
}

// query returns the code filters as a URL query, with a cursor.
func (f networkFilter) query(cursor string) string {
	v := url.Values{}
	for k, s := range map[string]string{"county": f.County, "profession": f.Profession, "availability": f.Availability, "cursor": cursor} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return "/network/professionals?" + v.Encode()
}

// networkList shows the directory filtered by county, profession and availability.
func (s *Server) networkList(w http.ResponseWriter, r *http.Request) error {
	f := readNetworkFilter(r.URL.Query())
	f.Q = "" // a name must never travel in a URL
	return s.renderNetworkList(w, r, f)
}

// networkSearch is the directory for a filter with a name, sent by POST.
func (s *Server) networkSearch(w http.ResponseWriter, r *http.Request) error {
	return s.renderNetworkList(w, r, readNetworkFilter(r.PostForm))
}

func (s *Server) renderNetworkList(w http.ResponseWriter, r *http.Request, f networkFilter) error {
	ctx := r.Context()
	p := networkListPage{Page: s.page(w, r, "network.list.title"), Filter: f, Professions: haki.Professions, Availabilities: haki.Availabilities}
	var err error
	if p.Counties, err = s.counties(ctx); err != nil {
		return err
	}
	p.Professionals, p.Next, err = s.store.FindProfessionals(ctx, haki.ProfessionalFilter{County: f.County, Profession: f.Profession,
		Availability: f.Availability, Text: f.Q, Cursor: f.Cursor, Limit: 50})
	if err != nil {
		return err
	}
	if p.Next != "" && f.Q == "" {
		p.NextURL = f.query(p.Next)
	}
	return s.render(w, r, http.StatusOK, "network_professional_list", p)
}

// networkShowPage is the data of one professional's page.
type networkShowPage struct {
	Page
	Counties     places
	Professional *haki.Professional
	Engagements  *haki.Engagements
	Account      *haki.User
}

// networkShow shows a professional with their engagements and their cost.
func (s *Server) networkShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	pr, err := s.store.FindProfessionalByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := networkShowPage{Page: s.page(w, r, "network.show.title"), Professional: pr}
	p.Title = pr.Name
	if p.Engagements, err = s.store.FindEngagements(ctx, pr.ID); err != nil {
		return err
	}
	if p.Counties, err = s.counties(ctx); err != nil {
		return err
	}
	if pr.UserID != "" {
		if p.Account, err = s.store.FindUserByID(ctx, pr.UserID); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "network_professional_show", p)
}

// networkCoveragePage is the data of the coverage table.
type networkCoveragePage struct {
	Page
	Counties places
	Coverage *haki.Coverage
	Gaps     map[string]int
}

// networkCoverage shows, per county and profession, how many professionals
// are available, so the counties with nobody stand out.
func (s *Server) networkCoverage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := networkCoveragePage{Page: s.page(w, r, "network.coverage.title")}
	var err error
	if p.Coverage, err = s.store.FindCoverage(ctx); err != nil {
		return err
	}
	if p.Counties, err = s.counties(ctx); err != nil {
		return err
	}
	p.Gaps = p.Coverage.Gaps()
	return s.render(w, r, http.StatusOK, "network_coverage", p)
}
