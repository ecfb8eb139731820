package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
	"unicode"

	"github.com/haki-kenya/haki/internal/config"
	"github.com/haki-kenya/haki/internal/pdfsign"
)

// errNotValid is returned when a report's signature does not hold; the
// program then exits with status 1 (see ExitCode).
var errNotValid = errors.New("the signature is not valid")

// ExitCode returns the exit status of the program for the error Run
// returned: 0 for none, 1 when a checked signature is not valid, 2 for any
// other failure.
func ExitCode(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errNotValid):
		return 1
	}
	return 2
}

// evaluation runs the evaluation subcommands: only verify for now.
func (m *Main) evaluation(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(m.Stderr, "Usage: haki evaluation verify FILE [--data DIR | --database URL | --fingerprint HEX]")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return ErrUsage
	}
	return m.evaluationVerify(ctx, args[1:])
}

// evaluationVerify checks the signature of a medico-legal report, as a
// court clerk would with pdfsig, and prints VALID or NOT VALID with why,
// the signer, the signing time and the key's fingerprint. Given the
// organisation's database (--data or --database) or a fingerprint read
// from elsewhere (--fingerprint), it also requires the key to be that one.
func (m *Main) evaluationVerify(ctx context.Context, args []string) error {
	var cfg config.Config
	fs := m.flags("evaluation verify", "evaluation verify FILE [--data DIR | --database URL] [--fingerprint HEX]")
	m.dataFlags(fs, &cfg)
	want := fs.String("fingerprint", "", "the key fingerprint the report must be signed with (as printed: groups of hex digits)")
	file, done, err := parseFile(fs, args)
	if done {
		return err
	}
	if *want != "" && len(normalFingerprint(*want)) != 64 {
		return fmt.Errorf("--fingerprint: want the 64 hex digits of a SHA-256, got %q", *want)
	}
	pdf, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	res, verr := pdfsign.Verify(pdf)
	if verr != nil {
		fmt.Fprintf(m.Stdout, "NOT VALID: %s\n", strings.TrimPrefix(verr.Error(), "pdfsign: "))
		return fmt.Errorf("%s: %w", file, errNotValid)
	}
	ours := normalFingerprint(*want)
	if ours == "" && (cfg.DataDir != "" || cfg.DatabaseURL != "") {
		if ours, err = m.organisationFingerprint(ctx, &cfg); err != nil {
			return err
		}
	}
	notOurs := ours != "" && ours != normalFingerprint(res.Fingerprint)
	if notOurs {
		fmt.Fprintln(m.Stdout, "NOT VALID: signed with another key than this organisation's")
	} else {
		fmt.Fprintln(m.Stdout, "VALID")
	}
	fmt.Fprintf(m.Stdout, "signer:    %s\n", printable(res.Certificate.Subject.String()))
	fmt.Fprintf(m.Stdout, "signed at: %s\n", res.SignedAt.UTC().Format(time.RFC3339))
	if res.Reason != "" {
		fmt.Fprintf(m.Stdout, "reason:    %s\n", printable(res.Reason))
	}
	fmt.Fprintf(m.Stdout, "key:       %s\n", res.Fingerprint)
	switch {
	case notOurs:
		fmt.Fprintf(m.Stdout, "expected:  %s\n", groupFingerprint(ours))
		return fmt.Errorf("%s: %w", file, errNotValid)
	case ours != "":
		fmt.Fprintln(m.Stdout, "this is the organisation's key")
	default:
		fmt.Fprintln(m.Stdout, "whose key this is was not checked: compare the fingerprint with the organisation's (--data, --database or --fingerprint)")
	}
	return nil
}

// organisationFingerprint opens the organisation's database for the
// fingerprint of its signing key.
func (m *Main) organisationFingerprint(ctx context.Context, cfg *config.Config) (string, error) {
	s, err := m.openStore(ctx, cfg)
	if err != nil {
		return "", err
	}
	defer s.Close()
	signer, _, err := s.OrganisationSigner(ctx, cfg.OrgName)
	if err != nil {
		return "", err
	}
	return normalFingerprint(pdfsign.KeyFingerprint(signer.Public())), nil
}

// printable replaces the control characters of text read from a file, so
// that a forged report cannot send escape sequences to the terminal.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '?'
		}
		return r
	}, s)
}

// normalFingerprint keeps only the hex digits of a fingerprint, in upper
// case, so that "3f2a:91c0" and "3F2A 91C0" compare equal.
func normalFingerprint(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if (r >= '0' && r <= '9') || (r >= 'A' && r <= 'F') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// groupFingerprint writes hex digits in groups of four, as printed.
func groupFingerprint(s string) string {
	var parts []string
	for len(s) > 4 {
		parts, s = append(parts, s[:4]), s[4:]
	}
	return strings.Join(append(parts, s), " ")
}
