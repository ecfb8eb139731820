// Package backup reads and writes Haki's backup file: every row of the
// database and every evidence file, gzipped, then encrypted in
// authenticated chunks under a key that the master key wraps.
//
// The file is a plain header, then chunks:
//
//	"HAKI-BACKUP-1\n"
//	{"master_id": "...", "wrapped": "..."}\n   the file's data key, wrapped by the master key
//	chunk*: 4-byte big-endian length, then AES-256-GCM ciphertext of up to 64 KiB
//
// Chunk i is sealed with nonce i and additional data SHA-256(header) ||
// i || final flag, so a chunk that is altered, moved, dropped or cut off
// (no final chunk) fails the check. The key is HKDF-SHA256 of the data key.
package backup

import (
	"bufio"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/haki-kenya/haki/internal/vault"
)

const (
	magic     = "HAKI-BACKUP-1\n"
	chunkSize = 64 << 10
	// maxHeader bounds the header line, so a wrong file is not read whole.
	maxHeader = 4096
)

var (
	// ErrWrongKey means the key file given is not the one the backup was made with.
	ErrWrongKey = errors.New("this backup was made with another master key: give the key file it was made with (--key-file)")
	// ErrDamaged means the file fails its integrity check.
	ErrDamaged = errors.New("the backup file is damaged: it fails its integrity check (changed or corrupted since it was written); use another copy")
	// ErrTruncated means the file ends before its last chunk.
	ErrTruncated = errors.New("the backup file is incomplete: it ends before its last part (cut short while copied?); use another copy")
	// ErrNotBackup means the file is not a Haki backup.
	ErrNotBackup = errors.New("this is not a Haki backup file")
)

type header struct {
	MasterID string `json:"master_id"`
	Wrapped  string `json:"wrapped"`
}

// encrypter is the writing end: Write buffers, full chunks are sealed and
// written, Close seals the final chunk.
type encrypter struct {
	w     io.Writer
	aead  cipher.AEAD
	hdr   [32]byte
	index uint64
	buf   []byte
	out   []byte
}

// newEncrypter writes the header to w and returns the writer of the
// plaintext; Close must be called to write the final chunk.
func newEncrypter(w io.Writer, keys *vault.Keyring) (io.WriteCloser, error) {
	dek := vault.NewDataKey()
	wrapped, master := keys.Wrap(dek)
	line, err := json.Marshal(header{MasterID: master, Wrapped: wrapped})
	if err != nil {
		return nil, err
	}
	head := append([]byte(magic), append(line, '\n')...)
	if _, err := w.Write(head); err != nil {
		return nil, err
	}
	aead, err := fileCipher(dek)
	if err != nil {
		return nil, err
	}
	return &encrypter{w: w, aead: aead, hdr: sha256.Sum256(head), buf: make([]byte, 0, chunkSize)}, nil
}

func (e *encrypter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		take := min(chunkSize-len(e.buf), len(p))
		e.buf = append(e.buf, p[:take]...)
		p = p[take:]
		// A full chunk waits for more: the last chunk must be the final one.
		if len(e.buf) == chunkSize && len(p) > 0 {
			if err := e.seal(false); err != nil {
				return 0, err
			}
		}
	}
	return n, nil
}

func (e *encrypter) Close() error { return e.seal(true) }

func (e *encrypter) seal(final bool) error {
	e.out = e.aead.Seal(append(e.out[:0], 0, 0, 0, 0), nonce(e.index), e.buf, aad(e.hdr, e.index, final))
	binary.BigEndian.PutUint32(e.out, uint32(len(e.out)-4))
	e.index++
	e.buf = e.buf[:0]
	_, err := e.w.Write(e.out)
	return err
}

// decrypter is the reading end: it returns io.EOF only after the final
// chunk has been read and checked.
type decrypter struct {
	r     *bufio.Reader
	aead  cipher.AEAD
	hdr   [32]byte
	index uint64
	plain []byte
	in    []byte
	final bool
}

// newDecrypter reads the header from r, unwraps the file's key with keys
// and returns the reader of the plaintext.
func newDecrypter(r io.Reader, keys *vault.Keyring) (io.Reader, error) {
	br := bufio.NewReaderSize(r, chunkSize+64)
	m := make([]byte, len(magic))
	if _, err := io.ReadFull(br, m); err != nil || string(m) != magic {
		return nil, ErrNotBackup
	}
	line, err := br.ReadSlice('\n')
	if err != nil || len(line) > maxHeader {
		return nil, ErrDamaged
	}
	var h header
	if err := json.Unmarshal(line, &h); err != nil || h.MasterID == "" {
		return nil, ErrDamaged
	}
	if !slices.Contains(keys.IDs(), h.MasterID) {
		return nil, ErrWrongKey
	}
	dek, err := keys.Unwrap(h.MasterID, h.Wrapped)
	if err != nil {
		return nil, ErrDamaged // the key is the right one, so the header changed
	}
	aead, err := fileCipher(dek)
	if err != nil {
		return nil, err
	}
	return &decrypter{r: br, aead: aead, hdr: sha256.Sum256(append([]byte(magic), line...))}, nil
}

func (d *decrypter) Read(p []byte) (int, error) {
	for len(d.plain) == 0 {
		if d.final {
			if _, err := d.r.ReadByte(); err != io.EOF {
				return 0, ErrDamaged // bytes after the final chunk
			}
			return 0, io.EOF
		}
		if err := d.next(); err != nil {
			return 0, err
		}
	}
	n := copy(p, d.plain)
	d.plain = d.plain[n:]
	return n, nil
}

func (d *decrypter) next() error {
	var size [4]byte
	if _, err := io.ReadFull(d.r, size[:]); err == io.EOF || err == io.ErrUnexpectedEOF {
		return ErrTruncated
	} else if err != nil {
		return err
	}
	n := binary.BigEndian.Uint32(size[:])
	if n < uint32(d.aead.Overhead()) || n > chunkSize+uint32(d.aead.Overhead()) {
		return ErrDamaged
	}
	d.in = slices.Grow(d.in[:0], int(n))[:n]
	if _, err := io.ReadFull(d.r, d.in); err == io.EOF || err == io.ErrUnexpectedEOF {
		return ErrTruncated
	} else if err != nil {
		return err
	}
	for _, final := range []bool{false, true} {
		plain, err := d.aead.Open(d.plain[:0], nonce(d.index), d.in, aad(d.hdr, d.index, final))
		if err == nil {
			d.plain, d.final = plain, final
			d.index++
			return nil
		}
	}
	return fmt.Errorf("%w (part %d)", ErrDamaged, d.index)
}

func fileCipher(dek []byte) (cipher.AEAD, error) {
	key, err := hkdf.Key(sha256.New, dek, nil, "haki backup file v1", 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// nonce is the chunk index: each file has its own key, so a counter never
// repeats under one key.
func nonce(i uint64) []byte {
	n := make([]byte, 12)
	binary.BigEndian.PutUint64(n[4:], i)
	return n
}

func aad(hdr [32]byte, i uint64, final bool) []byte {
	b := make([]byte, 0, 41)
	b = append(b, hdr[:]...)
	b = binary.BigEndian.AppendUint64(b, i)
	if final {
		return append(b, 1)
	}
	return append(b, 0)
}
