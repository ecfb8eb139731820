package cli_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haki-kenya/haki/internal/cli"
	"github.com/haki-kenya/haki/internal/storetest"
)

// run runs haki with args and stdin, returning what it printed.
func run(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &cli.Main{Args: args, Getenv: func(string) string { return "" }, Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb}
	err = m.Run(context.Background())
	return out.String(), errb.String(), err
}

func TestUsage(t *testing.T) {
	tests := []struct {
		args    []string
		wantErr bool
		want    string // in stdout or stderr
	}{
		{nil, true, "Commands:"},
		{[]string{"--help"}, false, "serve"},
		{[]string{"nope"}, true, `unknown command "nope"`},
		{[]string{"version"}, false, "haki "},
		{[]string{"serve", "--help"}, false, "--addr"},
		{[]string{"demo", "--help"}, false, "--demo-password"},
		{[]string{"migrate", "--help"}, false, "--database"},
		{[]string{"user", "--help"}, false, "reset-password"},
		{[]string{"serve", "--bogus"}, true, "flag provided but not defined"},
		{[]string{"migrate"}, true, ""},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			out, errOut, err := run(t, "", tc.args...)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if !strings.Contains(out+errOut, tc.want) {
				t.Errorf("output %q lacks %q", out+errOut, tc.want)
			}
		})
	}
}

func TestUserCommands(t *testing.T) {
	dir := t.TempDir()
	data := []string{"--data", dir}
	if _, _, err := run(t, "short\n", append([]string{"user", "add", "amina", "--role", "admin"}, data...)...); err == nil {
		t.Error("a short password was accepted")
	}
	if _, _, err := run(t, "a long enough password\n", append([]string{"user", "add", "amina", "--role", "wizard"}, data...)...); err == nil {
		t.Error("an unknown role was accepted")
	}
	out, _, err := run(t, "a long enough password\n", append([]string{"user", "add", "amina", "--role", "admin", "--team", "Nairobi"}, data...)...)
	if err != nil || !strings.Contains(out, "Added amina (admin)") {
		t.Fatalf("add: %q %v", out, err)
	}
	if _, _, err := run(t, "a long enough password\n", append([]string{"user", "add", "amina", "--role", "admin"}, data...)...); err == nil {
		t.Error("a duplicate user name was accepted")
	}
	out, _, err = run(t, "", append([]string{"user", "list"}, data...)...)
	if err != nil || !strings.Contains(out, "amina") || !strings.Contains(out, "admin") {
		t.Fatalf("list: %q %v", out, err)
	}
	token, _, err := run(t, "", append([]string{"user", "token", "amina"}, data...)...)
	if err != nil || !strings.HasPrefix(token, "haki_") {
		t.Fatalf("token: %q %v", token, err)
	}
	if _, _, err := run(t, "another long password\n", append([]string{"user", "reset-password", "amina"}, data...)...); err != nil {
		t.Fatal(err)
	}
	if _, _, err := run(t, "", append([]string{"user", "disable", "amina"}, data...)...); err != nil {
		t.Fatal(err)
	}
	if _, _, err := run(t, "", append([]string{"user", "disable", "nobody"}, data...)...); err == nil {
		t.Error("disabling an unknown user succeeded")
	}
}

// syncBuffer is a bytes.Buffer the server's goroutines may write while the
// test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// startServe runs "haki serve" until the test ends and returns its base URL.
func startServe(t *testing.T, args ...string) string {
	t.Helper()
	return startServeLog(t, io.Discard, args...)
}

func startServeLog(t *testing.T, log io.Writer, args ...string) string {
	t.Helper()
	return startServeEnv(t, log, nil, args...)
}

