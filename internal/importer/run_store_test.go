package importer

import (
	"context"
	"os"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// countIncidents counts the incidents in the store.
func countIncidents(t *testing.T, s *store.Store, ctx context.Context) int {
	t.Helper()
	n, cursor := 0, ""
	for {
		list, next, err := s.FindIncidents(ctx, haki.IncidentFilter{Limit: 500, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		n += len(list)
		if next == "" {
			return n
		}
		cursor = next
	}
}

// importExcerpt runs the Missing Voices excerpt into s with opt.
func importExcerpt(t *testing.T, s *store.Store, ctx context.Context, opt Options) (*Report, error) {
	t.Helper()
	ref, err := LoadReference(ctx, s, "KE", testNow)
	if err != nil {
		t.Fatal(err)
	}
	tab := openFile(t, "testdata/m_voices_excerpt.csv")
	b, _ := os.ReadFile("testdata/kenya_mapping.json")
	m, err := ParseMapping(b)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compile(m, tab.Header, ref)
	if err != nil {
		t.Fatal(err)
	}
	return Run(ctx, tab, c, StoreApply(s), opt)
}

func TestRunWithStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		rep, err := importExcerpt(t, s, ctx, Options{DryRun: true})
		if err != nil || !rep.DryRun || rep.Created != rep.Valid || rep.Valid == 0 || rep.Rejected == 0 {
			t.Fatalf("dry run: %v %+v", err, rep)
		}
		valid := rep.Valid
		if n := countIncidents(t, s, ctx); n != 0 {
			t.Fatalf("the dry run wrote %d incidents", n)
		}
		// All or nothing: a row names a place in no county, so nothing is written.
		if rep, err := importExcerpt(t, s, ctx, Options{}); err != ErrRejected || rep.Committed {
			t.Fatalf("all or nothing: %v %+v", err, rep)
		}
		if n := countIncidents(t, s, ctx); n != 0 {
			t.Fatalf("all or nothing wrote %d incidents", n)
		}
		rep, err = importExcerpt(t, s, ctx, Options{ValidOnly: true})
		if err != nil || !rep.Committed || rep.Created != valid {
			t.Fatalf("valid only: %v %+v", err, rep)
		}
		if n := countIncidents(t, s, ctx); n != valid {
			t.Fatalf("%d incidents, want %d", n, valid)
		}
		rep, err = importExcerpt(t, s, ctx, Options{ValidOnly: true})
		if err != nil || rep.Unchanged != valid || rep.Created+rep.Updated != 0 {
			t.Fatalf("re-run: %v %+v", err, rep)
		}
		// Someone who may not import is refused by the store.
		cw := storetest.As(storetest.MustUser(t, s, "cw", haki.RoleCaseworker, ""))
		if _, err := importExcerpt(t, s, cw, Options{ValidOnly: true}); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("caseworker: %v", err)
		}
	})
}

// TestRunCancelled cancels an import half-way through its rows: the
// transaction rolls back and nothing is written.
func TestRunCancelled(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		path := writeBenchFile(t, 2500)
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		tab, err := Open(f)
		if err != nil {
			t.Fatal(err)
		}
		m, _ := ParseMapping([]byte(benchStoreMapping))
		ref, err := LoadReference(ctx, s, "KE", testNow)
		if err != nil {
			t.Fatal(err)
		}
		c, err := Compile(m, tab.Header, ref)
		if err != nil {
			t.Fatal(err)
		}
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		_, err = Run(cctx, tab, c, StoreApply(s), Options{ValidOnly: true, Progress: func(read int) {
			if read >= 2000 {
				cancel()
			}
		}})
		if err == nil {
			t.Fatal("a cancelled import succeeded")
		}
		if n := countIncidents(t, s, ctx); n != 0 {
			t.Errorf("a cancelled import wrote %d incidents", n)
		}
	})
}
