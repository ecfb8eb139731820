package web

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/i18n"
	"github.com/haki-kenya/haki/internal/publicreport"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// reportApp is the web room over a real store with a clock the test moves
// and the report page's limits as the test sets them.
type reportApp struct {
	srv   *httptest.Server
	store *store.Store
	mu    sync.Mutex
	now   time.Time
	logs  *bytes.Buffer
}

func newReportApp(tb testing.TB, st *store.Store, limits ReportLimits) *reportApp {
	tb.Helper()
	cat, err := i18n.New()
	if err != nil {
		tb.Fatal(err)
	}
	a := &reportApp{store: st, now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), logs: &bytes.Buffer{}}
	st.Now = a.clock
	logger := slog.New(slog.NewTextHandler(lockedWriter{w: a.logs, mu: &a.mu}, nil))
	s, err := New(Config{Store: st, Logger: logger, Catalog: cat, Now: a.clock, EvidenceDir: tb.TempDir(), ReportLimits: limits})
	if err != nil {
		tb.Fatal(err)
	}
	a.srv = httptest.NewServer(productionChain(st, logger, s.Handler()))
	tb.Cleanup(a.srv.Close)
	return a
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

func (a *reportApp) clock() time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.now
}

func (a *reportApp) advance(d time.Duration) {
	a.mu.Lock()
	a.now = a.now.Add(d)
	a.mu.Unlock()
}

// do sends a request and reads the whole answer.
func (a *reportApp) do(tb testing.TB, req *http.Request) (*http.Response, string) {
	tb.Helper()
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatal(err)
	}
	if len(res.Header.Values("Set-Cookie")) > 0 {
		tb.Errorf("%s %s set a cookie: %q", req.Method, req.URL.Path, res.Header.Values("Set-Cookie"))
	}
	return res, string(b)
}

