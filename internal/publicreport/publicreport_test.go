package publicreport

import (
	"bytes"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
)

func testKey(t testing.TB) *Key {
	t.Helper()
	priv, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return NewKey(priv)
}

func TestSealOpen(t *testing.T) {
	k := testKey(t)
	env, err := Seal(k.ID, k.Private.PublicKey(), []byte(`{"v":1}`))
	if err != nil {
		t.Fatal(err)
	}
	got, err := k.Open(env)
	if err != nil || string(got) != `{"v":1}` {
		t.Fatalf("Open = %q, %v", got, err)
	}
	// Each report has its own ephemeral key and IV.
	env2, _ := Seal(k.ID, k.Private.PublicKey(), []byte(`{"v":1}`))
	if env2.EPK == env.EPK || env2.IV == env.IV || env2.CT == env.CT {
		t.Error("two seals share a key, IV or ciphertext")
	}

	other := testKey(t)
	if _, err := other.Open(env); err != ErrUnknownKey {
		t.Errorf("another key: %v, want ErrUnknownKey", err)
	}
	bad := *env
	bad.Kid = other.ID
	if _, err := other.Open(&bad); err != ErrBadEnvelope {
		t.Errorf("sealed to another key under its id: %v", err)
	}
	for name, mutate := range map[string]func(e *Envelope){
		"ciphertext": func(e *Envelope) { e.CT = "A" + e.CT[1:] },
		"iv":         func(e *Envelope) { e.IV = b64.EncodeToString(make([]byte, 12)) },
		"short iv":   func(e *Envelope) { e.IV = "AAAA" },
		"epk off":    func(e *Envelope) { e.EPK.X = e.EPK.Y },
		"epk kty":    func(e *Envelope) { e.EPK.Kty = "RSA" },
		"epk swap":   func(e *Envelope) { e.EPK = PublicJWK(other.Private.PublicKey()) },
	} {
		e := *env
		mutate(&e)
		if _, err := k.Open(&e); err != ErrBadEnvelope {
			t.Errorf("%s changed: %v, want ErrBadEnvelope", name, err)
		}
	}
}

func TestKeyID(t *testing.T) {
	k := testKey(t)
	j := k.JWK()
	if j.Kid != k.ID || len(k.ID) != 43 || j.Kty != "EC" || j.Crv != "P-256" {
		t.Errorf("JWK %+v", j)
	}
	if NewKey(k.Private).ID != k.ID {
		t.Error("key id not stable")
	}
	b, _ := json.Marshal(j)
	if strings.Contains(string(b), `"d"`) {
		t.Error("the JWK carries the private key")
	}
}

