package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/haki-kenya/haki"
)

// incidentListPage is the data of the incident list.
type incidentListPage struct {
	Page
	Vocab     Vocab
	Counties  places
	Years     []int
	Filter    incidentFilter
	Incidents []*haki.Incident
	Next      string // cursor of the next page, "" on the last
	NextURL   string // a GET link to the next page when the filter has no text
	// ReportURL leads back to the report whose figure this list is behind.
	ReportURL string
}

// incidentFilter is the list's filter as the form submits it.
type incidentFilter struct {
	Type, County, Year, Verification string
	Q                                string // free text: only ever sent by POST, never in a URL
	Cursor                           string
	// Month and Drill come from a report's figure (report_page.go): the
	// month with Year, and the report, its filter and the row's code.
	Month string
	Drill url.Values
}

// drillKeys are the query keys of a drill-down from a report.
var drillKeys = []string{"report", "period", "from", "to", "service", "institution", "context", "sex", "age_band", "age_bands", "method", "fate", "consequence"}

func readIncidentFilter(v url.Values) incidentFilter {
	return incidentFilter{Type: v.Get("type"), County: v.Get("county"), Year: v.Get("year"),
		Verification: v.Get("verification"), Q: v.Get("q"), Cursor: v.Get("cursor"), Month: v.Get("month"), Drill: drillValues(v)}
}

// drillValues picks the drill-down keys of a query, nil when it names no report.
func drillValues(v url.Values) url.Values {
	if v.Get("report") == "" {
		return nil
	}
	out := url.Values{}
	for _, k := range drillKeys {
		if s := v.Get(k); s != "" {
			out.Set(k, s)
		}
	}
	return out
}

// query returns the non-text filters as a URL query, with a cursor.
func (f incidentFilter) query(cursor string) string {
	v := url.Values{}
	for k, s := range map[string]string{"type": f.Type, "county": f.County, "year": f.Year, "verification": f.Verification, "cursor": cursor} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if f.Month != "" {
		v.Set("month", f.Month)
	}
	for k := range f.Drill {
		v.Set(k, f.Drill.Get(k))
	}
	return "/incidents?" + v.Encode()
}

// incidentList shows incidents filtered by the query's non-text filters.
func (s *Server) incidentList(w http.ResponseWriter, r *http.Request) error {
	f := readIncidentFilter(r.URL.Query())
	f.Q = "" // a name must never travel in a URL
	return s.renderIncidentList(w, r, f)
}

// incidentSearch is the list for a filter form with words, which may be a
// victim's name: they come by POST so they stay out of URLs and logs.
func (s *Server) incidentSearch(w http.ResponseWriter, r *http.Request) error {
	return s.renderIncidentList(w, r, readIncidentFilter(r.PostForm))
}

func (s *Server) renderIncidentList(w http.ResponseWriter, r *http.Request, f incidentFilter) error {
	ctx := r.Context()
	p := incidentListPage{Page: s.page(w, r, "incident.list.title"), Filter: f}
	var err error
	if p.Vocab, err = s.vocab(ctx, p.Lang, "incident_type", "verification"); err != nil {
		return err
	}
	if p.Counties, err = s.counties(ctx); err != nil {
		return err
	}
	if p.Years, err = s.store.IncidentYears(ctx); err != nil {
		return err
	}
	year, _ := strconv.Atoi(f.Year)
	lf := haki.IncidentFilter{Type: f.Type, CountyCode: f.County, Year: year,
		Verification: f.Verification, Text: f.Q, Cursor: f.Cursor, Limit: 50}
	if err := s.readIncidentDrill(&lf, &p, f); err != nil {
		return err
	}
	p.Incidents, p.Next, err = s.store.FindIncidents(ctx, lf)
	if err != nil {
		return err
	}
	if p.Next != "" && f.Q == "" {
		p.NextURL = f.query(p.Next)
	}
	return s.render(w, r, http.StatusOK, "incident_list", p)
}