func (a *reportApp) get(tb testing.TB, path string, header ...string) (*http.Response, string) {
	tb.Helper()
	req, _ := http.NewRequest(http.MethodGet, a.srv.URL+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return a.do(tb, req)
}

// phone is what the page's script does, in Go: it reads the key, seals the
// report, asks for a challenge and does the work, then submits.
type phone struct {
	a    *reportApp
	tb   testing.TB
	key  publicreport.JWK
	lang string
}

func newPhone(tb testing.TB, a *reportApp) *phone {
	tb.Helper()
	res, body := a.get(tb, "/report/key")
	if res.StatusCode != http.StatusOK {
		tb.Fatalf("key: %d %s", res.StatusCode, body)
	}
	p := &phone{a: a, tb: tb, lang: "en"}
	if err := json.Unmarshal([]byte(body), &p.key); err != nil {
		tb.Fatal(err)
	}
	return p
}

// seal seals a report as the page does, from the JWK the server served.
func (p *phone) seal(report any) *publicreport.Envelope {
	p.tb.Helper()
	pub, err := publicreport.ParseJWK(p.key)
	if err != nil {
		p.tb.Fatal(err)
	}
	b, _ := json.Marshal(report)
	env, err := publicreport.Seal(p.key.Kid, pub, b)
	if err != nil {
		p.tb.Fatal(err)
	}
	return env
}

func (p *phone) challenge() (string, int) {
	p.tb.Helper()
	res, body := p.a.get(p.tb, "/report/challenge")
	if res.StatusCode != http.StatusOK {
		p.tb.Fatalf("challenge: %d %s", res.StatusCode, body)
	}
	var c struct {
		Challenge string
		Bits      int
	}
	json.Unmarshal([]byte(body), &c)
	return c.Challenge, c.Bits
}

// submit sends a submission body as the page would; body fields may be overridden.
func (p *phone) submit(sub map[string]any) (int, map[string]any) {
	p.tb.Helper()
	b, _ := json.Marshal(sub)
	req, _ := http.NewRequest(http.MethodPost, p.a.srv.URL+"/report/submit?lang="+p.lang, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", p.a.srv.URL)
	res, body := p.a.do(p.tb, req)
	var out map[string]any
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		p.tb.Fatalf("answer %d is not JSON: %q", res.StatusCode, body)
	}
	return res.StatusCode, out
}

// send seals and submits a report under idem, doing the work.
func (p *phone) send(idem string, report any) (int, map[string]any) {
	p.tb.Helper()
	ch, bits := p.challenge()
	return p.submit(map[string]any{"idempotency_key": idem, "envelope": p.seal(report),
		"pow": map[string]string{"challenge": ch, "nonce": publicreport.Solve(ch, idem, bits)}, "website": ""})
}

var fullReport = map[string]any{"v": 1, "lang": "en", "kind": "full", "what": "shot", "when": "2026-02-27",
	"county": "KE-047", "place": "Kayole, near the chief's camp", "account": "Two officers shot a boy at the market.",
	"harmed":      []map[string]string{{"name": "Brian Otieno", "sex": "male", "age": "about 17", "fate": "injured"}},
	"perpetrator": map[string]string{"service": "kps", "station": "Kayole", "vehicle": "KCB 123A"},
	"contact":     map[string]string{"method": "sms", "address": "0712 345 678", "when": "evenings"}, "wants_help": true}

// TestReportSubmit takes a sealed report from the door to the store, once,
// and refuses what is not one.
func TestReportSubmit(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		a := newReportApp(t, st, ReportLimits{})
		p := newPhone(t, a)
		status, out := p.send("report-key-000000000001", fullReport)
		if status != http.StatusCreated || out["created"] != true || !strings.HasPrefix(out["ref"].(string), "R-") {
			t.Fatalf("submit: %d %v", status, out)
		}
		ref := out["ref"].(string)
		// The same report again (a phone that lost the answer): the same
		// reference, nothing new.
		status, out = p.send("report-key-000000000001", fullReport)
		if status != http.StatusOK || out["created"] != false || out["ref"] != ref {
			t.Fatalf("again: %d %v", status, out)
		}
		got := storedReports(t, st)
		if len(got) != 1 {
			t.Fatalf("%d reports stored, want 1", len(got))
		}
		r := got[0]
		if r.Ref != ref || r.Channel != "web" || r.Kind != "full" || r.What != "shot" || r.CountyCode != "KE-047" ||
			r.Account != "Two officers shot a boy at the market." || len(r.Harmed) != 1 || r.Harmed[0].Name != "Brian Otieno" ||
			r.Contact.Method != "sms" || r.Contact.Address != "+254712345678" || !r.WantsHelp || r.Perpetrator.Vehicle != "KCB 123A" {
			t.Errorf("stored %+v", r)
		}

		// A quick alert: what, where and nothing else.
		status, out = p.send("alert-key-00000000000001", map[string]any{"v": 1, "lang": "sw", "kind": "alert", "what": "taken",
			"lat": -1.28638, "lon": 36.81723, "perpetrator": map[string]string{}, "contact": map[string]string{}})
		if status != http.StatusCreated {
			t.Fatalf("alert: %d %v", status, out)
		}
		if n := len(storedReports(t, st)); n != 2 {
			t.Fatalf("%d reports after the alert", n)
		}

		// Refusals, each a 422 with a message, none stored.
		ch, bits := p.challenge()
		good := func(idem string) map[string]any {
			return map[string]any{"idempotency_key": idem, "envelope": p.seal(fullReport),
				"pow": map[string]string{"challenge": ch, "nonce": publicreport.Solve(ch, idem, bits)}}
		}
		cases := map[string]func() map[string]any{
			"no work": func() map[string]any {
				s := good("refused-000000000000001")
				s["pow"] = map[string]string{"challenge": ch, "nonce": "1"}
				return s
			},
			"work for another report": func() map[string]any {
				s := good("refused-000000000000002")
				s["idempotency_key"] = "refused-000000000000003"
				return s
			},
			"tampered": func() map[string]any {
				s := good("refused-000000000000004")
				env := s["envelope"].(*publicreport.Envelope)
				env.CT = "AAAA" + env.CT[4:]
				return s
			},
			"bad key": func() map[string]any {
				s := good("refused-000000000000005")
				s["idempotency_key"] = "short"
				return s
			},
			"unknown field": func() map[string]any {
				s := good("refused-000000000000006")
				s["address"] = "10.1.2.3"
				return s
			},
		}
		for name, mk := range cases {
			status, out := p.submit(mk())
			if status != http.StatusUnprocessableEntity || out["message"] == "" {
				t.Errorf("%s: %d %v", name, status, out)
			}
		}
		// A report the domain refuses, in the reporter's language.
		p.lang = "sw"
		status, out = p.send("refused-000000000000007", map[string]any{"v": 1, "lang": "sw", "kind": "full", "when": "2026-02-30x",
			"perpetrator": map[string]string{}, "contact": map[string]string{}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(out["message"].(string)+fieldsText(out), "Andika tarehe") {
			t.Errorf("bad report: %d %v", status, out)
		}
		// The honeypot: a robot is answered, nothing is stored.
		s := good("honeypot-00000000000001")
		s["website"] = "http://cheap-pills.example"
		if status, _ := p.submit(s); status != http.StatusOK {
			t.Errorf("honeypot: %d", status)
		}
		if n := len(storedReports(t, st)); n != 2 {
			t.Errorf("%d reports after the refusals, want 2", n)
		}
		// A body over the limit is refused by its length, before it is read.
		big := strings.Repeat("a", publicreport.MaxBody+1)
		req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/report/submit", strings.NewReader(big))
		req.Header.Set("Content-Type", "application/json")
		if res, body := a.do(t, req); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "too long") {
			t.Errorf("big body: %d %s", res.StatusCode, body)
		}
		// Not JSON.
		req, _ = http.NewRequest(http.MethodPost, a.srv.URL+"/report/submit", strings.NewReader("what=shot"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if res, _ := a.do(t, req); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a form to the JSON door: %d", res.StatusCode)
		}
		// An expired challenge.
		ch2, bits2 := p.challenge()
		a.advance(publicreport.DefaultTTL + time.Minute)
		idem := "expired-0000000000000001"
		status, _ = p.submit(map[string]any{"idempotency_key": idem, "envelope": p.seal(fullReport),
			"pow": map[string]string{"challenge": ch2, "nonce": publicreport.Solve(ch2, idem, bits2)}})
		if status != http.StatusUnprocessableEntity {
			t.Errorf("expired challenge: %d", status)
		}
	})
}

func fieldsText(out map[string]any) string {
	var b strings.Builder
	if f, ok := out["fields"].(map[string]any); ok {
		for _, v := range f {
			b.WriteString(" " + v.(string))
		}
	}
	return b.String()
}

// TestReportLimits: an address over its limit is refused before its body
// is read, with a Retry-After; the address appears in no log line.
func TestReportLimits(t *testing.T) {
	st := storetest.Open(t)
	a := newReportApp(t, st, ReportLimits{Submit: Rate{Every: time.Hour, Burst: 2}, Challenge: Rate{Every: time.Hour, Burst: 3}})
	p := newPhone(t, a)
	for i := range 2 {
		if status, out := p.send("limit-key-00000000000000"+string(rune('a'+i)), fullReport); status != http.StatusCreated {
			t.Fatalf("report %d: %d %v", i, status, out)
		}
	}
	ch, bits := p.challenge()
	idem := "limit-key-0000000000000z"
	status, out := p.submit(map[string]any{"idempotency_key": idem, "envelope": p.seal(fullReport),
		"pow": map[string]string{"challenge": ch, "nonce": publicreport.Solve(ch, idem, bits)}})
	if status != http.StatusTooManyRequests || out["message"] == "" {
		t.Errorf("over the limit: %d %v", status, out)
	}
	if res, _ := a.get(t, "/report/challenge"); res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Errorf("challenges over the limit: %d", res.StatusCode)
	}
	// The page still opens: its own limit.
	if res, _ := a.get(t, "/report"); res.StatusCode != http.StatusOK {
		t.Errorf("page: %d", res.StatusCode)
	}
	if logs := a.logs.String(); strings.Contains(logs, "127.0.0.1") || strings.Contains(logs, "::1") {
		t.Errorf("the logs hold the address:\n%s", logs)
	}
}

