package backup_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/backup"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
	"github.com/haki-kenya/haki/internal/vault"
)

// TestRoundTrip backs up a store on each engine and restores it into a
// new database of each engine; every row of every table and every file
// comes back.
func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	for _, from := range storetest.Engines() {
		for _, to := range storetest.Engines() {
			t.Run(from.Name+" to "+to.Name, func(t *testing.T) {
				keys := vault.NewKeyring()
				src := openStore(t, from.Name, keys)
				if err := src.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				team := &haki.Team{Name: "Mombasa"}
				if err := src.CreateTeam(haki.SystemContext(ctx), team); err != nil {
					t.Fatal(err)
				}
				storetest.MustUser(t, src, "amina", haki.RoleCaseworker, team.ID)
				files := t.TempDir()
				os.MkdirAll(filepath.Join(files, "x"), 0o700)
				os.WriteFile(filepath.Join(files, "x", "a.bin"), []byte("evidence"), 0o600)
				var buf bytes.Buffer
				st, err := backup.Create(ctx, &buf, src, keys, files, "test")
				if err != nil || st.Files != 1 || st.Rows == 0 {
					t.Fatalf("create: %+v %v", st, err)
				}
				dst := openStore(t, to.Name, keys)
				restored := filepath.Join(t.TempDir(), "evidence")
				if _, err := backup.Restore(ctx, bytes.NewReader(buf.Bytes()), dst, keys, restored); err != nil {
					t.Fatalf("restore: %v", err)
				}
				if want, got := dump(t, src), dump(t, dst); !reflect.DeepEqual(want, got) {
					t.Errorf("restored rows differ:\nwant %.2000v\ngot  %.2000v", want, got)
				}
				if b, err := os.ReadFile(filepath.Join(restored, "x", "a.bin")); err != nil || string(b) != "evidence" {
					t.Errorf("restored file: %q %v", b, err)
				}
				// A second restore into the same database is refused.
				if _, err := backup.Restore(ctx, bytes.NewReader(buf.Bytes()), dst, keys, t.TempDir()); haki.ErrorCode(err) != haki.ECONFLICT {
					t.Errorf("restore into a full database: %v", err)
				}
			})
		}
	}
}

// openStore opens a new, empty (not migrated) database.
func openStore(t *testing.T, engine string, keys *vault.Keyring) *store.Store {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "haki.db")
	if engine == "postgres" {
		dsn = storetest.PostgresURL(t)
	}
	s, err := store.Open(context.Background(), dsn, keys)
	if err != nil {
		t.Fatal(err)
	}
	s.Password = store.PasswordParams{Time: 1, Memory: 8, Threads: 1}
	t.Cleanup(func() { s.Close() })
	return s
}

// dump returns each table's rows as a set of JSON objects.
func dump(t *testing.T, s *store.Store) map[string]map[string]int {
	t.Helper()
	out := map[string]map[string]int{}
	err := s.Dump(context.Background(), func(table string, columns []string, row []any) error {
		m := map[string]any{}
		for i, c := range columns {
			m[c] = row[i]
		}
		b, err := json.Marshal(m)
		if out[table] == nil {
			out[table] = map[string]int{}
		}
		out[table][string(b)]++
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
