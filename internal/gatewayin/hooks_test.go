package gatewayin_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/gatewayin"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/i18n"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

const (
	secret = "9c4f0e2a7b1d5c8e3f6a0b9d2c7e4f1a"
	phone  = "+254712345678"
)

var testNow = time.Date(2026, 3, 1, 9, 15, 0, 0, time.UTC)

// hookApp is the hooks mounted as the binary mounts them: under /hooks/,
// behind httpx.Chain, on a real store, logging into a buffer.
type hookApp struct {
	st   *store.Store
	srv  *httptest.Server
	logs *syncBuffer
	now  time.Time
	mu   sync.Mutex
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newHooks(t *testing.T, st *store.Store, cfg gatewayin.Config) *hookApp {
	t.Helper()
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	a := &hookApp{st: st, logs: &syncBuffer{}, now: testNow}
	st.Now = a.clock
	logger := slog.New(slog.NewTextHandler(a.logs, nil))
	cfg.Store, cfg.Logger, cfg.Catalog, cfg.Now = st, logger, cat, a.clock
	hooks, err := gatewayin.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/hooks/", hooks.Handler())
	a.srv = httptest.NewServer(httpx.Chain(st, logger, mux))
	t.Cleanup(a.srv.Close)
	return a
}

func (a *hookApp) clock() time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.now
}

func (a *hookApp) advance(d time.Duration) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.now = a.now.Add(d)
}

// post sends a form as Africa's Talking does: POST, form-encoded, no
// cookie, no Origin.
func (a *hookApp) post(t *testing.T, path string, form url.Values) (int, string) {
	t.Helper()
	return a.postBody(t, path, form.Encode())
}

func (a *hookApp) postBody(t *testing.T, path, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, a.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", "AfricasTalking")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func smsForm(id, from, text string) url.Values {
	return url.Values{"from": {from}, "to": {"22384"}, "text": {text}, "date": {"2026-03-01 09:14:58"}, "id": {id},
		"linkId": {"SampleLinkId123"}, "networkCode": {"63902"}}
}

func ussdForm(session, text string) url.Values {
	return url.Values{"sessionId": {session}, "serviceCode": {"*384*1234#"}, "phoneNumber": {phone}, "networkCode": {"63902"}, "text": {text}}
}

// reports returns the reports in the triage queue, opened, as an administrator.
func reports(t *testing.T, st *store.Store) []*haki.PublicReport {
	t.Helper()
	admin := storetest.MustUser(t, st, "triage-"+time.Now().Format("150405.000000000"), haki.RoleAdmin, "")
	ctx := storetest.As(admin)
	rows, _, err := st.FindPublicReports(ctx, haki.PublicReportFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []*haki.PublicReport
	for _, row := range rows {
		f, err := st.FindPublicReport(ctx, row.ID)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, f.Report)
	}
	return out
}

// checkLogs fails if the log holds the phone number (in any form), the
// secret or the words of a message.
func checkLogs(t *testing.T, a *hookApp, words ...string) {
	t.Helper()
	logs := a.logs.String()
	if !strings.Contains(logs, "/hooks/at/") {
		t.Fatalf("no request was logged:\n%s", logs)
	}
	for _, s := range append([]string{"712345678", secret}, words...) {
		if strings.Contains(logs, s) {
			t.Errorf("the log holds %q:\n%s", s, logs)
		}
	}
}

// An SMS as Africa's Talking posts it becomes a report; the same message
// posted again is one report; the next part from the same sender within
// minutes joins it; another sender's message is another report.
func TestSMSHook(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		a := newHooks(t, st, gatewayin.Config{Secret: secret})
		const path = "/hooks/at/sms?key=" + secret
		first := "Polisi wamemchukua kaka yangu Juma jana usiku Kayole"
		for range 2 {
			if status, body := a.post(t, path, smsForm("ATXid_1", phone, first)); status != http.StatusOK || body != "OK" {
				t.Fatalf("sms: %d %q", status, body)
			}
		}
		a.advance(2 * time.Minute)
		if status, _ := a.post(t, path, smsForm("ATXid_2", "0712 345 678", "wakampeleka kituo cha polisi cha Kayole")); status != http.StatusOK {
			t.Fatalf("second part: %d", status)
		}
		if status, _ := a.post(t, path, smsForm("ATXid_3", "+254722000111", "Police shot a boy in Mathare")); status != http.StatusOK {
			t.Fatalf("other sender: %d", status)
		}
		got := reports(t, st)
		if len(got) != 2 {
			t.Fatalf("%d reports, want 2", len(got))
		}
		var joined, other *haki.PublicReport
		for _, r := range got {
			if strings.Contains(r.Account, "Kayole") {
				joined = r
			} else {
				other = r
			}
		}
		if joined == nil || other == nil {
			t.Fatalf("reports %+v", got)
		}
		if joined.Account != first+"\nwakampeleka kituo cha polisi cha Kayole" || joined.Channel != "sms" || joined.Language != "sw" ||
			joined.Status != "new" || !strings.HasPrefix(joined.Ref, "R-") {
			t.Errorf("joined report %+v", joined)
		}
		if other.Language != "en" || other.Account != "Police shot a boy in Mathare" {
			t.Errorf("other report %+v", other)
		}
		checkLogs(t, a, "Kayole", "Mathare", "722000111")
	})
}

