package pdfsign

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"time"
)

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
