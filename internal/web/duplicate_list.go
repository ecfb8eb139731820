package web

import (
	"net/http"
	"strconv"

	"github.com/haki-kenya/haki"
)

// The duplicates page: candidate pairs of persons and incidents (the
// store finds and scores them, see store/duplicate.go), filtered by kind,
// county and, for incidents, days apart; each pair links to its review.
// The latest merges follow, each linking to its page (and undo).

type duplicateListPage struct {
	Page
	Counties places
	Kind     string
	County   string
	Days     int
	Pairs    []haki.DuplicatePair
	Merges   []*haki.Merge
}

// Reason says one reason two records may be one, with its number (days
// apart, victims shared) for the reasons that have one.
func (p Page) Reason(r haki.DuplicateReason) string {
	key := "duplicates.reason." + r.Code
	switch r.Code {
	case haki.ReasonDatesApart, haki.ReasonNamesShared, haki.ReasonSharedVictims, haki.ReasonSameVictimCount, haki.ReasonBirthYearsApart:
		return p.T(key, r.N)
	}
	return p.T(key)
}

// ReviewHref is the address of a pair's side-by-side review.
func (duplicateListPage) ReviewHref(p haki.DuplicatePair) string {
	return "/duplicates/" + p.Kind + "s/" + p.First.ID + "/" + p.Second.ID
}

func (s *Server) duplicateList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	p := duplicateListPage{Page: s.page(w, r, "duplicates.title"), Kind: q.Get("kind"), County: q.Get("county")}
	f := haki.DuplicateFilter{Kind: p.Kind, CountyCode: p.County}
	if v := q.Get("days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			n = -1 // Validate says what is wrong
		}
		f.Days = n
	}
	var err error
	if p.Counties, err = s.counties(ctx); err != nil {
		return err
	}
	p.Pairs, err = s.store.FindDuplicates(ctx, f)
	if fields, ok := fieldErrors(err); ok {
		p.Errors = fields
		return s.render(w, r, http.StatusUnprocessableEntity, "duplicate_list", p)
	} else if err != nil {
		return err
	}
	f.Normalize()
	p.Days = f.Days
	if p.Merges, err = s.store.FindMerges(ctx, 20); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "duplicate_list", p)
}
