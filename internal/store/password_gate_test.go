package store

import (
	"context"
	"sync"
	"testing"
	"time"
)

// TestPasswordGate holds turns open and checks who runs, who waits and who
// is refused: the queue's places and the wait are the only ways in.
func TestPasswordGate(t *testing.T) {
	g := newPasswordGate(HashLimit{Running: 2, Waiting: 1, Wait: time.Hour})
	release := make(chan struct{})
	inside := make(chan struct{}, 8)
	g.during = func() { inside <- struct{}{}; <-release }
	ctx := context.Background()
	results := make(chan error, 3)
	for range 3 {
		go func() { results <- g.do(ctx, func() {}) }()
	}
	<-inside
	<-inside // two run, the third waits in the queue
	waitFor(t, func() bool { return len(g.places) == 3 })
	if err := g.do(ctx, func() { t.Error("a fourth caller ran") }); err != ErrBusy {
		t.Fatalf("fourth caller: %v, want ErrBusy at once", err)
	}
	close(release)
	for range 3 {
		if err := <-results; err != nil {
			t.Errorf("queued caller: %v", err)
		}
	}
	if got := g.peak.Load(); got != 2 {
		t.Errorf("peak %d, want 2", got)
	}

	// A caller that waits longer than Wait is refused without running.
	g = newPasswordGate(HashLimit{Running: 1, Waiting: 4, Wait: 10 * time.Millisecond})
	hold := make(chan struct{})
	g.during = func() { <-hold }
	go g.do(ctx, func() {})
	waitFor(t, func() bool { return g.running.Load() == 1 })
	if err := g.do(ctx, func() { t.Error("ran after its wait was over") }); err != ErrBusy {
		t.Errorf("timed-out caller: %v, want ErrBusy", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := g.do(cancelled, func() { t.Error("ran for a caller that left") }); err != ErrBusy {
		t.Errorf("cancelled caller: %v, want ErrBusy", err)
	}
	close(hold)
}

// TestPasswordGateBoundsForty runs 40 callers through a gate of 3 turns
// with room for all to wait: all run, never more than 3 at once.
func TestPasswordGateBoundsForty(t *testing.T) {
	g := newPasswordGate(HashLimit{Running: 3, Waiting: 40, Wait: time.Minute})
	g.during = func() { time.Sleep(2 * time.Millisecond) }
	var wg sync.WaitGroup
	for range 40 {
		wg.Go(func() {
			if err := g.do(context.Background(), func() {}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if p := g.peak.Load(); p > 3 || p < 1 {
		t.Errorf("peak %d hashes at once, want 1..3", p)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting")
		}
	}
}
