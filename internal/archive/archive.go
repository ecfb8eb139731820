// Package archive writes an encrypted ZIP archive: every entry deflated,
// then encrypted with AES-256 in WinZip's AE-2 format (the one 7-Zip,
// WinZip, PeaZip and Keka open with a passphrase), so that the people who
// receive a bulk export can open it with common tools and nobody else can.
//
// AE-2, per entry: a random 16-byte salt; PBKDF2-HMAC-SHA1 (1,000
// iterations, the format's fixed count) derives a 32-byte AES key, a
// 32-byte HMAC key and a 2-byte check value from the passphrase and salt;
// the deflated data is encrypted with AES-256 in CTR mode (little-endian
// counter from 1), and the first 10 bytes of HMAC-SHA1 over the ciphertext
// authenticate it. The CRC is left 0, as AE-2 specifies, so that it says
// nothing about the plain text. The fixed, low iteration count makes the
// passphrase the whole defence: NewPassphrase gives 125 random bits.
//
// Names of entries are not encrypted (ZIP keeps them in the clear): name
// entries by what they hold in general ("persons.jsonl"), never by whom.
package archive

import (
	"archive/zip"
	"compress/flate"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"hash"
	"io"
	"math"
	"strings"
	"time"
)

const (
	saltLen    = 16 // AES-256
	keyLen     = 32
	authLen    = 10
	iterations = 1000
	methodAES  = 99
)

// MinPassphrase is the shortest passphrase Writer takes.
const MinPassphrase = 16

// ErrWeakPassphrase is returned for a passphrase shorter than MinPassphrase.
var ErrWeakPassphrase = errors.New("archive: the passphrase must have at least 16 characters")

// Writer writes an encrypted ZIP archive.
type Writer struct {
	z          *zip.Writer
	passphrase []byte
	cur        *entry
	now        time.Time
}

// NewWriter returns a Writer writing to w, encrypting every entry with
// passphrase; now dates the entries.
func NewWriter(w io.Writer, passphrase string, now time.Time) (*Writer, error) {
	if len(passphrase) < MinPassphrase {
		return nil, ErrWeakPassphrase
	}
	return &Writer{z: zip.NewWriter(w), passphrase: []byte(passphrase), now: now}, nil
}

// Create starts an entry called name and returns the writer of its plain
// content; the entry ends with the next Create or Close.
func (a *Writer) Create(name string) (io.Writer, error) {
	if err := a.finish(); err != nil {
		return nil, err
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	keys, err := pbkdf2.Key(sha1.New, string(a.passphrase), salt, iterations, 2*keyLen+2)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(keys[:keyLen])
	if err != nil {
		return nil, err
	}
	fh := &zip.FileHeader{Name: strings.TrimLeft(name, "/"), Method: methodAES, Flags: 0x1 | 0x8, Modified: a.now}
	// The AES extra field: AE-2, vendor "AE", AES-256, deflated inside.
	fh.Extra = []byte{0x01, 0x99, 7, 0, 2, 0, 'A', 'E', 3, 8, 0}
	fh.SetMode(0o600)
	raw, err := a.z.CreateRaw(fh)
	if err != nil {
		return nil, err
	}
	if _, err := raw.Write(salt); err != nil {
		return nil, err
	}
	if _, err := raw.Write(keys[2*keyLen:]); err != nil {
		return nil, err
	}
	e := &entry{fh: fh, raw: raw, mac: hmac.New(sha1.New, keys[keyLen:2*keyLen]), block: block, counter: 1,
		compressed: uint64(saltLen + 2 + authLen)}
	if e.deflate, err = flate.NewWriter(e, flate.DefaultCompression); err != nil {
		return nil, err
	}
	a.cur = e
	return plainCounter{e}, nil
}

// Close ends the last entry and the archive.
func (a *Writer) Close() error {
	if err := a.finish(); err != nil {
		return err
	}
	return a.z.Close()
}

func (a *Writer) finish() error {
	e := a.cur
	if e == nil {
		return nil
	}
	a.cur = nil
	if err := e.deflate.Close(); err != nil {
		return err
	}
	if err := e.flushBlock(true); err != nil {
		return err
	}
	if _, err := e.raw.Write(e.mac.Sum(nil)[:authLen]); err != nil {
		return err
	}
	// With the data-descriptor flag the sizes follow the data; the zip
	// writer reads them from the header when the entry is closed.
	e.fh.CompressedSize64, e.fh.UncompressedSize64 = e.compressed, e.plain
	e.fh.CompressedSize, e.fh.UncompressedSize = uint32(min(e.compressed, math.MaxUint32)), uint32(min(e.plain, math.MaxUint32))
	return nil
}

// entry encrypts what deflate writes: CTR mode a block at a time, the
// counter in little-endian, and the HMAC over the ciphertext.
type entry struct {
	fh         *zip.FileHeader
	raw        io.Writer
	mac        hash.Hash
	block      cipher.Block
	deflate    *flate.Writer
	counter    uint64
	pending    []byte // less than a block, waiting for more
	plain      uint64
	compressed uint64
}

// Write takes deflated bytes.
func (e *entry) Write(p []byte) (int, error) {
	e.pending = append(e.pending, p...)
	return len(p), e.flushBlock(false)
}

// flushBlock encrypts and writes the whole blocks pending, and the rest too
// when last.
func (e *entry) flushBlock(last bool) error {
	n := len(e.pending) / aes.BlockSize * aes.BlockSize
	if last {
		n = len(e.pending)
	}
	if n == 0 {
		return nil
	}
	out := make([]byte, n)
	e.counter = xorCTR(e.block, e.counter, out, e.pending[:n])
	e.pending = append(e.pending[:0], e.pending[n:]...)
	e.mac.Write(out)
	e.compressed += uint64(n)
	_, err := e.raw.Write(out)
	return err
}

// plainCounter counts the plain bytes on their way to deflate.
type plainCounter struct{ e *entry }

func (p plainCounter) Write(b []byte) (int, error) {
	p.e.plain += uint64(len(b))
	return p.e.deflate.Write(b)
}

// NewPassphrase returns a random passphrase of 125 bits in five groups of
// Crockford's base32 (no I, L, O or U), easy to read out and type.
func NewPassphrase() string {
	const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	b := make([]byte, 25)
	rand.Read(b)
	var s strings.Builder
	for i, c := range b {
		if i > 0 && i%5 == 0 {
			s.WriteByte('-')
		}
		s.WriteByte(alphabet[c&31])
	}
	return s.String()
}

// xorCTR encrypts (or decrypts) src into dst with AES in CTR mode as AE-2
// does it, the block counter little-endian from counter, and returns the
// next counter.
func xorCTR(block cipher.Block, counter uint64, dst, src []byte) uint64 {
	var ctr, stream [aes.BlockSize]byte
	for i := 0; i < len(src); i += aes.BlockSize {
		binary.LittleEndian.PutUint64(ctr[:8], counter)
		counter++
		block.Encrypt(stream[:], ctr[:])
		for j := i; j < min(i+aes.BlockSize, len(src)); j++ {
			dst[j] = src[j] ^ stream[j-i]
		}
	}
	return counter
}
