package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/store"
)

// The research extract page: a GET form (period, incident type, county,
// k, the quasi-identifiers as checkboxes, the strategy), and once it reads,
// the note of what protecting the extract did and cost, with a link that
// downloads the CSV. Both the note and the download run the extract, and
// the store audits each (the note's run with the purpose "web note").

type extractPage struct {
	Page
	Vocab    Vocab
	Counties places
	Form     url.Values
	QIs      []string
	Note     *haki.ExtractNote
	// Download is the address of the CSV download: the options as
	// ParseExtractOptions writes them, codes and numbers only.
	Download template.URL
}

// Sel reports whether the form's key holds v.
func (p extractPage) Sel(key, v string) bool { return slices.Contains(p.Form[key], v) }

// Val is the form's value of key as typed.
func (p extractPage) Val(key string) string { return strings.TrimSpace(p.Form.Get(key)) }

// Percent writes a share as a percentage with one decimal.
func (p extractPage) Percent(f float64) string { return strconv.FormatFloat(100*f, 'f', 1, 64) + "%" }

// extractQuery reads the form into the options' query: the checked
// quasi-identifiers joined by commas, as ParseExtractOptions reads them.
func extractQuery(v url.Values) url.Values {
	q := url.Values{}
	for k, vs := range v {
		q[k] = slices.Clone(vs)
	}
	if qis := v["qi"]; len(qis) > 0 {
		q.Set("qi", strings.Join(qis, ","))
	}
	return q
}

func (s *Server) extractShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := extractPage{Page: s.page(w, r, "extract.title"), Form: r.URL.Query(), QIs: haki.ExtractQIs}
	var err error
	if p.Vocab, err = s.vocab(ctx, p.Lang, "incident_type"); err != nil {
		return err
	}
	if p.Counties, err = s.counties(ctx); err != nil {
		return err
	}
	if !p.Form.Has("from") { // the form alone, with this year and the defaults
		year := strconv.Itoa(haki.Today(s.now()).Year())
		p.Form = url.Values{"from": {year + "-01-01"}, "to": {year + "-12-31"}, "k": {strconv.Itoa(haki.DefaultExtractK)},
			"qi": haki.DefaultExtractQIs, "strategy": {haki.ExtractGeneralise}, "max_suppressed": {"5"}}
		return s.render(w, r, http.StatusOK, "research_extract", p)
	}
	o, err := haki.ParseExtractOptions(extractQuery(p.Form))
	var res *haki.ExtractResult
	if err == nil {
		res, err = s.store.ResearchExtract(store.WithPurpose(ctx, "web note"), o)
	}
	if fields, ok := fieldErrors(err); ok {
		p.Errors = fields
		return s.render(w, r, http.StatusUnprocessableEntity, "research_extract", p)
	} else if err != nil {
		return err
	}
	p.Note = &res.Note
	p.Download = template.URL("/reports/research-extract/download?" + o.Query().Encode())
	return s.render(w, r, http.StatusOK, "research_extract", p)
}

// extractDownload sends the extract as a CSV attachment.
func (s *Server) extractDownload(w http.ResponseWriter, r *http.Request) error {
	o, err := haki.ParseExtractOptions(extractQuery(r.URL.Query()))
	if err != nil {
		return err
	}
	res, err := s.store.ResearchExtract(store.WithPurpose(r.Context(), "web download"), o)
	if err != nil {
		return err
	}
	// Once the first bytes are sent an error can only cut the stream.
	_ = store.WriteExtractCSV(&httpx.CSVDownload{W: w, Name: "research-extract.csv"}, res)
	return nil
}
