package web

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// institutionListPage is the data of the institution list.
type institutionListPage struct {
	Page
	Vocab           Vocab
	Counties        places
	Service, County string
	Institutions    []*haki.Institution
}

// institutionList lists stations and units by service, filtered by service
// and county (neither is secret, so both travel in the URL).
func (s *Server) institutionList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	p := institutionListPage{Page: s.page(w, r, "institution.list.title"), Service: q.Get("service"), County: q.Get("county")}
	var err error
	if p.Vocab, err = s.vocab(ctx, p.Lang, "service"); err != nil {
		return err
	}
	if p.Counties, err = s.counties(ctx); err != nil {
		return err
	}
	if p.Institutions, err = s.store.FindInstitutions(ctx, p.Service, p.County, ""); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "institution_list", p)
}
