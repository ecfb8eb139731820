package publicreport

import (
	"crypto/ecdh"
	"encoding/json"
	"testing"

	"github.com/haki-kenya/haki"
)

// FuzzDecode feeds the report decoder anything: it either reads a report
// or answers EINVALID, never panics or another error.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"v":1,"lang":"en","kind":"alert","what":"taken","county":"KE-001","perpetrator":{},"contact":{}}`,
		`{"v":1,"lang":"sw","kind":"full","what":"shot","when":"~2026-02","county":"KE-047","lat":-1.2,"lon":36.8,"harmed":[{"name":"A","fate":"killed"}],"perpetrator":{"service":"kps"},"contact":{"method":"call","address":"0712345678"},"phone":""}`,
		`{"v":1}`, `null`, `{}`, `[]`, `{"v":1,"kind":"alert","lat":1e400}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := Decode(b)
		if err != nil {
			if haki.ErrorCode(err) != haki.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		if r.Channel != "web" || (r.Kind != "alert" && r.Kind != "full") || (r.Language != "en" && r.Language != "sw") || r.Contact.Method == "" {
			t.Fatalf("decoded %+v", r)
		}
		for _, s := range []string{r.What, r.CountyCode, r.Account, r.PlaceName, r.Contact.Address} {
			if !haki.ValidText(s) {
				t.Fatalf("text that cannot be stored: %q", s)
			}
		}
		if (r.Latitude == nil) != (r.Longitude == nil) {
			t.Fatal("half a position")
		}
	})
}

// fuzzKey is a fixed key so that the seeds open.
var fuzzKey = func() *Key {
	raw := make([]byte, 32)
	raw[31] = 7
	priv, err := ecdh.P256().NewPrivateKey(raw)
	if err != nil {
		panic(err)
	}
	return NewKey(priv)
}()

// FuzzOpenSubmission feeds the submission parser and the envelope opener
// anything: errors only, never a panic.
func FuzzOpenSubmission(f *testing.F) {
	env, err := Seal(fuzzKey.ID, fuzzKey.Private.PublicKey(), []byte(`{"v":1}`))
	if err != nil {
		f.Fatal(err)
	}
	good := `{"idempotency_key":"abcdefghijklmnopq","envelope":` + string(marshal(env)) + `,"pow":{"challenge":"x","nonce":"1"},"website":""}`
	f.Add([]byte(good))
	f.Add([]byte(`{"idempotency_key":"abcdefghijklmnopq","envelope":{"kid":"x","epk":{"kty":"EC","crv":"P-256","x":"","y":""},"iv":"","ct":""}}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ParseSubmission(b)
		if err != nil {
			if haki.ErrorCode(err) != haki.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		if pt, err := fuzzKey.Open(s.Envelope); err == nil && pt == nil {
			t.Fatal("opened to nothing")
		}
	})
}

// marshal is json.Marshal for the package's own types, which cannot fail.
func marshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// FuzzParseMediaHeader checks that no header line makes the parser panic,
// and that what it accepts is a valid key and place.
func FuzzParseMediaHeader(f *testing.F) {
	f.Add([]byte(`{"idempotency_key":"abcdefghijklmnop","index":0,"kid":"k","epk":{"kty":"EC","crv":"P-256","x":"a","y":"b"},"iv":"AAAAAAAAAAAAAAAA"}`))
	f.Add([]byte(`{"idempotency_key":"x","index":9}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := ParseMediaHeader(b)
		if err != nil {
			return
		}
		if !ValidIdemKey(h.IdempotencyKey) || h.Index < 0 || h.Index >= MaxMediaFiles {
			t.Fatalf("accepted %+v", h)
		}
	})
}
