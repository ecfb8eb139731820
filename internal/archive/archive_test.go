package archive

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var when = time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)

func makeArchive(t testing.TB, passphrase string, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	a, err := NewWriter(&buf, passphrase, when)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"manifest.json", "incidents.jsonl", "empty.txt"} {
		w, err := a.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, files[name])
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var files = map[string]string{
	"manifest.json":   `{"made":"2026-12-07"}`,
	"incidents.jsonl": strings.Repeat(`{"ref":"INC-2024-0001","title":"Shot at a roadblock"}`+"\n", 5000),
	"empty.txt":       "",
}

func TestArchiveRoundTrip(t *testing.T) {
	const pass = "K7QF2-M9XAB-CDEFG-HJKMN"
	b := makeArchive(t, pass, files)
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	if len(z.File) != 3 {
		t.Fatalf("%d entries", len(z.File))
	}
	for _, f := range z.File {
		if f.Method != methodAES || f.Flags&1 == 0 || f.CRC32 != 0 {
			t.Errorf("%s: method %d flags %x crc %x", f.Name, f.Method, f.Flags, f.CRC32)
		}
		got, err := ReadEntry(f, pass)
		if err != nil || string(got) != files[f.Name] {
			t.Errorf("%s: %v, %d bytes, want %d", f.Name, err, len(got), len(files[f.Name]))
		}
		if f.UncompressedSize64 != uint64(len(files[f.Name])) {
			t.Errorf("%s: size %d", f.Name, f.UncompressedSize64)
		}
		if _, err := ReadEntry(f, pass+"x"); err == nil {
			t.Errorf("%s opened with a wrong passphrase", f.Name)
		}
	}
	if bytes.Contains(b, []byte("roadblock")) {
		t.Error("the plain text is in the archive")
	}
}

func TestWeakPassphrase(t *testing.T) {
	if _, err := NewWriter(io.Discard, "short", when); !errors.Is(err, ErrWeakPassphrase) {
		t.Errorf("short passphrase: %v", err)
	}
	p := NewPassphrase()
	if len(p) != 29 || strings.ContainsAny(p, "ILOU") || p == NewPassphrase() {
		t.Errorf("passphrase %q", p)
	}
}

// TestArchiveOpensIn7Zip: 7-Zip, the tool the organisation's staff would
// use, lists and extracts the archive with the passphrase and refuses a
// wrong one. Skipped where 7z is not installed (.ci/run installs it).
func TestArchiveOpensIn7Zip(t *testing.T) {
	sevenZip, err := exec.LookPath("7z")
	if err != nil {
		t.Skip("7z not installed (apt-get install p7zip-full); the archive is checked by the Go reader above")
	}
	const pass = "K7QF2-M9XAB-CDEFG-HJKMN"
	dir := t.TempDir()
	file := filepath.Join(dir, "export.zip")
	if err := os.WriteFile(file, makeArchive(t, pass, files), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if b, err := exec.Command(sevenZip, "x", "-p"+pass, "-o"+out, file).CombinedOutput(); err != nil {
		t.Fatalf("7z x: %v\n%s", err, b)
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil || string(got) != want {
			t.Errorf("%s: %v, %d bytes", name, err, len(got))
		}
	}
	if b, err := exec.Command(sevenZip, "t", "-pwrong-passphrase-123", file).CombinedOutput(); err == nil {
		t.Errorf("7z accepted a wrong passphrase:\n%s", b)
	}
}

// FuzzReadEntry: whatever bytes come as an archive, reading it gives an
// error or the content, never a panic.
func FuzzReadEntry(f *testing.F) {
	small := map[string]string{"manifest.json": `{"made":"2026-12-07"}`, "incidents.jsonl": "{}\n"}
	f.Add(makeArchive(f, "K7QF2-M9XAB-CDEFG-HJKMN", small))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, b []byte) {
		z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return
		}
		for _, f := range z.File {
			ReadEntry(f, "K7QF2-M9XAB-CDEFG-HJKMN")
		}
	})
}
