package store_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
	"github.com/haki-kenya/haki/internal/vault"
)

// The store refuses text with a NUL or bytes that are not UTF-8 from any
// writer (a request, the loader, a command) with EINVALID on both engines,
// sealed or not, and writes nothing; reads with such text are refused the same way, where
// PostgreSQL would have failed.
func TestStoreRefusesBadText(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		admin := storetest.MustUser(t, s, "admin", haki.RoleAdmin, "")
		ctx := storetest.As(admin)
		for _, bad := range []string{"Nai\x00robi", "Nai\xe9robi", "\xf0\x9f"} {
			if err := s.CreateTeam(ctx, &haki.Team{Name: bad}); haki.ErrorCode(err) != haki.EINVALID {
				t.Errorf("CreateTeam(%q): %v, want EINVALID", bad, err)
			}
			if err := s.CreatePerson(ctx, &haki.Person{FullName: "Juma", Sex: "male", Occupation: bad}); haki.ErrorCode(err) != haki.EINVALID {
				t.Errorf("CreatePerson occupation %q: %v, want EINVALID", bad, err)
			}
			if err := s.CreatePerson(ctx, &haki.Person{FullName: bad, Sex: "male"}); haki.ErrorCode(err) != haki.EINVALID {
				t.Errorf("CreatePerson name %q (sealed): %v, want EINVALID", bad, err)
			}
			if _, _, err := s.FindPersons(ctx, haki.PersonFilter{CountyCode: bad}); haki.ErrorCode(err) != haki.EINVALID {
				t.Errorf("FindPersons(county %q): %v, want EINVALID", bad, err)
			}
		}
		teams, err := s.FindTeams(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, tm := range teams {
			if !haki.ValidText(tm.Name) {
				t.Errorf("a team %q was written", tm.Name)
			}
		}

		l, err := s.NewLoader(haki.SystemContext(context.Background()))
		if err != nil {
			t.Fatal(err)
		}
		defer l.Abort()
		if err := l.Team(&haki.Team{ID: "00000000-0000-0000-0000-00000000000a", Name: "Nai\x00robi"}); haki.ErrorCode(err) != haki.EINVALID {
			t.Errorf("loader: %v, want EINVALID", err)
		}
	})
}

// A backup made before the store refused NUL may hold one: restoring it
// (into either engine) fails with a message naming the table and column,
// and leaves the database empty.
func TestRestoreReportsBadText(t *testing.T) {
	ctx := context.Background()
	keys := vault.NewKeyring()
	src, err := store.Open(ctx, filepath.Join(t.TempDir(), "src.db"), keys)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if err := src.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	storetest.MustTeam(t, src, "Nairobi")
	type dumped struct {
		table string
		cols  []string
		row   []any
	}
	var rows []dumped
	if err := src.Dump(ctx, func(table string, cols []string, row []any) error {
		d := dumped{table, slices.Clone(cols), slices.Clone(row)}
		if table == "teams" { // as a legacy database could hold it
			d.row[slices.Index(cols, "name")] = "Nai\x00robi"
		}
		rows = append(rows, d)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	targets := map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "dst.db") },
		"postgres": func(t *testing.T) string { return storetest.PostgresURL(t) },
	}
	for name, dsn := range targets {
		t.Run(name, func(t *testing.T) {
			dst, err := store.Open(ctx, dsn(t), keys)
			if err != nil {
				t.Fatal(err)
			}
			defer dst.Close()
			i := 0
			err = dst.Restore(ctx, func() (string, []string, []any, bool, error) {
				if i == len(rows) {
					return "", nil, nil, false, nil
				}
				i++
				return rows[i-1].table, rows[i-1].cols, rows[i-1].row, true, nil
			})
			if err == nil || !strings.Contains(err.Error(), "table teams, column name") || !strings.Contains(err.Error(), "NUL") {
				t.Fatalf("restore: %v, want an error naming teams.name", err)
			}
			var n int
			if err := dst.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err == nil && n > 0 {
				t.Errorf("%d migrations left after a failed restore", n)
			}
		})
	}
}
