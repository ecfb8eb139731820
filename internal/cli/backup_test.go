package cli_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
	"github.com/haki-kenya/haki/internal/vault"
)

// TestBackupRestore backs up a data folder while the server runs and
// writes, restores it into an empty folder, and compares every row and
// every evidence file; the restored data serves with the same key file.
func TestBackupRestore(t *testing.T) {
	dir := t.TempDir()
	data, keyFile := filepath.Join(dir, "data"), filepath.Join(dir, "data.key")
	token := mustAccount(t, "--data", data)
	base := startServe(t, "--data", data)
	c := apiClient{t, base, token}
	writeCanaries(t, c)
	mustEvidence(t, filepath.Join(data, "evidence"))

	// A backup taken while the server writes is one consistent state: its
	// audit chain verifies.
	during := filepath.Join(dir, "during.hbk")
	stop := keepWriting(c)
	if out, _, err := run(t, "", "backup", "--out", during, "--data", data); err != nil || !strings.Contains(out, "Backed up") {
		t.Fatalf("backup: %q %v", out, err)
	}
	stop()
	restoredDuring := filepath.Join(dir, "restored-during")
	if _, _, err := run(t, "", "restore", during, "--data", restoredDuring, "--key-file", keyFile); err != nil {
		t.Fatalf("restore: %v", err)
	}
	if out, _, err := run(t, "", "audit", "verify", "--data", restoredDuring, "--key-file", keyFile); err != nil {
		t.Errorf("the audit chain of a backup taken during writes does not verify: %q %v", out, err)
	}

	// Once the writes stop, a backup and its restore hold exactly what the source holds.
	file := filepath.Join(dir, "haki.hbk")
	if _, _, err := run(t, "", "backup", "--out", file, "--data", data); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("backup file mode: %v %v", fi, err)
	}
	b, _ := os.ReadFile(file)
	assertNoCanary(t, "the backup file", b)
	restored := filepath.Join(dir, "restored")
	if out, _, err := run(t, "", "restore", file, "--data", restored, "--key-file", keyFile); err != nil || !strings.Contains(out, "Restored") {
		t.Fatalf("restore: %q %v", out, err)
	}
	assertSameRows(t, dumpAll(t, filepath.Join(data, "haki.db"), keyFile), dumpAll(t, filepath.Join(restored, "haki.db"), keyFile))
	assertSameFiles(t, filepath.Join(data, "evidence"), filepath.Join(restored, "evidence"))

	restoredBase := startServe(t, "--data", restored, "--key-file", keyFile)
	assertServes(t, apiClient{t, restoredBase, token})
}

func TestRestoreRefuses(t *testing.T) {
	dir := t.TempDir()
	data, keyFile := filepath.Join(dir, "data"), filepath.Join(dir, "data.key")
	mustAccount(t, "--data", data)
	mustEvidence(t, filepath.Join(data, "evidence"))
	file := filepath.Join(dir, "haki.hbk")
	if _, _, err := run(t, "", "backup", "--out", file, "--data", data); err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(file)
	otherKey := filepath.Join(dir, "other.key")
	if _, err := vault.CreateKeyFile(otherKey); err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 1
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	full := filepath.Join(dir, "full")
	os.MkdirAll(full, 0o700)
	os.WriteFile(filepath.Join(full, "something"), []byte("x"), 0o600)
	tests := []struct {
		name, file, into, key, want string
	}{
		{"wrong key", file, "a", otherKey, "made with another master key: give the key file it was made with"},
		{"truncated", write("short.hbk", good[:len(good)-100]), "b", keyFile, "incomplete"},
		{"cut at a chunk", write("cut.hbk", good[:len(good)/2]), "c", keyFile, "incomplete"},
		{"flipped byte", write("flipped.hbk", flipped), "d", keyFile, "damaged"},
		{"not a backup", write("other.hbk", []byte("hello\n")), "e", keyFile, "not a Haki backup"},
		{"non-empty folder", file, "full", keyFile, "not empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			into := filepath.Join(dir, tc.into)
			_, _, err := run(t, "", "restore", tc.file, "--data", into, "--key-file", tc.key)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("restore: %v, want an error with %q", err, tc.want)
			}
			// Nothing half-restored: no folder, nor any left-over temporary one.
			if tc.into != "full" {
				if _, err := os.Stat(into); err == nil {
					t.Errorf("%s exists after a failed restore", into)
				}
			}
			if left, _ := filepath.Glob(filepath.Join(dir, ".*restoring*")); len(left) > 0 {
				t.Errorf("left behind: %v", left)
			}
		})
	}
}

