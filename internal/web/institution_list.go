package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/haki-kenya/haki"
)

// institutionListPage is the data of the institution list.
type institutionListPage struct {
	Page
	Vocab           Vocab
	Counties        places
	Service, County string
	Institutions    []*haki.Institution
	// From and To number the rows shown of Total; Prev and Next link the
	// pages before and after (empty at either end).
	From, To, Total int
	Prev, Next      string
}

// institutionPageSize is how many stations and units a page lists: a
// phone shows them as cards, and a country holds a few thousand.
const institutionPageSize = 50

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
	all, err := s.store.FindInstitutions(ctx, p.Service, p.County, "")
	if err != nil {
		return err
	}
	page, _ := strconv.Atoi(q.Get("page"))
	pages := max(1, (len(all)+institutionPageSize-1)/institutionPageSize)
	page = min(max(page, 1), pages)
	start := (page - 1) * institutionPageSize
	p.Institutions = all[start:min(start+institutionPageSize, len(all))]
	p.From, p.To, p.Total = start+1, start+len(p.Institutions), len(all)
	link := func(n int) string {
		v := url.Values{}
		for k, val := range map[string]string{"service": p.Service, "county": p.County} {
			if val != "" {
				v.Set(k, val)
			}
		}
		v.Set("page", strconv.Itoa(n))
		return "/institutions?" + v.Encode()
	}
	if page > 1 {
		p.Prev = link(page - 1)
	}
	if page < pages {
		p.Next = link(page + 1)
	}
	return s.render(w, r, http.StatusOK, "institution_list", p)
}
