package store_test

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// BenchmarkSignInFlood sends 40 sign-ins at once with the production
// argon2id costs (64 MiB each) and reports the peak of the heap in use
// above where it started, and how many were refused as busy: with the
// default bound, and with none (40 at once) for comparison. Run it alone:
//
//	go test ./internal/store -run '^$' -bench SignInFlood -benchtime 1x
func BenchmarkSignInFlood(b *testing.B) {
	for _, tc := range []struct {
		name  string
		limit store.HashLimit
	}{
		{"bounded", store.DefaultHashLimit},
		{"unbounded", store.HashLimit{Running: 40, Waiting: 0, Wait: time.Minute}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			s := storetest.Open(b)
			cw := storetest.MustUser(b, s, "wanjiku", haki.RoleCaseworker, "")
			s.Password = store.DefaultPasswordParams
			s.SetHashLimit(tc.limit)
			for range b.N {
				peak, busy := floodPeak(s, cw.Username)
				b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
				b.ReportMetric(float64(busy), "busy")
			}
		})
	}
}

// floodPeak runs 40 wrong sign-ins at once and samples the heap meanwhile.
func floodPeak(s *store.Store, known string) (peak uint64, busy int) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	done := make(chan struct{})
	sampled := make(chan uint64)
	go func() {
		var top uint64
		for {
			select {
			case <-done:
				sampled <- top
				return
			case <-time.After(5 * time.Millisecond):
				runtime.ReadMemStats(&ms)
				top = max(top, ms.HeapInuse)
			}
		}
	}()
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i := range 40 {
		name := fmt.Sprintf("nobody%d", i)
		if i%2 == 0 {
			name = known
		}
		wg.Go(func() {
			_, err := s.SignIn(context.Background(), store.SignIn{Username: name, Password: "wrong password!", Lockout: store.LockoutPolicy{Failures: 1000}})
			if err == store.ErrBusy {
				mu.Lock()
				busy++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(done)
	top := <-sampled
	return top - min(top, base), busy
}
