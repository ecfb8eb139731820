package pdfsign_test

import (
	"bytes"
	"testing"

	"github.com/haki-kenya/haki/internal/pdfsign"
)

// FuzzVerify: no input, however hostile, makes Verify panic, and what it
// accepts carries a certificate and its fingerprint. The seeds in
// testdata/fuzz/FuzzVerify hold a signed report and broken signatures.
func FuzzVerify(f *testing.F) {
	signed, _ := mustSign(f, false)
	f.Add(signed)
	f.Add(mustPDF(f))
	f.Add([]byte("1 0 obj <</ByteRange [0 10 20 5] /Contents <00>>> endobj"))
	f.Add([]byte("obj <</ByteRange [0 1 2 3] /Contents (x) /SubFilter /adbe.pkcs7.detached"))
	f.Fuzz(func(t *testing.T, pdf []byte) {
		res, err := pdfsign.Verify(pdf)
		if err == nil && (res.Certificate == nil || res.Fingerprint == "") {
			t.Fatalf("accepted without a signer: %+v", res)
		}
		if err == nil && !bytes.Contains(pdf, []byte("/ByteRange")) {
			t.Fatal("accepted a PDF without a signature")
		}
	})
}
