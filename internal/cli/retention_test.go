package cli_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/cli"
)

func TestRetentionCommand(t *testing.T) {
	data := []string{"--data", t.TempDir()}
	for _, args := range [][]string{{"retention"}, {"retention", "run"}, {"retention", "run", "--dry-run", "--yes"},
		{"retention", "set", "closed_case"}, {"retention", "set", "closed_case", "ten"}, {"retention", "purge"}} {
		if _, _, err := run(t, "", append(args, data...)...); !errors.Is(err, cli.ErrUsage) {
			t.Errorf("%q: %v, want usage", args, err)
		}
	}
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"retention", "--dry-run"}, []string{"Dry run: nothing was removed.", "closed_case: 0 older than", "unverified_incident: 0", "audit_log: 0"}},
		{[]string{"retention", "set", "intake_draft", "3"}, []string{"intake_draft: kept 3 years."}},
		{[]string{"retention", "show"}, []string{"Dry run", "intake_draft: 0 older than", "(3 years)", "sign_in_record: 0"}},
		{[]string{"retention", "run", "--dry-run"}, []string{"Dry run: nothing was removed."}},
		{[]string{"retention", "run", "--yes"}, []string{"Retention run", "closed_case: 0 older than", "anonymise, 0 done", "audit_log: ", "; report"}},
	} {
		out, errOut, err := run(t, "", append(tc.args, data...)...)
		if err != nil {
			t.Fatalf("%q: %q %v", tc.args, errOut, err)
		}
		for _, want := range tc.want {
			if !strings.Contains(out, want) {
				t.Errorf("%q: output lacks %q:\n%s", tc.args, want, out)
			}
		}
	}
	if _, _, err := run(t, "", append([]string{"retention", "set", "persons", "3"}, data...)...); err == nil {
		t.Error("set an unknown record type")
	}
	out, _, err := run(t, "", append([]string{"audit", "verify"}, data...)...)
	if err != nil || !strings.Contains(out, "intact") {
		t.Errorf("audit after retention: %q %v", out, err)
	}
}
