package pdfsign

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"sort"
	"time"
)

// The object identifiers of the CMS SignedData Haki writes (RFC 5652,
// RFC 5035 for the signing certificate).
var (
	oidData              = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidSignedData        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidContentType       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	oidMessageDigest     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	oidSigningTime       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 5}
	oidSigningCertV2     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	oidSHA256            = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidECDSAWithSHA256   = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}
	oidRSAEncryption     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidSHA256WithRSA     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}
	derNull              = []byte{0x05, 0x00}
	tagSet, tagSequence  = byte(0x31), byte(0x30)
	tagContext0          = byte(0xA0) // [0] constructed
	tagContext0Primitive = byte(0x80)
)

// tlv encodes one DER element of tag around the concatenated contents.
func tlv(tag byte, contents ...[]byte) []byte {
	body := bytes.Join(contents, nil)
	n := len(body)
	out := []byte{tag}
	switch {
	case n < 0x80:
		out = append(out, byte(n))
	case n < 0x100:
		out = append(out, 0x81, byte(n))
	case n < 0x10000:
		out = append(out, 0x82, byte(n>>8), byte(n))
	default:
		out = append(out, 0x83, byte(n>>16), byte(n>>8), byte(n))
	}
	return append(out, body...)
}

// mustDER marshals a value encoding/asn1 always accepts (OIDs, integers,
// times, octet strings).
func mustDER(v any) []byte {
	b, err := asn1.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// algorithm encodes an AlgorithmIdentifier, with NULL parameters if asked.
func algorithm(oid asn1.ObjectIdentifier, null bool) []byte {
	if null {
		return tlv(tagSequence, mustDER(oid), derNull)
	}
	return tlv(tagSequence, mustDER(oid))
}

// signedAttributes encodes the attributes the signature covers, as the
// DER SET OF (sorted) that is signed; the SignerInfo carries the same
// bytes under the tag [0].
func signedAttributes(digest []byte, when time.Time, cert *x509.Certificate) []byte {
	certHash := sha256.Sum256(cert.Raw)
	issuerSerial := tlv(tagSequence,
		tlv(tagSequence, tlv(0xA4, cert.RawIssuer)), // GeneralNames { directoryName }
		mustDER(cert.SerialNumber))
	attrs := [][]byte{
		tlv(tagSequence, mustDER(oidContentType), tlv(tagSet, mustDER(oidData))),
		tlv(tagSequence, mustDER(oidMessageDigest), tlv(tagSet, mustDER(digest))),
		tlv(tagSequence, mustDER(oidSigningTime), tlv(tagSet, mustDER(when.UTC().Truncate(time.Second)))),
		// ESSCertIDv2 with the default hash (SHA-256) left out, as DER wants.
		tlv(tagSequence, mustDER(oidSigningCertV2), tlv(tagSet,
			tlv(tagSequence, tlv(tagSequence, tlv(tagSequence, mustDER(certHash[:]), issuerSerial))))),
	}
	sort.Slice(attrs, func(i, j int) bool { return bytes.Compare(attrs[i], attrs[j]) < 0 })
	return tlv(tagSet, attrs...)
}

// signatureAlgorithm names the signature signer makes over SHA-256.
func signatureAlgorithm(pub crypto.PublicKey) ([]byte, error) {
	switch pub.(type) {
	case *ecdsa.PublicKey:
		return algorithm(oidECDSAWithSHA256, false), nil
	case *rsa.PublicKey:
		return algorithm(oidSHA256WithRSA, true), nil
	}
	return nil, fmt.Errorf("pdfsign: unsupported key type %T (ECDSA or RSA)", pub)
}

// signCMS makes a detached CMS SignedData over content's SHA-256 digest,
// signed by signer and carrying cert.
func signCMS(digest []byte, signer crypto.Signer, cert *x509.Certificate, when time.Time) ([]byte, error) {
	sigAlg, err := signatureAlgorithm(signer.Public())
	if err != nil {
		return nil, err
	}
	attrs := signedAttributes(digest, when, cert)
	h := sha256.Sum256(attrs)
	sig, err := signer.Sign(rand.Reader, h[:], crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("pdfsign: signing: %w", err)
	}
	signerInfo := tlv(tagSequence,
		mustDER(1),
		tlv(tagSequence, cert.RawIssuer, mustDER(cert.SerialNumber)),
		algorithm(oidSHA256, true),
		append([]byte{tagContext0}, attrs[1:]...), // [0] IMPLICIT: same length and body
		sigAlg,
		tlv(0x04, sig))
	signedData := tlv(tagSequence,
		mustDER(1),
		tlv(tagSet, algorithm(oidSHA256, true)),
		tlv(tagSequence, mustDER(oidData)),
		tlv(tagContext0, cert.Raw),
		tlv(tagSet, signerInfo))
	return tlv(tagSequence, mustDER(oidSignedData), tlv(tagContext0, signedData)), nil
}

// Detached returns a detached CMS signature of content (a .p7s file, DER)
// made like a PDF's, for files that are not PDFs (an export, a photo);
// `openssl cms -verify -inform DER -binary -content FILE` checks it.
func Detached(content []byte, signer crypto.Signer, cert *x509.Certificate, when time.Time) ([]byte, error) {
	if signer == nil || cert == nil {
		return nil, errors.New("pdfsign: no signer or certificate")
	}
	sum := sha256.Sum256(content)
	return signCMS(sum[:], signer, cert, when)
}
