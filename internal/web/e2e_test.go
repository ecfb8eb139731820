package web

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// The end-to-end browser tests (e2e_*_test.go) drive headless Chromium
// against the real binary: the first of them builds ./cmd/haki once into a
// temporary folder and starts `haki demo` on a free port with a temporary
// data folder; the others share that server, and TestMain stops it. The
// demo's generated data is the only data they see.

// e2ePassword is the password of every demo account the tests sign in to.
const e2ePassword = "Kahawa-Tamu-Mlima-42"

// e2eSize is the number of incidents the demo generates: enough for every
// page to have records, small enough to generate in seconds.
const e2eSize = 200

// e2eServer is the running demo.
type e2eServer struct {
	base string
	cmd  *exec.Cmd
	dir  string
	out  *syncBuffer
	done chan struct{}
}

var e2e struct {
	once sync.Once
	srv  *e2eServer
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if e2e.srv != nil {
		e2e.srv.stop()
	}
	os.Exit(code)
}

// needE2E returns the Chromium to drive and the shared demo server, which it
// starts on first use; it skips when HAKI_CHROMIUM is unset.
func needE2E(t *testing.T) (string, *e2eServer) {
	t.Helper()
	chromium := needChromium(t)
	e2e.once.Do(func() {
		start := time.Now()
		e2e.srv, e2e.err = startE2E()
		if e2e.err == nil {
			fmt.Fprintf(os.Stderr, "e2e: built haki and started the demo (%d incidents) in %s\n", e2eSize, time.Since(start).Round(100*time.Millisecond))
		}
	})
	if e2e.err != nil {
		t.Fatalf("start the demo server: %v", e2e.err)
	}
	select {
	case <-e2e.srv.done:
		t.Fatalf("the demo server has stopped:\n%s", tail(e2e.srv.out, 3000))
	default:
	}
	return chromium, e2e.srv
}

// startE2E builds the binary and starts the demo, waiting until it answers.
func startE2E() (*e2eServer, error) {
	dir, err := os.MkdirTemp("", "haki-e2e-")
	if err != nil {
		return nil, err
	}
	bin := filepath.Join(dir, "haki")
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	build := exec.Command(goBin, "build", "-o", bin, "github.com/haki-kenya/haki/cmd/haki")
	if out, err := build.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("go build ./cmd/haki: %v\n%s", err, out)
	}
	addr, err := freeAddr()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s := &e2eServer{base: "http://" + addr, dir: dir, out: &syncBuffer{}, done: make(chan struct{})}
	s.cmd = exec.Command(bin, "demo", "--addr", addr, "--data", filepath.Join(dir, "data"),
		"--size", fmt.Sprint(e2eSize), "--seed", "7", "--demo-password", e2ePassword)
	s.cmd.Dir = dir
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	// The server gets no HAKI_ settings of the test run (a database URL
	// would send it elsewhere); its key file is made beside the data.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HAKI_") {
			s.cmd.Env = append(s.cmd.Env, kv)
		}
	}
	if err := s.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	go func() { s.cmd.Wait(); close(s.done) }()
	deadline := time.Now().Add(3 * time.Minute)
	for {
		resp, err := http.Get(s.base + "/signin")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		select {
		case <-s.done:
			os.RemoveAll(dir)
			return nil, fmt.Errorf("haki demo exited:\n%s", tail(s.out, 3000))
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, fmt.Errorf("haki demo did not answer within 3 minutes:\n%s", tail(s.out, 3000))
		}
	}
}

// stop ends the server (it shuts down on SIGINT) and removes its folder.
func (s *e2eServer) stop() {
	s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
	os.RemoveAll(s.dir)
}

// freeAddr finds a loopback port nobody listens on.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// tail is the end of the server's output, for a failure message.
func tail(b *syncBuffer, n int) string {
	s := b.String()
	if len(s) > n {
		s = "…" + s[len(s)-n:]
	}
	return s
}

// e2eBrowser opens a Chromium tab on the demo server; its helpers are
// cwBrowser's (browser_casework_test.go), signing in with the demo password.
func e2eBrowser(t *testing.T, timeout time.Duration) *cwBrowser {
	t.Helper()
	chromium, srv := needE2E(t)
	ctx := newBrowser(t, chromium, timeout)
	return &cwBrowser{t: t, ctx: ctx, base: srv.base, password: e2ePassword}
}

// clearCookies forgets the session, to sign in as someone else.
func (b *cwBrowser) clearCookies() {
	b.t.Helper()
	if _, err := chromedp.Call(b.ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
		b.t.Fatalf("clear cookies: %v", err)
	}
}
