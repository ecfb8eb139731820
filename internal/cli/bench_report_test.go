package cli_test

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A short run of the report door: every report sealed and worked as the
// page does arrives once, those sent twice add nothing, and the figures
// are printed.
func TestBenchReport(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	if _, errOut, err := run(t, "", "demo", "--data", dir, "--size", "30", "--seed", "3", "--demo-password", "a long demo password", "--no-serve"); err != nil {
		t.Fatalf("demo: %v %s", err, errOut)
	}
	for _, args := range [][]string{{"bench", "report", "--rate", "0"}, {"bench", "report", "--resend", "2"}} {
		if _, _, err := run(t, "", append(args, "--data", dir)...); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
	out, errOut, err := run(t, "", "bench", "report", "--data", dir, "--rate", "40", "--duration", "2s", "--clients", "4", "--resend", "0.2")
	if err != nil {
		t.Fatalf("bench report: %v\n%s\n%s", err, out, errOut)
	}
	if !regexp.MustCompile(`Sent (\d+) requests \(80 reports, (1[0-9]) sent again\)`).MatchString(out) {
		t.Errorf("no line of 80 reports with about 16 sent again:\n%s", out)
	}
	for _, want := range []string{"Errors: map[]", "Reports accepted: 80; new in the store: 80."} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
