package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/chart"
	"github.com/haki-kenya/haki/internal/i18n"
	"github.com/haki-kenya/haki/internal/report"
)

// The public portal, /portal: published figures and incidents and their
// open data, for anyone, with no sign-in. What it may show is decided by
// the store alone (store/portal.go); these handlers only lay it out. The
// pages set no cookie, read none, load nothing from elsewhere and run no
// script; they are small, kept by caches and revalidated by ETag before
// each use. The language is English, or Kiswahili with ?lang=sw (else the
// browser's), carried in links rather than a cookie.

// portalMaxAge lets browsers and proxies keep a portal answer but ask
// again before each use: the ETag makes asking cheap (304, no body), and a
// family's withdrawn consent takes their relative off every cache at the
// next visit, not minutes later.
const portalMaxAge = "public, no-cache"

// portalPage is what the portal frame needs.
type portalPage struct {
	Page
	// LangQuery is "?lang=sw" (or "") to carry the language in links; Amp
	// is the same for links that already have a query.
	LangQuery, Amp string
	// Other is the link to this page in the other language.
	Other, OtherLabel string
	Counties          places
	Vocab             Vocab
}

// portal starts a portal page: no user, no session, no cookie.
func (s *Server) portal(r *http.Request, titleKey string) portalPage {
	lang := r.URL.Query().Get("lang")
	explicit := knownLang(lang)
	if !explicit {
		lang = i18n.Match(r.Header.Get("Accept-Language"))
	}
	p := portalPage{Page: Page{Lang: lang, Path: r.URL.Path, Zone: haki.Nairobi, cat: s.cat}}
	p.Title = p.T(titleKey)
	if explicit {
		p.LangQuery, p.Amp = "?lang="+lang, "&lang="+lang
	}
	other := "sw"
	if lang == "sw" {
		other = "en"
	}
	q := r.URL.Query()
	q.Set("lang", other)
	p.Other, p.OtherLabel = r.URL.Path+"?"+q.Encode(), p.cat.T(other, "portal.lang_name")
	return p
}

// load fills in the county names and incident types a page labels.
func (s *Server) portalLabels(ctx context.Context, p *portalPage) error {
	var err error
	if p.Counties, err = s.counties(ctx); err != nil {
		return err
	}
	p.Vocab, err = s.vocab(ctx, p.Lang, haki.ReportVocabularies...)
	return err
}

// renderPortal writes a portal page through the portal frame.
func (s *Server) renderPortal(w http.ResponseWriter, r *http.Request, status int, name string, data any) error {
	t, ok := s.pages[name]
	if !ok {
		return haki.Errorf(haki.EINVALID, "no template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "portal_frame", data); err != nil {
		return err
	}
	return s.portalWrite(w, r, status, "text/html; charset=utf-8", buf.Bytes())
}

// portalWrite writes a portal answer with its caching headers, or 304 when
// the client holds it already.
func (s *Server) portalWrite(w http.ResponseWriter, r *http.Request, status int, contentType string, body []byte) error {
	etag := portalETag(body)
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Vary", "Accept-Language")
	if status == http.StatusOK {
		h.Set("Cache-Control", portalMaxAge)
		h.Set("ETag", etag)
		if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
			w.WriteHeader(http.StatusNotModified)
			return nil
		}
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	w.WriteHeader(status)
	_, err := w.Write(body)
	return err
}

// portalETag is the entity tag of an answer: a hash of its bytes.
func portalETag(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:16]) + `"`
}

// portalFail answers an error of a portal page with a portal page, never
// the staff's layout: 404 for what is not published, 422 for a bad code.
func (s *Server) portalFail(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		err := h(w, r)
		code := haki.ErrorCode(err)
		if err == nil || code != haki.ENOTFOUND && code != haki.EINVALID {
			return err
		}
		p := s.portal(r, "portal.error.title")
		status, msg := http.StatusNotFound, p.T("portal.error.not_found")
		if code == haki.EINVALID {
			status, msg = http.StatusUnprocessableEntity, p.cat.Message(p.Lang, haki.ErrorMessage(err))
		}
		return s.renderPortal(w, r, status, "portal_error", portalErrorPage{portalPage: p, Message: msg})
	}
}

type portalErrorPage struct {
	portalPage
	Message string
}

// portalFigure is a headline figure.
type portalFigure struct {
	Label, Value string
}

// portalHomePage is /portal.
type portalHomePage struct {
	portalPage
	Year      int
	Figures   []portalFigure
	Incidents []portalIncidentView
	Stories   []portalStoryView
}

