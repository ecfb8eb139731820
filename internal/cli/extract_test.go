package cli_test

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/cli"
)

func TestExtractCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	if _, errOut, err := run(t, "", "demo", "--data", dir, "--size", "60", "--seed", "3", "--demo-password", "a long demo password", "--no-serve"); err != nil {
		t.Fatalf("demo: %v %s", err, errOut)
	}
	for _, tc := range []struct {
		args    []string
		wantErr string
	}{
		{[]string{"extract", "--to", "2030-12-31"}, "--from:"},
		{[]string{"extract", "--from", "2000-01-01", "--to", "2030-12-31", "--k", "2"}, "--k:"},
		{[]string{"extract", "--from", "2000-01-01", "--to", "2030-12-31", "--qi", "name"}, "--qi:"},
	} {
		_, errOut, err := run(t, "", append(tc.args, "--data", dir)...)
		if !errors.Is(err, cli.ErrUsage) || !strings.Contains(errOut, tc.wantErr) {
			t.Errorf("%v: %v %q, want usage with %q", tc.args, err, errOut, tc.wantErr)
		}
	}
	out := filepath.Join(t.TempDir(), "extract.csv")
	_, errOut, err := run(t, "", "extract", "--from", "2000-01-01", "--to", "2030-12-31", "--k", "5", "--qi", "county,sex,age_band",
		"--out", out, "--data", dir)
	if err != nil || !strings.Contains(errOut, "Research extract:") {
		t.Fatalf("extract: %v %q", err, errOut)
	}
	t.Log(errOut)
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) < 2 || strings.Join(recs[0], ",") != strings.Join(haki.ExtractColumns, ",") {
		t.Fatalf("file: %d records, %v", len(recs), err)
	}
	classes := map[string]int{}
	for _, r := range recs[1:] {
		classes[r[2]+"|"+r[3]+"|"+r[4]]++ // county, sex, age_band
	}
	for key, n := range classes {
		if n < 5 {
			t.Errorf("class %s has %d rows", key, n)
		}
	}
	b, err := os.ReadFile(out + ".note.json")
	var note haki.ExtractNote
	if err != nil || json.Unmarshal(b, &note) != nil || note.RowsOut != len(recs)-1 || note.K != 5 {
		t.Fatalf("note: %v %s", err, b)
	}
}
