package store_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
	"github.com/haki-kenya/haki/internal/vault"
)

// TestPublicReportKey: the report key pair is made once, the same for every
// caller (even at once), and kept only wrapped by the master key.
func TestPublicReportKey(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var wg sync.WaitGroup
		keys := make([][]byte, 4)
		for i := range keys {
			wg.Add(1)
			go func() {
				defer wg.Done()
				k, err := s.PublicReportKey(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				keys[i] = k.Bytes()
			}()
		}
		wg.Wait()
		for _, k := range keys[1:] {
			if !bytes.Equal(k, keys[0]) {
				t.Fatal("two callers got different keys")
			}
		}
		again, err := s.PublicReportKey(ctx)
		if err != nil || !bytes.Equal(again.Bytes(), keys[0]) {
			t.Fatalf("the key changed: %v", err)
		}
	})
}

// TestPublicReportKeySealed: after a restart the same key comes back, and
// the database file never holds the private key in the clear.
func TestPublicReportKeySealed(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "haki.db")
	ring := vault.NewKeyring()
	open := func() *store.Store {
		s, err := store.Open(ctx, path, ring)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := open()
	k, err := s.PublicReportKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = open()
	defer s.Close()
	k2, err := s.PublicReportKey(ctx)
	if err != nil || !bytes.Equal(k.Bytes(), k2.Bytes()) {
		t.Fatalf("after a restart: %v, same=%v", err, err == nil && bytes.Equal(k.Bytes(), k2.Bytes()))
	}
	files, _ := filepath.Glob(path + "*")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, k.Bytes()) {
			t.Errorf("%s holds the private key in the clear", filepath.Base(f))
		}
	}
}
