package demo

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"hash"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
)

// testNow is a fixed clock in the past, so runs are comparable and records
// pass Validate, which rejects dates after the real now.
var testNow = time.Date(2026, 6, 30, 15, 4, 5, 0, time.UTC)

const testPassword = "demo-password-2026"

// recorder is a Sink that keeps every record, in order, and a hash of them.
type recorder struct {
	order        []string // kind of each record, in emission order
	teams        []*haki.Team
	users        []*haki.User
	institutions []*haki.Institution
	persons      []*haki.Person
	incidents    []*haki.Incident
	acts         []*haki.Act
	involvements []*haki.Involvement
	sources      []*haki.Source
	cases        []*haki.Case
	h            hash.Hash
	passwords    map[string]string
}

func newRecorder() *recorder {
	return &recorder{h: sha256.New(), passwords: map[string]string{}}
}

func (rc *recorder) add(kind string, v any) error {
	rc.order = append(rc.order, kind)
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	rc.h.Write([]byte(kind))
	rc.h.Write(b)
	return nil
}

func (rc *recorder) Team(t *haki.Team) error {
	rc.teams = append(rc.teams, t)
	return rc.add("team", t)
}

func (rc *recorder) User(u *haki.User, password string) error {
	rc.users = append(rc.users, u)
	rc.passwords[u.Username] = password
	return rc.add("user", u)
}

func (rc *recorder) Institution(in *haki.Institution) error {
	rc.institutions = append(rc.institutions, in)
	return rc.add("institution", in)
}

func (rc *recorder) Person(p *haki.Person) error {
	rc.persons = append(rc.persons, p)
	return rc.add("person", p)
}

func (rc *recorder) Incident(inc *haki.Incident) error {
	rc.incidents = append(rc.incidents, inc)
	return rc.add("incident", inc)
}

func (rc *recorder) Act(a *haki.Act) error {
	rc.acts = append(rc.acts, a)
	return rc.add("act", a)
}

func (rc *recorder) Involvement(v *haki.Involvement) error {
	rc.involvements = append(rc.involvements, v)
	return rc.add("involvement", v)
}

func (rc *recorder) Source(s *haki.Source) error {
	rc.sources = append(rc.sources, s)
	return rc.add("source", s)
}

func (rc *recorder) Case(c *haki.Case) error {
	rc.cases = append(rc.cases, c)
	return rc.add("case", c)
}

func (rc *recorder) sum() string { return string(rc.h.Sum(nil)) }

// discard is a Sink that drops everything, for benchmarks.
type discard struct{}

func (discard) Team(*haki.Team) error               { return nil }
func (discard) User(*haki.User, string) error       { return nil }
func (discard) Institution(*haki.Institution) error { return nil }
func (discard) Person(*haki.Person) error           { return nil }
func (discard) Incident(*haki.Incident) error       { return nil }
func (discard) Act(*haki.Act) error                 { return nil }
func (discard) Involvement(*haki.Involvement) error { return nil }
func (discard) Source(*haki.Source) error           { return nil }
func (discard) Case(*haki.Case) error               { return nil }

// mustGenerate runs Generate into a new recorder.
func mustGenerate(tb testing.TB, size int, seed int64, now time.Time) (*recorder, Stats) {
	tb.Helper()
	rc := newRecorder()
	st, err := Generate(context.Background(), Options{Size: size, Seed: seed, Now: now, Password: testPassword}, rc)
	if err != nil {
		tb.Fatalf("Generate: %v", err)
	}
	return rc, st
}
