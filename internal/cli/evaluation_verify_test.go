package cli_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki/internal/cli"
	"github.com/haki-kenya/haki/internal/pdfdoc"
	"github.com/haki-kenya/haki/internal/pdfsign"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/vault"
)

// reportSignedAt is the fixed signing time of these tests.
var reportSignedAt = time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)

// mustSignedReport writes a one-page report signed by signer and cert.
func mustSignedReport(t *testing.T, path string, sign func(pdf []byte) ([]byte, error)) []byte {
	t.Helper()
	var b bytes.Buffer
	err := pdfdoc.Render(&b, pdfdoc.Meta{Title: "Medico-legal report", At: reportSignedAt}, func(d *pdfdoc.Doc) {
		d.AddPage()
		d.MultiCell(0, 5, "Findings consistent with the account given.", "", "L", false)
	})
	if err != nil {
		t.Fatal(err)
	}
	signed, err := sign(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, signed, 0o600); err != nil {
		t.Fatal(err)
	}
	return signed
}

// TestEvaluationVerify: a report signed with the organisation's key is
// VALID and the organisation's; one signed with another key, or changed,
// is NOT VALID with exit status 1.
func TestEvaluationVerify(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if _, _, err := run(t, "", "migrate", "--data", data); err != nil {
		t.Fatal(err)
	}
	keys, err := vault.LoadKeyFile(data + ".key")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(data, "haki.db"), keys)
	if err != nil {
		t.Fatal(err)
	}
	key, cert, err := s.OrganisationSigner(ctx, "Kituo cha Haki")
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	ours := filepath.Join(dir, "ours.pdf")
	signed := mustSignedReport(t, ours, func(pdf []byte) ([]byte, error) {
		return pdfsign.Sign(pdf, key, cert, reportSignedAt, "Medico-legal report")
	})
	other := filepath.Join(dir, "other.pdf")
	otherKey, otherCert := mustForeignSigner(t)
	mustSignedReport(t, other, func(pdf []byte) ([]byte, error) {
		return pdfsign.Sign(pdf, otherKey, otherCert, reportSignedAt, "")
	})
	changed := filepath.Join(dir, "changed.pdf")
	c := bytes.Clone(signed)
	c[bytes.Index(c, []byte("stream\n"))+10] ^= 1
	if err := os.WriteFile(changed, c, 0o600); err != nil {
		t.Fatal(err)
	}
	fp := pdfsign.KeyFingerprint(key.Public())

	tests := []struct {
		name  string
		args  []string
		code  int
		wants []string
	}{
		{"ours", []string{ours, "--data", data}, 0, []string{"VALID\n", "CN=Kituo cha Haki", "2026-05-04T10:00:00Z", fp, "this is the organisation's key", "reason:    Medico-legal report"}},
		{"no database", []string{ours}, 0, []string{"VALID\n", fp, "was not checked"}},
		{"fingerprint given", []string{ours, "--fingerprint", strings.ToLower(strings.ReplaceAll(fp, " ", ":"))}, 0, []string{"VALID\n", "this is the organisation's key"}},
		{"another key", []string{other, "--data", data}, 1, []string{"NOT VALID: signed with another key", "CN=Someone Else", "expected:  " + fp}},
		{"changed", []string{changed, "--data", data}, 1, []string{"NOT VALID: the document was changed after it was signed"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, err := run(t, "", append([]string{"evaluation", "verify"}, tc.args...)...)
			if cli.ExitCode(err) != tc.code {
				t.Fatalf("exit %d (%v), want %d\n%s%s", cli.ExitCode(err), err, tc.code, out, errOut)
			}
			for _, w := range tc.wants {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
	if _, _, err := run(t, "", "evaluation", "verify"); cli.ExitCode(err) != 2 {
		t.Errorf("no file: %v", err)
	}
}

// mustForeignSigner makes a key that is not the organisation's.
func mustForeignSigner(t *testing.T) (*ecdsa.PrivateKey, *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "Someone Else"},
		NotBefore: reportSignedAt.AddDate(-1, 0, 0), NotAfter: reportSignedAt.AddDate(1, 0, 0)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return key, cert
}
