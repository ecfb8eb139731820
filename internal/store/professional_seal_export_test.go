package store

import (
	"context"
	"io/fs"
	"sort"
)

// MigrateBefore applies, as an older haki would have, the migrations
// whose names sort before name, and loads the keys.
func (s *Store) MigrateBefore(ctx context.Context, name string) error {
	names, err := fs.Glob(migrations, "migrations/"+s.d.name()+"/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	for _, path := range names {
		if path[len("migrations/"+s.d.name()+"/"):] >= name {
			break
		}
		if err := s.migrateOne(ctx, path); err != nil {
			return err
		}
	}
	return s.loadIndexKey(ctx)
}

// ExecRaw runs a statement on the writer, bypassing the store's methods,
// as an older haki wrote its rows.
func (s *Store) ExecRaw(ctx context.Context, q string, args ...any) error {
	_, err := s.db.ExecContext(ctx, s.d.rebind(q), args...)
	return err
}

// SealProfessionals runs the step that completes migration 019 again.
func (s *Store) SealProfessionals(ctx context.Context) error {
	return s.write(ctx, func(tx *Tx) error { return tx.sealProfessionals() })
}
