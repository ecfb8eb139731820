package httpx

import (
	"log/slog"
	"net/http"

	"github.com/haki-kenya/haki/internal/store"
)

// Chain wraps the routes of the server (web pages, API, health check) in
// the middleware every request passes, outermost first: a request id,
// gzip compression of text answers for clients that take it, security headers, a log line, cross-origin protection for state-changing
// requests, and who is calling. The binary and the tests of web and API
// call this one function, so what the tests exercise is what runs.
func Chain(s *store.Store, logger *slog.Logger, routes http.Handler) http.Handler {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	h := Authenticate(s, routes)
	h = http.NewCrossOriginProtection().Handler(h)
	h = Log(logger, h)
	h = SecureHeaders(h)
	h = Compress(h)
	return RequestID(h)
}
