package cli_test

import (
	"archive/zip"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/archive"
	"github.com/haki-kenya/haki/internal/cli"
	"github.com/xuri/excelize/v2"
)

func TestExportCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	if _, errOut, err := run(t, "", "demo", "--data", dir, "--size", "60", "--seed", "3", "--demo-password", "a long demo password", "--no-serve"); err != nil {
		t.Fatalf("demo: %v %s", err, errOut)
	}
	for _, tc := range []struct {
		args    []string
		wantErr string
	}{
		{[]string{"export", "acts", "--out", "x"}, "say what to export"},
		{[]string{"export", "incidents", "--format", "pdf", "--out", "x"}, "--format must be csv, xlsx or json"},
		{[]string{"export", "incidents"}, "--out FILE is required"},
		{[]string{"export", "incidents", "--month", "3", "--out", "x"}, "--month must be"},
	} {
		_, errOut, err := run(t, "", append(tc.args, "--data", dir)...)
		if !errors.Is(err, cli.ErrUsage) || !strings.Contains(errOut, tc.wantErr) {
			t.Errorf("%v: %v %q, want usage with %q", tc.args, err, errOut, tc.wantErr)
		}
	}
	out := filepath.Join(t.TempDir(), "incidents.csv")
	stdout, errOut, err := run(t, "", "export", "incidents", "--format", "csv", "--out", out, "--data", dir)
	// The demo's 60 incidents and the 5 it publishes on the portal.
	if err != nil || !strings.Contains(stdout, "Wrote 65 incidents") {
		t.Fatalf("export: %v %q %q", err, stdout, errOut)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) != 66 || recs[0][0] != "ref" || len(recs[0]) != 13 {
		t.Fatalf("file: %d records, %v", len(recs), err)
	}

	// The other lists, in the other formats.
	persons := filepath.Join(t.TempDir(), "persons.json")
	if stdout, errOut, err := run(t, "", "export", "persons", "--format", "json", "--out", persons, "--data", dir); err != nil || !strings.Contains(stdout, "persons to") {
		t.Fatalf("persons: %v %q %q", err, stdout, errOut)
	}
	var rows []map[string]string
	if b, err := os.ReadFile(persons); err != nil || json.Unmarshal(b, &rows) != nil || len(rows) == 0 || rows[0]["full_name"] == "" {
		t.Errorf("persons.json: %v, %d rows", err, len(rows))
	}
	if info, err := os.Stat(persons); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("persons.json is readable by others: %v", info.Mode())
	}
	cases := filepath.Join(t.TempDir(), "cases.xlsx")
	if _, errOut, err := run(t, "", "export", "cases", "--format", "xlsx", "--out", cases, "--data", dir); err != nil {
		t.Fatalf("cases: %v %q", err, errOut)
	}
	x, err := excelize.OpenFile(cases)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got, _ := x.GetRows("Cases"); len(got) < 2 || got[0][0] != "ref" {
		t.Errorf("cases.xlsx: %d rows", len(got))
	}
}

// TestExportAllCommand: everything goes into an archive encrypted with the
// passphrase printed once; it opens with that passphrase and no other.
func TestExportAllCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	if _, errOut, err := run(t, "", "demo", "--data", dir, "--size", "30", "--seed", "3", "--demo-password", "a long demo password", "--no-serve"); err != nil {
		t.Fatalf("demo: %v %s", err, errOut)
	}
	out := filepath.Join(t.TempDir(), "all.zip")
	stdout, errOut, err := run(t, "", "export", "all", "--out", out, "--data", dir)
	if err != nil {
		t.Fatalf("export all: %v %q", err, errOut)
	}
	_, pass, ok := strings.Cut(stdout, "Passphrase (shown once; Haki does not keep it): ")
	pass = strings.TrimSpace(pass)
	if !ok || len(pass) != 29 {
		t.Fatalf("no passphrase printed: %q", stdout)
	}
	z, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	names := map[string][]byte{}
	for _, f := range z.File {
		if names[f.Name], err = archive.ReadEntry(f, pass); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if _, err := archive.ReadEntry(f, "another passphrase of length"); err == nil {
			t.Errorf("%s opened with another passphrase", f.Name)
		}
	}
	var m struct{ Counts map[string]int }
	if err := json.Unmarshal(names["manifest.json"], &m); err != nil || m.Counts["incidents.jsonl"] < 30 ||
		strings.Count(string(names["incidents.jsonl"]), "\n") != m.Counts["incidents.jsonl"] {
		t.Errorf("manifest %v %v; %d lines", m, err, strings.Count(string(names["incidents.jsonl"]), "\n"))
	}
	short := filepath.Join(t.TempDir(), "pass")
	os.WriteFile(short, []byte("too short\n"), 0o600)
	if _, errOut, err := run(t, "", "export", "all", "--out", out, "--passphrase-file", short, "--data", dir); !errors.Is(err, cli.ErrUsage) || !strings.Contains(errOut, "16 characters") {
		t.Errorf("short passphrase: %v %q", err, errOut)
	}
}
