package store

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/haki-kenya/haki/internal/vault"
)

// The evidence folder holds one encrypted file per evidence record, at
// <dir>/<first two characters of the id>/<id>: a server-made name, never
// the uploaded one. A file is written to a temporary name, synced, and then
// linked to its final name, which fails if that name exists, so a stored
// file is never overwritten.

// evidencePath returns where the file of evidence id lives.
func evidencePath(dir, id string) string {
	return filepath.Join(dir, id[:2], id)
}

// evidenceAAD binds a file's ciphertext to its record.
func evidenceAAD(id string) string { return "evidence/" + id }

// writeEvidenceFile encrypts body into the evidence folder under id and
// returns the plaintext's size and SHA-256.
func writeEvidenceFile(dir, id string, key []byte, body io.Reader) (size int64, sum string, err error) {
	sub := filepath.Join(dir, id[:2])
	if err := os.MkdirAll(sub, 0o700); err != nil {
		return 0, "", fmt.Errorf("evidence folder: %w", err)
	}
	tmp, err := os.CreateTemp(sub, ".upload-*")
	if err != nil {
		return 0, "", fmt.Errorf("evidence folder: %w", err)
	}
	defer os.Remove(tmp.Name()) // after the link, or on failure
	defer tmp.Close()
	w, err := vault.NewStreamWriter(tmp, key, evidenceAAD(id))
	if err != nil {
		return 0, "", err
	}
	h := sha256.New()
	if size, err = io.Copy(io.MultiWriter(w, h), body); err != nil {
		return 0, "", err
	}
	if err := w.Close(); err != nil {
		return 0, "", err
	}
	if err := tmp.Sync(); err != nil {
		return 0, "", err
	}
	if err := tmp.Close(); err != nil {
		return 0, "", err
	}
	if err := os.Link(tmp.Name(), evidencePath(dir, id)); err != nil {
		return 0, "", fmt.Errorf("evidence folder: %w", err)
	}
	syncDir(sub)
	return size, hex.EncodeToString(h.Sum(nil)), nil
}

// syncDir makes a new name in dir durable; not every system can.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// errIntegrity marks a stored file that is missing, does not decrypt or
// whose hash is not the one taken at upload.
var errIntegrity = errors.New("evidence integrity failure")

// checkEvidenceFile decrypts the file of id and compares its SHA-256 with
// want, reading it as a stream.
func checkEvidenceFile(dir, id string, key []byte, want string) error {
	r, err := openEvidenceFile(dir, id, key)
	if err != nil {
		return err
	}
	defer r.Close()
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return fmt.Errorf("%w: %s: %v", errIntegrity, id, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		return fmt.Errorf("%w: %s: SHA-256 is %s, recorded %s", errIntegrity, id, got, want)
	}
	return nil
}

// openEvidenceFile returns a reader of the plaintext of the file of id.
func openEvidenceFile(dir, id string, key []byte) (io.ReadCloser, error) {
	f, err := os.Open(evidencePath(dir, id))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", errIntegrity, id, err)
	}
	r, err := vault.NewStreamReader(f, key, evidenceAAD(id))
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%w: %s: %v", errIntegrity, id, err)
	}
	return struct {
		io.Reader
		io.Closer
	}{r, f}, nil
}
