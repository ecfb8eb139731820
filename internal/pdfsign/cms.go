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
	"math/big"
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

// The shapes encoding/asn1 reads a SignedData into.
type (
	contentInfo struct {
		ContentType asn1.ObjectIdentifier
		Content     asn1.RawValue `asn1:"tag:0"` // [0] EXPLICIT, read whole
	}
	signedData struct {
		Version          int
		DigestAlgorithms []algorithmIdentifier `asn1:"set"`
		EncapContentInfo encapContentInfo
		Certificates     asn1.RawValue `asn1:"optional,tag:0"`
		CRLs             asn1.RawValue `asn1:"optional,tag:1"`
		SignerInfos      []signerInfo  `asn1:"set"`
	}
	encapContentInfo struct {
		EContentType asn1.ObjectIdentifier
		EContent     asn1.RawValue `asn1:"optional,explicit,tag:0"`
	}
	signerInfo struct {
		Version            int
		SID                issuerAndSerial
		DigestAlgorithm    algorithmIdentifier
		SignedAttrs        asn1.RawValue `asn1:"optional,tag:0"`
		SignatureAlgorithm algorithmIdentifier
		Signature          []byte
		UnsignedAttrs      asn1.RawValue `asn1:"optional,tag:1"`
	}
	issuerAndSerial struct {
		Issuer asn1.RawValue
		Serial *big.Int
	}
	algorithmIdentifier struct {
		Algorithm  asn1.ObjectIdentifier
		Parameters asn1.RawValue `asn1:"optional"`
	}
	attribute struct {
		Type   asn1.ObjectIdentifier
		Values asn1.RawValue `asn1:"set"`
	}
)

// plain tells whether the algorithm has no parameters, or NULL, as SHA-256,
// ECDSA and RSA PKCS #1 v1.5 want.
func (a algorithmIdentifier) plain() bool {
	return len(a.Parameters.FullBytes) == 0 || bytes.Equal(a.Parameters.FullBytes, derNull)
}

// signature is what a verified CMS SignedData says.
type signature struct {
	cert *x509.Certificate
	when time.Time
}

// verifyCMS checks that der is a SignedData whose one signer, named by its
// embedded certificate, signed attributes holding the SHA-256 digest.
func verifyCMS(der, digest []byte) (*signature, error) {
	var ci contentInfo
	rest, err := asn1.Unmarshal(der, &ci)
	if err != nil {
		return nil, fmt.Errorf("the signature is not CMS: %w", err)
	} else if len(bytes.TrimRight(rest, "\x00")) > 0 {
		return nil, errors.New("the signature has bytes after its end")
	}
	if err := strictDER(der[:len(der)-len(rest)], 0); err != nil {
		return nil, err
	}
	if !ci.ContentType.Equal(oidSignedData) {
		return nil, errors.New("the signature is not a CMS SignedData")
	}
	var sd signedData
	if _, err := asn1.Unmarshal(ci.Content.Bytes, &sd); err != nil {
		return nil, fmt.Errorf("the SignedData cannot be read: %w", err)
	}
	if !sd.EncapContentInfo.EContentType.Equal(oidData) || len(sd.EncapContentInfo.EContent.FullBytes) > 0 {
		return nil, errors.New("the signature is not detached over data")
	}
	for _, a := range sd.DigestAlgorithms {
		if !a.Algorithm.Equal(oidSHA256) || !a.plain() {
			return nil, errors.New("the signature names a digest other than SHA-256")
		}
	}
	if len(sd.SignerInfos) != 1 {
		return nil, fmt.Errorf("the signature has %d signers, not one", len(sd.SignerInfos))
	}
	si := sd.SignerInfos[0]
	if sd.Version != 1 || si.Version != 1 {
		return nil, errors.New("the signature is not a version 1 SignedData naming its signer by issuer and serial")
	}
	cert, err := findCertificate(sd.Certificates.Bytes, si.SID)
	if err != nil {
		return nil, err
	}
	if !si.DigestAlgorithm.Algorithm.Equal(oidSHA256) || !si.DigestAlgorithm.plain() || !si.SignatureAlgorithm.plain() {
		return nil, errors.New("the signature's digest is not SHA-256")
	}
	if len(si.SignedAttrs.Bytes) == 0 {
		return nil, errors.New("the signature has no signed attributes")
	}
	sig := &signature{cert: cert}
	if err := checkAttributes(si.SignedAttrs.Bytes, digest, cert, sig); err != nil {
		return nil, err
	}
	algo, err := x509Algorithm(si.SignatureAlgorithm.Algorithm, cert)
	if err != nil {
		return nil, err
	}
	signed := tlv(tagSet, si.SignedAttrs.Bytes)
	if err := cert.CheckSignature(algo, signed, si.Signature); err != nil {
		return nil, fmt.Errorf("the signature does not match the signer's key: %w", err)
	}
	if sig.when.Before(cert.NotBefore) || sig.when.After(cert.NotAfter) {
		return nil, errors.New("the signing time is outside the certificate's validity")
	}
	return sig, nil
}

