package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/demo"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/vault"
)

// The benchmarks run over demo data of HAKI_BENCH_SIZE incidents (20,000 by
// default; docs/PERFORMANCE.md records 1,000,000). The SQLite file is kept in
// HAKI_BENCH_DIR (default: the system temp folder) so it is generated once.
// With HAKI_BENCH_POSTGRES_URL set they run on that PostgreSQL database
// instead (loaded once; its incidents table must be empty or complete).
// Each store benchmark has a twin running the hand-written SQL for the same
// question: the floor it is compared with.

func benchSize() int {
	if n, err := strconv.Atoi(os.Getenv("HAKI_BENCH_SIZE")); err == nil && n > 0 {
		return n
	}
	return 20000
}

var (
	benchOnce  sync.Once
	benchStore *store.Store
	benchErr   error
)

func openBenchStore(b *testing.B) *store.Store {
	b.Helper()
	benchOnce.Do(func() {
		dir := os.Getenv("HAKI_BENCH_DIR")
		if dir == "" {
			dir = os.TempDir()
		}
		size := benchSize()
		path := filepath.Join(dir, fmt.Sprintf("haki-bench-%d.db", size))
		_, statErr := os.Stat(path)
		if pg := os.Getenv("HAKI_BENCH_POSTGRES_URL"); pg != "" {
			path = pg
		}
		ctx := context.Background()
		keys, _, err := vault.OpenOrCreate(path + ".key")
		if err != nil {
			benchErr = err
			return
		}
		if benchStore, benchErr = store.Open(ctx, path, keys); benchErr != nil {
			return
		}
		if benchErr = benchStore.Migrate(ctx); benchErr != nil {
			return
		}
		var loaded int
		if benchErr = benchStore.DB().QueryRow(`SELECT COUNT(*) FROM incidents`).Scan(&loaded); benchErr != nil || loaded > 0 || statErr == nil && benchStore.Dialect() == "sqlite" {
			return
		}
		sys := haki.SystemContext(ctx)
		l, err := benchStore.NewLoader(sys)
		if err != nil {
			benchErr = err
			return
		}
		start := time.Now()
		if _, err := demo.Generate(ctx, demo.Options{Size: size, Seed: 1, Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), Password: "benchmark-password"}, l); err != nil {
			l.Abort()
			benchErr = err
			return
		}
		if benchErr = l.Close(); benchErr == nil {
			benchErr = benchStore.Analyze(ctx)
		}
		fmt.Fprintf(os.Stderr, "generated %d incidents into %s in %s\n", size, benchStore.Dialect(), time.Since(start))
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchStore
}

// benchFilter is the list filter of the issue: Nairobi in 2024.
var benchFilter = haki.IncidentFilter{CountyCode: "KE-047", Year: 2024, Limit: 50}

func BenchmarkIncidentList(b *testing.B) {
	s := openBenchStore(b)
	ctx := haki.NewContextWithUser(context.Background(), &haki.User{ID: "bench", Username: "bench", Role: haki.RoleDataManager})
	b.Run("first page", func(b *testing.B) {
		for b.Loop() {
			if list, _, err := s.FindIncidents(ctx, benchFilter); err != nil || len(list) == 0 {
				b.Fatal(len(list), err)
			}
		}
	})
	b.Run("deep page", func(b *testing.B) {
		// Walk to the 20th page once, then time reading the next one.
		f, cursor := benchFilter, ""
		for range 20 {
			f.Cursor = cursor
			_, next, err := s.FindIncidents(ctx, f)
			if err != nil || next == "" {
				break
			}
			cursor = next
		}
		f.Cursor = cursor
		for b.Loop() {
			if _, _, err := s.FindIncidents(ctx, f); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("floor sql", func(b *testing.B) {
		db := s.DB()
		q := `SELECT i.id, i.ref, i.title, i.occurred_on, i.county_code, i.verification, i.victim_count,
			(SELECT group_concat(type_code) FROM incident_types t WHERE t.incident_id = i.id)
			FROM incidents i WHERE i.county_code = ? AND i.occurred_year = ? ORDER BY i.occurred_on DESC, i.id DESC LIMIT 51`
		if s.Dialect() == "postgres" {
			q = strings.NewReplacer("group_concat(type_code)", "string_agg(type_code, ',')", "= ? AND", "= $1 AND", "= ? ORDER", "= $2 ORDER").Replace(q)
		}
		var id, ref, title, on, county, ver, types string
		var victims int
		for b.Loop() {
			floorRows(b, db, q, []any{"KE-047", 2024}, &id, &ref, &title, &on, &county, &ver, &victims, &types)
		}
	})
}

// floorRows runs a floor's hand-written query and reads every row into
// dest; a floor that finds nothing is no floor.
func floorRows(b *testing.B, db *sql.DB, q string, args []any, dest ...any) {
	b.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			b.Fatal(err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	if n == 0 {
		b.Fatal("no rows")
	}
}

func BenchmarkIncidentPage(b *testing.B) {
	s := openBenchStore(b)
	ctx := haki.NewContextWithUser(context.Background(), &haki.User{ID: "bench", Username: "bench", Role: haki.RoleDataManager})
	list, _, err := s.FindIncidents(ctx, benchFilter)
	if err != nil || len(list) == 0 {
		b.Fatal(err)
	}
	id := list[len(list)/2].ID
	b.Run("store", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.FindIncidentByID(ctx, id); err != nil {
				b.Fatal(err)
			}
			if _, err := s.FindActs(ctx, id); err != nil {
				b.Fatal(err)
			}
			if _, err := s.FindSources(ctx, id); err != nil {
				b.Fatal(err)
			}
		}
	})
}
