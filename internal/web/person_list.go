package web

import (
	"net/http"
	"net/url"

	"github.com/haki-kenya/haki"
)

// personListPage is the data of the person list.
type personListPage struct {
	Page
	Vocab    Vocab
	Counties places
	Filter   personFilter
	Persons  []*haki.Person
	Next     string // cursor of the next page, "" on the last
}

// personFilter is the list's filter as the forms submit it.
type personFilter struct {
	County string
	Q      string // a name or ID number: only ever sent by POST, never in a URL
	Cursor string
}

func readPersonFilter(v url.Values) personFilter {
	return personFilter{County: v.Get("county"), Q: v.Get("q"), Cursor: v.Get("cursor")}
}

// personList shows persons, filtered by county only: a name must never
// travel in a URL.
func (s *Server) personList(w http.ResponseWriter, r *http.Request) error {
	f := readPersonFilter(r.URL.Query())
	f.Q, f.Cursor = "", ""
	return s.renderPersonList(w, r, f)
}

// personSearch is the list for the search form and for "next page", which
// carry words and a cursor by POST.
func (s *Server) personSearch(w http.ResponseWriter, r *http.Request) error {
	return s.renderPersonList(w, r, readPersonFilter(r.PostForm))
}

func (s *Server) renderPersonList(w http.ResponseWriter, r *http.Request, f personFilter) error {
	ctx := r.Context()
	p := personListPage{Page: s.page(w, r, "person.list.title"), Filter: f}
	var err error
	if p.Vocab, err = s.vocab(ctx, p.Lang, "sex"); err != nil {
		return err
	}
	if p.Counties, err = s.counties(ctx); err != nil {
		return err
	}
	p.Persons, p.Next, err = s.store.FindPersons(ctx, haki.PersonFilter{Text: f.Q, CountyCode: f.County, Cursor: f.Cursor, Limit: 50})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "person_list", p)
}
