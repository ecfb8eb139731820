package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/csvsafe"
	"github.com/haki-kenya/haki/internal/store"
)

// Open data of the portal: the published incidents and the public figures
// as CSV and JSON, in English labels (codes are language-free), described
// column by column on /portal/data (portalDictionary) and in docs/API.md.

// portalDictionary lists the open-data files and their columns, in order;
// the dictionary page describes each from the catalogue
// (portal.col.<key>.<column>). The JSON files hold the same fields.
var portalDictionary = []struct {
	name, key string
	columns   []string
}{
	{"incidents.csv", "incidents", portalIncidentColumns},
	{"incidents.json", "incidents_json", nil},
	{"figures.csv", "figures", portalFigureColumns},
	{"figures.json", "figures_json", nil},
	{"stories.csv", "stories", portalStoryColumns},
	{"stories.json", "stories_json", nil},
}

var portalIncidentColumns = []string{"ref", "occurred", "date_precision", "county_code", "county", "types", "summary",
	"victim", "victim_name", "victim_age", "victim_name_source", "published_on"}

var portalFigureColumns = []string{"year", "breakdown", "code", "label", "victims", "victims_suppressed", "incidents",
	"incidents_suppressed", "suppress_below"}

// portalIncidentJSON is one published incident of incidents.json.
type portalIncidentJSON struct {
	Ref           string              `json:"ref"`
	Occurred      string              `json:"occurred"`
	DatePrecision string              `json:"date_precision"`
	CountyCode    string              `json:"county_code"`
	County        string              `json:"county"`
	Types         []string            `json:"types"`
	Summary       string              `json:"summary"`
	Victims       []haki.PortalVictim `json:"victims"`
	PublishedOn   string              `json:"published_on"`
}

// portalOpenData reads every published incident with English labels.
func (s *Server) portalOpenData(r *http.Request) ([]portalIncidentJSON, error) {
	ctx := r.Context()
	p := portalPage{Page: Page{Lang: "en", cat: s.cat}}
	if err := s.portalLabels(ctx, &p); err != nil {
		return nil, err
	}
	incs, _, err := s.store.PortalIncidents(ctx, haki.PortalQuery{})
	if err != nil {
		return nil, err
	}
	out := make([]portalIncidentJSON, len(incs))
	for i, inc := range incs {
		prec := string(inc.Occurred.Precision)
		if prec == "" {
			prec = string(haki.PrecisionDay)
		}
		out[i] = portalIncidentJSON{Ref: inc.Ref, Occurred: inc.Occurred.ISO(), DatePrecision: prec, CountyCode: inc.CountyCode,
			County: p.Counties.Name(inc.CountyCode), Types: inc.Types, Summary: inc.Summary, Victims: inc.Victims,
			PublishedOn: inc.PublishedAt.In(haki.Nairobi).Format(time.DateOnly)}
		if out[i].Types == nil {
			out[i].Types = []string{}
		}
		if out[i].Victims == nil {
			out[i].Victims = []haki.PortalVictim{}
		}
	}
	return out, nil
}

func (s *Server) portalIncidentsJSON(w http.ResponseWriter, r *http.Request) error {
	incs, err := s.portalOpenData(r)
	if err != nil {
		return err
	}
	return s.portalJSON(w, r, map[string]any{"incidents": incs})
}

// portalJSON answers an open-data file as JSON, through the portal's
// cache headers.
func (s *Server) portalJSON(w http.ResponseWriter, r *http.Request, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.portalWrite(w, r, http.StatusOK, "application/json", body)
}

