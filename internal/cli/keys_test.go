package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestKeysRotateWhileServing(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	keyFile := data + ".key"
	if _, _, err := run(t, "a long enough password\n", "user", "add", "amina", "--role", "datamanager", "--data", data); err != nil {
		t.Fatal(err)
	}
	token, _, err := run(t, "", "user", "token", "amina", "--data", data)
	if err != nil {
		t.Fatal(err)
	}
	oldKeys, err := os.ReadFile(keyFile)
	if err != nil {
		t.Fatalf("the default key file beside the data folder: %v", err)
	}
	base := startServe(t, "--data", data)
	c := apiClient{t, base, strings.TrimSpace(token)}
	writeCanaries(t, c)

	out, errOut, err := run(t, "", "keys", "rotate", "--data", data)
	if err != nil || !strings.Contains(out, "Rotated") {
		t.Fatalf("rotate: %q %q %v", out, errOut, err)
	}
	newKeys, _ := os.ReadFile(keyFile)
	if n := strings.Count(string(newKeys), "haki-master-key-v1"); n != 1 || string(newKeys) == string(oldKeys) {
		t.Errorf("after rotation the key file holds %d keys (changed: %t)", n, string(newKeys) != string(oldKeys))
	}
	// The running server goes on reading and writing identities.
	writeCanaries(t, c)
	// The old key no longer opens the data.
	old := filepath.Join(dir, "old.key")
	os.WriteFile(old, oldKeys, 0o600)
	if _, _, err := run(t, "", "user", "list", "--data", data, "--key-file", old); err == nil {
		t.Error("the old key still opens the data")
	}
	if _, _, err := run(t, "", "user", "list", "--data", data); err != nil {
		t.Errorf("the new key does not open the data: %v", err)
	}
}

func TestKeyPassphrase(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	pass := "a long master passphrase\n"
	if _, _, err := run(t, pass, "migrate", "--data", data, "--key-passphrase"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(data + ".key"); err == nil {
		t.Error("a key file was written although a passphrase was used")
	}
	if _, err := os.Stat(data + ".salt"); err != nil {
		t.Errorf("no salt beside the data folder: %v", err)
	}
	// The passphrase comes first, the new account's password second.
	if out, _, err := run(t, pass+"a long enough password\n", "user", "add", "amina", "--role", "admin", "--data", data, "--key-passphrase"); err != nil {
		t.Fatalf("user add: %q %v", out, err)
	}
	if out, _, err := run(t, pass, "user", "list", "--data", data, "--key-passphrase"); err != nil || !strings.Contains(out, "amina") {
		t.Fatalf("user list: %q %v", out, err)
	}
	if _, _, err := run(t, "another long passphrase\n", "user", "list", "--data", data, "--key-passphrase"); err == nil ||
		!strings.Contains(err.Error(), "master key does not match") {
		t.Errorf("a wrong passphrase: %v", err)
	}
	if _, _, err := run(t, "short\n", "user", "list", "--data", data, "--key-passphrase"); err == nil {
		t.Error("a short passphrase was accepted")
	}
}
