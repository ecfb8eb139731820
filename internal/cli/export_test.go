package cli_test

import (
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/cli"
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
		{[]string{"export", "persons", "--out", "x"}, "say what to export"},
		{[]string{"export", "incidents", "--format", "xlsx", "--out", "x"}, "--format must be csv"},
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
}
