package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestSignInFlood sends 40 sign-ins at once, known and unknown names, at a
// store that runs 2 hashes and lets 6 more wait: 2 run, 6 wait their turn,
// and the other 32 are refused at once as busy, before any hash is made,
// without counting as failures. Then every way to hash a password meets
// the same bound.
func TestSignInFlood(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		admin := storetest.MustUser(t, s, "admin", haki.RoleAdmin, "")
		cw := storetest.MustUser(t, s, "wanjiku", haki.RoleCaseworker, "")
		s.SetHashLimit(store.HashLimit{Running: 2, Waiting: 6, Wait: time.Minute})
		release := s.HoldPasswordHashes()
		results := make(chan error, 40)
		for i := range 40 {
			name := fmt.Sprintf("nobody%d", i) // unknown names lock nobody
			if i%10 == 0 {
				name = cw.Username
			}
			go func() {
				_, err := s.SignIn(context.Background(), signIn(name, "wrong password!"))
				results <- err
			}()
		}
		for range 32 {
			if err := recv(t, results); err != store.ErrBusy {
				t.Fatalf("with every place taken: %v, want ErrBusy", err)
			}
		}
		if running, _ := s.PasswordHashes(); running != 2 {
			t.Errorf("%d hashes running, want 2", running)
		}
		release()
		for range 8 {
			if err := recv(t, results); haki.ErrorCode(err) != haki.EUNAUTHORIZED || err == store.ErrBusy {
				t.Errorf("after waiting: %v, want a wrong password", err)
			}
		}
		if _, peak := s.PasswordHashes(); peak != 2 {
			t.Errorf("peak %d hashes at once, want 2", peak)
		}
		failed, err := s.FindAuditEntries(storetest.As(admin), haki.AuditFilter{Action: "sign_in_failed"})
		if err != nil || len(failed) != 8 {
			t.Errorf("%d failures audited (%v), want the 8 that were checked", len(failed), err)
		}

		// One place in all: a held sign-in takes it, and each other way to
		// hash is refused as busy.
		s.SetHashLimit(store.HashLimit{Running: 1, Waiting: 0, Wait: time.Minute})
		release = s.HoldPasswordHashes()
		held := make(chan error, 1)
		go func() {
			_, err := s.SignIn(context.Background(), signIn(cw.Username, storetest.Password))
			held <- err
		}()
		for running, _ := s.PasswordHashes(); running != 1; running, _ = s.PasswordHashes() {
			time.Sleep(time.Millisecond)
		}
		sys := haki.SystemContext(context.Background())
		for name, try := range map[string]func() error{
			"sign-in": func() error { _, err := s.SignIn(context.Background(), signIn("nobody", "x")); return err },
			"check": func() error {
				_, err := s.Authenticate(context.Background(), cw.Username, storetest.Password)
				return err
			},
			"create": func() error {
				return s.CreateUser(sys, &haki.User{Username: "otieno", DisplayName: "Otieno", Role: haki.RoleViewer}, "a long enough passphrase here", store.AccountProof{Password: storetest.Password})
			},
			"reset": func() error {
				return s.SetPassword(storetest.As(admin), cw.ID, "another long passphrase here", store.AccountProof{Password: storetest.Password})
			},
		} {
			if err := try(); err != store.ErrBusy {
				t.Errorf("%s with the gate full: %v, want ErrBusy", name, err)
			}
		}
		release()
		if err := recv(t, held); err != nil {
			t.Errorf("the held sign-in: %v", err)
		}
	})
}

// recv returns the next result, failing the test when none comes: a caller
// that waits without bound is what the flood test looks for.
func recv(t *testing.T, ch <-chan error) error {
	t.Helper()
	select {
	case err := <-ch:
		return err
	case <-time.After(20 * time.Second):
		t.Fatal("no answer: callers wait without bound")
		return nil
	}
}