// The shared secret: none configured turns the hooks off; a missing or
// wrong key is refused before anything is read; bad forms are refused
// with the field named, never 500.
func TestHookRefusals(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		off := newHooks(t, st, gatewayin.Config{})
		if status, _ := off.post(t, "/hooks/at/sms?key=", smsForm("ATXid_1", phone, "x")); status != http.StatusNotFound {
			t.Errorf("hooks without a secret: %d, want 404", status)
		}
		a := newHooks(t, st, gatewayin.Config{Secret: secret})
		long := strings.Repeat("x", 70<<10)
		for _, tc := range []struct {
			name, path, body string
			status           int
			shows            string
		}{
			{"sms without key", "/hooks/at/sms", smsForm("ATXid_1", phone, "x").Encode(), 403, "key"},
			{"sms wrong key", "/hooks/at/sms?key=" + secret[:31] + "0", smsForm("ATXid_1", phone, "x").Encode(), 403, "key"},
			{"ussd wrong key", "/hooks/at/ussd?key=nope", ussdForm("ATUid_1", "").Encode(), 403, "key"},
			{"sms without sender", "/hooks/at/sms?key=" + secret, smsForm("ATXid_1", "", "x").Encode(), 422, "from"},
			{"sms empty", "/hooks/at/sms?key=" + secret, smsForm("ATXid_1", phone, "  ").Encode(), 422, "empty"},
			{"sms NUL", "/hooks/at/sms?key=" + secret, smsForm("ATXid_1", phone, "a\x00b").Encode(), 422, "NUL"},
			{"sms too big", "/hooks/at/sms?key=" + secret, "text=" + long, 422, "form"},
			{"sms not a form", "/hooks/at/sms?key=" + secret, "%zz", 422, "form"},
			{"ussd without session", "/hooks/at/ussd?key=" + secret, ussdForm("", "1").Encode(), 200, "END Sorry"},
			{"ussd too big", "/hooks/at/ussd?key=" + secret, "text=" + long, 200, "END Sorry"},
			{"ussd NUL", "/hooks/at/ussd?key=" + secret, ussdForm("ATUid_1", "2*\x00").Encode(), 200, "END Samahani"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				status, body := a.postBody(t, tc.path, tc.body)
				if status != tc.status || !strings.Contains(body, tc.shows) {
					t.Errorf("%d %q, want %d with %q", status, body, tc.status, tc.shows)
				}
			})
		}
		if n := len(reports(t, st)); n != 0 {
			t.Errorf("%d reports stored from refused requests", n)
		}
		req, _ := http.NewRequest(http.MethodGet, a.srv.URL+"/hooks/at/sms?key="+secret, nil)
		if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("GET: %v %v, want 405", resp, err)
		}
		checkLogs(t, a)
	})
}

