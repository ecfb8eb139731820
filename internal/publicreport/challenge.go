package publicreport

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"math/bits"
	"strconv"
	"strings"
	"time"
)

// A proof of work makes each submission cost the sender a little: about a
// fifth of a second to a second on a cheap phone, nothing to a person, a
// real cost to a flood. The challenge is stateless: the server signs it
// with a key of its own and checks the signature and age when the answer
// comes back, so issuing one costs no memory.
//
// A challenge is "v1.<unix seconds>.<bits>.<16 random bytes>.<mac>" (the
// random bytes and mac in base64url). The answer is a nonce, a decimal
// number, such that SHA-256(challenge ":" idempotency key ":" nonce) starts
// with at least <bits> zero bits. Binding the answer to the report's
// idempotency key means one solved challenge is worth one report at most:
// sent again, the same key gives back the same report.

// Challenges is the issuer and checker of proof-of-work challenges.
type Challenges struct {
	Key  []byte        // the signing key: 32 secret bytes
	Bits int           // the work asked: leading zero bits of the hash
	TTL  time.Duration // how long an issued challenge stays good
}

// DefaultBits is the work asked by default: 2^13 hashes on average.
const DefaultBits = 13

// DefaultTTL is how long a challenge may wait for its answer.
const DefaultTTL = 15 * time.Minute

// ErrChallenge is any answer that does not count: a forged, expired or
// malformed challenge, or a nonce that does not do the work.
var ErrChallenge = errors.New("publicreport: the proof of work does not check")

// Issue returns a fresh challenge.
func (c Challenges) Issue(now time.Time) string {
	var r [16]byte
	rand.Read(r[:])
	body := "v1." + itoa(now.Unix()) + "." + itoa(int64(c.Bits)) + "." + b64.EncodeToString(r[:])
	return body + "." + c.mac(body)
}

func (c Challenges) mac(body string) string {
	m := hmac.New(sha256.New, c.Key)
	m.Write([]byte("haki report challenge\x00" + body))
	return b64.EncodeToString(m.Sum(nil)[:16])
}

// Verify checks that nonce answers challenge for the idempotency key.
func (c Challenges) Verify(challenge, idemKey, nonce string, now time.Time) error {
	if len(challenge) > 128 || len(nonce) == 0 || len(nonce) > 20 || strings.Trim(nonce, "0123456789") != "" {
		return ErrChallenge
	}
	i := strings.LastIndexByte(challenge, '.')
	if i < 0 {
		return ErrChallenge
	}
	body, mac := challenge[:i], challenge[i+1:]
	if !hmac.Equal([]byte(mac), []byte(c.mac(body))) {
		return ErrChallenge
	}
	parts := strings.Split(body, ".")
	if len(parts) != 4 || parts[0] != "v1" {
		return ErrChallenge
	}
	issued, ok1 := atoi(parts[1])
	want, ok2 := atoi(parts[2])
	if !ok1 || !ok2 {
		return ErrChallenge
	}
	at := time.Unix(issued, 0)
	// A challenge from a little in the future is a clock step, not an attack.
	if now.Sub(at) > c.TTL || at.Sub(now) > time.Minute {
		return ErrChallenge
	}
	if int(want) < c.Bits {
		want = int64(c.Bits) // a challenge issued before the work was raised
	}
	if LeadingZeroBits(Work(challenge, idemKey, nonce)) < int(want) {
		return ErrChallenge
	}
	return nil
}

// FormToken returns the token of the plain form, for phones without
// JavaScript, which cannot do the work: it proves the form came from this
// server, and when (CheckFormToken wants a person's pause before sending).
func (c Challenges) FormToken(now time.Time) string {
	var r [16]byte
	rand.Read(r[:])
	body := "f1." + itoa(now.Unix()) + "." + b64.EncodeToString(r[:])
	return body + "." + c.mac(body)
}

// Form tokens are good from MinFormAge after the page was served until MaxFormAge.
const (
	MinFormAge = 3 * time.Second
	MaxFormAge = 24 * time.Hour
)

// CheckFormToken checks a plain form's token.
func (c Challenges) CheckFormToken(token string, now time.Time) error {
	i := strings.LastIndexByte(token, '.')
	if len(token) > 128 || i < 0 || !hmac.Equal([]byte(token[i+1:]), []byte(c.mac(token[:i]))) {
		return ErrChallenge
	}
	parts := strings.Split(token[:i], ".")
	if len(parts) != 3 || parts[0] != "f1" {
		return ErrChallenge
	}
	issued, ok := atoi(parts[1])
	if !ok {
		return ErrChallenge
	}
	age := now.Sub(time.Unix(issued, 0))
	if age < MinFormAge || age > MaxFormAge {
		return ErrChallenge
	}
	return nil
}

// Work is the hash a nonce must make small.
func Work(challenge, idemKey, nonce string) [32]byte {
	return sha256.Sum256([]byte(challenge + ":" + idemKey + ":" + nonce))
}

// LeadingZeroBits counts the zero bits at the start of a hash.
func LeadingZeroBits(h [32]byte) int {
	n := 0
	for i := 0; i < len(h); i += 8 {
		w := binary.BigEndian.Uint64(h[i:])
		if w != 0 {
			return n + bits.LeadingZeros64(w)
		}
		n += 64
	}
	return n
}

// Solve finds a nonce for challenge, as the page does; for tests and the
// benchmark client.
func Solve(challenge, idemKey string, bits int) string {
	for n := int64(0); ; n++ {
		s := itoa(n)
		if LeadingZeroBits(Work(challenge, idemKey, s)) >= bits {
			return s
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// atoi reads a small non-negative decimal number.
func atoi(s string) (int64, bool) {
	if s == "" || len(s) > 12 {
		return 0, false
	}
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}
