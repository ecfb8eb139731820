package web

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// personShowPage is the data of one person's page.
type personShowPage struct {
	Page
	Vocab       Vocab
	Counties    places
	SubCounties places
	Person      *haki.Person
	Records     *haki.PersonRecords // the incidents and cases the person is in, that the reader may see
}

// personShow shows a person. It is registered for every signed-in role and
// leaves the decision to the store, so that a role without access to
// identities (researcher, viewer) learns only "not found", as for a record
// outside its team.
func (s *Server) personShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	per, err := s.store.FindPersonByID(ctx, r.PathValue("id"))
	if err != nil {
		return s.followMerge(w, r, haki.DuplicatePerson, err)
	}
	p := personShowPage{Page: s.page(w, r, "person.show.title"), Person: per}
	p.Title = per.Ref
	if p.Records, err = s.store.FindPersonRecords(ctx, per.ID); err != nil {
		return err
	}
	if p.Vocab, err = s.vocab(ctx, p.Lang, "sex", "act_type", "source_kind", "case_status"); err != nil {
		return err
	}
	if p.Counties, err = s.counties(ctx); err != nil {
		return err
	}
	if per.CountyCode != "" {
		if p.SubCounties, err = s.store.FindPlaces(ctx, country, 2, per.CountyCode); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "person_show", p)
}