// TestReportPage: the page in the phone's language or the one asked for,
// its headers, no cookie, and its weight.
func TestReportPage(t *testing.T) {
	st := storetest.Open(t)
	a := newReportApp(t, st, ReportLimits{})
	res, body := a.get(t, "/report", "Accept-Language", "sw-KE,sw;q=0.9,en;q=0.5")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `<html lang="sw">`) || !strings.Contains(body, "Tahadhari ya haraka") {
		t.Fatalf("Kiswahili page: %d", res.StatusCode)
	}
	res, body = a.get(t, "/report?lang=en", "Accept-Language", "sw")
	if !strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, "Quick alert") || !strings.Contains(body, `href="/report?lang=sw"`) {
		t.Fatalf("?lang=en does not win")
	}
	for _, want := range []string{"Someone taken", "Someone beaten", "Someone shot", "Someone missing", "Someone killed", "Something else",
		"Nairobi", "Leave quickly", `name="website"`, `name="token"`, `action="/report/send?lang=en"`, "Kenya Police Service"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	h := res.Header
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "script-src 'self'") ||
		strings.Contains(csp, "unsafe") || strings.Contains(csp, "http") {
		t.Errorf("CSP %q", csp)
	}
	if h.Get("Cache-Control") != "no-store" || h.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("headers %v", h)
	}
	if regexp.MustCompile(`(src|href)="(https?:)?//`).FindString(strings.ReplaceAll(body, `href="https://www.google.com/"`, "")) != "" {
		t.Error("the page loads something from another site")
	}
	// A signed-in staff member's cookie changes nothing and is not needed.
	req, _ := http.NewRequest(http.MethodGet, a.srv.URL+"/report", nil)
	req.AddCookie(&http.Cookie{Name: "haki_session", Value: "whatever"})
	if res, _ := a.do(t, req); res.StatusCode != http.StatusOK {
		t.Errorf("with a cookie: %d", res.StatusCode)
	}

	// The weight: the page, its script and style, compressed, well under 50 KB.
	total := 0
	var assets []string
	for _, m := range regexp.MustCompile(`(?:src|href)="(/static/[^"]+)"`).FindAllStringSubmatch(body, -1) {
		assets = append(assets, m[1])
	}
	if len(assets) != 2 {
		t.Fatalf("assets %q", assets)
	}
	for _, path := range append([]string{"/report", "/report/manifest.webmanifest", "/report/icon/192.png"}, assets...) {
		req, _ := http.NewRequest(http.MethodGet, a.srv.URL+path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		res, b := a.do(t, req)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
		total += len(b)
		if strings.HasPrefix(path, "/report/manifest") {
			var m map[string]any
			r := io.Reader(strings.NewReader(b))
			if res.Header.Get("Content-Encoding") == "gzip" {
				r, _ = gzip.NewReader(r)
			}
			if err := json.NewDecoder(r).Decode(&m); err != nil || m["scope"] != "/report" || m["start_url"] != "/report" {
				t.Errorf("manifest %v %v", m, err)
			}
		}
	}
	t.Logf("the page weighs %d bytes compressed", total)
	if total > 50_000 {
		t.Errorf("the page weighs %d bytes, over 50 KB", total)
	}

	// The service worker may claim /report and below.
	res, sw := a.get(t, "/report/sw.js")
	if res.StatusCode != http.StatusOK || res.Header.Get("Service-Worker-Allowed") != "/report" || !strings.Contains(sw, "importScripts('/static/pubreport.") {
		t.Errorf("service worker: %d %v", res.StatusCode, res.Header)
	}
	// The key: cacheable, public half only.
	res, key := a.get(t, "/report/key")
	if !strings.Contains(res.Header.Get("Cache-Control"), "max-age") || strings.Contains(key, `"d"`) || !strings.Contains(key, `"kid"`) {
		t.Errorf("key %s %v", key, res.Header)
	}
}

