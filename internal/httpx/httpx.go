// Package httpx holds what the web UI and the JSON API share: the mapping
// of domain errors to HTTP status codes, request ids, security headers,
// request logging and resolving the signed-in user.
package httpx

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

var statuses = map[string]int{
	haki.EINVALID:      http.StatusUnprocessableEntity,
	haki.ENOTFOUND:     http.StatusNotFound,
	haki.ECONFLICT:     http.StatusConflict,
	haki.EUNAUTHORIZED: http.StatusUnauthorized,
	haki.EFORBIDDEN:    http.StatusForbidden,
	haki.EINTERNAL:     http.StatusInternalServerError,
	haki.EBUSY:         http.StatusTooManyRequests,
}

// RetryAfter is the Retry-After, in seconds, of a request refused as busy.
const RetryAfter = "5"

// Status returns the HTTP status for a domain error code.
func Status(code string) int {
	if s, ok := statuses[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// ClientGone reports whether err only says that the client ended the
// request (closed the connection or gave up waiting): nobody is left to
// answer, and it is no fault of the server's, so it is not an internal error.
func ClientGone(r *http.Request, err error) bool {
	return r.Context().Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded))
}

// RequestID gives each request an id, carried in the context (for the audit
// log and error pages) and in the X-Request-Id response header.
func RequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := make([]byte, 8)
		rand.Read(b)
		id := hex.EncodeToString(b)
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(haki.NewContextWithRequestID(r.Context(), id)))
	})
}

// CSP allows our own scripts, styles and images only; no inline script.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"frame-ancestors 'none'; object-src 'none'; base-uri 'none'; form-action 'self'"

// SecureHeaders sets the headers every response carries.
func SecureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", CSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Flush passes a streaming answer's flush on (Compress, then the server).
func (w *statusWriter) Flush() {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// RequestInfo is what inner layers learn about a request that the log line
// needs: the layers further in see copies of the request, so they write it
// here. Authenticate sets UserID; the web and API adapters set Route.
type RequestInfo struct {
	Route  string
	UserID string
}

type infoKey struct{}

// Info returns the request's RequestInfo, or a throwaway one when the
// request did not pass through Log (as in some tests).
func Info(ctx context.Context) *RequestInfo {
	if i, ok := ctx.Value(infoKey{}).(*RequestInfo); ok {
		return i
	}
	return &RequestInfo{}
}

// Log logs one line per request: method, the route pattern (never the raw
// path or query, which could carry words a user typed), status, duration,
// the user id and the request id. It never logs names, phones or ID numbers.
func Log(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		info := &RequestInfo{}
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), infoKey{}, info)))
		if info.Route == "" {
			info.Route = "(no route)"
		}
		logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("route", info.Route), slog.Int("status", sw.status),
			slog.Duration("took", time.Since(start)), slog.String("user", info.UserID),
			slog.String("request_id", haki.RequestIDFromContext(r.Context())))
	})
}

// SessionCookie is the name of the browser session cookie.
const SessionCookie = "haki_session"

type sessionKey struct{}

// SessionFromContext returns the browser session of the request, or nil
// (for API token requests and anonymous ones).
func SessionFromContext(ctx context.Context) *store.Session {
	s, _ := ctx.Value(sessionKey{}).(*store.Session)
	return s
}

// Authenticate resolves who is calling, from an "Authorization: Bearer"
// API token or the session cookie, and puts the user (and session) in the
// request context. It rejects nothing: each route decides what it needs,
// and anonymous requests carry no user. Behind it the store records what
// each request is shown (RecordReveals).
func Authenticate(s *store.Store, next http.Handler) http.Handler {
	next = RecordReveals(s, next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if h := r.Header.Get("Authorization"); h != "" {
			token, ok := strings.CutPrefix(h, "Bearer ")
			if ok {
				if u, err := s.FindUserByAPIToken(ctx, strings.TrimSpace(token)); err == nil {
					ctx = haki.NewContextWithUser(ctx, u)
				}
			}
		} else if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			if sess, err := s.FindSession(ctx, c.Value); err == nil {
				ctx = context.WithValue(haki.NewContextWithUser(ctx, sess.User), sessionKey{}, sess)
			}
		}
		if u := haki.UserFromContext(ctx); u != nil {
			Info(ctx).UserID = u.ID
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// CSVDownload streams a download (CSV unless Type says otherwise). It sends the headers with the first
// bytes, so an error before any byte is written can still become an error
// page or a problem+json answer, and flushes each write to the client.
type CSVDownload struct {
	W       http.ResponseWriter
	Name    string // the file name offered
	Type    string // its media type; CSV when empty
	Started bool   // headers sent
}

// Start sends the headers; Write calls it with the first bytes.
func (d *CSVDownload) Start() {
	d.Started = true
	typ := d.Type
	if typ == "" {
		typ = "text/csv; charset=utf-8"
	}
	DownloadHeaders(d.W.Header(), typ, d.Name)
	d.W.WriteHeader(http.StatusOK)
}

func (d *CSVDownload) Write(b []byte) (int, error) {
	if !d.Started {
		d.Start()
	}
	n, err := d.W.Write(b)
	if fl, ok := d.W.(http.Flusher); ok && err == nil {
		fl.Flush()
	}
	return n, err
}
