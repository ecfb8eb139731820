package cli_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/vault"
)

func TestVerify(t *testing.T) {
	dir := t.TempDir()
	data := []string{"--data", dir}
	if _, _, err := run(t, "a long enough password\n", append([]string{"user", "add", "amina", "--role", "admin"}, data...)...); err != nil {
		t.Fatal(err)
	}
	keys, err := vault.LoadKeyFile(filepath.Clean(dir) + ".key")
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(context.Background(), filepath.Join(dir, "haki.db"), keys)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	sys := haki.SystemContext(context.Background())
	amina, err := s.FindUserByUsername(sys, "amina")
	if err != nil {
		t.Fatal(err)
	}
	ctx := haki.NewContextWithUser(context.Background(), amina)
	inc := &haki.Incident{Title: "Shooting", Types: []string{"extrajudicial_execution"}, Occurred: haki.MustFuzzyDate("2024-06-25"),
		CountyCode: "KE-047", Context: "anti_crime", Verification: "verified", Narrative: "n"}
	if err := s.CreateIncident(ctx, inc); err != nil {
		t.Fatal(err)
	}
	ev := &haki.Evidence{OwnerKind: haki.OwnerIncident, OwnerID: inc.ID, Kind: "photo", Filename: "a.txt"}
	if err := s.Evidence(filepath.Join(dir, "evidence")).CreateEvidence(ctx, ev, strings.NewReader("autopsy notes "+time.Now().String())); err != nil {
		t.Fatal(err)
	}
	s.Close()

	out, errOut, err := run(t, "", append([]string{"verify"}, data...)...)
	if err != nil || !strings.Contains(out, "evidence: 1 files checked, 0 failed") || !strings.Contains(out, "audit log: intact") {
		t.Fatalf("verify: %q %q %v", out, errOut, err)
	}

	path := filepath.Join(dir, "evidence", ev.ID[:2], ev.ID)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)-1] ^= 1
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, err = run(t, "", append([]string{"verify"}, data...)...)
	if err == nil || !strings.Contains(out, "evidence "+ev.ID+": FAILED") || !strings.Contains(out, "1 failed") {
		t.Fatalf("verify after tampering: %q %v", out, err)
	}
	if !strings.Contains(out, "report summary: matches the records") {
		t.Errorf("verify: report summary: %q", out)
	}

	// A summary changed behind Haki's back is found, and made again on request.
	db, err := sql.Open("sqlite", filepath.Join(dir, "haki.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE report_cells SET victims = victims + 1 WHERE report = 'executions' AND dim = 'county'`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE report_filter_cells SET incidents = incidents + 1 WHERE report = 'executions' AND fdim = 'county' AND dim = 'county'`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out, _, err = run(t, "", append([]string{"verify"}, data...)...)
	if err == nil || !strings.Contains(out, `report summary: executions 2024-06 county="KE-047": kept 1 victims, 1 incidents; the records give 0, 1`) ||
		!strings.Contains(out, `report summary: executions 2024 filtered by county="KE-047": county="KE-047": kept 0 victims, 2 incidents; the records give 0, 1`) {
		t.Fatalf("verify a changed summary: %q %v", out, err)
	}
	out, _, _ = run(t, "", append([]string{"verify", "--rebuild-reports"}, data...)...)
	if !strings.Contains(out, "report summary: 2 cells differed from the records; made again") {
		t.Fatalf("verify --rebuild-reports: %q", out)
	}
	out, _, _ = run(t, "", append([]string{"verify"}, data...)...)
	if !strings.Contains(out, "report summary: matches the records") {
		t.Fatalf("verify after the rebuild: %q", out)
	}
}