var formTokenRe = regexp.MustCompile(`name="token" value="([^"]+)"`)

// TestReportSendPlainForm: a phone without JavaScript sends the form as it
// is; a reload sends the same report, not a second; a form sent at once
// (a robot) is refused; a bad one comes back with the words typed.
func TestReportSendPlainForm(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		a := newReportApp(t, st, ReportLimits{})
		_, page := a.get(t, "/report?lang=sw")
		token := formTokenRe.FindStringSubmatch(page)[1]
		post := func(f url.Values) (*http.Response, string) {
			req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/report/send?lang=sw", strings.NewReader(f.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return a.do(t, req)
		}
		form := url.Values{"kind": {"alert"}, "lang": {"sw"}, "token": {token}, "what": {"beaten"}, "county": {"KE-001"},
			"phone": {"0712 000 111"}, "website": {""}}
		if res, body := post(form); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Ukurasa huu ni wa zamani") {
			t.Fatalf("sent at once: %d", res.StatusCode)
		}
		a.advance(10 * time.Second)
		res, body := post(form)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "Imepokelewa. Asante.") {
			t.Fatalf("plain alert: %d\n%s", res.StatusCode, body)
		}
		ref := regexp.MustCompile(`<strong>(R-[^<]+)</strong>`).FindStringSubmatch(body)
		res, body = post(form) // the reload
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "ilikuwa imeshafika") || ref == nil || !strings.Contains(body, ref[1]) {
			t.Errorf("reload: %d", res.StatusCode)
		}
		got := storedReports(t, st)
		if len(got) != 1 || got[0].Kind != "alert" || got[0].What != "beaten" || got[0].Language != "sw" || got[0].Contact.Address != "+254712000111" {
			t.Fatalf("stored %+v", got)
		}
		// A full report with a bad date: the page again, the words kept.
		_, page = a.get(t, "/report")
		a.advance(10 * time.Second)
		full := url.Values{"kind": {"full"}, "lang": {"en"}, "token": {formTokenRe.FindStringSubmatch(page)[1]}, "what": {"shot"},
			"when": {"last week"}, "county": {"KE-047"}, "account": {"They came at night."}, "h_name": {"Akinyi", ""}, "h_sex": {"female", ""},
			"h_age": {"30", ""}, "h_fate": {"injured", ""}, "contact_method": {"none"}}
		res, body = post(full)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "They came at night.") || !strings.Contains(body, `value="Akinyi"`) {
			t.Errorf("bad full report: %d", res.StatusCode)
		}
		full.Set("when", "2026-02-28")
		if res, body = post(full); res.StatusCode != http.StatusOK {
			t.Errorf("full report: %d %s", res.StatusCode, body)
		}
		if n := len(storedReports(t, st)); n != 2 {
			t.Errorf("%d reports, want 2", n)
		}
	})
}

