package httpx_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/api"
	"github.com/haki-kenya/haki/internal/gatewayin"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/i18n"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
	"github.com/haki-kenya/haki/internal/web"
)

// edge is the web UI and the API mounted as the binary mounts them, behind
// httpx.Chain, with an administrator signed in to both.
type edge struct {
	st          *store.Store
	srv         *httptest.Server
	ui          *web.Server
	apiServer   *api.Server
	hooks       *gatewayin.Server // the SMS and USSD gateway's callbacks
	admin       *haki.User
	cookie      *http.Cookie // the administrator's browser session
	csrf        string
	token       string // the administrator's API token
	evidenceDir string
}

// edgeGatewaySecret is the shared secret of the gateway hooks here.
const edgeGatewaySecret = "edge-gateway-secret-0123456789"

func newEdge(t *testing.T, st *store.Store) *edge {
	t.Helper()
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	e := &edge{st: st, evidenceDir: t.TempDir()}
	logger := slog.New(slog.DiscardHandler)
	ui, err := web.New(web.Config{Store: st, Logger: logger, Catalog: cat, Demo: true, Now: time.Now, EvidenceDir: e.evidenceDir})
	if err != nil {
		t.Fatal(err)
	}
	apiServer := api.New(api.Config{Store: st, Logger: logger, EvidenceDir: e.evidenceDir})
	hooks, err := gatewayin.New(gatewayin.Config{Store: st, Logger: logger, Catalog: cat, Secret: edgeGatewaySecret})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/api/", apiServer.Handler())
	mux.Handle("/hooks/", hooks.Handler())
	mux.Handle("/", ui.Handler())
	e.srv = httptest.NewServer(httpx.Chain(st, logger, mux))
	e.ui, e.apiServer, e.hooks = ui, apiServer, hooks
	t.Cleanup(e.srv.Close)

	team := storetest.MustTeam(t, st, "Nairobi")
	e.admin = storetest.MustUser(t, st, "admin", haki.RoleAdmin, team.ID)
	sys := haki.SystemContext(context.Background())
	sess, err := st.CreateSession(context.Background(), e.admin.ID)
	if err != nil {
		t.Fatal(err)
	}
	e.cookie, e.csrf = &http.Cookie{Name: httpx.SessionCookie, Value: sess.Token}, sess.CSRFToken
	if e.token, err = st.CreateAPIToken(sys, e.admin.ID, store.AccountProof{}); err != nil {
		t.Fatal(err)
	}
	return e
}

// web sends a request as the administrator's browser; a POST form gets the
// session's CSRF token.
func (e *edge) web(t *testing.T, method, path string, form url.Values) *http.Response {
	t.Helper()
	var body io.Reader
	if method == http.MethodPost {
		if form == nil {
			form = url.Values{}
		}
		if !form.Has("csrf") {
			form.Set("csrf", e.csrf)
		}
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, e.srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.AddCookie(e.cookie)
	return e.do(t, req)
}

// api sends a request with the administrator's token and a JSON body.
func (e *edge) api(t *testing.T, method, path, body string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+e.token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return e.do(t, req)
}

func (e *edge) do(t *testing.T, req *http.Request) *http.Response {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// mustEvidence stores a small file on a new incident.
func (e *edge) mustEvidence(t *testing.T) *haki.Evidence {
	t.Helper()
	ctx := storetest.As(e.admin)
	inc := &haki.Incident{Title: "Beating at Kilimani station", Types: []string{"torture"}, Occurred: haki.MustFuzzyDate("2023-05-14"),
		CountyCode: "KE-047", Verification: "unverified"}
	if err := e.st.CreateIncident(ctx, inc); err != nil {
		t.Fatal(err)
	}
	ev := &haki.Evidence{OwnerKind: haki.OwnerIncident, OwnerID: inc.ID, Kind: "medical_report", Filename: "<script>.txt"}
	if err := e.st.Evidence(e.evidenceDir).CreateEvidence(ctx, ev, strings.NewReader("P3 form of Juma Otieno <script>alert(1)</script>")); err != nil {
		t.Fatal(err)
	}
	return ev
}

// downloadHeaders are the headers that decide how a browser treats a file.
var downloadHeaders = []string{"Content-Type", "Content-Disposition", "Content-Length", "X-Content-Type-Options",
	"Cache-Control", "Content-Security-Policy", "X-Frame-Options", "Referrer-Policy"}

// The same evidence file downloaded from a page and from the API comes
// with the same headers, the download sandbox included.
func TestEvidenceDownloadHeadersSame(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		e := newEdge(t, st)
		ev := e.mustEvidence(t)
		fromWeb := e.web(t, "POST", "/evidence/"+ev.ID+"/download", url.Values{"reason": {"court filing"}})
		fromAPI := e.api(t, "POST", "/api/v1/evidence/"+ev.ID+"/download", `{"reason":"court filing"}`)
		if fromWeb.StatusCode != http.StatusOK || fromAPI.StatusCode != http.StatusOK {
			t.Fatalf("status web %d, api %d", fromWeb.StatusCode, fromAPI.StatusCode)
		}
		for _, h := range downloadHeaders {
			if w, a := fromWeb.Header.Get(h), fromAPI.Header.Get(h); w != a {
				t.Errorf("%s: web %q, api %q", h, w, a)
			}
		}
		if got := fromAPI.Header.Get("Content-Security-Policy"); got != httpx.DownloadCSP {
			t.Errorf("Content-Security-Policy = %q, want %q", got, httpx.DownloadCSP)
		}
		if got := fromAPI.Header.Get("Content-Disposition"); !strings.HasPrefix(got, "attachment;") || strings.Contains(got, "script") {
			t.Errorf("Content-Disposition = %q", got)
		}
	})
}

// The chain gives every answer, from either room, a request id and the
// security headers, and knows the caller by session or token.
func TestChainWrapsBothRooms(t *testing.T) {
	e := newEdge(t, storetest.Open(t))
	for _, tc := range []struct {
		name string
		resp *http.Response
		want int
	}{
		{"page", e.web(t, "GET", "/account", nil), http.StatusOK},
		{"api", e.api(t, "GET", "/api/v1/me", ""), http.StatusOK},
		{"no route", e.web(t, "GET", "/nowhere", nil), http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.resp.StatusCode != tc.want {
				t.Errorf("status %d, want %d", tc.resp.StatusCode, tc.want)
			}
			if tc.resp.Header.Get("X-Request-Id") == "" || tc.resp.Header.Get("Content-Security-Policy") == "" ||
				tc.resp.Header.Get("X-Frame-Options") != "DENY" {
				t.Errorf("headers %v", tc.resp.Header)
			}
		})
	}
}

func TestSafeFilename(t *testing.T) {
	for in, want := range map[string]string{
		"incidents.csv":             "incidents.csv",
		`a"; filename=evil.html`:    "a___filename_evil.html",
		"../../etc/passwd":          "_.._etc_passwd",
		"Wanjiku Njeri\r\nSet: x":   "Wanjiku_Njeri__Set__x",
		"":                          "download",
		"...":                       "download",
		"ripoti-ya-mwaka-2024.xlsx": "ripoti-ya-mwaka-2024.xlsx",
	} {
		if got := httpx.SafeFilename(in); got != want {
			t.Errorf("SafeFilename(%q) = %q, want %q", in, got, want)
		}
	}
}
