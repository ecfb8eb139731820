// Package limit bounds how often one key may act: a network address on
// the public report page, a phone's tag on the SMS and USSD hooks.
//
// Keys are never kept as given. Each is hashed with a secret drawn when the
// limiter is made, so a memory dump holds no address or phone number, and
// nothing here is ever written to disk or a log. Memory is bounded: a
// limiter holds at most a fixed number of keys, and when a flood of new
// keys fills it, keys whose buckets have refilled (they carry no state) are
// dropped first; if none has, a new key is refused until one does, so a
// flood costs refusals, not memory.
package limit

import (
	"crypto/rand"
	"crypto/sha256"
	"net"
	"net/http"
	"sync"
	"time"
)

// Limiter is a token bucket per key: Burst acts at once, then one more
// every Every. The zero value is not usable; call New.
type Limiter struct {
	every   time.Duration
	burst   float64
	maxKeys int
	now     func() time.Time

	mu      sync.Mutex
	secret  [32]byte
	buckets map[[16]byte]*bucket
	refused int64
}

type bucket struct {
	tokens float64
	at     time.Time
}

// New returns a limiter allowing burst acts per key at once and one more
// every every, holding at most maxKeys keys. now is the clock (time.Now in
// production, a fixed clock in tests).
func New(every time.Duration, burst, maxKeys int, now func() time.Time) *Limiter {
	if every <= 0 || burst < 1 || maxKeys < 1 {
		panic("limit: every, burst and maxKeys must be positive")
	}
	l := &Limiter{every: every, burst: float64(burst), maxKeys: maxKeys, now: now,
		buckets: make(map[[16]byte]*bucket)}
	if _, err := rand.Read(l.secret[:]); err != nil {
		panic("limit: no randomness: " + err.Error())
	}
	return l
}

// Allow reports whether key may act now, and if so counts the act.
func (l *Limiter) Allow(key string) bool {
	h := l.hash(key)
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[h]
	if !ok {
		if len(l.buckets) >= l.maxKeys && !l.sweep(now) {
			l.refused++
			return false
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[h] = b
	}
	l.refill(b, now)
	if b.tokens < 1 {
		l.refused++
		return false
	}
	b.tokens--
	return true
}

// Refused is how many acts were refused since the limiter was made.
func (l *Limiter) Refused() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.refused
}

// Len is how many keys the limiter holds.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}

func (l *Limiter) refill(b *bucket, now time.Time) {
	if d := now.Sub(b.at); d > 0 {
		b.tokens = min(l.burst, b.tokens+float64(d)/float64(l.every))
		b.at = now
	}
}

// sweep drops the keys whose buckets are full again and reports whether
// any room was made. It runs only when the limiter is full, so its cost is
// paid by floods, not by ordinary use.
func (l *Limiter) sweep(now time.Time) bool {
	for h, b := range l.buckets {
		l.refill(b, now)
		if b.tokens >= l.burst {
			delete(l.buckets, h)
		}
	}
	return len(l.buckets) < l.maxKeys
}

func (l *Limiter) hash(key string) [16]byte {
	s := sha256.New()
	s.Write(l.secret[:])
	s.Write([]byte(key))
	var h [16]byte
	copy(h[:], s.Sum(nil))
	return h
}

// Addr is the key for the network address a request came from: the host
// of its RemoteAddr, without the port, so one phone's connections share a
// bucket. An IPv6 address counts by its /64, which one subscriber usually
// holds whole. Behind a reverse proxy every request shares the proxy's
// address; run Haki's public pages directly or give the proxy its own
// limits (docs/OPERATIONS.md).
func Addr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return host
	}
	if ip.To4() == nil {
		return ip.Mask(net.CIDRMask(64, 128)).String()
	}
	return ip.String()
}
