package api

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/haki-kenya/haki/internal/store"
)

// TestBusyIs429 checks a request refused because the server is busy
// hashing passwords gets 429 with a Retry-After and the store's message.
func TestBusyIs429(t *testing.T) {
	s := New(Config{Logger: slog.New(slog.DiscardHandler)})
	rec := httptest.NewRecorder()
	s.handle(func(w http.ResponseWriter, r *http.Request) error { return store.ErrBusy }).
		ServeHTTP(rec, httptest.NewRequest("POST", "/api/v1/users", nil))
	var p problemBody
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" ||
		p.Type != ProblemTypePrefix+"busy" || p.Detail != "The server is busy checking other passwords. Wait a few seconds and try again." {
		t.Errorf("busy: %d Retry-After %q %+v", rec.Code, rec.Header().Get("Retry-After"), p)
	}
}
