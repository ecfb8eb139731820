package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/haki-kenya/haki"
)

// caseListPage is the data of the case list.
type caseListPage struct {
	Page
	Vocab  Vocab
	Years  []int
	Filter caseFilter
	Cases  []*haki.Case
	Next   string // cursor of the next page, "" on the last
	// Risks flags the cases of the page at risk of dropping out.
	Risks map[string]*haki.DropoutRisk
}

// caseFilter is the list's filter as the forms submit it.
type caseFilter struct {
	Status, Year string
	Q            string // a reference or client name: only ever sent by POST
	Cursor       string
}

func readCaseFilter(v url.Values) caseFilter {
	return caseFilter{Status: v.Get("status"), Year: v.Get("year"), Q: v.Get("q"), Cursor: v.Get("cursor")}
}

// caseList shows cases filtered by status and intake year.
func (s *Server) caseList(w http.ResponseWriter, r *http.Request) error {
	f := readCaseFilter(r.URL.Query())
	f.Q, f.Cursor = "", ""
	return s.renderCaseList(w, r, f)
}

// caseSearch is the list for the search form and "next page", by POST so a
// client's name stays out of URLs and logs.
func (s *Server) caseSearch(w http.ResponseWriter, r *http.Request) error {
	return s.renderCaseList(w, r, readCaseFilter(r.PostForm))
}

func (s *Server) renderCaseList(w http.ResponseWriter, r *http.Request, f caseFilter) error {
	ctx := r.Context()
	p := caseListPage{Page: s.page(w, r, "case.list.title"), Filter: f}
	var err error
	if p.Vocab, err = s.vocab(ctx, p.Lang, "case_status"); err != nil {
		return err
	}
	for y := haki.Today(s.now()).Year(); y >= haki.Today(s.now()).Year()-15; y-- {
		p.Years = append(p.Years, y)
	}
	year, _ := strconv.Atoi(f.Year)
	p.Cases, p.Next, err = s.store.FindCases(ctx, haki.CaseFilter{Status: f.Status, Year: year, Text: f.Q, Cursor: f.Cursor, Limit: 50})
	if err != nil {
		return err
	}
	ids := make([]string, len(p.Cases))
	for i, c := range p.Cases {
		ids[i] = c.ID
	}
	if p.Risks, err = s.store.FindDropoutRisks(ctx, ids); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "case_list", p)
}
