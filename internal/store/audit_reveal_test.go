package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestReadsRecordWhatTheyReveal checks that reads which open identities or
// sealed text leave one "view" entry per kind of record for the request,
// named for its purpose, and that roles shown no identities leave none.
func TestReadsRecordWhatTheyReveal(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		victim := &haki.Person{FullName: "Wanjiru Kamau", Sex: "female"}
		if err := s.CreatePerson(storetest.As(w.dm), victim); err != nil {
			t.Fatal(err)
		}
		act := &haki.Act{IncidentID: w.incA.ID, VictimID: victim.ID, ActType: "torture", VictimStatus: "injured"}
		if err := s.CreateAct(storetest.As(w.dm), act); err != nil {
			t.Fatal(err)
		}
		inv := &haki.Involvement{ActID: act.ID, ServiceCode: "kps", Degree: "direct", OfficerName: "Cpl. Mwangi"}
		if err := s.CreateInvolvement(storetest.As(w.dm), inv); err != nil {
			t.Fatal(err)
		}
		src := &haki.Source{IncidentID: w.incA.ID, Kind: "survivor", Reliability: "confirmed", Description: "Told by her sister"}
		if err := s.CreateSource(storetest.As(w.dm), src); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name string
			who  *haki.User
			read func(ctx context.Context) error
			want map[string][]string // kind -> ids; nil: no entry
		}{
			{"incident list", w.cwB, func(ctx context.Context) error {
				_, _, err := s.FindIncidents(ctx, haki.IncidentFilter{Limit: 200})
				return err
			}, map[string][]string{"incident": {w.incA.ID, w.incB.ID, w.incMon.ID}}},
			{"incident acts", w.cwB, func(ctx context.Context) error {
				_, err := s.FindActs(ctx, w.incA.ID)
				return err
			}, map[string][]string{"person": {victim.ID}, "involvement": {inv.ID}}},
			{"sources", w.cwB, func(ctx context.Context) error {
				_, err := s.FindSources(ctx, w.incA.ID)
				return err
			}, map[string][]string{"source": {src.ID}}},
			{"case", w.cwA, func(ctx context.Context) error {
				_, err := s.FindCaseByID(ctx, w.caseA.ID)
				return err
			}, map[string][]string{"person": {w.clientA.ID}}},
			{"researcher's incident list", w.res, func(ctx context.Context) error {
				_, _, err := s.FindIncidents(ctx, haki.IncidentFilter{Limit: 200})
				return err
			}, nil},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := len(viewEntries(t, s, c.who))
				ctx, rv := store.WithReveals(storetest.As(c.who), "GET /test")
				if err := c.read(ctx); err != nil {
					t.Fatal(err)
				}
				if n := len(viewEntries(t, s, c.who)); n != before {
					t.Fatalf("%d entries written before the request settled", n-before)
				}
				if err := s.RecordReveals(ctx, rv); err != nil {
					t.Fatal(err)
				}
				added := viewEntries(t, s, c.who)[before:]
				got := map[string][]string{}
				for _, e := range added {
					var v struct {
						IDs     []string `json:"ids"`
						Purpose string   `json:"purpose"`
					}
					if err := json.Unmarshal([]byte(e.After), &v); err != nil || v.Purpose != "GET /test" {
						t.Fatalf("entry %q: %v", e.After, err)
					}
					got[e.Entity] = v.IDs
				}
				for kind, ids := range c.want {
					slices.Sort(ids)
					if !slices.Equal(got[kind], ids) {
						t.Errorf("%s: %v, want %v", kind, got[kind], ids)
					}
				}
				if c.want == nil && len(added) != 0 {
					t.Errorf("%d entries for a role shown no identities", len(added))
				}
			})
		}
		// A read outside any request records itself at once.
		before := len(viewEntries(t, s, w.cwA))
		if _, err := s.FindPersonByID(storetest.As(w.cwA), w.clientA.ID); err != nil {
			t.Fatal(err)
		}
		if n := len(viewEntries(t, s, w.cwA)) - before; n != 1 {
			t.Errorf("a read outside a request: %d entries, want 1", n)
		}
	})
}