// startServeEnv is startServeLog with the environment env.
func startServeEnv(t *testing.T, log io.Writer, env map[string]string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	m := &cli.Main{Args: append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), Getenv: func(k string) string { return env[k] },
		Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: log, Ready: func(addr string) { ready <- addr }}
	go func() { done <- m.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	select {
	case addr := <-ready:
		return "http://" + addr
	case err := <-done:
		done <- nil // for the cleanup, which waits on done
		t.Fatalf("serve ended: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	return ""
}

func TestServe(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := run(t, "a long enough password\n", "user", "add", "amina", "--role", "datamanager", "--data", dir); err != nil {
		t.Fatal(err)
	}
	token, _, err := run(t, "", "user", "token", "amina", "--data", dir)
	if err != nil {
		t.Fatal(err)
	}
	base := startServe(t, "--data", dir)
	resp, err := http.Get(base + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	req, _ := http.NewRequest("GET", base+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(token))
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"amina"`) {
		t.Errorf("me: %d %s", resp.StatusCode, body)
	}
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Request-Id"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("missing header %s", h)
		}
	}
}

func TestDemoNoServe(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	out, _, err := run(t, "", "demo", "--data", dir, "--size", "200", "--seed", "3", "--demo-password", "a long demo password", "--no-serve")
	if err != nil || !strings.Contains(out, "Generated in") || !strings.Contains(out, "200 incidents") {
		t.Fatalf("demo: %q %v", out, err)
	}
	// A network doctor's evaluations are signed through the store's rules.
	if !strings.Contains(out, "Medico-legal evaluations: 2 signed") {
		t.Errorf("demo evaluations: %q", out)
	}
	// A second run keeps the data.
	out, _, err = run(t, "", "demo", "--data", dir, "--no-serve")
	if err != nil || !strings.Contains(out, "already has data") {
		t.Fatalf("second demo: %q %v", out, err)
	}
	if _, _, err := run(t, "", "demo", "--data", dir, "--demo-password", "short", "--no-serve"); err == nil {
		t.Error("a short demo password was accepted")
	}
}

func TestServePostgres(t *testing.T) {
	url := storetest.PostgresURL(t)
	key := filepath.Join(t.TempDir(), "haki.key")
	if _, _, err := run(t, "", "migrate", "--database", url); err == nil {
		t.Fatal("migrated PostgreSQL without a key file")
	}
	if out, _, err := run(t, "", "migrate", "--database", url, "--key-file", key); err != nil || !strings.Contains(out, "postgres") {
		t.Fatalf("migrate: %q %v", out, err)
	}
	if _, _, err := run(t, "a long enough password\n", "user", "add", "amina", "--role", "admin", "--database", url, "--key-file", key); err != nil {
		t.Fatal(err)
	}
	// Another key does not open this database.
	if _, _, err := run(t, "", "user", "list", "--database", url, "--key-file", filepath.Join(t.TempDir(), "other.key")); err == nil ||
		!strings.Contains(err.Error(), "master key does not match") {
		t.Errorf("a wrong key opened the database: %v", err)
	}
	base := startServe(t, "--database", url, "--key-file", key, "--evidence-dir", t.TempDir())
	resp, err := http.Get(base + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()
}

// TestLogsCarryNoIdentifiers sends a name in a body and in a query string
// and checks that the log names the route and the user, never the name.
func TestLogsCarryNoIdentifiers(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := run(t, "a long enough password\n", "user", "add", "amina", "--role", "datamanager", "--data", dir); err != nil {
		t.Fatal(err)
	}
	token, _, err := run(t, "", "user", "token", "amina", "--data", dir)
	if err != nil {
		t.Fatal(err)
	}
	log := &syncBuffer{}
	base := startServeLog(t, log, "--data", dir)
	do := func(method, path, body string) int {
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(token))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := do("POST", "/api/v1/persons", `{"full_name": "Zawadi Canaryname", "sex": "female", "phone": "0712999888"}`); got != http.StatusCreated {
		t.Fatalf("create person: %d", got)
	}
	do("POST", "/api/v1/persons/search", `{"q": "Canaryname"}`)
	do("GET", "/api/v1/persons?q=Canaryname", "")
	do("GET", "/persons?q=Canaryname", "")
	out := log.String()
	for _, secret := range []string{"Canaryname", "0712999888", "Zawadi"} {
		if strings.Contains(out, secret) {
			t.Errorf("the log contains %q:\n%s", secret, out)
		}
	}
	if !strings.Contains(out, `route="POST /api/v1/persons/search"`) || strings.Contains(out, `user=""`) {
		t.Errorf("the log lacks the route or the user:\n%s", out)
	}
}
