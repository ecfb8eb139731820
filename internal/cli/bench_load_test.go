package cli_test

import (
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/cli"
)

// A short load run on a small demo: every page of the mix answers every
// role's clients without an error, the writers record incidents, the
// figures and memory are printed, and the bench accounts end disabled.
func TestBenchLoad(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	if _, errOut, err := run(t, "", "demo", "--data", dir, "--size", "60", "--seed", "3", "--demo-password", "a long demo password", "--no-serve"); err != nil {
		t.Fatalf("demo: %v %s", err, errOut)
	}
	for _, args := range [][]string{{"bench"}, {"bench", "load", "--clients", "0"}, {"bench", "load", "--duration", "-1s"}} {
		if _, _, err := run(t, "", append(args, "--data", dir)...); err == nil {
			t.Errorf("%v: no error", args)
		} else if len(args) == 1 && !errors.Is(err, cli.ErrUsage) {
			t.Errorf("%v: %v, want usage", args, err)
		}
	}
	out, errOut, err := run(t, "", "bench", "load", "--data", dir, "--clients", "7", "--writers", "1", "--duration", "5s", "--settle", "0s", "--year", "2024")
	if err != nil {
		t.Fatalf("bench load: %v\n%s\n%s", err, out, errOut)
	}
	for _, page := range []string{"home", "incident list", "incident list, county and year", "incident page", "case page",
		"calendar week", "executions report, county and year", "write: new incident (API)", "all pages", "all writes"} {
		// name, requests, per second, p50, p99, errors: some requests, no errors.
		re := regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(page) + `\s+[1-9]\d*\s+\d+\s+[\d.]+ ms\s+[\d.]+ ms\s+0\s*$`)
		if !re.MatchString(out) {
			t.Errorf("no line for %q with requests and no errors in:\n%s", page, out)
		}
	}
	for _, want := range []string{"write transactions during the run", "before", "peak", "after 0s idle"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "first error") {
		t.Errorf("errors:\n%s", out)
	}
	users, _, err := run(t, "", "user", "list", "--data", dir)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(regexp.MustCompile(`(?m)^bench-\w+\s+\w+\s+true`).FindAllString(users, -1)); n != 7 {
		t.Errorf("%d disabled bench accounts, want 7:\n%s", n, users)
	}
}
