package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/storetest"
)

var csrfMetaRe = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)

// TestCSRFMaskedAndHtmx: each page carries the session's token under a
// fresh mask (BREACH), in its forms and in the meta element haki.js gives
// htmx; a masked token is accepted in the form field and in htmx's
// X-CSRF-Token header, and a wrong one in either place is refused.
func TestCSRFMaskedAndHtmx(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	c := app.sessionClient(t, haki.RoleCaseworker)
	raw := c.csrf

	a, b := c.get("/"), c.get("/")
	if a.status != 200 || b.status != 200 {
		t.Fatalf("home: %d %d", a.status, b.status)
	}
	fa, fb := csrfToken(t, a.body), csrfToken(t, b.body)
	if fa == fb || strings.Contains(a.body, raw) {
		t.Fatal("the page carries the plain token or the same mask twice")
	}
	m := csrfMetaRe.FindStringSubmatch(a.body)
	if m == nil {
		t.Fatal("no csrf-token meta element")
	}
	for _, want := range []string{`htmx.min.`, `name="htmx-config"`, `"allowEval":false`} {
		if !strings.Contains(a.body, want) {
			t.Errorf("layout lacks %s", want)
		}
	}

	// A masked token in the form field.
	if res := c.post("/lang", url.Values{"csrf": {fa}, "lang": {"sw"}, "next": {"/"}}); res.status != http.StatusSeeOther {
		t.Errorf("masked form token: %d, want 303", res.status)
	}
	// htmx: no csrf field, the token in the header.
	htmx := func(token string) int {
		req, _ := http.NewRequest(http.MethodPost, app.srv.URL+"/lang", strings.NewReader(url.Values{"lang": {"en"}, "next": {"/"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("HX-Request", "true")
		if token != "" {
			req.Header.Set(httpx.CSRFHeader, token)
		}
		return c.do(req).status
	}
	if st := htmx(m[1]); st != http.StatusSeeOther {
		t.Errorf("htmx with the meta token: %d, want 303", st)
	}
	if st := htmx(fb); st != http.StatusSeeOther {
		t.Errorf("htmx with another page's mask: %d, want 303", st)
	}
	other := httpx.MaskCSRF(strings.Repeat("x", len(raw)))
	for _, tok := range []string{"", "wrong", other} {
		if st := htmx(tok); st != http.StatusForbidden {
			t.Errorf("htmx with token %q: %d, want 403", tok, st)
		}
	}
}

// TestPagesCompressed: through the server's one chain, a page goes out
// gzipped to a client that takes it, with Vary, and its masked token is
// accepted; static files are named by content hash and cached for a year.
func TestPagesCompressed(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	c := app.sessionClient(t, haki.RoleCaseworker)
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	raw := &http.Client{Transport: tr, Jar: c.http.Jar, CheckRedirect: c.http.CheckRedirect}
	get := func(path, ae string) (*http.Response, []byte) {
		req, _ := http.NewRequest(http.MethodGet, app.srv.URL+path, nil)
		if ae != "" {
			req.Header.Set("Accept-Encoding", ae)
		}
		res, err := raw.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, b
	}
	res, b := get("/", "gzip, deflate, br")
	if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "gzip" || res.Header.Get("Vary") != "Accept-Encoding" {
		t.Fatalf("home: %d %v", res.StatusCode, res.Header)
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(zr)
	if res := c.post("/lang", url.Values{"csrf": {csrfToken(t, string(body))}, "lang": {"en"}, "next": {"/"}}); res.status != http.StatusSeeOther {
		t.Errorf("token from a compressed page: %d", res.status)
	}
	if res, _ := get("/", ""); res.Header.Get("Content-Encoding") != "" || res.Header.Get("Vary") != "Accept-Encoding" {
		t.Errorf("without Accept-Encoding: %v", res.Header)
	}
	css := regexp.MustCompile(`/static/haki\.[0-9a-f]{10}\.css`).FindString(string(body))
	if css == "" {
		t.Fatal("no hashed stylesheet")
	}
	if res, _ := get(css, "gzip"); res.Header.Get("Content-Encoding") != "gzip" || res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Errorf("stylesheet: %v", res.Header)
	}
}
