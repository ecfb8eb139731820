package evalreport_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"image/color"
	"math/big"
	"testing"

	"github.com/haki-kenya/haki/internal/evalreport"
	"github.com/haki-kenya/haki/internal/i18n"
	"github.com/haki-kenya/haki/internal/pdfsign"
)

// BenchmarkReport times what a download of a signed report costs the
// server: the PDF of the sample evaluation with two 1200 x 900 photographs
// and a body chart, then its signature, then (as a clerk's tool would) its
// verification.
func BenchmarkReport(b *testing.B) {
	cat, err := i18n.New()
	if err != nil {
		b.Fatal(err)
	}
	e := sampleEvaluation()
	photos := []evalreport.Photo{
		{FindingNo: 1, Caption: "Back", SHA256: "ab", Image: mustPNG(b, 1200, 900, color.RGBA{150, 90, 80, 255})},
		{FindingNo: 2, Caption: "Forearm", SHA256: "cd", Image: mustPNG(b, 1200, 900, color.RGBA{160, 100, 90, 255})},
	}
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Bench"}, NotBefore: signedAt.AddDate(-1, 0, 0),
		NotAfter: signedAt.AddDate(10, 0, 0), KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		b.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	opts := evalreport.Options{Lang: "en", Catalog: cat, OrgName: "Bench", CaseRef: "CASE-2026-000001", At: signedAt, Photos: photos}
	var size int
	b.Run("render", func(b *testing.B) {
		for b.Loop() {
			var buf bytes.Buffer
			if err := evalreport.Render(&buf, e, opts); err != nil {
				b.Fatal(err)
			}
			size = buf.Len()
		}
		b.ReportMetric(float64(size)/1024, "KB/report")
	})
	var buf bytes.Buffer
	if err := evalreport.Render(&buf, e, opts); err != nil {
		b.Fatal(err)
	}
	var signed []byte
	b.Run("sign", func(b *testing.B) {
		for b.Loop() {
			if signed, err = pdfsign.Sign(buf.Bytes(), key, cert, signedAt, "bench"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("verify", func(b *testing.B) {
		for b.Loop() {
			if _, err := pdfsign.Verify(signed); err != nil {
				b.Fatal(err)
			}
		}
	})
}
