package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
)

// problem is an error that is the client's, found before the domain sees
// the request (malformed JSON, a bad query parameter). It is written as is.
type problem struct {
	status int
	kind   string // last part of the problem type URI
	detail string
	fields map[string]string
}

func (p *problem) Error() string { return p.kind + ": " + p.detail }

// problemBody is an RFC 9457 problem document.
type problemBody struct {
	Type      string            `json:"type"`
	Title     string            `json:"title"`
	Status    int               `json:"status"`
	Detail    string            `json:"detail"`
	Instance  string            `json:"instance,omitempty"`
	RequestID string            `json:"request_id"`
	Errors    map[string]string `json:"errors,omitempty"`
}

// ProblemTypePrefix starts every problem type URI.
const ProblemTypePrefix = "urn:haki:problem:"

// Problem kinds for domain error codes.
var kinds = map[string]string{
	haki.EINVALID:      "validation",
	haki.ENOTFOUND:     "not-found",
	haki.ECONFLICT:     "conflict",
	haki.EUNAUTHORIZED: "unauthorized",
	haki.EFORBIDDEN:    "forbidden",
	haki.EINTERNAL:     "internal",
	haki.EBUSY:         "busy",
}

// handlerFunc is an API handler: it writes a response or returns an error.
type handlerFunc = httpx.HandlerFunc

// handle adapts a handlerFunc, writing any error it returns as problem+json.
func (s *Server) handle(h handlerFunc) http.Handler {
	return httpx.Guard{}.Handle(h, s.writeError)
}

// errNoToken is what the API answers a caller without a valid token.
var errNoToken = haki.Errorf(haki.EUNAUTHORIZED, "Send a valid API token: Authorization: Bearer <token>.")

// writeError writes err as problem+json. Internal errors are logged with the
// request id and shown only as "Internal error".
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	rid := haki.RequestIDFromContext(r.Context())
	if httpx.ClientGone(r, err) {
		s.logger.LogAttrs(r.Context(), slog.LevelInfo, "request ended by the client",
			slog.String("request_id", rid), slog.String("route", r.Pattern))
		return
	}
	if err == httpx.ErrSignIn {
		err = errNoToken
	}
	// The path holds only opaque ids; the query string is never echoed.
	body := problemBody{Instance: r.URL.Path, RequestID: rid}
	var p *problem
	if errors.As(err, &p) {
		body.Status, body.Detail, body.Errors = p.status, p.detail, p.fields
		body.Type = ProblemTypePrefix + p.kind
	} else {
		code := haki.ErrorCode(err)
		body.Status = httpx.Status(code)
		body.Type = ProblemTypePrefix + kinds[code]
		if body.Status == http.StatusInternalServerError {
			body.Type = ProblemTypePrefix + "internal"
			body.Detail = "Internal error. Quote the request id when you report it."
			s.logger.LogAttrs(r.Context(), slog.LevelError, "api internal error", slog.String("request_id", rid),
				slog.String("route", r.Pattern), slog.String("error", err.Error()))
		} else {
			body.Detail, body.Errors = haki.ErrorMessage(err), haki.ErrorFields(err)
		}
	}
	body.Title = http.StatusText(body.Status)
	if body.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="haki"`)
	} else if body.Status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", httpx.RetryAfter)
	}
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(body); err != nil {
		http.Error(w, "Internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/problem+json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(body.Status)
	w.Write(buf.Bytes())
}

// writeJSON writes v as the JSON response with the status.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// list is the envelope of every list response.
type list[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// writeList writes items (never null) with the cursor of the next page.
func writeList[T any](w http.ResponseWriter, items []T, next string) error {
	if items == nil {
		items = []T{}
	}
	return writeJSON(w, http.StatusOK, list[T]{Items: items, NextCursor: next})
}

// writeCreated writes a newly created record with its Location.
func writeCreated(w http.ResponseWriter, location string, v any) error {
	w.Header().Set("Location", location)
	return writeJSON(w, http.StatusCreated, v)
}

// noContent answers a successful delete.
func noContent(w http.ResponseWriter) error {
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
	return nil
}
