package pdfsign_test

import (
	"bytes"
	"encoding/asn1"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/pdfsign"
)

// TestPdfsig: poppler's pdfsig, the tool a court clerk can run, finds the
// signature valid and covering the whole document, for ECDSA and RSA keys,
// and finds a changed copy not valid.
func TestPdfsig(t *testing.T) {
	bin, err := exec.LookPath("pdfsig")
	if err != nil {
		t.Skip("pdfsig not found: install poppler-utils to check signatures with an independent tool")
	}
	dir := t.TempDir()
	run := func(name string, pdf []byte) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, pdf, 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, path)
		cmd.Env = append(os.Environ(), "HOME="+dir) // an empty NSS database of its own
		out, _ := cmd.CombinedOutput()
		return string(out)
	}
	for _, rsaKey := range []bool{false, true} {
		signed, _ := mustSign(t, rsaKey)
		out := run("signed.pdf", signed)
		if !strings.Contains(out, "Signature is Valid") || !strings.Contains(out, "Total document signed") {
			t.Errorf("rsa=%v: pdfsig says:\n%s", rsaKey, out)
		}
		changed := bytes.Clone(signed)
		changed[bytes.Index(changed, []byte("stream\n"))+10] ^= 1
		if out := run("changed.pdf", changed); strings.Contains(out, "Signature is Valid") {
			t.Errorf("rsa=%v: pdfsig finds a changed copy valid:\n%s", rsaKey, out)
		}
	}
}

// TestOpenSSL: openssl reads the signature as a detached CMS SignedData
// over the signed ranges and checks it (the certificate's trust aside).
func TestOpenSSL(t *testing.T) {
	bin, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not found")
	}
	signed, _ := mustSign(t, false)
	at := bytes.LastIndex(signed, []byte("/Contents <")) + len("/Contents ")
	end := at + bytes.IndexByte(signed[at:], '>') + 1
	padded, err := hex.DecodeString(string(signed[at+1 : end-1]))
	if err != nil {
		t.Fatal(err)
	}
	var der asn1.RawValue // the DER without the zeros padding it
	if _, err := asn1.Unmarshal(padded, &der); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sig, content := filepath.Join(dir, "sig.der"), filepath.Join(dir, "content.bin")
	os.WriteFile(sig, der.FullBytes, 0o600)
	os.WriteFile(content, append(bytes.Clone(signed[:at]), signed[end:]...), 0o600)
	out, err := exec.Command(bin, "cms", "-verify", "-inform", "DER", "-in", sig,
		"-content", content, "-binary", "-noverify", "-out", os.DevNull).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Verification successful") {
		t.Fatalf("openssl: %v\n%s", err, out)
	}
}

// TestDetachedOpenSSL: a detached .p7s of any file is checked by openssl,
// and refused for a changed file.
func TestDetachedOpenSSL(t *testing.T) {
	bin, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not found")
	}
	key, cert := mustSigner(t, false)
	content := []byte("incident export, 2026-03-14\n")
	p7s, err := pdfsign.Detached(content, key, cert, signedAt)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sig, file := filepath.Join(dir, "export.p7s"), filepath.Join(dir, "export.csv")
	os.WriteFile(sig, p7s, 0o600)
	check := func() error {
		return exec.Command(bin, "cms", "-verify", "-inform", "DER", "-in", sig,
			"-content", file, "-binary", "-noverify", "-out", os.DevNull).Run()
	}
	os.WriteFile(file, content, 0o600)
	if err := check(); err != nil {
		t.Fatalf("openssl refuses the signature: %v", err)
	}
	os.WriteFile(file, append(content, ' '), 0o600)
	if err := check(); err == nil {
		t.Fatal("openssl accepts a changed file")
	}
}
