package store_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
	"github.com/haki-kenya/haki/internal/vault"
)

// clearColumns reads what the database holds in a professional's name and
// licence number columns.
func clearColumns(t *testing.T, s *store.Store, id string) (name, licence string) {
	t.Helper()
	if err := s.DB().QueryRowContext(context.Background(), rebind(s, `SELECT name, licence_number FROM professionals WHERE id = ?`), id).
		Scan(&name, &licence); err != nil {
		t.Fatal(err)
	}
	return name, licence
}

// A professional's name and licence number are sealed in the database;
// the directory still finds them by words of the name, spelled roughly
// alike, in any order, and by the licence number, and lists them by name.
func TestProfessionalNamesSealed(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		dm := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		mk := func(name, licence string) *haki.Professional {
			p := &haki.Professional{Name: name, LicenceNumber: licence, Profession: "doctor", Availability: "available",
				Counties: []string{"KE-047"}}
			if err := s.CreateProfessional(dm, p); err != nil {
				t.Fatal(err)
			}
			return p
		}
		wanjiku := mk("Dr. Wanjiku Njeri Kamau", "KMPDC/A-4521")
		mk("Dr. Otieno Odhiambo", "KMPDC/B-0077")
		mk("Amina Hassan", "")
		name, licence := clearColumns(t, s, wanjiku.ID)
		if strings.Contains(strings.ToLower(name), "wanjiku") || strings.Contains(licence, "4521") || name == "" || licence == "" {
			t.Errorf("stored in clear: %q %q", name, licence)
		}
		for text, want := range map[string]string{
			"wanjiku":          wanjiku.Name,
			"Kamau Wanjiku":    wanjiku.Name,
			"Wanjikũ":          wanjiku.Name,
			"wanjiko":          wanjiku.Name, // a misspelling
			"kmpdc a4521":      wanjiku.Name, // the licence, typed loosely
			"KMPDC/A-4521":     wanjiku.Name,
			"odhiambo":         "Dr. Otieno Odhiambo",
			"wanjiku odhiambo": "",
			"zzzz":             "",
		} {
			ps, _, err := s.FindProfessionals(dm, haki.ProfessionalFilter{Text: text})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range ps {
				got = append(got, p.Name)
			}
			if strings.Join(got, ",") != want {
				t.Errorf("search %q: %v, want %q", text, got, want)
			}
		}
		// The directory is sorted by name across pages; the cursor holds no name.
		first, next, err := s.FindProfessionals(dm, haki.ProfessionalFilter{Limit: 2})
		if err != nil || len(first) != 2 || next == "" {
			t.Fatalf("first page: %d %q %v", len(first), next, err)
		}
		rest, _, err := s.FindProfessionals(dm, haki.ProfessionalFilter{Limit: 2, Cursor: next})
		if err != nil || len(rest) != 1 {
			t.Fatalf("second page: %d %v", len(rest), err)
		}
		if got := first[0].Name + "|" + first[1].Name + "|" + rest[0].Name; got != "Amina Hassan|Dr. Otieno Odhiambo|Dr. Wanjiku Njeri Kamau" {
			t.Errorf("order %s", got)
		}
		opts, err := s.ProfessionalOptions(dm)
		if err != nil || len(opts) != 3 || opts[0].Name != "Amina Hassan" {
			t.Errorf("options %v %v", opts, err)
		}
		// Editing keeps it sealed and searchable under the new name.
		wanjiku.Name, wanjiku.LicenceNumber = "Dr. Wanjiku Muthoni", "KMPDC/A-9999"
		if err := s.UpdateProfessional(dm, wanjiku); err != nil {
			t.Fatal(err)
		}
		if ps, _, _ := s.FindProfessionals(dm, haki.ProfessionalFilter{Text: "muthoni"}); len(ps) != 1 || ps[0].LicenceNumber != "KMPDC/A-9999" {
			t.Errorf("after the edit: %v", ps)
		}
		if ps, _, _ := s.FindProfessionals(dm, haki.ProfessionalFilter{Text: "kamau"}); len(ps) != 0 {
			t.Errorf("the old name still finds them: %v", ps)
		}
	})
}

// Professionals written in clear by a haki before migration 019 are sealed
// and indexed when the database is migrated, on both engines; running the
// step again changes nothing.
func TestProfessionalSealingMigration(t *testing.T) {
	targets := map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "haki.db") },
		"postgres": func(t *testing.T) string { return storetest.PostgresURL(t) },
	}
	for engine, dsn := range targets {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			s, err := store.Open(ctx, dsn(t), vault.NewKeyring())
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if err := s.MigrateBefore(ctx, "019"); err != nil {
				t.Fatal(err)
			}
			for _, row := range [][]any{
				{"01900000-0000-7000-8000-000000000001", "Dr. Wanjiku Njeri", "KMPDC/A-4521"},
				{"01900000-0000-7000-8000-000000000002", "Peter Mwiti Kinoti", ""},
			} {
				if err := s.ExecRaw(ctx, `INSERT INTO professionals (id, name, profession, licence_number, availability, created_at, updated_at)
					VALUES (?, ?, 'doctor', ?, 'available', '2024-01-01T00:00:00.000000Z', '2024-01-01T00:00:00.000000Z')`, row...); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			dm := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
			check := func(when string) {
				t.Helper()
				name, licence := clearColumns(t, s, "01900000-0000-7000-8000-000000000001")
				if strings.Contains(name, "Wanjiku") || strings.Contains(licence, "4521") {
					t.Errorf("%s: still in clear: %q %q", when, name, licence)
				}
				for text, want := range map[string]string{"wanjiku": "Dr. Wanjiku Njeri", "kmpdc a4521": "Dr. Wanjiku Njeri", "kinoti": "Peter Mwiti Kinoti"} {
					ps, _, err := s.FindProfessionals(dm, haki.ProfessionalFilter{Text: text})
					if err != nil || len(ps) != 1 || ps[0].Name != want {
						t.Errorf("%s: search %q: %v %v", when, text, ps, err)
					}
				}
				p, err := s.FindProfessionalByID(dm, "01900000-0000-7000-8000-000000000001")
				if err != nil || p.Name != "Dr. Wanjiku Njeri" || p.LicenceNumber != "KMPDC/A-4521" {
					t.Errorf("%s: %+v %v", when, p, err)
				}
			}
			check("after the migration")
			if err := s.SealProfessionals(ctx); err != nil {
				t.Fatal(err)
			}
			check("after running the step again")
		})
	}
}