func (s *Server) portalIncidentsCSV(w http.ResponseWriter, r *http.Request) error {
	incs, err := s.portalOpenData(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	cw := csvsafe.NewWriter(&buf)
	_ = cw.Write(portalIncidentColumns)
	for _, inc := range incs {
		row := func(n int, v haki.PortalVictim) []string {
			num, age := "", ""
			if n > 0 {
				num = strconv.Itoa(n)
			}
			if v.Age != nil {
				age = strconv.Itoa(*v.Age)
			}
			return []string{inc.Ref, inc.Occurred, inc.DatePrecision, inc.CountyCode, inc.County, strings.Join(inc.Types, ";"),
				inc.Summary, num, v.Name, age, v.Source, inc.PublishedOn}
		}
		if len(inc.Victims) == 0 {
			_ = cw.Write(row(0, haki.PortalVictim{}))
		}
		for i, v := range inc.Victims {
			_ = cw.Write(row(i+1, v))
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return s.portalWrite(w, r, http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// portalYearJSON is one year of figures.json.
type portalYearJSON struct {
	Year          int                  `json:"year"`
	Victims       haki.Count           `json:"victims"`
	Incidents     haki.Count           `json:"incidents"`
	SuppressBelow int                  `json:"suppress_below"`
	Breakdowns    []portalBreakdownOut `json:"breakdowns"`
}

type portalBreakdownOut struct {
	By   string           `json:"by"`
	Rows []haki.ReportRow `json:"rows"`
}

// portalFigureYears computes the public figures of every year, labelled in English.
func (s *Server) portalFigureYears(r *http.Request) ([]portalYearJSON, error) {
	ctx := r.Context()
	p := portalPage{Page: Page{Lang: "en", cat: s.cat}}
	if err := s.portalLabels(ctx, &p); err != nil {
		return nil, err
	}
	years, err := s.store.PortalYears(ctx)
	if err != nil {
		return nil, err
	}
	out := []portalYearJSON{}
	for _, y := range years {
		rep, err := s.store.PortalFigures(ctx, y)
		if err != nil {
			return nil, err
		}
		yj := portalYearJSON{Year: y, Victims: rep.Victims, Incidents: rep.Incidents, SuppressBelow: rep.SuppressBelow}
		for _, t := range rep.Tables {
			b := portalBreakdownOut{By: t.By, Rows: t.Rows}
			for i := range b.Rows {
				b.Rows[i].Label = portalRowLabel(p, t.By, b.Rows[i].Code)
			}
			yj.Breakdowns = append(yj.Breakdowns, b)
		}
		out = append(out, yj)
	}
	return out, nil
}

// portalRowLabel names a breakdown's code in English.
func portalRowLabel(p portalPage, by, code string) string {
	switch {
	case code == haki.MonthUnknown || code == haki.AgeUnknown:
		return "unknown"
	case by == haki.ByCounty:
		return p.Counties.Name(code)
	case by == haki.BySex:
		return p.Vocab.Label("sex", code)
	case by == haki.ByMonth:
		if t, err := time.Parse("2006-01", code); err == nil {
			return t.Format("January 2006")
		}
	}
	return code
}

func (s *Server) portalFiguresJSON(w http.ResponseWriter, r *http.Request) error {
	years, err := s.portalFigureYears(r)
	if err != nil {
		return err
	}
	return s.portalJSON(w, r, map[string]any{"report": haki.ReportExecutions, "breakdowns": store.PortalFigureBreakdowns, "years": years})
}

func (s *Server) portalFiguresCSV(w http.ResponseWriter, r *http.Request) error {
	years, err := s.portalFigureYears(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	cw := csvsafe.NewWriter(&buf)
	_ = cw.Write(portalFigureColumns)
	count := func(c haki.Count) (string, string) {
		if c.Suppressed {
			return "", "1"
		}
		return strconv.Itoa(c.N), "0"
	}
	for _, y := range years {
		below := strconv.Itoa(y.SuppressBelow)
		v, vs := count(y.Victims)
		i, is := count(y.Incidents)
		_ = cw.Write([]string{strconv.Itoa(y.Year), "total", "", "", v, vs, i, is, below})
		for _, b := range y.Breakdowns {
			for _, row := range b.Rows {
				v, vs := count(row.Victims)
				i, is := count(row.Incidents)
				_ = cw.Write([]string{strconv.Itoa(y.Year), b.By, row.Code, row.Label, v, vs, i, is, below})
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return s.portalWrite(w, r, http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}
