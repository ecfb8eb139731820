package store

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"time"

	"github.com/haki-kenya/haki"
)

// organisationSigningKeyID names the data key that holds the private
// scalar of the organisation's signing key (ECDSA P-256): 32 bytes like
// any data key, so it is wrapped by the master key, re-wrapped by a
// master-key rotation and copied by a backup like the others.
const organisationSigningKeyID = "organisation-signing-p256"

// The signing certificate's validity: fixed, so that the certificate made
// today and the one made in ten years say the same, and wide enough for
// any report Haki signs (one signed before NotBefore would not verify).
var (
	signingCertNotBefore = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	signingCertNotAfter  = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
)

// OrganisationSigner returns the organisation's signing key, making it the
// first time it is asked for, and a self-signed certificate of it naming
// orgName, with which Haki signs its medico-legal reports. Courts check a
// report against the key's fingerprint, not a certificate authority: the
// key is made once and kept, so reports signed years apart carry the same
// fingerprint.
func (s *Store) OrganisationSigner(ctx context.Context, orgName string) (crypto.Signer, *x509.Certificate, error) {
	raw, err := s.keptDataKey(ctx, organisationSigningKeyID, func() ([]byte, error) {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, err
		}
		return k.Bytes()
	})
	if err != nil {
		return nil, nil, fmt.Errorf("organisation signing key: %w", err)
	}
	key, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), raw)
	if err != nil {
		return nil, nil, fmt.Errorf("organisation signing key: %w", err)
	}
	cert, err := selfSignedCertificate(key, orgName)
	if err != nil {
		return nil, nil, fmt.Errorf("organisation signing certificate: %w", err)
	}
	return key, cert, nil
}

// selfSignedCertificate makes the certificate of key for orgName, its
// serial number taken from the key so that it never changes.
func selfSignedCertificate(key *ecdsa.PrivateKey, orgName string) (*x509.Certificate, error) {
	spki, err := x509.MarshalPKIXPublicKey(key.Public())
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(spki)
	sum[0] &= 0x7f // a positive serial of at most 20 octets
	tmpl := &x509.Certificate{
		SerialNumber:          new(big.Int).SetBytes(sum[:16]),
		Subject:               pkix.Name{CommonName: orgName, Organization: []string{orgName}},
		NotBefore:             signingCertNotBefore,
		NotAfter:              signingCertNotAfter,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, err
	}
	return x509.ParseCertificate(der)
}

// keptDataKey returns the data key id, making it with newKey in a write
// the first time. Two processes may both find it missing: the loser's
// insert fails on the duplicate id and it reads the winner's key.
func (s *Store) keptDataKey(ctx context.Context, id string, newKey func() ([]byte, error)) ([]byte, error) {
	var raw []byte
	get := func(tx *Tx) error {
		var err error
		raw, err = tx.dataKey(id)
		return err
	}
	err := s.read(ctx, get)
	if haki.ErrorCode(err) != haki.ENOTFOUND {
		return raw, err
	}
	err = s.write(ctx, func(tx *Tx) error {
		if err := get(tx); haki.ErrorCode(err) != haki.ENOTFOUND {
			return err
		}
		var err error
		if raw, err = newKey(); err != nil {
			return err
		}
		return tx.insertDataKey(id, raw)
	})
	if err != nil {
		if err2 := s.read(ctx, get); err2 != nil {
			return nil, err
		}
	}
	return raw, nil
}
