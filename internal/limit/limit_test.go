package limit

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestBurstThenOneEvery(t *testing.T) {
	c := &clock{time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)}
	l := New(time.Minute, 3, 100, c.now)
	for i := range 3 {
		if !l.Allow("a") {
			t.Fatalf("act %d of the burst refused", i+1)
		}
	}
	if l.Allow("a") {
		t.Fatal("a fourth act at once was allowed")
	}
	if !l.Allow("b") {
		t.Fatal("another key was refused because of the first")
	}
	c.t = c.t.Add(59 * time.Second)
	if l.Allow("a") {
		t.Fatal("allowed before a minute had passed")
	}
	c.t = c.t.Add(time.Second)
	if !l.Allow("a") {
		t.Fatal("refused a minute later")
	}
	if got := l.Refused(); got != 2 {
		t.Fatalf("Refused() = %d, want 2", got)
	}
}

func TestFloodOfKeysBounded(t *testing.T) {
	c := &clock{time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)}
	l := New(time.Minute, 2, 50, c.now)
	for i := range 1000 {
		l.Allow(fmt.Sprintf("10.0.%d.%d", i/256, i%256))
	}
	if l.Len() > 50 {
		t.Fatalf("holds %d keys, bound 50", l.Len())
	}
	if l.Allow("192.0.2.1") {
		t.Fatal("a new key was let in while every held key is still counting")
	}
	// Once the held keys have refilled they carry nothing and make room.
	c.t = c.t.Add(2 * time.Minute)
	if !l.Allow("192.0.2.1") {
		t.Fatal("a new key was refused after the held ones refilled")
	}
	if l.Len() != 1 {
		t.Fatalf("after the sweep %d keys are held, want 1", l.Len())
	}
}

func TestKeysNotKeptAsGiven(t *testing.T) {
	l := New(time.Minute, 1, 10, time.Now)
	l.Allow("+254712345678")
	for h := range l.buckets {
		if strings.Contains(string(h[:]), "712345678") {
			t.Fatal("the key is held as given")
		}
	}
	other := New(time.Minute, 1, 10, time.Now)
	if l.hash("x") == other.hash("x") {
		t.Fatal("two limiters hash a key alike: the secret is not random")
	}
}

func TestAddr(t *testing.T) {
	for remote, want := range map[string]string{
		"192.0.2.7:51234":            "192.0.2.7",
		"[2001:db8:1:2:3:4:5:6]:443": "2001:db8:1:2::",
		"[2001:db8:1:2:ffff::1]:80":  "2001:db8:1:2::",
		"not-an-address":             "not-an-address",
		"[::ffff:192.0.2.9]:8080":    "192.0.2.9",
	} {
		r := httptest.NewRequest("GET", "/report", nil)
		r.RemoteAddr = remote
		if got := Addr(r); got != want {
			t.Errorf("Addr(%q) = %q, want %q", remote, got, want)
		}
	}
}
