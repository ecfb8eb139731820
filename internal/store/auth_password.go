package store

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/haki-kenya/haki"
)

// PasswordParams are the argon2id costs for new password hashes. Stored
// hashes carry their own, so raising these later needs no migration.
type PasswordParams struct {
	Time    uint32
	Memory  uint32 // KiB
	Threads uint8
}

// DefaultPasswordParams cost about 170 ms on two cores.
var DefaultPasswordParams = PasswordParams{Time: 3, Memory: 64 * 1024, Threads: 4}

// HashLimit bounds the password hashes that run at once. Each holds
// PasswordParams.Memory (64 MiB) while it runs, so without a bound a flood
// of sign-ins, wanted or not, takes the server's memory.
type HashLimit struct {
	Running int           // hashes at once
	Waiting int           // callers that may wait for a turn; more are refused at once
	Wait    time.Duration // the longest a caller waits before it is refused
}

// DefaultHashLimit runs two hashes at once (128 MiB) and lets 16 more
// callers wait up to 3 seconds, about what two cores finish in that time.
var DefaultHashLimit = HashLimit{Running: 2, Waiting: 16, Wait: 3 * time.Second}

// SetHashLimit replaces the bound on password hashes. Call it before the
// store serves anyone. A Running of 0 takes DefaultHashLimit (Waiting too,
// as 8 per running hash); a Wait of 0 takes DefaultHashLimit's.
func (s *Store) SetHashLimit(l HashLimit) {
	if l.Running <= 0 {
		l.Running, l.Waiting = DefaultHashLimit.Running, DefaultHashLimit.Waiting
	}
	if l.Wait <= 0 {
		l.Wait = DefaultHashLimit.Wait
	}
	s.hashing = newPasswordGate(l)
}

// ErrBusy refuses a password check or change when others fill every turn.
// Nothing was checked, so it is not a failed sign-in.
var ErrBusy = haki.Errorf(haki.EBUSY, "The server is busy checking other passwords. Wait a few seconds and try again.")

// passwordGate hands out the turns to hash: a caller takes a place in the
// queue (or is refused at once), then waits for a turn (or is refused when
// the wait is over). Only a caller with a turn allocates argon2's memory.
type passwordGate struct {
	turns, places chan struct{}
	wait          time.Duration
	running, peak atomic.Int64
	during        func() // tests: runs inside each turn
}

func newPasswordGate(l HashLimit) *passwordGate {
	return &passwordGate{turns: make(chan struct{}, l.Running), places: make(chan struct{}, l.Running+l.Waiting), wait: l.Wait}
}

// do runs fn in a turn.
func (g *passwordGate) do(ctx context.Context, fn func()) error {
	select {
	case g.places <- struct{}{}:
	default:
		return ErrBusy
	}
	defer func() { <-g.places }()
	timer := time.NewTimer(g.wait)
	defer timer.Stop()
	select {
	case g.turns <- struct{}{}:
	case <-timer.C:
		return ErrBusy
	case <-ctx.Done(): // the caller left; nobody reads the answer
		return ErrBusy
	}
	defer func() { <-g.turns }()
	n := g.running.Add(1)
	defer g.running.Add(-1)
	for p := g.peak.Load(); n > p && !g.peak.CompareAndSwap(p, n); p = g.peak.Load() {
	}
	if g.during != nil {
		g.during()
	}
	fn()
	return nil
}

// hashPassword returns a PHC-style argon2id string of pw, in a turn of
// the gate.
func (s *Store) hashPassword(ctx context.Context, pw string) (string, error) {
	var hash string
	err := s.hashing.do(ctx, func() { hash = hashPassword(pw, s.Password) })
	return hash, err
}

// checkPassword reports whether pw matches the hash, in a turn of the gate.
// An empty hash (no such account) is checked against a made-up one of the
// same cost, so that an unknown name costs what a known one does.
func (s *Store) checkPassword(ctx context.Context, hash, pw string) (bool, error) {
	ok := false
	if hash == "" {
		hash = s.dummyHash()
	}
	err := s.hashing.do(ctx, func() { ok = checkPassword(hash, pw) })
	return ok, err
}

// dummyHash is a hash with the current costs that no password matches:
// its key is random bytes, not the hash of anything, so making it costs
// nothing.
func (s *Store) dummyHash() string {
	b64 := base64.RawStdEncoding.EncodeToString
	p := s.Password
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads, b64(randomBytes(16)), b64(randomBytes(32)))
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return b
}

// hashPassword returns a PHC-style argon2id string.
func hashPassword(pw string, p PasswordParams) string {
	salt := randomBytes(16)
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, 32)
	b64 := base64.RawStdEncoding.EncodeToString
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads, b64(salt), b64(key))
}

// checkPassword reports whether pw matches the hash, in constant time.
func checkPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var p PasswordParams
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}