// A whole USSD session, screen by screen as the gateway posts it, stores
// one alert under the session's key, and the last screen gives its
// reference; the gateway asking again stores nothing more.
func TestUSSDHook(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		a := newHooks(t, st, gatewayin.Config{Secret: secret})
		const path = "/hooks/at/ussd?key=" + secret
		steps := []struct{ text, want string }{
			{"", "CON Report police abuse"},
			{"2", "CON Nini kimetokea?"},
			{"2*3", "CON Kaunti gani?"},
			{"2*3*kisumu", "CON Tukupigie simu"},
			{"2*3*kisumu*1", "CON Tuma tahadhari hii?\nAmepigwa risasi, Kisumu"},
			{"2*3*kisumu*1*1", "END Asante. Tahadhari R-"},
		}
		var last string
		for _, s := range steps {
			status, body := a.post(t, path, ussdForm("ATUid_session1", s.text))
			if status != http.StatusOK || !strings.HasPrefix(body, s.want) {
				t.Fatalf("text %q: %d %q, want %q", s.text, status, body, s.want)
			}
			last = body
		}
		if _, again := a.post(t, path, ussdForm("ATUid_session1", "2*3*kisumu*1*1")); again != last {
			t.Errorf("the same step again: %q, want %q", again, last)
		}
		if status, body := a.post(t, path, ussdForm("ATUid_session2", "1*5*47*2*1")); status != 200 || !strings.HasPrefix(body, "END Thank you. Alert R-") {
			t.Fatalf("second session: %d %q", status, body)
		}
		if _, body := a.post(t, path, ussdForm("ATUid_session3", "1*5*47*2*2")); body != "END Nothing was sent. Stay safe." {
			t.Errorf("cancelled: %q", body)
		}
		got := reports(t, st)
		if len(got) != 2 {
			t.Fatalf("%d reports, want 2", len(got))
		}
		byCounty := map[string]*haki.PublicReport{}
		for _, r := range got {
			byCounty[r.CountyCode] = r
		}
		shot, killed := byCounty["KE-042"], byCounty["KE-047"]
		if shot == nil || shot.Channel != "ussd" || shot.Kind != "alert" || shot.What != "shot" || shot.Language != "sw" ||
			shot.Contact.Method != "call" || shot.Contact.Address != phone || !strings.Contains(last, shot.Ref) {
			t.Errorf("alert with a call back: %+v", shot)
		}
		if killed == nil || killed.What != "killed" || killed.Language != "en" || killed.Contact.Method != "none" || killed.Contact.Address != "" {
			t.Errorf("anonymous alert: %+v", killed)
		}
		checkLogs(t, a)
	})
}

// Per-phone limits: a phone over its SMS limit gets 429 and its message is
// not stored; over its alert limit, an END screen and nothing stored. Other
// phones are not held back, and the limit refills with time.
func TestHookLimits(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		a := newHooks(t, st, gatewayin.Config{Secret: secret, Limits: gatewayin.Limits{
			SMS: gatewayin.Rate{Burst: 2, Every: time.Hour}, USSD: gatewayin.Rate{Burst: 100, Every: time.Second},
			Alerts: gatewayin.Rate{Burst: 1, Every: time.Hour}, MaxPhones: 100}})
		sms := "/hooks/at/sms?key=" + secret
		for i, want := range []int{200, 200, 429} {
			if status, _ := a.post(t, sms, smsForm("ATXid_"+string(rune('a'+i)), phone, "help")); status != want {
				t.Errorf("message %d: %d, want %d", i+1, status, want)
			}
		}
		if status, _ := a.post(t, sms, smsForm("ATXid_z", "+254722000111", "help")); status != 200 {
			t.Errorf("another phone: %d", status)
		}
		ussd := "/hooks/at/ussd?key=" + secret
		if _, body := a.post(t, ussd, ussdForm("ATUid_1", "1*1*1*2*1")); !strings.HasPrefix(body, "END Thank you") {
			t.Errorf("first alert: %q", body)
		}
		if _, body := a.post(t, ussd, ussdForm("ATUid_2", "1*1*1*2*1")); body != "END Too many tries from this phone. Please try again later." {
			t.Errorf("second alert: %q", body)
		}
		if n := len(reports(t, st)); n != 3 {
			t.Errorf("%d reports, want 3 (2 SMS, 1 alert)", n)
		}
		a.advance(time.Hour)
		if _, body := a.post(t, ussd, ussdForm("ATUid_3", "1*1*1*2*1")); !strings.HasPrefix(body, "END Thank you") {
			t.Errorf("an hour later: %q", body)
		}
	})
}

// The hooks take no session and no CSRF token, yet the middleware every
// request passes still refuses a browser's cross-site POST to them.
func TestHooksBehindTheChain(t *testing.T) {
	st := storetest.Open(t)
	a := newHooks(t, st, gatewayin.Config{Secret: secret})
	user := storetest.MustUser(t, st, "amina", haki.RoleCaseworker, "")
	sess, err := st.CreateSession(context.Background(), user.ID)
	if err != nil {
		t.Fatal(err)
	}
	send := func(header, value string, cookie bool) int {
		req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/hooks/at/ussd?key="+secret, strings.NewReader(ussdForm("ATUid_x", "").Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if header != "" {
			req.Header.Set(header, value)
		}
		if cookie {
			req.AddCookie(&http.Cookie{Name: httpx.SessionCookie, Value: sess.Token})
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if s := send("", "", false); s != 200 {
		t.Errorf("as the gateway: %d", s)
	}
	if s := send("", "", true); s != 200 {
		t.Errorf("with a session cookie and no CSRF token: %d", s)
	}
	if s := send("Sec-Fetch-Site", "cross-site", true); s != http.StatusForbidden {
		t.Errorf("a browser's cross-site POST: %d, want 403", s)
	}
}
