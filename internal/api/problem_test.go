package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
)

// TestInternalErrorHidden checks an internal error shows only "Internal
// error" and the request id, and is logged with both.
func TestInternalErrorHidden(t *testing.T) {
	var log strings.Builder
	s := New(Config{Logger: slog.New(slog.NewTextHandler(&log, nil))})
	r := httptest.NewRequest("GET", "/api/v1/incidents", nil)
	r = r.WithContext(haki.NewContextWithRequestID(r.Context(), "req-42"))
	rec := httptest.NewRecorder()
	s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return errors.New("pq: relation persons column full_name Juma Otieno")
	}).ServeHTTP(rec, r)
	if rec.Code != 500 {
		t.Fatalf("status %d", rec.Code)
	}
	if strings.Contains(rec.Body.String(), "Juma") || strings.Contains(rec.Body.String(), "relation") {
		t.Errorf("error text leaked: %s", rec.Body)
	}
	var p problemBody
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	if p.RequestID != "req-42" || !strings.HasPrefix(p.Detail, "Internal error") || p.Type != ProblemTypePrefix+"internal" {
		t.Errorf("problem %+v", p)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type %q", ct)
	}
	if !strings.Contains(log.String(), "req-42") || !strings.Contains(log.String(), "relation") {
		t.Errorf("not logged with the request id: %s", log.String())
	}
}
