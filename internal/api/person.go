package api

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// listPersons pages through persons by county. Words that may be a name
// never travel in a URL (they would end up in logs and browser history), so
// text search is POST /persons/search and a q parameter here is refused.
func (s *Server) listPersons(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	for _, name := range []string{"q", "text", "name", "search"} {
		if q.Has(name) {
			return &problem{status: http.StatusBadRequest, kind: "search-in-url",
				detail: "Do not put names in a URL: search with POST " + v1 + "/persons/search and a JSON body {\"q\": \"...\"}.",
				fields: map[string]string{name: "Not accepted in the URL; use POST " + v1 + "/persons/search."}}
		}
	}
	f := haki.PersonFilter{CountyCode: q.Get("county")}
	var err error
	if f.Cursor, f.Limit, err = pageParams(r); err != nil {
		return err
	}
	return s.findPersons(w, r, f)
}

// PersonSearch is the body of POST /persons/search.
type PersonSearch struct {
	Q      string `json:"q"`
	County string `json:"county,omitempty"`
	Cursor string `json:"cursor,omitempty"`
	Limit  int    `json:"limit,omitempty"`
}

func (s *Server) searchPersons(w http.ResponseWriter, r *http.Request) error {
	var q PersonSearch
	if err := decode(w, r, &q); err != nil {
		return err
	}
	return s.findPersons(w, r, haki.PersonFilter{Text: q.Q, CountyCode: q.County, Cursor: q.Cursor, Limit: q.Limit})
}

func (s *Server) findPersons(w http.ResponseWriter, r *http.Request, f haki.PersonFilter) error {
	items, next, err := s.store.FindPersons(r.Context(), f)
	if err != nil {
		return err
	}
	return writeList(w, items, next)
}

func (s *Server) createPerson(w http.ResponseWriter, r *http.Request) error {
	var p haki.Person
	if err := decode(w, r, &p); err != nil {
		return err
	}
	if err := s.store.CreatePerson(r.Context(), &p); err != nil {
		return err
	}
	return writeCreated(w, v1+"/persons/"+p.ID, &p)
}

func (s *Server) getPerson(w http.ResponseWriter, r *http.Request) error {
	p, err := s.store.FindPersonByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (s *Server) updatePerson(w http.ResponseWriter, r *http.Request) error {
	var p haki.Person
	if err := decode(w, r, &p); err != nil {
		return err
	}
	if err := requireVersion(p.Version); err != nil {
		return err
	}
	p.ID = r.PathValue("id")
	if err := s.store.UpdatePerson(r.Context(), &p); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, &p)
}

func (s *Server) deletePerson(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.DeletePerson(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	return noContent(w)
}