func (s *Server) portalHome(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := portalHomePage{portalPage: s.portal(r, "portal.title")}
	if err := s.portalLabels(ctx, &p.portalPage); err != nil {
		return err
	}
	years, err := s.store.PortalYears(ctx)
	if err != nil {
		return err
	}
	if len(years) > 0 {
		p.Year = years[0]
		rep, err := s.store.PortalFigures(ctx, p.Year)
		if err != nil {
			return err
		}
		p.Figures = []portalFigure{{p.T("report.victims"), portalCount(p.Page, rep.Victims, rep.SuppressBelow)},
			{p.T("report.incidents"), portalCount(p.Page, rep.Incidents, rep.SuppressBelow)}}
	}
	incs, _, err := s.store.PortalIncidents(ctx, haki.PortalQuery{Limit: 5})
	if err != nil {
		return err
	}
	p.Incidents = p.views(incs)
	stories, err := s.store.PortalStories(ctx, 0, 3)
	if err != nil {
		return err
	}
	for _, st := range stories {
		p.Stories = append(p.Stories, storyView(st))
	}
	return s.renderPortal(w, r, http.StatusOK, "portal_home", p)
}

// portalCount writes a protected count: "fewer than 5" when hidden.
func portalCount(p Page, c haki.Count, below int) string {
	if c.Suppressed {
		return p.T("report.fewer_than", below)
	}
	return reportThousands(c.N)
}

// portalIncidentView is a published incident laid out in the page's language.
type portalIncidentView struct {
	haki.PortalIncident
	Date, County, Types string
	Victims             []portalVictimView
}

type portalVictimView struct {
	Name, Age, Source string
}

func (p portalPage) views(incs []haki.PortalIncident) []portalIncidentView {
	out := make([]portalIncidentView, len(incs))
	for i, inc := range incs {
		out[i] = p.view(inc)
	}
	return out
}

func (p portalPage) view(inc haki.PortalIncident) portalIncidentView {
	v := portalIncidentView{PortalIncident: inc, Date: inc.Occurred.String(), County: p.Counties.Name(inc.CountyCode),
		Types: p.Vocab.Labels("incident_type", inc.Types)}
	for _, vic := range inc.Victims {
		vv := portalVictimView{Name: vic.Name, Source: vic.Source}
		if vv.Name == "" {
			vv.Name = p.T("portal.name_withheld")
		}
		if vic.Age != nil {
			vv.Age = p.T("portal.age", *vic.Age)
		}
		v.Victims = append(v.Victims, vv)
	}
	return v
}

// portalListPage is /portal/incidents.
type portalListPage struct {
	portalPage
	Year       int
	County     string
	Years      []int
	Incidents  []portalIncidentView
	Next       string
	FilterLink string
}

func (s *Server) portalIncidents(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := portalListPage{portalPage: s.portal(r, "portal.incidents.title")}
	q, err := portalQuery(r.URL.Query())
	if err != nil {
		return err
	}
	q.Limit = 20
	p.Year, p.County = q.Year, q.CountyCode
	if err := s.portalLabels(ctx, &p.portalPage); err != nil {
		return err
	}
	if p.Years, err = s.store.PortalYears(ctx); err != nil {
		return err
	}
	incs, next, err := s.store.PortalIncidents(ctx, q)
	if err != nil {
		return err
	}
	p.Incidents = p.views(incs)
	if next != "" {
		v := url.Values{"cursor": {next}}
		if q.Year > 0 {
			v.Set("year", strconv.Itoa(q.Year))
		}
		if q.CountyCode != "" {
			v.Set("county", q.CountyCode)
		}
		p.Next = "/portal/incidents?" + v.Encode() + p.Amp
	}
	return s.renderPortal(w, r, http.StatusOK, "portal_incidents", p)
}

var countyCode = regexp.MustCompile(`^KE-[0-9]{3}$`)

// portalQuery reads the list's filters: codes only.
func portalQuery(v url.Values) (haki.PortalQuery, error) {
	var q haki.PortalQuery
	pr := haki.Problems{}
	if y := strings.TrimSpace(v.Get("year")); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 1900 || n > 9999 {
			pr.Add("year", "Choose a year.")
		}
		q.Year = n
	}
	if c := strings.ToUpper(strings.TrimSpace(v.Get("county"))); c != "" {
		if n, err := strconv.Atoi(c); err == nil && n >= 1 && n <= 999 {
			c = "KE-" + fmt.Sprintf("%03d", n)
		}
		if !countyCode.MatchString(c) {
			pr.Add("county", "A county is a code such as KE-047 or 047.")
		}
		q.CountyCode = c
	}
	q.Cursor = v.Get("cursor")
	return q, pr.Err()
}

// portalShowPage is /portal/incidents/{ref}.
type portalShowPage struct {
	portalPage
	Incident portalIncidentView
}

