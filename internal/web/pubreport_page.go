package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/i18n"
	"github.com/haki-kenya/haki/internal/publicreport"
)

// reportWhats are the quick alert's choices, in the order shown.
var reportWhats = []string{"taken", "beaten", "shot", "missing", "killed", "other"}

// reportFates are what happened to a person harmed.
var reportFates = []string{"killed", "injured", "missing", "detained", "other"}

// reportContactMethods are the safe ways to be reached, "none" first.
var reportContactMethods = []string{"none", "call", "sms", "whatsapp", "email"}

// reportAway is where "leave quickly" goes: a page that says nothing.
const reportAway = "https://www.google.com/"

// reportLists are the places and terms the form offers, read at most every
// few minutes: the page is served to anyone, so it must cost the database
// little.
type reportLists struct {
	at          time.Time
	Counties    places
	SubCounties []countyGroup
	Services    []*haki.Term
	Sexes       []*haki.Term
}

const reportListsTTL = 5 * time.Minute

func (s *Server) reportLists(ctx context.Context) (*reportLists, error) {
	d := s.report
	d.mu.Lock()
	l := d.lists
	d.mu.Unlock()
	now := s.now()
	if l != nil && now.Sub(l.at) < reportListsTTL && now.After(l.at) {
		return l, nil
	}
	l = &reportLists{at: now}
	var err error
	if l.Counties, err = s.counties(ctx); err != nil {
		return nil, err
	}
	if l.SubCounties, _, err = s.subCounties(ctx, l.Counties); err != nil {
		return nil, err
	}
	if l.Services, err = s.store.FindTerms(ctx, "service", false); err != nil {
		return nil, err
	}
	if l.Sexes, err = s.store.FindTerms(ctx, "sex", false); err != nil {
		return nil, err
	}
	d.mu.Lock()
	d.lists = l
	d.mu.Unlock()
	return l, nil
}

// reportPage is the data of the report page.
type reportPage struct {
	Lang, Other string // the page's language and the switch's
	cat         *i18n.Catalog
	*reportLists
	Whats, Fates, Methods []string
	CSS, JS               string
	Away                  string
	Token                 string // the plain form's token
	Messages              template.JS
	// After a plain form: what was sent, or what is wrong with it.
	Form    *publicreport.Report
	Errors  []string
	Ref     string
	Created bool
	Status  int
}

// T translates a catalogue key into the page's language.
func (p *reportPage) T(key string, args ...any) string { return p.cat.T(p.Lang, key, args...) }

// Label is a term's label in the page's language.
func (p *reportPage) Label(t *haki.Term) string { return t.Label(p.Lang) }

// Harmed returns the rows of persons the form shows: those typed, and at
// least two.
func (p *reportPage) Harmed() []publicreport.Person {
	var out []publicreport.Person
	if p.Form != nil {
		out = append(out, p.Form.Harmed...)
	}
	for len(out) < 2 {
		out = append(out, publicreport.Person{})
	}
	return out
}

// N numbers the rows of persons from 1.
func (p *reportPage) N(i int) int { return i + 1 }

// F is the form as typed, never nil.
func (p *reportPage) F() *publicreport.Report {
	if p.Form == nil {
		return &publicreport.Report{}
	}
	return p.Form
}

// reportScriptMessages are the catalogue keys the page's script shows.
var reportScriptMessages = []string{
	"pubreport.js.sealing", "pubreport.js.sending", "pubreport.js.sent", "pubreport.js.kept",
	"pubreport.js.waiting", "pubreport.js.written", "pubreport.js.delete", "pubreport.js.refused",
	"pubreport.js.need_what", "pubreport.js.need_where", "pubreport.js.position_asking",
	"pubreport.js.position_ok", "pubreport.js.position_failed", "pubreport.js.no_crypto",
	"pubreport.js.retry_later", "pubreport.js.none_waiting", "pubreport.js.media_too_many", "pubreport.js.media_too_big",
	"pubreport.js.media_refused",
}

func (s *Server) newReportPage(ctx context.Context, r *http.Request) (*reportPage, error) {
	lang := reportLang(r)
	lists, err := s.reportLists(ctx)
	if err != nil {
		return nil, err
	}
	_, ch, err := s.reportKey(ctx)
	if err != nil {
		return nil, err
	}
	p := &reportPage{Lang: lang, Other: "sw", cat: s.cat, reportLists: lists, Whats: reportWhats,
		Fates: reportFates, Methods: reportContactMethods, Away: reportAway, Token: ch.FormToken(s.now()), Status: http.StatusOK}
	if lang == "sw" {
		p.Other = "en"
	}
	if p.CSS, err = s.staticPath("pubreport.css"); err != nil {
		return nil, err
	}
	if p.JS, err = s.staticPath("pubreport.js"); err != nil {
		return nil, err
	}
	msgs := map[string]string{}
	for _, k := range reportScriptMessages {
		msgs[strings.TrimPrefix(k, "pubreport.js.")] = p.T(k)
	}
	b, err := json.Marshal(msgs)
	if err != nil {
		return nil, err
	}
	p.Messages = template.JS(b)
	return p, nil
}

// reportPageGet serves the report page.
func (s *Server) reportPageGet(w http.ResponseWriter, r *http.Request) error {
	p, err := s.newReportPage(r.Context(), r)
	if err != nil {
		return err
	}
	return s.renderReport(w, p)
}

