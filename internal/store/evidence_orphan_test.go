package store_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestEvidenceOrphans leaves in the evidence folder what a killed server
// leaves (a file linked before its record committed, an upload's
// temporary file) beside an upload in flight, and checks that the orphans
// are reported and removed, and the records' files and the fresh upload
// are not.
func TestEvidenceOrphans(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		now := time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		dir := t.TempDir()
		ev := s.Evidence(dir)
		admin := storetest.As(storetest.MustUser(t, s, "admin", haki.RoleAdmin, ""))
		sys := haki.SystemContext(context.Background())
		inc := &haki.Incident{Title: "Shooting", Types: []string{"extrajudicial_execution"}, Occurred: haki.MustFuzzyDate("2024-06-25"),
			CountyCode: "KE-047", Context: "anti_crime", Verification: "verified", Narrative: "n"}
		if err := s.CreateIncident(admin, inc); err != nil {
			t.Fatal(err)
		}
		kept := &haki.Evidence{OwnerKind: haki.OwnerIncident, OwnerID: inc.ID, Kind: "photo", Filename: "a.txt"}
		if err := ev.CreateEvidence(admin, kept, strings.NewReader("autopsy notes")); err != nil {
			t.Fatal(err)
		}
		keptPath := filepath.Join(kept.ID[:2], kept.ID)
		old, recent := now.Add(-2*time.Hour), now.Add(-time.Minute)
		orphan := "0190aaaa-0000-7000-8000-000000000001"
		files := map[string]time.Time{
			filepath.Join("01", orphan):                                 old,
			filepath.Join("01", ".upload-1234"):                         old,
			filepath.Join(kept.ID[:2], ".upload-5678"):                  recent, // in flight
			filepath.Join("02", "0290aaaa-0000-7000-8000-000000000002"): recent, // linked, record being written
			filepath.Join("03", "notes.txt"):                            old,    // not Haki's
			keptPath:                                                    old,
		}
		for rel, mod := range files {
			path := filepath.Join(dir, rel)
			if rel != keptPath {
				os.MkdirAll(filepath.Dir(path), 0o700)
				if err := os.WriteFile(path, []byte("ciphertext"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Chtimes(path, mod, mod); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := ev.FindEvidenceOrphans(admin); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("an administrator's session listing orphans: %v", err)
		}
		got, err := ev.FindEvidenceOrphans(sys)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			"orphan 01/" + orphan + " old",
			"temporary 01/.upload-1234 old",
			"temporary " + kept.ID[:2] + "/.upload-5678 fresh",
			"orphan 02/0290aaaa-0000-7000-8000-000000000002 fresh",
			"unknown 03/notes.txt old",
		}
		if d := describeOrphans(got); !sameSet(d, want) {
			t.Errorf("orphans:\n got %q\nwant %q", d, want)
		}
		removed, err := ev.RemoveEvidenceOrphans(sys)
		if err != nil {
			t.Fatal(err)
		}
		if d := describeOrphans(removed); !sameSet(d, want[:2]) {
			t.Errorf("removed %q, want %q", d, want[:2])
		}
		for rel := range files {
			_, err := os.Stat(filepath.Join(dir, rel))
			wantGone := rel == filepath.Join("01", orphan) || rel == filepath.Join("01", ".upload-1234")
			if gone := err != nil; gone != wantGone {
				t.Errorf("%s: gone %v", rel, gone)
			}
		}
		if n, bad, err := ev.VerifyEvidence(sys); err != nil || n != 1 || len(bad) != 0 {
			t.Errorf("the record's file after the removal: %d checked, %v, %v", n, bad, err)
		}
		entries, err := s.FindAuditEntries(admin, haki.AuditFilter{Action: "remove_orphans"})
		if err != nil || len(entries) != 1 || !strings.Contains(entries[0].After, orphan) || !strings.Contains(entries[0].After, ".upload-1234") {
			t.Errorf("audit of the removal: %v %v", entries, err)
		}
		if again, err := ev.RemoveEvidenceOrphans(sys); err != nil || len(again) != 0 {
			t.Errorf("a second removal: %v %v", again, err)
		}
	})
}

func describeOrphans(os []store.EvidenceOrphan) []string {
	var out []string
	for _, o := range os {
		age := "old"
		if o.Fresh {
			age = "fresh"
		}
		out = append(out, o.Kind+" "+filepath.ToSlash(o.Path)+" "+age)
	}
	return out
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