// TestRevealsGroupCommit records the views of many concurrent requests and
// checks every one is written, once, and the audit chain still holds.
func TestRevealsGroupCommit(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		const n = 40
		before := len(viewEntries(t, s, w.cwA))
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Go(func() {
				ctx, rv := store.WithReveals(storetest.As(w.cwA), fmt.Sprintf("request %d", i))
				if _, err := s.FindPersonByID(ctx, w.clientA.ID); err != nil {
					errs <- err
					return
				}
				errs <- s.RecordReveals(ctx, rv)
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		purposes := map[string]bool{}
		for _, e := range viewEntries(t, s, w.cwA)[before:] {
			var v struct{ Purpose string }
			json.Unmarshal([]byte(e.After), &v)
			purposes[v.Purpose] = true
		}
		if len(purposes) != n {
			t.Fatalf("%d requests recorded, want %d", len(purposes), n)
		}
		chain, err := s.VerifyAudit(haki.SystemContext(context.Background()))
		if err != nil || chain.Problem != nil {
			t.Fatalf("chain: %+v, %v", chain, err)
		}
	})
}

// viewEntries returns the user's "view" entries, oldest first.
func viewEntries(tb testing.TB, s *store.Store, u *haki.User) []*haki.AuditEntry {
	tb.Helper()
	es, err := s.FindAuditEntries(haki.SystemContext(context.Background()), haki.AuditFilter{Action: "view", UserID: u.ID, Limit: 200})
	if err != nil {
		tb.Fatal(err)
	}
	slices.Reverse(es)
	return es
}

// BenchmarkRecordReveals measures a request's view entry under 50
// concurrent requests (SQLite, synchronous=FULL): what group commit saves.
func BenchmarkRecordReveals(b *testing.B) {
	s := storetest.Open(b)
	cw := storetest.MustUser(b, s, "cw", haki.RoleCaseworker, "")
	p := &haki.Person{FullName: "Achieng Otieno", Sex: "female"}
	if err := s.CreatePerson(storetest.As(cw), p); err != nil {
		b.Fatal(err)
	}
	b.SetParallelism(25) // 50 on two cores
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			ctx, rv := store.WithReveals(storetest.As(cw), "GET /persons/{id}")
			if _, err := s.FindPersonByID(ctx, p.ID); err != nil {
				b.Error(err)
				return
			}
			if err := s.RecordReveals(ctx, rv); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// TestExportAuditsItself checks that an export writes its own "export"
// entry, with its filters and rows, also when the stream breaks off.
func TestExportAuditsItself(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		exports := func() []*haki.AuditEntry {
			es, err := s.FindAuditEntries(haki.SystemContext(context.Background()), haki.AuditFilter{Action: "export", UserID: w.cwB.ID})
			if err != nil {
				t.Fatal(err)
			}
			return es
		}
		var buf strings.Builder
		rows, err := s.ExportIncidentsCSVWith(storetest.As(w.cwB), haki.IncidentFilter{CountyCode: "KE-047"}, &buf, store.ExportOptions{Text: true})
		if err != nil || rows == 0 {
			t.Fatalf("export: %d rows, %v", rows, err)
		}
		es := exports()
		if len(es) != 1 || !strings.Contains(es[0].After, "county=KE-047") || !strings.Contains(es[0].After, fmt.Sprintf(`"rows":%d`, rows)) ||
			!strings.Contains(es[0].After, `"complete":true`) {
			t.Fatalf("export entries: %+v", es)
		}
		if _, err := s.ExportIncidentsCSVWith(storetest.As(w.cwB), haki.IncidentFilter{}, brokenWriter{}, store.ExportOptions{}); err == nil {
			t.Fatal("a broken stream reported no error")
		}
		if es := exports(); len(es) != 2 || !strings.Contains(es[0].After, `"complete":false`) {
			t.Fatalf("broken export's entry: %+v", es)
		}
	})
}

// brokenWriter is a client that went away.
type brokenWriter struct{}

func (brokenWriter) Write([]byte) (int, error) { return 0, errors.New("connection reset") }

// BenchmarkAuditPerRequest is the same load with one audit transaction per
// request, for comparison with BenchmarkRecordReveals.
func BenchmarkAuditPerRequest(b *testing.B) {
	s := storetest.Open(b)
	cw := storetest.MustUser(b, s, "cw", haki.RoleCaseworker, "")
	p := &haki.Person{FullName: "Achieng Otieno", Sex: "female"}
	if err := s.CreatePerson(storetest.As(cw), p); err != nil {
		b.Fatal(err)
	}
	b.SetParallelism(25)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := s.Audit(storetest.As(cw), "view", "person", "", map[string]any{"ids": []string{p.ID}}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
