package cli_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestVerifyFindsRewoundAuditHead replays the attack that switched the
// audit check off: one UPDATE of the head by someone who can write to the
// database, after which verify used to say "intact".
func TestVerifyFindsRewoundAuditHead(t *testing.T) {
	tests := []struct {
		name string
		sql  []string
		want string
	}{
		{"chain start moved to the head", []string{`UPDATE audit_head SET chain_start = last_id, last_hash = ''`}, "(rewound)"},
		{"entries deleted and the start moved past them", []string{"DROP TRIGGER audit_log_no_delete",
			`DELETE FROM audit_log WHERE id <= 2`, `UPDATE audit_head SET chain_start = 2`}, "(rewound)"},
		{"tail cut and the head moved back", []string{"DROP TRIGGER audit_log_no_delete", `DELETE FROM audit_log WHERE id > 1`,
			`UPDATE audit_head SET last_id = 1, last_hash = (SELECT hash FROM audit_log WHERE id = 1)`}, "(truncated)"},
		{"entry edited", []string{"DROP TRIGGER audit_log_no_update", `UPDATE audit_log SET username = 'nobody' WHERE id = 2`}, "(edited)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			data := []string{"--data", dir}
			for _, u := range []string{"amina", "baraka"} {
				if _, _, err := run(t, "a long enough password\n", append([]string{"user", "add", u, "--role", "admin"}, data...)...); err != nil {
					t.Fatal(err)
				}
			}
			out, _, err := run(t, "", append([]string{"verify"}, data...)...)
			if err != nil || !strings.Contains(out, "audit log: intact") {
				t.Fatalf("verify before: %q %v", out, err)
			}
			line := regexp.MustCompile(`haki-audit-checkpoint-v1 [^\n]+`).FindString(out)
			if line == "" {
				t.Fatalf("verify printed no checkpoint: %q", out)
			}
			mustExecSQLite(t, filepath.Join(dir, "haki.db"), tc.sql...)
			out, _, err = run(t, "", append([]string{"verify"}, data...)...)
			if err == nil || !strings.Contains(out, tc.want) || strings.Contains(out, "audit log: intact") {
				t.Fatalf("verify after the attack: %q %v, want %s", out, err, tc.want)
			}
			// The checkpoint file deleted too: verify still fails, and the
			// copy kept elsewhere finds what was done.
			if err := os.Remove(filepath.Join(dir, "audit.checkpoint")); err != nil {
				t.Fatal(err)
			}
			out, _, err = run(t, "", append([]string{"verify"}, data...)...)
			if err == nil || strings.Contains(out, "audit log: intact") {
				t.Fatalf("verify without the checkpoint file: %q %v", out, err)
			}
			out, _, err = run(t, "", append([]string{"verify", "--checkpoint", line}, data...)...)
			if err == nil || !strings.Contains(out, tc.want) {
				t.Fatalf("verify --checkpoint: %q %v, want %s", out, err, tc.want)
			}
		})
	}
}

// TestAuditCheckpointCommand: a database from before checkpoints is
// reported until one is started, then moves forward and is printed.
func TestAuditCheckpointCommand(t *testing.T) {
	dir := t.TempDir()
	data := []string{"--data", dir}
	if _, _, err := run(t, "a long enough password\n", append([]string{"user", "add", "amina", "--role", "admin"}, data...)...); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "audit.checkpoint")); err != nil {
		t.Fatalf("a new data folder has no checkpoint: %v", err)
	}
	out, _, err := run(t, "", append([]string{"verify"}, data...)...)
	if err == nil || !strings.Contains(out, "NOT ANCHORED") || !strings.Contains(out, "haki audit checkpoint --start") {
		t.Fatalf("verify with no checkpoint: %q %v", out, err)
	}
	if _, _, err := run(t, "", append([]string{"audit", "checkpoint"}, data...)...); err == nil {
		t.Error("audit checkpoint moved a checkpoint that is not there")
	}
	out, _, err = run(t, "", append([]string{"audit", "checkpoint", "--start"}, data...)...)
	if err != nil || !strings.Contains(out, "haki-audit-checkpoint-v1 start=0 last=") {
		t.Fatalf("audit checkpoint --start: %q %v", out, err)
	}
	if _, _, err := run(t, "", append([]string{"audit", "checkpoint", "--start"}, data...)...); err == nil {
		t.Error("a second --start replaced the checkpoint")
	}
	out, _, err = run(t, "", append([]string{"audit", "checkpoint"}, data...)...)
	if err != nil || !strings.Contains(out, "haki-audit-checkpoint-v1") {
		t.Fatalf("audit checkpoint: %q %v", out, err)
	}
	out, _, err = run(t, "", append([]string{"audit", "verify"}, data...)...)
	if err != nil || !strings.Contains(out, "Held against the checkpoint") {
		t.Fatalf("audit verify: %q %v", out, err)
	}
	if _, _, err := run(t, "", append([]string{"verify", "--checkpoint", "haki-audit-checkpoint-v1 start=0"}, data...)...); err == nil {
		t.Error("a garbled --checkpoint was taken")
	}
}

