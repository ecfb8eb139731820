package httpx

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
)

// CSRFHeader is the request header htmx sends the page's CSRF token in
// (haki.js copies it from the csrf-token meta element): a request htmx makes
// from a button outside a form has no hidden field to carry it.
const CSRFHeader = "X-CSRF-Token"

// MaskCSRF returns the session's CSRF token hidden under a fresh one-time
// pad, as base64url(pad ‖ pad XOR token). Each page carries a different
// string, so a compressed response never repeats the secret itself and
// BREACH (guessing a secret byte by byte from compressed sizes) has nothing
// stable to find. CSRFMatches undoes the pad.
func MaskCSRF(token string) string {
	pad := make([]byte, len(token))
	if _, err := rand.Read(pad); err != nil {
		panic(err)
	}
	out := make([]byte, 2*len(token))
	copy(out, pad)
	for i := range len(token) {
		out[len(token)+i] = pad[i] ^ token[i]
	}
	return base64.RawURLEncoding.EncodeToString(out)
}

// CSRFMatches reports whether given carries the session's token: masked by
// MaskCSRF, or plain (as a client holding the session itself may send it;
// the plain token never appears in a response, so accepting it gives an
// attacker nothing). The comparison takes constant time.
func CSRFMatches(token, given string) bool {
	if token == "" || given == "" {
		return false
	}
	if b, err := base64.RawURLEncoding.DecodeString(given); err == nil && len(b) == 2*len(token) {
		plain := make([]byte, len(token))
		for i := range plain {
			plain[i] = b[i] ^ b[len(token)+i]
		}
		return subtle.ConstantTimeCompare(plain, []byte(token)) == 1
	}
	return subtle.ConstantTimeCompare([]byte(given), []byte(token)) == 1
}

// CSRFFromRequest returns the token a POST carries: its csrf form field or,
// for htmx requests, the X-CSRF-Token header. The form must be parsed.
func CSRFFromRequest(r *http.Request) string {
	if v := r.PostForm.Get("csrf"); v != "" {
		return v
	}
	return r.Header.Get(CSRFHeader)
}
