package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/api"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// BenchmarkBatchAPI posts batches of 1,000 new incidents (each with a
// victim, an act, a perpetrator with an outcome and a source) through the
// production middleware and handler, as a program would; the store's
// BenchmarkApplyBatch and the hand-written floor BenchmarkApplyBatchFloor
// run beside it (docs/PERFORMANCE.md).
func BenchmarkBatchAPI(b *testing.B) {
	const size = 1000
	s := storetest.Open(b)
	u := storetest.MustUser(b, s, "dm", haki.RoleDataManager, "")
	tok, err := s.CreateAPIToken(haki.SystemContext(context.Background()), u.ID, store.AccountProof{})
	if err != nil {
		b.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/api/", api.New(api.Config{Store: s, Logger: slog.New(slog.DiscardHandler)}).Handler())
	h := httpx.Chain(s, slog.New(slog.DiscardHandler), mux)
	bodies := make([][]byte, b.N)
	for i := range bodies {
		batch := haki.Batch{System: "bench"}
		for j := range size {
			batch.Incidents = append(batch.Incidents, storetest.BatchIncident(i*size+j))
		}
		if bodies[i], err = json.Marshal(batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		req := httptest.NewRequest("POST", "/api/v1/batch", bytes.NewReader(bodies[i]))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d: %.500s", rec.Code, rec.Body.String())
		}
	}
	b.ReportMetric(float64(b.N*size)/time.Since(start).Seconds(), "incidents/s")
}
