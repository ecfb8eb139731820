package cli_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/cli"
)

// TestGazetteerCommand loads the United States' states into a fresh data
// folder, makes it the organisation's country and lists them.
func TestGazetteerCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	us := "../../examples/gazetteer/us-states.csv"
	out, errOut, err := run(t, "", "gazetteer", "load", us, "--data", dir)
	if err != nil || !strings.Contains(out, "Loaded 51 places of US.") {
		t.Fatalf("load: %v %q %q", err, out, errOut)
	}
	// Kenya stays the organisation's country until it is changed.
	if _, errOut, err = run(t, "", "gazetteer", "list", "--data", dir); err != nil || !strings.Contains(errOut, "47 places of level 1 in KE.") {
		t.Fatalf("list: %v %q", err, errOut)
	}
	// Loading again is no error: names and boundaries are replaced.
	if out, _, err = run(t, "", "gazetteer", "load", "--set-country", "--data", dir, us); err != nil || !strings.Contains(out, "US is now the organisation's country.") {
		t.Fatalf("load again: %v %q", err, out)
	}
	out, errOut, err = run(t, "", "gazetteer", "list", "--data", dir)
	if err != nil || !strings.Contains(errOut, "51 places of level 1 in US.") || !strings.Contains(out, "US-CA\tCalifornia\tCA\t") {
		t.Fatalf("list: %v %q %q", err, errOut, out)
	}
	if _, _, err := run(t, "", "gazetteer", "--data", dir); !errors.Is(err, cli.ErrUsage) {
		t.Errorf("no action: %v", err)
	}
	if _, _, err := run(t, "", "gazetteer", "load", "--data", dir, "no-such-file.csv"); err == nil {
		t.Error("a missing file loaded")
	}
}
