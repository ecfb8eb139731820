package cli_test

import (
	"context"
	"database/sql"
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/vault"
)

func TestAuditCommands(t *testing.T) {
	dir := t.TempDir()
	data := []string{"--data", dir}
	if _, _, err := run(t, "a long enough password\n", append([]string{"user", "add", "amina", "--role", "admin"}, data...)...); err != nil {
		t.Fatal(err)
	}
	out, errOut, err := run(t, "", append([]string{"audit", "verify"}, data...)...)
	if err != nil || !strings.Contains(out, "intact") {
		t.Fatalf("verify: %q %q %v", out, errOut, err)
	}

	// The account reads a person, then the breach helper lists it.
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
	p := &haki.Person{FullName: "Achieng Otieno"}
	if err := s.CreatePerson(sys, p); err != nil {
		t.Fatal(err)
	}
	// A read made outside a request records itself.
	if _, err := s.FindPersonByID(haki.NewContextWithUser(context.Background(), amina), p.ID); err != nil {
		t.Fatal(err)
	}
	s.Close()
	day := time.Now().UTC().Format(time.DateOnly)
	tomorrow := time.Now().UTC().AddDate(0, 0, 1).Format(time.DateOnly)
	out, errOut, err = run(t, "", append([]string{"audit", "reads", "--from", day, "--to", tomorrow, "--user", "amina"}, data...)...)
	if err != nil {
		t.Fatalf("reads: %q %v", errOut, err)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][0] != "amina" || rows[1][2] != p.Ref || rows[1][5] != "view" {
		t.Errorf("reads CSV = %q, %v", rows, err)
	}

	// Someone with the database file edits an entry.
	db, err := sql.Open("sqlite", filepath.Join(dir, "haki.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"DROP TRIGGER audit_log_no_update", "UPDATE audit_log SET username = 'nobody' WHERE id = 2"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	_, _, err = run(t, "", append([]string{"audit", "verify"}, data...)...)
	if err == nil || !strings.Contains(err.Error(), "audit entry 2") {
		t.Errorf("verify after tampering: %v", err)
	}
	if _, _, err := run(t, "", append([]string{"audit", "reads", "--from", "yesterday"}, data...)...); err == nil {
		t.Error("reads with a bad time: no error")
	}
}
