// Package storetest opens real databases for tests: SQLite always, and
// PostgreSQL when HAKI_TEST_POSTGRES_URL is set, each test in its own
// database file or schema so tests can run in parallel.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/vault"
)

// PostgresURLEnv names the variable that points the tests at PostgreSQL.
const PostgresURLEnv = "HAKI_TEST_POSTGRES_URL"

// Engine is a database engine the tests run on.
type Engine struct {
	Name string // "sqlite" or "postgres"
	open func(tb testing.TB) *store.Store
}

// Open returns a new, migrated, empty store on the engine, closed (and for
// PostgreSQL dropped) when the test ends.
func (e Engine) Open(tb testing.TB) *store.Store {
	tb.Helper()
	return e.open(tb)
}

// Engines returns SQLite, and PostgreSQL when HAKI_TEST_POSTGRES_URL is set.
func Engines() []Engine {
	es := []Engine{{Name: "sqlite", open: openSQLite}}
	if os.Getenv(PostgresURLEnv) != "" {
		es = append(es, Engine{Name: "postgres", open: openPostgres})
	}
	return es
}

// Run runs fn as a subtest on each engine, each with its own fresh store.
// Without HAKI_TEST_POSTGRES_URL the PostgreSQL subtest is reported as skipped.
func Run(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, e := range Engines() {
		t.Run(e.Name, func(t *testing.T) { fn(t, e.Open(t)) })
	}
	if os.Getenv(PostgresURLEnv) == "" {
		t.Run("postgres", func(t *testing.T) { t.Skip(PostgresURLEnv + " is not set; PostgreSQL tests skipped (.ci/run sets it)") })
	}
}

// Open returns a fresh SQLite store.
func Open(tb testing.TB) *store.Store { return openSQLite(tb) }

func openSQLite(tb testing.TB) *store.Store {
	tb.Helper()
	return migrated(tb, filepath.Join(tb.TempDir(), "haki.db"))
}

func openPostgres(tb testing.TB) *store.Store {
	tb.Helper()
	return migrated(tb, PostgresURL(tb))
}

// PostgresURL returns the URL of a new, empty schema of the test
// PostgreSQL database, dropped when the test ends; it skips the test when
// HAKI_TEST_POSTGRES_URL is not set.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv(PostgresURLEnv)
	if base == "" {
		tb.Skip(PostgresURLEnv + " is not set; PostgreSQL test skipped (.ci/run sets it)")
	}
	schema := "t_" + randomHex(8)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err == nil {
			db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
			db.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func migrated(tb testing.TB, dsn string) *store.Store {
	tb.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, dsn, vault.NewKeyring())
	if err != nil {
		tb.Fatalf("open store: %v", err)
	}
	// Tests make many accounts; the production cost would only slow them.
	s.Password = store.PasswordParams{Time: 1, Memory: 8, Threads: 1}
	tb.Cleanup(func() { s.Close() })
	if err := s.Migrate(ctx); err != nil {
		tb.Fatalf("migrate: %v", err)
	}
	return s
}

// Password is the password of every user MustUser makes.
const Password = "correct horse battery"

// MustUser creates an enabled account with the role (and team, if teamID is
// set) and returns it.
func MustUser(tb testing.TB, s *store.Store, username string, role haki.Role, teamID string) *haki.User {
	tb.Helper()
	u := &haki.User{Username: username, DisplayName: username, Role: role, TeamID: teamID}
	if err := s.CreateUser(haki.SystemContext(context.Background()), u, Password, store.AccountProof{}); err != nil {
		tb.Fatalf("create user %s: %v", username, err)
	}
	return u
}

// MustTeam creates a team and returns it.
func MustTeam(tb testing.TB, s *store.Store, name string) *haki.Team {
	tb.Helper()
	t := &haki.Team{Name: name}
	if err := s.CreateTeam(haki.SystemContext(context.Background()), t); err != nil {
		tb.Fatalf("create team: %v", err)
	}
	return t
}

// As returns a context acting as u.
func As(u *haki.User) context.Context { return haki.NewContextWithUser(context.Background(), u) }

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
