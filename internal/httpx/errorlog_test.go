package httpx

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

func TestServerErrorLogHidesAddresses(t *testing.T) {
	var buf bytes.Buffer
	l := ServerErrorLog(slog.New(slog.NewTextHandler(&buf, nil)))
	for _, line := range []string{
		"http: TLS handshake error from 198.51.100.7:50312: EOF",
		"http: TLS handshake error from [2001:db8::7]:443: remote error",
		"http: superfluous response.WriteHeader call from 2001:db8:0:1::9",
		"http2: server: error reading preface from client 203.0.113.200:4431: timeout",
	} {
		l.Print(line)
	}
	out := buf.String()
	for _, addr := range []string{"198.51.100.7", "2001:db8", "203.0.113.200", "50312", "4431"} {
		if strings.Contains(out, addr) {
			t.Errorf("the log holds %q:\n%s", addr, out)
		}
	}
	if !strings.Contains(out, "TLS handshake error from [address]") || !strings.Contains(out, "level=WARN") {
		t.Errorf("the lines lost their sense or level:\n%s", out)
	}
}
