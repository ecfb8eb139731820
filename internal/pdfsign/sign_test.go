package pdfsign_test

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki/internal/pdfdoc"
	"github.com/haki-kenya/haki/internal/pdfsign"
)

// signedAt is the fixed signing time of the tests.
var signedAt = time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)

// mustPDF makes a two-page report the way Haki makes every PDF.
func mustPDF(tb testing.TB) []byte {
	tb.Helper()
	var b bytes.Buffer
	err := pdfdoc.Render(&b, pdfdoc.Meta{Title: "Ripoti ya uchunguzi", At: signedAt}, func(d *pdfdoc.Doc) {
		d.AddPage()
		d.MultiCell(0, 5, "Medico-legal report. Findings: bruising of the left upper arm, consistent.", "", "L", false)
		d.AddPage()
		d.MultiCell(0, 5, "Maoni: inaendana sana.", "", "L", false)
	})
	if err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// mustSigner makes a key and its self-signed certificate: ECDSA P-256, or
// RSA-2048 if rsaKey.
func mustSigner(tb testing.TB, rsaKey bool) (crypto.Signer, *x509.Certificate) {
	tb.Helper()
	var key crypto.Signer
	var err error
	if rsaKey {
		key, err = rsa.GenerateKey(rand.Reader, 2048)
	} else {
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	}
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(42),
		Subject:      pkix.Name{CommonName: "Haki Test Centre", Organization: []string{"Haki Test Centre"}},
		NotBefore:    signedAt.AddDate(-1, 0, 0),
		NotAfter:     signedAt.AddDate(20, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		tb.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	return key, cert
}

// mustSign signs a fresh report.
func mustSign(tb testing.TB, rsaKey bool) ([]byte, *x509.Certificate) {
	tb.Helper()
	key, cert := mustSigner(tb, rsaKey)
	out, err := pdfsign.Sign(mustPDF(tb), key, cert, signedAt, "Medico-legal report / Ripoti ya kitabibu")
	if err != nil {
		tb.Fatal(err)
	}
	return out, cert
}

// TestSignVerify: a signed report verifies, names its signer, the time,
// the reason and the key's fingerprint, and keeps the original bytes.
func TestSignVerify(t *testing.T) {
	for _, rsaKey := range []bool{false, true} {
		signed, cert := mustSign(t, rsaKey)
		if !bytes.HasPrefix(signed, mustPDF(t)) {
			t.Fatal("the update does not keep the original document")
		}
		res, err := pdfsign.Verify(signed)
		if err != nil {
			t.Fatalf("rsa=%v: %v", rsaKey, err)
		}
		if res.Signer != "Haki Test Centre" || !res.SignedAt.Equal(signedAt) || res.Reason != "Medico-legal report / Ripoti ya kitabibu" {
			t.Errorf("rsa=%v: got %+v", rsaKey, res)
		}
		if fp := pdfsign.KeyFingerprint(cert.PublicKey); res.Fingerprint != fp || len(fp) != 79 {
			t.Errorf("fingerprint %q, want %q", res.Fingerprint, fp)
		}
	}
}

// TestVerifyTampered: any changed byte, in the report or the signature,
// and anything appended fail.
func TestVerifyTampered(t *testing.T) {
	signed, _ := mustSign(t, false)
	contents := bytes.LastIndex(signed, []byte("/Contents <")) + len("/Contents <")
	tests := []struct {
		name, want string
		change     func(b []byte) []byte
	}{
		{"content", "digest differs", func(b []byte) []byte {
			i := bytes.Index(b, []byte("stream\n")) + 10 // the first page's drawing
			b[i] ^= 1
			return b
		}},
		{"signature", "signature", func(b []byte) []byte {
			b[contents+150] ^= 1 // a hex digit of the signature
			return b
		}},
		{"appended", "added to the file after it was signed", func(b []byte) []byte {
			return append(b, "1 0 obj\n<<>>\nendobj\n"...)
		}},
		{"unsigned", "no signature", func([]byte) []byte { return mustPDF(t) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.change(bytes.Clone(signed))
			_, err := pdfsign.Verify(b)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error with %q", err, tc.want)
			}
		})
	}
}

// TestSignTwice: a signed report can be signed again; the newest signature
// is the one verified, and the first field is kept in the form.
func TestSignTwice(t *testing.T) {
	signed, _ := mustSign(t, false)
	key, cert := mustSigner(t, true)
	twice, err := pdfsign.Sign(signed, key, cert, signedAt.Add(time.Hour), "second")
	if err != nil {
		t.Fatal(err)
	}
	res, err := pdfsign.Verify(twice)
	if err != nil || res.Reason != "second" {
		t.Fatalf("%v %+v", err, res)
	}
	if !bytes.Contains(twice, []byte("/Fields [")) || bytes.Count(twice, []byte("/FT /Sig")) != 2 {
		t.Error("the second signature lost the first field")
	}
	annots := twice[bytes.LastIndex(twice, []byte("/Annots [")):]
	if annots = annots[:bytes.IndexByte(annots, ']')]; bytes.Count(annots, []byte(" R")) != 2 {
		t.Errorf("the first page's annotations: %s]", annots)
	}
}

// TestVerifyEveryByte: one bit changed anywhere in a signed report, in the
// original document, the update or the signature's hex string, fails.
func TestVerifyEveryByte(t *testing.T) {
	signed, _ := mustSign(t, false)
	contents := bytes.LastIndex(signed, []byte("/Contents <"))
	end := contents + bytes.IndexByte(signed[contents:], '>')
	for i := 0; i < len(signed); i++ {
		if (i < contents || i > end) && i%37 != 0 {
			continue // every byte of the signature, a sample of the rest
		}
		b := bytes.Clone(signed)
		b[i] ^= 1
		if _, err := pdfsign.Verify(b); err == nil {
			t.Fatalf("byte %d (%q) changed, still valid", i, signed[i])
		}
	}
}