// TestBackupRestorePostgres backs up one PostgreSQL schema and restores it
// into another, and into a SQLite folder.
func TestBackupRestorePostgres(t *testing.T) {
	src, dst := storetest.PostgresURL(t), storetest.PostgresURL(t)
	dir := t.TempDir()
	keyFile, data := filepath.Join(dir, "haki.key"), filepath.Join(dir, "files")
	token := mustAccount(t, "--database", src, "--key-file", keyFile)
	base := startServe(t, "--database", src, "--key-file", keyFile, "--data", data)
	writeCanaries(t, apiClient{t, base, token})
	mustEvidence(t, filepath.Join(data, "evidence"))
	file := filepath.Join(dir, "haki.hbk")
	if _, _, err := run(t, "", "backup", "--out", file, "--database", src, "--key-file", keyFile, "--data", data); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(file)
	assertNoCanary(t, "the backup file", b)
	restoredFiles := filepath.Join(dir, "restored-files")
	if _, _, err := run(t, "", "restore", file, "--database", dst, "--key-file", keyFile, "--data", restoredFiles); err != nil {
		t.Fatalf("restore: %v", err)
	}
	want := dumpAll(t, src, keyFile)
	assertSameRows(t, want, dumpAll(t, dst, keyFile))
	assertSameFiles(t, filepath.Join(data, "evidence"), filepath.Join(restoredFiles, "evidence"))
	if _, _, err := run(t, "", "restore", file, "--database", dst, "--key-file", keyFile); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("restore into a restored database: %v", err)
	}

	// Into the other engine.
	sqlite := filepath.Join(dir, "sqlite")
	if _, _, err := run(t, "", "restore", file, "--data", sqlite, "--key-file", keyFile); err != nil {
		t.Fatalf("restore into SQLite: %v", err)
	}
	assertSameRows(t, want, dumpAll(t, filepath.Join(sqlite, "haki.db"), keyFile))
	restoredBase := startServe(t, "--database", dst, "--key-file", keyFile, "--data", restoredFiles)
	assertServes(t, apiClient{t, restoredBase, token})
}

// mustAccount adds a data manager and returns an API token of theirs.
func mustAccount(t *testing.T, dataArgs ...string) string {
	t.Helper()
	if _, _, err := run(t, "a long enough password\n", append([]string{"user", "add", "amina", "--role", "datamanager"}, dataArgs...)...); err != nil {
		t.Fatal(err)
	}
	token, _, err := run(t, "", append([]string{"user", "token", "amina"}, dataArgs...)...)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(token)
}

// mustEvidence writes a few files, one in a sub-folder, one bigger than a chunk.
func mustEvidence(t *testing.T, dir string) {
	t.Helper()
	big := make([]byte, 300<<10)
	rand.Read(big)
	for name, b := range map[string][]byte{"a/b/photo.jpg": big, "note.txt": []byte("evidence\n"), "empty": nil} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// keepWriting records persons until the returned function is called, and
// returns once the first is written.
func keepWriting(c apiClient) (stop func()) {
	done, started := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-done:
				return
			default:
			}
			c.do("POST", "/api/v1/persons", map[string]any{"full_name": fmt.Sprintf("Person %d", i), "sex": "female"}, nil)
			if i == 0 {
				close(started)
			}
		}
	}()
	<-started
	return func() { close(done); wg.Wait() }
}

// dumpAll returns every row of every table, each as a JSON line, by table.
func dumpAll(t *testing.T, dsn, keyFile string) map[string][]string {
	t.Helper()
	keys, err := vault.LoadKeyFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(context.Background(), dsn, keys)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	out := map[string][]string{}
	err = s.Dump(context.Background(), func(table string, columns []string, row []any) error {
		m := map[string]any{}
		for i, c := range columns {
			m[c] = row[i]
		}
		b, err := json.Marshal(m)
		out[table] = append(out[table], string(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out["audit_log"]) == 0 || len(out["persons"]) == 0 || len(out["data_keys"]) == 0 {
		t.Fatalf("the dump of %s lacks rows: %d audit, %d persons", dsn, len(out["audit_log"]), len(out["persons"]))
	}
	return out
}

func assertSameRows(t *testing.T, want, got map[string][]string) {
	t.Helper()
	for table := range want {
		if _, ok := got[table]; !ok {
			t.Errorf("table %s: missing from the restore", table)
		}
	}
	for table, rows := range got {
		w := want[table]
		if len(rows) != len(w) {
			t.Errorf("table %s: %d rows restored, want %d", table, len(rows), len(w))
			continue
		}
		set := map[string]int{}
		for _, r := range w {
			set[r]++
		}
		for _, r := range rows {
			if set[r] == 0 {
				t.Errorf("table %s: restored row not in the source: %.300s", table, r)
				break
			}
			set[r]--
		}
	}
}

func assertSameFiles(t *testing.T, want, got string) {
	t.Helper()
	hashes := func(dir string) map[string][32]byte {
		m := map[string][32]byte{}
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				b, _ := os.ReadFile(p)
				rel, _ := filepath.Rel(dir, p)
				m[rel] = sha256.Sum256(b)
			}
			return err
		})
		return m
	}
	w, g := hashes(want), hashes(got)
	if len(w) == 0 || len(w) != len(g) {
		t.Errorf("evidence files: %d restored, want %d", len(g), len(w))
	}
	for name, h := range w {
		if g[name] != h {
			t.Errorf("evidence file %s: restored with another SHA-256", name)
		}
	}
}

// assertServes reads a person with its identity through the restored
// server, and signs in with the restored password.
func assertServes(t *testing.T, c apiClient) {
	t.Helper()
	var found struct{ Items []map[string]any }
	if code := c.do("POST", "/api/v1/persons/search", map[string]any{"q": canaries["national_id"]}, &found); code != 200 || len(found.Items) == 0 {
		t.Fatalf("search on the restored data: %d, %d found", code, len(found.Items))
	}
	var person map[string]any
	if code := c.do("GET", "/api/v1/persons/"+found.Items[0]["id"].(string), nil, &person); code != 200 || person["full_name"] != canaries["name"] {
		t.Fatalf("read person on the restored data: %d %v", code, person["full_name"])
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for pw, want := range map[string]int{"a long enough password": http.StatusSeeOther, "a wrong password here": http.StatusUnauthorized} {
		resp, err := noRedirect.PostForm(c.base+"/signin", url.Values{"username": {"amina"}, "password": {pw}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("sign in with %q on the restored data: %d, want %d", pw, resp.StatusCode, want)
		}
	}
}
