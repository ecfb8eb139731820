package httpx

import (
	"context"
	"net/http"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// RecordReveals gives each request a store.Reveals, in which the store
// notes the identities its reads open, and writes the request's "view"
// audit entries, named for its route, before the first byte of the answer
// leaves (and any noted later, when the handler returns). If they cannot
// be written the answer is an error, never identities without their entry.
// Authenticate installs it, so every route has it and no handler need
// remember it.
func RecordReveals(s *store.Store, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if _, ok := ctx.Value(infoKey{}).(*RequestInfo); !ok {
			ctx = context.WithValue(ctx, infoKey{}, &RequestInfo{})
		}
		ctx, rv := store.WithReveals(ctx, "")
		rw := &revealWriter{ResponseWriter: w, requestID: haki.RequestIDFromContext(ctx), record: func() error {
			rv.SetPurpose(r.Method + " " + Info(ctx).Route)
			return s.RecordReveals(ctx, rv)
		}}
		next.ServeHTTP(rw, r.WithContext(ctx))
		rw.settle()
	})
}

// revealWriter records the reveals before the answer starts.
type revealWriter struct {
	http.ResponseWriter
	record    func() error
	requestID string
	started   bool
	failed    bool // the entries could not be written: the answer is withheld
}

// settle records what was noted; before the answer has started, a failure
// replaces the answer with an error.
func (w *revealWriter) settle() {
	err := w.record()
	if err == nil || w.started {
		return
	}
	w.started, w.failed = true, true
	h := w.ResponseWriter.Header()
	for k := range h {
		if k != "X-Request-Id" {
			h.Del(k)
		}
	}
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.ResponseWriter.WriteHeader(http.StatusInternalServerError)
	w.ResponseWriter.Write([]byte("Internal error. Quote this reference when you report it: " + w.requestID + "\n" +
		"Hitilafu ya ndani. Taja nambari hii ya marejeleo unapoiripoti: " + w.requestID + "\n"))
}

func (w *revealWriter) WriteHeader(code int) {
	if !w.started {
		w.settle()
		if w.failed {
			return
		}
		w.started = true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *revealWriter) Write(b []byte) (int, error) {
	if !w.started {
		w.WriteHeader(http.StatusOK)
	}
	if w.failed {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

// Flush lets a streaming answer (a CSV download) reach the client as it goes.
func (w *revealWriter) Flush() {
	if !w.started {
		w.WriteHeader(http.StatusOK)
	}
	if f, ok := w.ResponseWriter.(http.Flusher); ok && !w.failed {
		f.Flush()
	}
}

func (w *revealWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
