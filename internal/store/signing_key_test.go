package store_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/x509"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/haki-kenya/haki/internal/pdfsign"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
	"github.com/haki-kenya/haki/internal/vault"
)

// TestOrganisationSigner: the signing key is made once, the same for every
// caller (even at once); its certificate names the organisation, is
// self-signed and valid for a long time, with a serial that does not change.
func TestOrganisationSigner(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var wg sync.WaitGroup
		prints := make([]string, 4)
		for i := range prints {
			wg.Add(1)
			go func() {
				defer wg.Done()
				key, _, err := s.OrganisationSigner(ctx, "Kituo cha Haki")
				if err != nil {
					t.Error(err)
					return
				}
				prints[i] = pdfsign.KeyFingerprint(key.Public())
			}()
		}
		wg.Wait()
		for _, p := range prints[1:] {
			if p != prints[0] {
				t.Fatal("two callers got different keys")
			}
		}
		key, cert, err := s.OrganisationSigner(ctx, "Kituo cha Haki")
		if err != nil {
			t.Fatal(err)
		}
		_, cert2, err := s.OrganisationSigner(ctx, "Kituo cha Haki")
		if err != nil {
			t.Fatal(err)
		}
		if pdfsign.KeyFingerprint(key.Public()) != prints[0] || pdfsign.KeyFingerprint(cert.PublicKey) != prints[0] {
			t.Fatal("the key changed, or the certificate is of another key")
		}
		if _, ok := key.(*ecdsa.PrivateKey); !ok {
			t.Fatalf("key %T, want ECDSA", key)
		}
		if cert.Subject.CommonName != "Kituo cha Haki" || len(cert.Subject.Organization) != 1 || cert.Subject.Organization[0] != "Kituo cha Haki" {
			t.Errorf("subject %v", cert.Subject)
		}
		if cert.SerialNumber.Cmp(cert2.SerialNumber) != 0 || cert.SerialNumber.Sign() <= 0 {
			t.Errorf("serials %v and %v", cert.SerialNumber, cert2.SerialNumber)
		}
		if cert.KeyUsage&x509.KeyUsageDigitalSignature == 0 || cert.NotAfter.Sub(cert.NotBefore).Hours() < 24*365*50 {
			t.Errorf("key usage %v, valid %v to %v", cert.KeyUsage, cert.NotBefore, cert.NotAfter)
		}
		if err := cert.CheckSignature(cert.SignatureAlgorithm, cert.RawTBSCertificate, cert.Signature); err != nil {
			t.Errorf("not self-signed: %v", err)
		}
	})
}

// TestOrganisationSignerSealed: after a restart the same key comes back,
// and the database file never holds its private scalar in the clear.
func TestOrganisationSignerSealed(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "haki.db")
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
	key, _, err := s.OrganisationSigner(ctx, "Haki")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = open()
	defer s.Close()
	key2, _, err := s.OrganisationSigner(ctx, "Haki")
	if err != nil || pdfsign.KeyFingerprint(key2.Public()) != pdfsign.KeyFingerprint(key.Public()) {
		t.Fatalf("after a restart: %v, or another key", err)
	}
	scalar, err := key.(*ecdsa.PrivateKey).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(path + "*")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, scalar) {
			t.Errorf("%s holds the private key in the clear", filepath.Base(f))
		}
	}
}