// renderReport writes the report page. It is never cached by the network
// (it carries a fresh form token); the service worker keeps its own copy.
func (s *Server) renderReport(w http.ResponseWriter, p *reportPage) error {
	t, ok := s.pages["pubreport_page"]
	if !ok {
		return errNoReportTemplate
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "pubreport", p); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Language", p.Lang)
	h.Set("Vary", "Accept-Language")
	w.WriteHeader(p.Status)
	_, err := w.Write(buf.Bytes())
	return err
}

var errNoReportTemplate = haki.Errorf(haki.EINTERNAL, "no report template")

// reportErrorPage answers a refused plain-form request or page with the
// page itself and the message, or plain text when even that fails.
func (s *Server) reportErrorPage(w http.ResponseWriter, r *http.Request, status int, lang string, prob reportProblem) {
	p, err := s.newReportPage(r.Context(), r)
	if err == nil {
		p.Status = status
		p.Errors = append(p.Errors, prob.Message)
		for _, v := range prob.Fields {
			p.Errors = append(p.Errors, v)
		}
		if f, ok := r.Context().Value(reportFormKey{}).(*publicreport.Report); ok {
			p.Form = f
		}
		if err = s.renderReport(w, p); err == nil {
			return
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	w.Write([]byte(prob.Message + "\n"))
}

// reportFormKey carries the plain form as typed to the error page, so the
// reporter finds their words again.
type reportFormKey struct{}

// reportSend takes the plain form of a phone without JavaScript. It cannot
// do the proof of work, so it carries instead the page's signed token,
// which must be a few seconds old; the limits per address apply as to the
// sealed path. Its idempotency key is derived from that token: sending the
// same page twice (a reload) gives the same report.
func (s *Server) reportSend(w http.ResponseWriter, r *http.Request) error {
	if r.ContentLength > publicreport.MaxBody {
		return errTooBig
	}
	release, err := s.reportSlot(r.Context())
	if err != nil {
		return err
	}
	defer release()
	r.Body = http.MaxBytesReader(w, r.Body, publicreport.MaxBody)
	if err := r.ParseForm(); err != nil {
		return errTooBig
	}
	if err := httpx.CheckValues(r.PostForm); err != nil {
		return err
	}
	f := r.PostForm
	if f.Get("website") != "" {
		// A robot filled the honeypot: it is told nothing useful.
		return s.reportThanks(w, r, "", false)
	}
	_, ch, err := s.reportKey(r.Context())
	if err != nil {
		return err
	}
	token := f.Get("token")
	if err := ch.CheckFormToken(token, s.now()); err != nil {
		return haki.Errorf(haki.EINVALID, "This page is too old or was sent too quickly. Check your report and send it again.")
	}
	rep := readPubReportForm(r)
	ctx := contextWithReportForm(r, rep)
	pr, err := rep.PublicReport()
	if err == nil {
		sum := sha256.Sum256([]byte(token))
		var created bool
		created, err = s.storeReport(r.Context(), pr, "form-"+hex.EncodeToString(sum[:16]))
		if err == nil {
			return s.reportThanks(w, r, pr.Ref, created)
		}
	}
	if haki.ErrorCode(err) == haki.EINVALID {
		s.reportFail(w, r.WithContext(ctx), err)
		return nil
	}
	return err
}

func contextWithReportForm(r *http.Request, rep *publicreport.Report) context.Context {
	return context.WithValue(r.Context(), reportFormKey{}, rep)
}

// readPubReportForm reads the plain form into a report as the script would write it.
func readPubReportForm(r *http.Request) *publicreport.Report {
	f := r.PostForm
	rep := &publicreport.Report{V: 1, Lang: reportLang(r), Kind: f.Get("kind"), What: f.Get("what"),
		When: f.Get("when"), County: f.Get("county"), SubCounty: f.Get("subcounty"), Place: f.Get("place"),
		Account: f.Get("account"), Phone: f.Get("phone"), WantsHelp: f.Get("wants_help") != "",
		Perpetrator: publicreport.Perpetrator{Service: f.Get("perp_service"), Station: f.Get("perp_station"),
			Vehicle: f.Get("perp_vehicle"), Names: f.Get("perp_names")},
		Contact: publicreport.Contact{Method: f.Get("contact_method"), Address: f.Get("contact_address"), When: f.Get("contact_when")}}
	if l := f.Get("lang"); knownLang(l) {
		rep.Lang = l
	}
	names, sexes, ages, fates := f["h_name"], f["h_sex"], f["h_age"], f["h_fate"]
	for i := 0; i < len(names) && i < 50; i++ {
		rep.Harmed = append(rep.Harmed, publicreport.Person{Name: names[i], Sex: at(sexes, i), Age: at(ages, i), Fate: at(fates, i)})
	}
	return rep
}

func at(list []string, i int) string {
	if i < len(list) {
		return list[i]
	}
	return ""
}

// reportThanks shows the reference of a report taken by the plain form.
func (s *Server) reportThanks(w http.ResponseWriter, r *http.Request, ref string, created bool) error {
	p, err := s.newReportPage(r.Context(), r)
	if err != nil {
		return err
	}
	p.Ref, p.Created = ref, created
	if ref == "" {
		p.Ref = "-"
	}
	return s.renderReport(w, p)
}

// i18nMatch is the language the phone asks for.
func i18nMatch(r *http.Request) string { return i18n.Match(r.Header.Get("Accept-Language")) }