func TestChallenge(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	c := Challenges{Key: make([]byte, 32), Bits: 8, TTL: 10 * time.Minute}
	ch := c.Issue(now)
	idem := "abcdefghijklmnopqrstuv"
	nonce := Solve(ch, idem, 8)
	if err := c.Verify(ch, idem, nonce, now.Add(time.Minute)); err != nil {
		t.Fatalf("good answer refused: %v", err)
	}
	bad := "0"
	for LeadingZeroBits(Work(ch, idem, bad)) >= 8 {
		bad += "1"
	}
	for name, tc := range map[string]struct {
		ch, idem, nonce string
		at              time.Time
	}{
		"wrong nonce":     {ch, idem, bad, now},
		"other report":    {ch, idem + "x", nonce, now.Add(time.Second)},
		"expired":         {ch, idem, nonce, now.Add(11 * time.Minute)},
		"from the future": {ch, idem, nonce, now.Add(-2 * time.Minute)},
		"forged":          {strings.Replace(ch, ".8.", ".1.", 1), idem, nonce, now},
		"no mac":          {ch[:strings.LastIndexByte(ch, '.')], idem, nonce, now},
		"empty":           {"", idem, nonce, now},
		"letters":         {ch, idem, "12a", now},
	} {
		if err := c.Verify(tc.ch, tc.idem, tc.nonce, tc.at); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	other := Challenges{Key: []byte("another key of thirty-two bytes!"), Bits: 8, TTL: time.Minute}
	if err := other.Verify(ch, idem, nonce, now); err == nil {
		t.Error("a challenge of another server accepted")
	}
	// Raising the work refuses answers to old, easier challenges.
	harder := c
	harder.Bits = 24
	if LeadingZeroBits(Work(ch, idem, nonce)) < 24 && harder.Verify(ch, idem, nonce, now) == nil {
		t.Error("an answer below the current work accepted")
	}
}

func TestFormToken(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	c := Challenges{Key: make([]byte, 32), Bits: 8, TTL: 10 * time.Minute}
	tok := c.FormToken(now)
	if err := c.CheckFormToken(tok, now.Add(10*time.Second)); err != nil {
		t.Errorf("good token refused: %v", err)
	}
	if c.CheckFormToken(tok, now.Add(time.Second)) == nil {
		t.Error("a form sent within a second accepted")
	}
	if c.CheckFormToken(tok, now.Add(25*time.Hour)) == nil {
		t.Error("a day-old form accepted")
	}
	if c.CheckFormToken(c.Issue(now), now.Add(10*time.Second)) == nil {
		t.Error("a challenge accepted as a form token")
	}
	if c.CheckFormToken(strings.Replace(tok, "f1.", "f1.1", 1), now.Add(10*time.Second)) == nil {
		t.Error("a forged token accepted")
	}
}

func TestDecode(t *testing.T) {
	full := `{"v":1,"lang":"sw","kind":"full","what":"shot","when":"2026-02-20","county":"KE-047","subcounty":"KE-047-01",
	"place":"Kayole","lat":-1.2833333333,"lon":36.9,"account":"Walimpiga risasi.","harmed":[{"name":"Juma","sex":"male","age":"about 20","fate":"injured"},{}],
	"perpetrator":{"service":"kps","station":"Kayole","vehicle":"KCA 123X","names":""},"contact":{"method":"sms","address":"0712 345 678","when":"evenings"},"wants_help":true}`
	r, err := Decode([]byte(full))
	if err != nil {
		t.Fatal(err)
	}
	if r.Channel != "web" || r.Kind != "full" || r.Language != "sw" || r.What != "shot" || r.CountyCode != "KE-047" ||
		r.Occurred.ISO() != "2026-02-20" || len(r.Harmed) != 1 || r.Harmed[0].Name != "Juma" || !r.WantsHelp ||
		r.Perpetrator.Vehicle != "KCA 123X" || r.Contact.Method != "sms" || r.Contact.Address != "+254712345678" ||
		*r.Latitude != -1.28333 {
		t.Errorf("decoded %+v", r)
	}
	alert, err := Decode([]byte(`{"v":1,"lang":"en","kind":"alert","what":"taken","county":"KE-001","phone":"0722000111","perpetrator":{},"contact":{}}`))
	if err != nil {
		t.Fatal(err)
	}
	if alert.Contact != (haki.SafeContact{Method: "call", Address: "+254722000111"}) {
		t.Errorf("alert contact %+v", alert.Contact)
	}
	anon, _ := Decode([]byte(`{"v":1,"lang":"en","kind":"alert","what":"taken","county":"KE-001","perpetrator":{},"contact":{}}`))
	if anon == nil || anon.Contact.Method != "none" {
		t.Errorf("anonymous by default: %+v", anon)
	}
	for name, body := range map[string]string{
		"not json":      `hello`,
		"version":       `{"v":2,"kind":"alert","what":"taken","county":"KE-001"}`,
		"kind":          `{"v":1,"kind":"poem","what":"taken","county":"KE-001"}`,
		"unknown field": `{"v":1,"kind":"alert","what":"taken","county":"KE-001","ip":"1.2.3.4"}`,
		"trailing":      `{"v":1,"kind":"alert","what":"taken","county":"KE-001"} {}`,
		"bad date":      `{"v":1,"kind":"full","what":"shot","county":"KE-001","when":"yesterday"}`,
		"half position": `{"v":1,"kind":"alert","what":"shot","lat":1}`,
		"off the earth": `{"v":1,"kind":"alert","what":"shot","lat":100,"lon":1}`,
		"nul":           `{"v":1,"kind":"alert","what":"taken","county":"KE-001","harmed":[{"name":"a\u0000b"}]}`,
		"two contacts":  `{"v":1,"kind":"full","what":"shot","county":"KE-001","phone":"0712345678","contact":{"method":"sms","address":"0712345678"}}`,
	} {
		_, err := Decode([]byte(body))
		if haki.ErrorCode(err) != haki.EINVALID {
			t.Errorf("%s: %v, want EINVALID", name, err)
		}
	}
}

func TestParseSubmission(t *testing.T) {
	good := `{"idempotency_key":"abcdefghijklmnop","envelope":{"kid":"k","epk":{"kty":"EC","crv":"P-256","x":"a","y":"b"},"iv":"i","ct":"c"},"pow":{"challenge":"c","nonce":"1"},"website":""}`
	if _, err := ParseSubmission([]byte(good)); err != nil {
		t.Fatalf("good submission: %v", err)
	}
	for name, body := range map[string]string{
		"short key":   strings.Replace(good, "abcdefghijklmnop", "abc", 1),
		"key chars":   strings.Replace(good, "abcdefghijklmnop", "abcdefghijklmno/", 1),
		"no envelope": `{"idempotency_key":"abcdefghijklmnop"}`,
		"extra":       strings.Replace(good, `"website"`, `"ip":"1.2.3.4","website"`, 1),
		"array":       `[]`,
	} {
		if _, err := ParseSubmission([]byte(body)); haki.ErrorCode(err) != haki.EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestMediaSealOpen(t *testing.T) {
	priv, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	k := NewKey(priv)
	photo := []byte("\xff\xd8\xff a photo")
	body, err := SealMedia(k.ID, priv.PublicKey(), "abcdefghijklmnop", 2, photo)
	if err != nil {
		t.Fatal(err)
	}
	line, ct, _ := bytes.Cut(body, []byte("\n"))
	h, err := ParseMediaHeader(line)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(body, []byte("a photo")) {
		t.Fatal("the body holds the plaintext")
	}
	got, err := k.OpenMedia(h, bytes.Clone(ct))
	if err != nil || !bytes.Equal(got, photo) {
		t.Fatalf("open: %q %v", got, err)
	}
	// Moved to another place or another report, it does not open.
	for _, h2 := range []MediaHeader{{IdempotencyKey: h.IdempotencyKey, Index: 3}, {IdempotencyKey: "bbcdefghijklmnop", Index: 2}} {
		h2.Kid, h2.EPK, h2.IV = h.Kid, h.EPK, h.IV
		if _, err := k.OpenMedia(&h2, bytes.Clone(ct)); err != ErrBadEnvelope {
			t.Errorf("moved file opened: %v", err)
		}
	}
	for _, bad := range []string{`{"idempotency_key":"abcdefghijklmnop","index":5,"kid":"k"}`, `{"idempotency_key":"short","index":0,"kid":"k"}`, `{"index":0}x`} {
		if _, err := ParseMediaHeader([]byte(bad)); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}
