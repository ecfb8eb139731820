package cli_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haki-kenya/haki/internal/cli"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// TestServeWithChannels starts serve with SMTP flags and Africa's Talking
// from the environment: it serves, starts the workers, stops cleanly, and
// prints no secret, in its log or its help.
func TestServeWithChannels(t *testing.T) {
	env := map[string]string{"HAKI_SMTP_PASSWORD": "smtp-secret-pw", "HAKI_SMS_PROVIDER": "africastalking", "HAKI_AT_USERNAME": "haki",
		"HAKI_AT_API_KEY": "atsk_secret_key", "HAKI_AT_BASE_URL": "http://127.0.0.1:1", "HAKI_OUTBOX_POLL": "1s"}
	getenv := func(k string) string { return env[k] }
	args := []string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--smtp-host", "127.0.0.1", "--smtp-port", "2525",
		"--smtp-tls", "none", "--smtp-username", "haki", "--smtp-from", "Haki <haki@haki.example>", "--reminder-poll", "1s"}
	logs := &lockedBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	ready, done := make(chan string, 1), make(chan error, 1)
	m := &cli.Main{Args: args, Getenv: getenv, Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: logs,
		Ready: func(addr string) { ready <- addr }}
	go func() { done <- m.Run(ctx) }()
	select {
	case addr := <-ready:
		resp, err := http.Get("http://" + addr + "/healthz")
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("healthz: %v %v", resp, err)
		}
		resp.Body.Close()
	case err := <-done:
		t.Fatalf("serve ended: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	time.Sleep(1500 * time.Millisecond) // a tick of each worker
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	l := logs.String()
	if !strings.Contains(l, "outbox and reminders") || !strings.Contains(l, "smtp 127.0.0.1 port=2525 tls=none") {
		t.Errorf("log lacks the channels:\n%s", l)
	}
	for _, secret := range []string{"smtp-secret-pw", "atsk_secret_key"} {
		if strings.Contains(l, secret) {
			t.Errorf("the log prints %q", secret)
		}
	}
	help := &lockedBuffer{}
	hm := &cli.Main{Args: []string{"serve", "--help"}, Getenv: getenv, Stdin: strings.NewReader(""), Stdout: help, Stderr: help}
	_ = hm.Run(context.Background())
	if h := help.String(); !strings.Contains(h, "-smtp-host") || strings.Contains(h, "smtp-secret-pw") || strings.Contains(h, "atsk_secret_key") {
		t.Errorf("help:\n%s", h)
	}

	// A wrong setting stops serve before it listens.
	bad := &cli.Main{Args: []string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--smtp-host", "x", "--smtp-from", "haki@haki.example", "--smtp-tls", "maybe"},
		Getenv: func(string) string { return "" }, Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard}
	if err := bad.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "TLS mode") {
		t.Errorf("bad TLS mode: %v", err)
	}
}
