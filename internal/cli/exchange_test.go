package cli_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestExchangeCommand exports from one data folder and imports into
// another, trusted, then again (unchanged).
func TestExchangeCommand(t *testing.T) {
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	if _, errOut, err := run(t, "", "demo", "--data", a, "--size", "40", "--seed", "5", "--demo-password", "a long demo password", "--no-serve"); err != nil {
		t.Fatalf("demo: %v %s", err, errOut)
	}
	id, _, err := run(t, "", "exchange", "id", "--data", a)
	id = strings.TrimSpace(id)
	if err != nil || len(id) != 32 {
		t.Fatalf("id: %q %v", id, err)
	}
	file := filepath.Join(t.TempDir(), "exchange.json")
	if _, errOut, err := run(t, "", "exchange", "export", "--out", file, "--data", a); err != nil || !strings.Contains(errOut, id) {
		t.Fatalf("export: %v %q", err, errOut)
	}
	if _, _, err := run(t, "", "exchange", "import", file, "--trust", "0123456789abcdef0123456789abcdef", "--data", b); err == nil || !strings.Contains(err.Error(), "not one you trust") {
		t.Errorf("an untrusted document: %v", err)
	}
	out, _, err := run(t, "", "exchange", "import", file, "--trust", id, "--data", b)
	if err != nil || !strings.HasPrefix(out, "created ") || strings.HasPrefix(out, "created 0,") {
		t.Fatalf("import: %v %q", err, out)
	}
	out, _, err = run(t, "", "exchange", "import", "--trust", id, "--data", b, file)
	if err != nil || !strings.HasPrefix(out, "created 0, updated 0, unchanged ") {
		t.Fatalf("import again: %v %q", err, out)
	}
}
