package httpx_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// zeroID stands in for a record id: no record has it.
const zeroID = "00000000-0000-0000-0000-000000000000"

var wildcard = regexp.MustCompile(`\{[a-z_$]+\}`)

// fill puts id in every wildcard of a route pattern's path.
func fill(path, id string) string {
	return wildcard.ReplaceAllStringFunc(path, func(w string) string {
		if w == "{$}" {
			return ""
		}
		return id
	})
}

// send makes a request as the administrator (browser session for pages,
// token for the API) and returns the status and body.
func (e *edge) send(t *testing.T, method, path, contentType string, body []byte) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if strings.HasPrefix(path, "/api/") {
		req.Header.Set("Authorization", "Bearer "+e.token)
	} else {
		req.AddCookie(e.cookie)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// badText are the values no route may take: a NUL character, and bytes
// that are not UTF-8, URL-encoded.
var badText = map[string]string{"nul": "%00", "latin1": "%E9t%E9", "cut": "%F0%9F"}

// Every route of web and API refuses a NUL or bytes that are not UTF-8 in
// its path or query with 422 and a message, on both engines, before its
// handler runs: none answers 500 (PostgreSQL refuses such text).
func TestBadTextInPathAndQuery(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		e := newEdge(t, st)
		var patterns []string
		patterns = append(patterns, e.ui.Patterns()...)
		for _, rt := range e.apiServer.Routes() {
			patterns = append(patterns, rt.Pattern())
		}
		patterns = append(patterns, e.hooks.Patterns()...)
		for _, p := range patterns {
			method, path, ok := strings.Cut(p, " ")
			if !ok || path == "/" {
				continue // the catch-all
			}
			for kind, bad := range badText {
				for _, target := range []string{"path", "query"} {
					if target == "path" && !strings.Contains(strings.ReplaceAll(path, "{$}", ""), "{") {
						continue
					}
					u := fill(path, zeroID) + "?county=KE-047&q=" + bad
					if target == "path" {
						u = fill(path, "a"+bad)
					}
					body, ct := e.body(method, path)
					status, text := e.send(t, method, u, ct, body)
					if status != http.StatusUnprocessableEntity || !strings.Contains(text, "NUL") {
						t.Errorf("%s %s with %s in the %s: %d, want 422 naming the problem", method, path, kind, target, status)
					}
				}
			}
		}
	})
}

// body is a harmless request body for a route: a form with the CSRF
// token for a page, an empty JSON object for the API.
func (e *edge) body(method, path string) ([]byte, string) {
	switch {
	case method == http.MethodGet || method == http.MethodDelete:
		return nil, ""
	case strings.HasPrefix(path, "/api/"):
		return []byte(`{}`), "application/json"
	}
	return []byte(url.Values{"csrf": {e.csrf}}.Encode()), "application/x-www-form-urlencoded"
}

