package pdfsign

import (
	"bytes"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrNotSigned is returned by Verify for a PDF without a signature.
var ErrNotSigned = errors.New("pdfsign: the PDF has no signature")

// Result is what a valid signature says.
type Result struct {
	Certificate *x509.Certificate // the signer's, as embedded in the signature
	Signer      string            // the certificate's common name
	SignedAt    time.Time         // the signing time the signature covers
	Fingerprint string            // KeyFingerprint of the signer's public key
	Reason      string            // the /Reason of the signature, if any
}

// KeyFingerprint returns the SHA-256 of pub's SubjectPublicKeyInfo in
// upper-case hex, in groups of four to be read aloud over a telephone
// ("3F2A 91C0 ..."); "" for a key type x509 cannot encode.
func KeyFingerprint(pub crypto.PublicKey) string {
	spki, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return ""
	}
	return groupHex(sha256.Sum256(spki))
}

func groupHex(sum [32]byte) string {
	var b strings.Builder
	for i := 0; i < len(sum); i += 2 {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%02X%02X", sum[i], sum[i+1])
	}
	return b.String()
}

// Verify checks the last signature of pdf: that its ByteRange covers the
// whole file but the signature's own hex string, that the digest of those
// bytes is the one signed, and that the signature over the signed
// attributes is by the key of the certificate it carries. Whether that
// certificate is the expected one is for the caller to judge, from
// Result.Fingerprint. Any changed byte fails with an error saying why.
func Verify(pdf []byte) (*Result, error) {
	sig, err := lastSignature(pdf)
	if err != nil {
		return nil, err
	}
	br, _ := sig.get("ByteRange")
	contents, _ := sig.get("Contents")
	if br.kind != kArray || len(br.items) != 4 || contents.kind != kString {
		return nil, errors.New("pdfsign: the signature has no /ByteRange of four numbers or no /Contents")
	}
	var r [4]int64
	for i, it := range br.items {
		if it.kind != kNumber || it.num < 0 || it.num > int64(len(pdf)) {
			return nil, errors.New("pdfsign: the /ByteRange holds a number outside the file")
		}
		r[i] = it.num
	}
	if r[0] != 0 || r[1] != int64(contents.start) || r[2] != int64(contents.end) || pdf[contents.start] != '<' {
		return nil, errors.New("pdfsign: the /ByteRange does not leave out exactly the signature")
	}
	if r[2]+r[3] < int64(len(pdf)) {
		return nil, fmt.Errorf("pdfsign: %d bytes were added to the file after it was signed", int64(len(pdf))-r[2]-r[3])
	}
	if r[2]+r[3] != int64(len(pdf)) {
		return nil, errors.New("pdfsign: the /ByteRange reaches past the end of the file")
	}
	if sf, _ := sig.get("SubFilter"); sf.name != "adbe.pkcs7.detached" && sf.name != "ETSI.CAdES.detached" {
		return nil, fmt.Errorf("pdfsign: unsupported signature format %q", sf.name)
	}
	h := sha256.New()
	h.Write(pdf[:r[1]])
	h.Write(pdf[r[2]:])
	s, err := verifyCMS(contents.str, h.Sum(nil))
	if err != nil {
		return nil, fmt.Errorf("pdfsign: %w", err)
	}
	res := &Result{
		Certificate: s.cert,
		Signer:      s.cert.Subject.CommonName,
		SignedAt:    s.when,
		Fingerprint: groupHex(sha256.Sum256(s.cert.RawSubjectPublicKeyInfo)),
	}
	if reason, ok := sig.get("Reason"); ok && reason.kind == kString {
		res.Reason = textString(reason.str)
	}
	return res, nil
}

// lastSignature finds the dictionary around the last /ByteRange of pdf:
// the signature dictionary of the newest signature.
func lastSignature(pdf []byte) (object, error) {
	at := bytes.LastIndex(pdf, []byte("/ByteRange"))
	if at < 0 {
		return object{}, ErrNotSigned
	}
	end := at
	for {
		i := bytes.LastIndex(pdf[:end], []byte("obj"))
		if i < 0 {
			return object{}, errors.New("pdfsign: the signature is not in an object")
		}
		end = i
		if i >= 3 && string(pdf[i-3:i]) == "end" {
			continue
		}
		p := &parser{b: pdf, pos: i + 3}
		d, err := p.value(0)
		if err != nil {
			return object{}, fmt.Errorf("pdfsign: the signature dictionary cannot be read: %w", err)
		}
		if d.kind != kDict || d.start > at || d.end <= at {
			return object{}, errors.New("pdfsign: the /ByteRange is not in a signature dictionary")
		}
		return d, nil
	}
}