func (s *Server) portalIncident(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	inc, err := s.store.PortalIncident(ctx, r.PathValue("ref"))
	if err != nil {
		return err
	}
	p := portalShowPage{portalPage: s.portal(r, "portal.incident.title")}
	if err := s.portalLabels(ctx, &p.portalPage); err != nil {
		return err
	}
	p.Title = inc.Ref
	p.Incident = p.view(*inc)
	return s.renderPortal(w, r, http.StatusOK, "portal_incident", p)
}

// portalFiguresPage is /portal/figures.
type portalFiguresPage struct {
	portalPage
	Year       int
	Years      []int
	Figures    []portalFigure
	Rule, Note string
	Sections   []portalSection
}

type portalSection struct {
	Title string
	// Map is the address of the county map, MapAlt its description.
	Map, MapAlt string
	Chart       template.HTML
	Table       chart.Table
}

func (s *Server) portalFigures(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := portalFiguresPage{portalPage: s.portal(r, "portal.figures.title")}
	if err := s.portalLabels(ctx, &p.portalPage); err != nil {
		return err
	}
	var err error
	if p.Years, err = s.store.PortalYears(ctx); err != nil {
		return err
	}
	if y := r.URL.Query().Get("year"); y != "" {
		if p.Year, err = strconv.Atoi(y); err != nil {
			return haki.Errorf(haki.EINVALID, "Choose a year.")
		}
	} else if len(p.Years) > 0 {
		p.Year = p.Years[0]
	} else {
		p.Year = haki.Today(s.now()).Year()
	}
	rep, err := s.store.PortalFigures(ctx, p.Year)
	if err != nil {
		return err
	}
	below := rep.SuppressBelow
	p.Figures = []portalFigure{{p.T("report.victims"), portalCount(p.Page, rep.Victims, below)},
		{p.T("report.incidents"), portalCount(p.Page, rep.Incidents, below)}}
	doc := report.Build(rep, s.reportLabels(p.Page, p.Vocab, p.Counties))
	p.Rule, p.Note = doc.Rule, p.T("portal.figures.protected", below)
	for _, sec := range doc.Sections {
		v := portalSection{Title: sec.Title, Table: sec.Table}
		switch sec.By {
		case haki.ByCounty: // the map is an image of its own (portalMap), to keep the page light
			v.Map = "/portal/figures/map.svg?year=" + strconv.Itoa(p.Year) + p.Amp
			v.MapAlt = p.T("reportweb.chart.desc", sec.Title)
			bar, note := sec.TopBar(reportTopBars)
			v.Chart = bar.NarrowSVG(note)
		case haki.ByMonth:
			v.Chart = sec.Bar().SVG()
		default:
			bar, note := sec.TopBar(reportTopBars)
			v.Chart = bar.NarrowSVG(note)
		}
		p.Sections = append(p.Sections, v)
	}
	return s.renderPortal(w, r, http.StatusOK, "portal_figures", p)
}

// portalDataPage is /portal/data: the data dictionary.
type portalDataPage struct {
	portalPage
	Files []portalFile
}

type portalFile struct {
	Name, Href, About string
	Columns           []portalColumn
}

type portalColumn struct {
	Name, About string
}

func (s *Server) portalData(w http.ResponseWriter, r *http.Request) error {
	p := portalDataPage{portalPage: s.portal(r, "portal.data.title")}
	for _, f := range portalDictionary {
		pf := portalFile{Name: f.name, Href: "/portal/data/" + f.name, About: p.T("portal.data." + f.key)}
		for _, c := range f.columns {
			pf.Columns = append(pf.Columns, portalColumn{Name: c, About: p.T("portal.col." + f.key + "." + c)})
		}
		p.Files = append(p.Files, pf)
	}
	return s.renderPortal(w, r, http.StatusOK, "portal_data", p)
}

// portalMap draws the county map of a year's public figures as an SVG
// image of its own, cacheable like the pages.
func (s *Server) portalMap(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := s.portal(r, "portal.figures.title")
	if err := s.portalLabels(ctx, &p); err != nil {
		return err
	}
	year, err := strconv.Atoi(r.URL.Query().Get("year"))
	if err != nil {
		return haki.Errorf(haki.EINVALID, "Choose a year.")
	}
	rep, err := s.store.PortalFigures(ctx, year)
	if err != nil {
		return err
	}
	doc := report.Build(rep, s.reportLabels(p.Page, p.Vocab, p.Counties))
	for _, sec := range doc.Sections {
		if sec.By == haki.ByCounty {
			m := sec.Map()
			m.Description = p.T("reportweb.chart.desc", sec.Title)
			return s.portalWrite(w, r, http.StatusOK, "image/svg+xml", []byte(m.SVG()))
		}
	}
	return haki.Errorf(haki.ENOTFOUND, "No map.")
}
