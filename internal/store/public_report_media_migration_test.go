package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
	"github.com/haki-kenya/haki/internal/vault"
)

// Migration 023 makes the evidence tables anew on SQLite (a CHECK cannot
// be changed there): files, their chains of custody and the consents that
// point at a file must all come through, on both engines.
func TestPublicReportMediaMigrationKeepsEvidence(t *testing.T) {
	targets := map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "haki.db") },
		"postgres": func(t *testing.T) string { return storetest.PostgresURL(t) },
	}
	const at = "2025-01-01T00:00:00.000000Z"
	for engine, dsn := range targets {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			s, err := store.Open(ctx, dsn(t), vault.NewKeyring())
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if err := s.MigrateBefore(ctx, "023"); err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{
				`INSERT INTO data_keys (id, master_id, wrapped, created_at) VALUES ('k1', 'm', 'w', '` + at + `')`,
				`INSERT INTO persons (id, ref, full_name, created_at, updated_at) VALUES ('p1', 'P-1', 'x', '` + at + `', '` + at + `')`,
				`INSERT INTO cases (id, ref, client_id, client_relation, intake_date, intake_year, intake_channel, status, created_at, updated_at)
					VALUES ('c1', 'C-1', 'p1', 'survivor', '2025-01-01', 2025, 'walk_in', 'active', '` + at + `', '` + at + `')`,
				`INSERT INTO evidence (id, owner_kind, case_id, kind, content_type, size, sha256, key_id, uploaded_at)
					VALUES ('e1', 'case', 'c1', 'photo', 'image/jpeg', 10, 'abc', 'k1', '` + at + `')`,
				`INSERT INTO evidence_custody (evidence_id, action, at) VALUES ('e1', 'upload', '` + at + `')`,
				`INSERT INTO evidence_custody (evidence_id, action, at) VALUES ('e1', 'download', '` + at + `')`,
				`INSERT INTO consents (id, case_id, person_id, purpose, decision, decided_on, method, language, evidence_id, recorded_at)
					VALUES ('s1', 'c1', 'p1', 'publication', 'granted', '2025-01-01', 'written', 'en', 'e1', '` + at + `')`,
			} {
				if err := s.ExecRaw(ctx, q); err != nil {
					t.Fatalf("%v: %s", err, q)
				}
			}
			if err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			var owner, caseID, consentEv string
			var custody, lastID int
			if err := s.DB().QueryRow(`SELECT owner_kind, case_id FROM evidence WHERE id = 'e1'`).Scan(&owner, &caseID); err != nil || owner != "case" || caseID != "c1" {
				t.Fatalf("evidence: %q %q %v", owner, caseID, err)
			}
			if err := s.DB().QueryRow(`SELECT COUNT(*), MAX(id) FROM evidence_custody WHERE evidence_id = 'e1'`).Scan(&custody, &lastID); err != nil || custody != 2 {
				t.Fatalf("custody: %d %v", custody, err)
			}
			if err := s.DB().QueryRow(`SELECT COALESCE(evidence_id, '') FROM consents WHERE id = 's1'`).Scan(&consentEv); err != nil || consentEv != "e1" {
				t.Fatalf("the consent lost its file: %q %v", consentEv, err)
			}
			// New custody lines continue after the old ones.
			if err := s.ExecRaw(ctx, `INSERT INTO evidence_custody (evidence_id, action, at) VALUES ('e1', 'transfer', '`+at+`')`); err != nil {
				t.Fatal(err)
			}
			var next int
			if err := s.DB().QueryRow(`SELECT MAX(id) FROM evidence_custody`).Scan(&next); err != nil || next <= lastID {
				t.Fatalf("custody id %d after %d: %v", next, lastID, err)
			}
		})
	}
}
