// Package publicreport holds what the public reporting page (/report) and
// the server agree on: the envelope a phone seals a report in, the report
// inside it, and the light proof of work asked of each submission. It does
// no I/O; the web room serves it and the store keeps what it opens.
//
// A phone seals a report to the organisation's public key (an ECDH P-256
// key pair whose private half the server keeps under the master key):
//
//	e   = a fresh P-256 key pair, one per report
//	z   = ECDH(e, org public key)            (32 bytes: the x coordinate)
//	k   = HKDF-SHA-256(z, salt = e's public key, uncompressed, 65 bytes,
//	                   info = "haki public report v1")   (32 bytes)
//	ct  = AES-256-GCM(k, iv = 12 random bytes, additional data = kid)
//
// and keeps {kid, epk (e's public key as a JWK), iv, ct} (base64url, no
// padding). Only the holder of the org private key can open it; the
// phone forgets e's private half at once. The page's JavaScript
// (internal/web/static/pubreport.js) does exactly this with WebCrypto.
package publicreport

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
)

// Info is the HKDF info string of the envelope's key derivation; a new
// scheme gets a new string.
const Info = "haki public report v1"

// JWK is a P-256 public key as a JSON Web Key. Kid and Use are set on the
// organisation's key; a phone's ephemeral key carries only Kty, Crv, X, Y
// (any other member it sends is ignored).
type JWK struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Y   string `json:"y"`
	Kid string `json:"kid,omitempty"`
	Use string `json:"use,omitempty"`
	Alg string `json:"alg,omitempty"`
}

// Envelope is a sealed report as a phone keeps and sends it.
type Envelope struct {
	Kid string `json:"kid"`
	EPK JWK    `json:"epk"`
	IV  string `json:"iv"`
	CT  string `json:"ct"`
}

// Key is the organisation's key pair as the page sees it: its id and the
// public half as a JWK.
type Key struct {
	ID      string
	Private *ecdh.PrivateKey
}

// NewKey names a private key by the RFC 7638 thumbprint of its public half.
func NewKey(priv *ecdh.PrivateKey) *Key {
	jwk := PublicJWK(priv.PublicKey())
	canonical := `{"crv":"P-256","kty":"EC","x":"` + jwk.X + `","y":"` + jwk.Y + `"}`
	sum := sha256.Sum256([]byte(canonical))
	return &Key{ID: b64.EncodeToString(sum[:]), Private: priv}
}

// JWK returns the public half, with its key id, for GET /report/key.
func (k *Key) JWK() JWK {
	j := PublicJWK(k.Private.PublicKey())
	j.Kid, j.Use, j.Alg = k.ID, "enc", "ECDH-ES"
	return j
}

var b64 = base64.RawURLEncoding

// PublicJWK returns a P-256 public key as a JWK.
func PublicJWK(pub *ecdh.PublicKey) JWK {
	b := pub.Bytes() // 0x04 || x || y
	return JWK{Kty: "EC", Crv: "P-256", X: b64.EncodeToString(b[1:33]), Y: b64.EncodeToString(b[33:65])}
}

// publicKey reads a JWK as a P-256 public key; a point off the curve is refused.
func (j JWK) publicKey() (*ecdh.PublicKey, error) {
	if j.Kty != "EC" || j.Crv != "P-256" {
		return nil, errBadEnvelope
	}
	x, err1 := b64.DecodeString(j.X)
	y, err2 := b64.DecodeString(j.Y)
	if err1 != nil || err2 != nil || len(x) != 32 || len(y) != 32 {
		return nil, errBadEnvelope
	}
	raw := append(append([]byte{4}, x...), y...)
	pub, err := ecdh.P256().NewPublicKey(raw)
	if err != nil {
		return nil, errBadEnvelope
	}
	return pub, nil
}

// The errors of Open. Neither says more than that the envelope is not one
// this server can open: an attacker learns nothing from the difference.
var (
	errBadEnvelope = errors.New("publicreport: malformed envelope")
	// ErrUnknownKey is an envelope sealed to a key this server does not hold.
	ErrUnknownKey = errors.New("publicreport: envelope sealed to another key")
	// ErrBadEnvelope is any envelope that does not open.
	ErrBadEnvelope = errBadEnvelope
)

// contentKey derives the AES key of an envelope from the shared secret.
func contentKey(shared, epk []byte) ([]byte, error) {
	return hkdf.Key(sha256.New, shared, epk, Info, 32)
}

// Seal seals plaintext to the organisation's public key as a phone does.
// The server never needs it; the tests use it to build what the page sends.
func Seal(kid string, org *ecdh.PublicKey, plaintext []byte) (*Envelope, error) {
	epk, iv, ct, err := seal(org, plaintext, []byte(kid))
	if err != nil {
		return nil, err
	}
	return &Envelope{Kid: kid, EPK: epk, IV: iv, CT: b64.EncodeToString(ct)}, nil
}

// seal seals plaintext to org with the additional data aad.
func seal(org *ecdh.PublicKey, plaintext, aad []byte) (JWK, string, []byte, error) {
	e, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		return JWK{}, "", nil, err
	}
	shared, err := e.ECDH(org)
	if err != nil {
		return JWK{}, "", nil, err
	}
	key, err := contentKey(shared, e.PublicKey().Bytes())
	if err != nil {
		return JWK{}, "", nil, err
	}
	gcm, err := newGCM(key)
	if err != nil {
		return JWK{}, "", nil, err
	}
	iv := make([]byte, gcm.NonceSize())
	if _, err := io.ReadFull(rand.Reader, iv); err != nil {
		return JWK{}, "", nil, err
	}
	ct := gcm.Seal(nil, iv, plaintext, aad)
	return PublicJWK(e.PublicKey()), b64.EncodeToString(iv), ct, nil
}

// Open opens an envelope sealed to k. It returns ErrUnknownKey for another
// key id and ErrBadEnvelope for anything else that does not open.
func (k *Key) Open(env *Envelope) ([]byte, error) {
	if env == nil {
		return nil, errBadEnvelope
	}
	if env.Kid != k.ID {
		return nil, ErrUnknownKey
	}
	ct, err := b64.DecodeString(env.CT)
	if err != nil {
		return nil, errBadEnvelope
	}
	return k.open(env.EPK, env.IV, ct, []byte(env.Kid))
}

// open opens ct (in place) sealed with the ephemeral key epk, the iv and
// the additional data aad.
func (k *Key) open(epkJWK JWK, ivText string, ct, aad []byte) ([]byte, error) {
	epk, err := epkJWK.publicKey()
	if err != nil {
		return nil, err
	}
	iv, err := b64.DecodeString(ivText)
	if err != nil || len(iv) != 12 {
		return nil, errBadEnvelope
	}
	if len(ct) < 16 {
		return nil, errBadEnvelope
	}
	shared, err := k.Private.ECDH(epk)
	if err != nil {
		return nil, errBadEnvelope
	}
	key, err := contentKey(shared, epk.Bytes())
	if err != nil {
		return nil, errBadEnvelope
	}
	gcm, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	pt, err := gcm.Open(ct[:0], iv, ct, aad)
	if err != nil {
		return nil, errBadEnvelope
	}
	return pt, nil
}

func newGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// ParseJWK reads a P-256 public key from a JWK, as the page's script does
// with the organisation's key.
func ParseJWK(j JWK) (*ecdh.PublicKey, error) { return j.publicKey() }
