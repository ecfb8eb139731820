package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"sort"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/gazetteer"
)

//go:embed migrations
var migrations embed.FS

// migrationLock is the PostgreSQL advisory lock that keeps two processes
// from migrating at once ("haki" in ASCII).
const migrationLock = 0x68616b69

// Migrate brings the schema up to date, each migration in its own
// transaction, recorded by name. It refuses a database whose schema is newer
// than this binary knows. On an empty database it then loads the seeded
// vocabularies and Kenya's gazetteer, and starts the audit checkpoint.
func (s *Store) Migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/"+s.d.name()+"/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("migrations table: %w", err)
	}
	var applied int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&applied); err != nil {
		return fmt.Errorf("migrations table: %w", err)
	}
	for _, path := range names {
		if err := s.migrateOne(ctx, path); err != nil {
			return err
		}
	}
	if err := s.checkSchemaNotNewer(ctx, names); err != nil {
		return err
	}
	if err := s.loadIndexKey(ctx); err != nil {
		return err
	}
	if err := s.seed(ctx); err != nil {
		return err
	}
	if applied == 0 && s.checkpoint != nil {
		// A new database: its checkpoint starts with it.
		if _, err := s.saveCheckpoint(ctx, true); err != nil {
			return err
		}
	}
	return nil
}

// afterMigration is the work in Go that completes a migration, in its
// transaction.
var afterMigration = map[string]func(tx *Tx) error{
	"017_report_summary.sql":              (*Tx).rebuildReportCells,
	"019_professional_sealing.sql":        (*Tx).sealProfessionals,
	"024_report_filter_cells.sql":         (*Tx).rebuildFilterSummary,
	"029_unknown_dates_victim_groups.sql": (*Tx).rebuildReportSummary,
}

func (s *Store) migrateOne(ctx context.Context, path string) error {
	name := path[len("migrations/"+s.d.name()+"/"):]
	return s.write(ctx, func(tx *Tx) error {
		if s.d.name() == "postgres" {
			if _, err := tx.exec(`SELECT pg_advisory_xact_lock(?)`, migrationLock); err != nil {
				return err
			}
		}
		var n int
		if err := tx.queryRow(`SELECT COUNT(*) FROM schema_migrations WHERE name = ?`, name).Scan(&n); err != nil {
			return err
		} else if n > 0 {
			return nil
		}
		body, err := migrations.ReadFile(path)
		if err != nil {
			return err
		}
		if _, err := tx.tx.ExecContext(ctx, string(body)); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
		if then := afterMigration[name]; then != nil {
			if err := then(tx); err != nil {
				return fmt.Errorf("migration %s: %w", name, err)
			}
		}
		_, err = tx.exec(`INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`, name, fmtTime(tx.now))
		return err
	})
}

func (s *Store) checkSchemaNotNewer(ctx context.Context, known []string) error {
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM schema_migrations`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return err
		}
		if !slices.Contains(known, "migrations/"+s.d.name()+"/"+name) {
			return fmt.Errorf("the database has migration %q, which this haki does not know: it is newer than this program; upgrade haki", name)
		}
	}
	return rows.Err()
}

// seed loads each vocabulary that has no terms (all of them in a new
// database; a vocabulary a new version adds, in an old one) and the
// gazetteer into an empty table.
func (s *Store) seed(ctx context.Context) error {
	return s.write(ctx, func(tx *Tx) error {
		seeded := map[string]bool{}
		for _, t := range haki.SeedTerms {
			if _, ok := seeded[t.Vocab]; !ok {
				var n int
				if err := tx.queryRow(`SELECT COUNT(*) FROM terms WHERE vocab = ?`, t.Vocab).Scan(&n); err != nil {
					return err
				}
				seeded[t.Vocab] = n > 0
			}
			if seeded[t.Vocab] {
				continue
			}
			if err := tx.insertTerm(&t); err != nil {
				return err
			}
		}
		var n int
		if err := tx.queryRow(`SELECT COUNT(*) FROM places`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		places, err := gazetteer.Kenya()
		if err != nil {
			return err
		}
		return tx.insertPlaces(places)
	})
}
