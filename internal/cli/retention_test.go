package cli_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/cli"
)

func TestRetentionDryRun(t *testing.T) {
	data := []string{"--data", t.TempDir()}
	if _, _, err := run(t, "", append([]string{"retention"}, data...)...); !errors.Is(err, cli.ErrUsage) {
		t.Errorf("without --dry-run: %v, want usage", err)
	}
	out, errOut, err := run(t, "", append([]string{"retention", "--dry-run"}, data...)...)
	if err != nil {
		t.Fatalf("dry run: %q %v", errOut, err)
	}
	for _, want := range []string{"Dry run: nothing was removed.", "closed_case: 0 older than", "unverified_incident: 0", "audit_log: 0"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