func mustExecSQLite(tb testing.TB, path string, stmts ...string) {
	tb.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			tb.Fatalf("%s: %v", q, err)
		}
	}
}

// TestVerifyOrphans: files a crash left in the evidence folder fail verify
// until --remove-orphans removes them; an upload in flight is left alone.
func TestVerifyOrphans(t *testing.T) {
	dir := t.TempDir()
	data := []string{"--data", dir}
	if _, _, err := run(t, "a long enough password\n", append([]string{"user", "add", "amina", "--role", "admin"}, data...)...); err != nil {
		t.Fatal(err)
	}
	old, recent := time.Now().Add(-3*time.Hour), time.Now().Add(-time.Minute)
	files := map[string]time.Time{
		"01/0190aaaa-0000-7000-8000-000000000001": old,
		"01/.upload-1": old,
		"02/.upload-2": recent,
	}
	for rel, mod := range files {
		path := filepath.Join(dir, "evidence", rel)
		os.MkdirAll(filepath.Dir(path), 0o700)
		if err := os.WriteFile(path, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(path, mod, mod)
	}
	out, _, err := run(t, "", append([]string{"verify"}, data...)...)
	if err == nil || !strings.Contains(out, "evidence folder: 1 orphan files with no record, 2 temporary files, 0 unknown files; 1 newer than an hour") ||
		!strings.Contains(out, "2 files were left by crashes") {
		t.Fatalf("verify with orphans: %q %v", out, err)
	}
	out, _, err = run(t, "", append([]string{"verify", "--remove-orphans"}, data...)...)
	if err != nil || !strings.Contains(out, "removed 2 files left by crashes") {
		t.Fatalf("verify --remove-orphans: %q %v", out, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "evidence", "02/.upload-2")); err != nil {
		t.Errorf("the upload in flight was removed: %v", err)
	}
	out, _, err = run(t, "", append([]string{"verify"}, data...)...)
	if err != nil || !strings.Contains(out, "0 orphan files with no record, 1 temporary files") {
		t.Fatalf("verify after the removal: %q %v", out, err)
	}
}

// TestRestoreStartsCheckpoint: a restored data folder has its own
// checkpoint, so verify holds the restored log against it at once.
func TestRestoreStartsCheckpoint(t *testing.T) {
	root := t.TempDir()
	src, dst := filepath.Join(root, "src"), filepath.Join(root, "dst")
	if _, _, err := run(t, "a long enough password\n", "user", "add", "amina", "--role", "admin", "--data", src); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(root, "b.hbk")
	if out, errOut, err := run(t, "", "backup", "--data", src, "--out", file); err != nil || !strings.Contains(out, "haki-audit-checkpoint-v1") {
		t.Fatalf("backup: %q %q %v", out, errOut, err)
	}
	if _, errOut, err := run(t, "", "restore", file, "--data", dst, "--key-file", filepath.Clean(src)+".key"); err != nil {
		t.Fatalf("restore: %q %v", errOut, err)
	}
	out, _, err := run(t, "", "verify", "--data", dst, "--key-file", filepath.Clean(src)+".key")
	if err != nil || !strings.Contains(out, "audit log: intact") || !strings.Contains(out, "held against 1 checkpoints") {
		t.Fatalf("verify the restored folder: %q %v", out, err)
	}
}
