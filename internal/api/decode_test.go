package api

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/haki-kenya/haki"
)

// requestTypes are the bodies the API decodes, each made fresh.
var requestTypes = map[string]func() any{
	"incident":    func() any { return new(haki.Incident) },
	"person":      func() any { return new(haki.Person) },
	"act":         func() any { return new(haki.Act) },
	"involvement": func() any { return new(haki.Involvement) },
	"source":      func() any { return new(haki.Source) },
	"case":        func() any { return new(CaseJSON) },
	"institution": func() any { return new(haki.Institution) },
	"term":        func() any { return new(TermInput) },
	"new_user":    func() any { return new(NewUser) },
	"user_change": func() any { return new(UserChange) },
	"team":        func() any { return new(NewTeam) },
	"search":      func() any { return new(PersonSearch) },
}

// FuzzDecode feeds arbitrary bytes to the decoder for every request type:
// it must never panic, and every error must be written as a 400 problem
// (or a 422 naming a date field), never a 500.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"title": "x", "types": ["torture"], "occurred": "~2017-03", "county_code": "KE-047"}`))
	s := New(Config{Logger: slog.New(slog.DiscardHandler)})
	f.Fuzz(func(t *testing.T, data []byte) {
		for name, mk := range requestTypes {
			r := httptest.NewRequest("POST", "/api/v1/x", bytes.NewReader(data))
			rec := httptest.NewRecorder()
			v := mk()
			err := decode(rec, r, v)
			if err == nil {
				if _, err := json.Marshal(v); err != nil {
					t.Fatalf("%s: decoded value does not encode: %v", name, err)
				}
				continue
			}
			s.writeError(rec, r, err)
			if rec.Code != http.StatusBadRequest && rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("%s: status %d for %q: %s", name, rec.Code, data, rec.Body)
			}
			var p problemBody
			if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.Status != rec.Code || p.Detail == "" {
				t.Fatalf("%s: bad problem %q: %v", name, rec.Body, err)
			}
			if rec.Code == http.StatusUnprocessableEntity && len(p.Errors) == 0 {
				t.Fatalf("%s: 422 without fields for %q", name, data)
			}
		}
	})
}

func TestDecodeProblems(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		status     int
		field      string
	}{
		{"ok", `{"title": "x", "occurred": "2017"}`, 0, ""},
		{"null everywhere", `{"title": null, "types": null, "occurred": null, "latitude": null}`, 0, ""},
		{"duplicate keys", `{"title": "a", "title": "b"}`, 0, ""},
		{"empty", ``, 400, ""},
		{"whitespace", " \n\t", 400, ""},
		{"null", `null`, 0, ""},
		{"array", `[]`, 400, ""},
		{"string", `"x"`, 400, ""},
		{"trailing", `{} x`, 400, ""},
		{"two objects", `{}{}`, 400, ""},
		{"unknown", `{"nope": 1}`, 400, "nope"},
		{"wrong type", `{"victim_count": "three"}`, 400, "victim_count"},
		{"huge number", `{"victim_count": 1e400}`, 400, "victim_count"},
		{"huge float", `{"latitude": 1e400}`, 400, "latitude"},
		{"negative overflow", `{"version": -99999999999999999999}`, 400, "version"},
		{"date number", `{"occurred": 2017}`, 422, "occurred"},
		{"date object", `{"occurred": {"year": 2017}}`, 422, "occurred"},
		{"bad date", `{"occurred": "31/02/2017"}`, 422, "occurred"},
		{"bad date other case", `{"Occurred": "2017-13"}`, 422, "occurred"},
		{"deep", string(bytes.Repeat([]byte("["), 20000)), 400, ""},
		{"invalid utf8", "{\"title\": \"\xff\xfe\"}", 400, ""},
		{"nul escape", `{"title": "a\u0000b"}`, 400, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := decodeBytes([]byte(tc.body), new(haki.Incident))
			if tc.status == 0 {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			rec := httptest.NewRecorder()
			New(Config{}).writeError(rec, httptest.NewRequest("POST", "/", nil), err)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.status, rec.Body)
			}
			var p problemBody
			json.Unmarshal(rec.Body.Bytes(), &p)
			if _, ok := p.Errors[tc.field]; tc.field != "" && !ok {
				t.Errorf("errors lack %q: %s", tc.field, rec.Body)
			}
		})
	}
}