// findCertificate returns the embedded certificate the signer names.
func findCertificate(certs []byte, sid issuerAndSerial) (*x509.Certificate, error) {
	for len(certs) > 0 {
		var raw asn1.RawValue
		rest, err := asn1.Unmarshal(certs, &raw)
		if err != nil {
			return nil, fmt.Errorf("the embedded certificates cannot be read: %w", err)
		}
		certs = rest
		c, err := x509.ParseCertificate(raw.FullBytes)
		if err != nil {
			continue
		}
		if sid.Serial != nil && c.SerialNumber.Cmp(sid.Serial) == 0 && bytes.Equal(c.RawIssuer, sid.Issuer.FullBytes) {
			return c, nil
		}
	}
	return nil, errors.New("the signer's certificate is not in the signature")
}

// x509Algorithm maps the signature algorithm to what x509 checks.
func x509Algorithm(oid asn1.ObjectIdentifier, cert *x509.Certificate) (x509.SignatureAlgorithm, error) {
	switch {
	case oid.Equal(oidECDSAWithSHA256) && cert.PublicKeyAlgorithm == x509.ECDSA:
		return x509.ECDSAWithSHA256, nil
	case (oid.Equal(oidSHA256WithRSA) || oid.Equal(oidRSAEncryption)) && cert.PublicKeyAlgorithm == x509.RSA:
		return x509.SHA256WithRSA, nil
	}
	return 0, fmt.Errorf("unsupported signature algorithm %v for a %v key", oid, cert.PublicKeyAlgorithm)
}

// checkAttributes checks the content type, the message digest and, when
// present, the signing certificate's hash; it reads the signing time.
func checkAttributes(set, digest []byte, cert *x509.Certificate, sig *signature) error {
	var seenType, seenDigest bool
	for len(set) > 0 {
		var a attribute
		rest, err := asn1.Unmarshal(set, &a)
		if err != nil {
			return fmt.Errorf("a signed attribute cannot be read: %w", err)
		}
		set = rest
		switch {
		case a.Type.Equal(oidContentType):
			var oid asn1.ObjectIdentifier
			if _, err := asn1.Unmarshal(a.Values.Bytes, &oid); err != nil || !oid.Equal(oidData) {
				return errors.New("the signed content type is not data")
			}
			seenType = true
		case a.Type.Equal(oidMessageDigest):
			var md []byte
			if _, err := asn1.Unmarshal(a.Values.Bytes, &md); err != nil {
				return errors.New("the message digest cannot be read")
			}
			if !bytes.Equal(md, digest) {
				return errors.New("the document was changed after it was signed (its digest differs)")
			}
			seenDigest = true
		case a.Type.Equal(oidSigningTime):
			if _, err := asn1.Unmarshal(a.Values.Bytes, &sig.when); err != nil {
				return errors.New("the signing time cannot be read")
			}
		case a.Type.Equal(oidSigningCertV2):
			h := sha256.Sum256(cert.Raw)
			if !bytes.Contains(a.Values.Bytes, mustDER(h[:])) {
				return errors.New("the signing certificate attribute names another certificate")
			}
		}
	}
	if !seenType || !seenDigest {
		return errors.New("the signed attributes lack the content type or the message digest")
	}
	return nil
}

// strictDER checks that every constructed element of b is exactly filled
// by the elements it holds: encoding/asn1 lets a SEQUENCE end in bytes it
// does not read, which would let a signature change and stay valid.
func strictDER(b []byte, depth int) error {
	if depth > 32 {
		return errors.New("the signature is nested too deep")
	}
	for len(b) > 0 {
		var v asn1.RawValue
		rest, err := asn1.Unmarshal(b, &v)
		if err != nil || b[0] == 0 {
			return errors.New("the signature holds bytes that are not DER")
		}
		if v.IsCompound {
			if err := strictDER(v.Bytes, depth+1); err != nil {
				return err
			}
		}
		b = rest
	}
	return nil
}