// TestReportMessagesTranslated: what the doors say to a reporter reads in Kiswahili too.
func TestReportMessagesTranslated(t *testing.T) {
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []error{errTooMany, errTooBig, errBusy, errProof, errEnvelope, errWrongType} {
		msg := haki.ErrorMessage(e)
		if cat.Message("sw", msg) == msg {
			t.Errorf("no Kiswahili for %q", msg)
		}
	}
}

// reportIconFile names an icon for the route-permission test.
func reportIconFile(testing.TB, *testApp) map[string]string {
	return map[string]string{"file": "192.png"}
}

// TestReportPhoneLimit: reports that give one number to be reached on are
// limited by that number however it is written, whatever address they
// come from; other numbers and anonymous reports are not held back.
func TestReportPhoneLimit(t *testing.T) {
	st := storetest.Open(t)
	a := newReportApp(t, st, ReportLimits{Phone: Rate{Every: time.Hour, Burst: 2}})
	p := newPhone(t, a)
	withContact := func(contact map[string]string) map[string]any {
		r := map[string]any{}
		for k, v := range fullReport {
			r[k] = v
		}
		r["contact"] = contact
		return r
	}
	withNumber := func(number string) map[string]any {
		return withContact(map[string]string{"method": "call", "address": number, "when": "evenings"})
	}
	for i, number := range []string{"0712 345 678", "+254712345678"} {
		if status, out := p.send("phone-key-00000000000000"+string(rune('a'+i)), withNumber(number)); status != http.StatusCreated {
			t.Fatalf("report %d: %d %v", i, status, out)
		}
	}
	if status, out := p.send("phone-key-00000000000000c", withNumber("0712-345-678")); status != http.StatusTooManyRequests || out["message"] == "" {
		t.Errorf("a third report for the same number: %d %v", status, out)
	}
	if status, out := p.send("phone-key-00000000000000d", withNumber("0722 000 111")); status != http.StatusCreated {
		t.Errorf("another number: %d %v", status, out)
	}
	if status, out := p.send("phone-key-00000000000000e", withContact(map[string]string{"method": "none"})); status != http.StatusCreated {
		t.Errorf("an anonymous report: %d %v", status, out)
	}
	if logs := a.logs.String(); strings.Contains(logs, "712345678") || strings.Contains(logs, "712 345") || strings.Contains(logs, "712-345") {
		t.Errorf("the logs hold the number:\n%s", logs)
	}
}