// Bodies: form fields, JSON strings and multipart names carrying a NUL or
// bytes that are not UTF-8 get 422 (a JSON body 400) on both engines, never 500.
func TestBadTextInBodies(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		e := newEdge(t, st)
		ev := e.mustEvidence(t)
		form := func(kv ...string) []byte {
			v := url.Values{"csrf": {e.csrf}}
			for i := 0; i < len(kv); i += 2 {
				v.Set(kv[i], kv[i+1])
			}
			return []byte(v.Encode())
		}
		const formType, jsonType = "application/x-www-form-urlencoded", "application/json"
		for _, tc := range []struct {
			name, method, path, contentType string
			body                            []byte
		}{
			{"sign-in username", "POST", "/signin", formType, form("username", "admin\x00", "password", "x")},
			{"person name", "POST", "/persons", formType, form("full_name", "Juma\x00 Otieno", "sex", "male")},
			{"person search", "POST", "/persons/search", formType, form("q", "\x00")},
			{"incident search", "POST", "/incidents/search", formType, form("q", "kayole\xff")},
			{"incident title", "POST", "/incidents", formType, form("title", "Beating\x00", "types", "torture")},
			{"professional search", "POST", "/network/professionals/search", formType, form("q", "Wanjiku\x00")},
			{"field name", "POST", "/persons/search", formType, form("q\x00", "x")},
			{"download reason", "POST", "/evidence/" + ev.ID + "/download", formType, form("reason", "court\x00")},
			{"api person", "POST", "/api/v1/persons", jsonType, []byte(`{"full_name":"Juma\u0000 Otieno","sex":"male"}`)},
			{"api person search", "POST", "/api/v1/persons/search", jsonType, []byte(`{"q":"\u0000"}`)},
			{"api professional search", "POST", "/api/v1/professionals/search", jsonType, []byte(`{"q":"Wanjiku\u0000"}`)},
			{"api incident", "POST", "/api/v1/incidents", jsonType, []byte(`{"title":"Beating","narrative":"x\u0000y","types":["torture"]}`)},
			{"api list of strings", "POST", "/api/v1/incidents", jsonType, []byte(`{"title":"Beating","types":["torture\u0000"]}`)},
			{"api raw latin-1", "POST", "/api/v1/persons/search", jsonType, []byte("{\"q\":\"\xe9t\xe9\"}")},
			{"api download reason", "POST", "/api/v1/evidence/" + ev.ID + "/download", jsonType, []byte(`{"reason":"court\u0000"}`)},
			{"gateway sms text", "POST", "/hooks/at/sms?key=" + edgeGatewaySecret, formType, form("from", "+254712345678", "id", "ATXid_1", "text", "help\x00")},
			{"gateway sms field name", "POST", "/hooks/at/sms?key=" + edgeGatewaySecret, formType, form("from", "+254712345678", "id\xff", "ATXid_1")},
		} {
			t.Run(tc.name, func(t *testing.T) {
				status, text := e.send(t, tc.method, tc.path, tc.contentType, tc.body)
				want := http.StatusUnprocessableEntity
				if tc.contentType == jsonType {
					want = http.StatusBadRequest // the API answers a body it cannot take as it answers bad JSON
				}
				if status != want || !strings.Contains(text, "NUL") {
					t.Errorf("%d, want %d naming the problem; %.300s", status, want, text)
				}
			})
		}
		// A NUL in a part's header is refused by the multipart reader
		// itself ("The form could not be read.").
		for _, tc := range []struct{ name, path, field, filename, value, want string }{
			{"page file name", "/incidents/{id}/evidence", "file", "p3\x00.txt", "P3 form", "form could not be read"},
			{"page file name latin-1", "/incidents/{id}/evidence", "file", "p3\xe9.txt", "P3 form", "NUL"},
			{"page field name", "/incidents/{id}/evidence", "kind\x00", "", "medical_report", "form could not be read"},
			{"page field value", "/incidents/{id}/evidence", "description", "", "about\xff", "NUL"},
			{"api file name", "/api/v1/evidence", "file", "p3\x00.txt", "P3 form", "form could not be read"},
			{"api file name latin-1", "/api/v1/evidence", "file", "p3\xe9.txt", "P3 form", "NUL"},
			{"api field value", "/api/v1/evidence", "description", "", "about\x00", "NUL"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				var buf bytes.Buffer
				mw := multipart.NewWriter(&buf)
				if !strings.HasPrefix(tc.path, "/api/") {
					mw.WriteField("csrf", e.csrf)
				} else {
					mw.WriteField("owner_kind", "incident")
					mw.WriteField("owner_id", ev.OwnerID)
				}
				mw.WriteField("kind", "medical_report")
				if tc.filename != "" {
					fw, _ := mw.CreateFormFile(tc.field, tc.filename)
					fw.Write([]byte(tc.value))
				} else {
					mw.WriteField(tc.field, tc.value)
					fw, _ := mw.CreateFormFile("file", "p3.txt")
					fw.Write([]byte("P3 form"))
				}
				mw.Close()
				status, text := e.send(t, "POST", strings.ReplaceAll(tc.path, "{id}", ev.OwnerID), mw.FormDataContentType(), buf.Bytes())
				if status != http.StatusUnprocessableEntity || !strings.Contains(text, tc.want) {
					t.Errorf("%d, want 422 naming the problem; %.300s", status, text)
				}
			})
		}
	})
}

// The headers the server reads are held to the same rule. (Go's client
// will not send such headers, so this goes straight to the handler.)
func TestBadTextInHeaders(t *testing.T) {
	e := newEdge(t, storetest.Open(t))
	for _, h := range []string{"Accept-Language", "User-Agent", "Authorization"} {
		req := httptest.NewRequest("GET", "/account", nil)
		req.AddCookie(e.cookie)
		req.Header.Set(h, "sw\xff")
		rec := httptest.NewRecorder()
		e.srv.Config.Handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", h, rec.Code)
		}
	}
}
