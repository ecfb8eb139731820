package httpx

import (
	"context"
	"log"
	"log/slog"
	"regexp"
	"strings"
)

// ServerErrorLog is the ErrorLog for an http.Server: what net/http says
// goes to logger at warning level with every network address in it
// replaced. net/http names the client in some of its lines ("http: TLS
// handshake error from 198.51.100.7:50312: EOF"), and the address of
// someone who used the public report page or a webhook must not reach a
// log.
func ServerErrorLog(logger *slog.Logger) *log.Logger {
	return log.New(addrScrubber{logger}, "", 0)
}

// addrScrubber writes each line it is given to a slog.Logger without the
// IPv4 and IPv6 addresses in it.
type addrScrubber struct{ logger *slog.Logger }

var (
	ipv4Addr = regexp.MustCompile(`\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b`)
	// An IPv6 address as net/http prints one with its port, in brackets,
	// or bare (two or more colon-separated hex groups).
	ipv6Addr = regexp.MustCompile(`\[[0-9A-Fa-f:.%\w]*\](:\d+)?|\b[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}\b`)
)

// ScrubAddrs replaces the network addresses in s with "[address]".
func ScrubAddrs(s string) string {
	s = ipv6Addr.ReplaceAllString(s, "[address]")
	return ipv4Addr.ReplaceAllString(s, "[address]")
}

func (a addrScrubber) Write(p []byte) (int, error) {
	msg := ScrubAddrs(strings.TrimRight(string(p), "\n"))
	a.logger.Log(context.Background(), slog.LevelWarn, msg)
	return len(p), nil
}
