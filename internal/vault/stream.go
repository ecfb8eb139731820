package vault

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// A file is encrypted in chunks so that a large video never needs to be in
// memory whole. The stream is a header, then records of one flag byte
// (1 on the last chunk), a 4-byte big-endian length and the AES-256-GCM
// ciphertext of at most StreamChunk plaintext bytes. Each chunk's nonce is
// its index; the key is used for one file only, so nonces never repeat. The
// aad, the index and the flag are authenticated, so chunks cannot be
// reordered, moved between files, or cut off at the end.
const (
	StreamChunk  = 64 << 10
	streamHeader = "HAKISTR1"
)

// ErrStream is returned for a stream that is damaged, truncated or sealed
// with another key.
var ErrStream = errors.New("vault: the encrypted file is damaged or belongs elsewhere")

type streamWriter struct {
	w     io.Writer
	key   []byte
	aad   string
	buf   []byte
	index uint64
	err   error
}

// NewStreamWriter returns a writer that encrypts what is written to it into
// w with the data key, bound to aad. Close writes the last chunk; it does
// not close w.
func NewStreamWriter(w io.Writer, key []byte, aad string) (io.WriteCloser, error) {
	if _, err := io.WriteString(w, streamHeader); err != nil {
		return nil, err
	}
	return &streamWriter{w: w, key: key, aad: aad, buf: make([]byte, 0, StreamChunk)}, nil
}

func (s *streamWriter) Write(p []byte) (int, error) {
	n := 0
	for len(p) > 0 && s.err == nil {
		// A full chunk is written only once more data arrives, so the
		// last chunk is always the one Close writes.
		if len(s.buf) == StreamChunk {
			s.err = s.flush(false)
			continue
		}
		k := copy(s.buf[len(s.buf):StreamChunk], p)
		s.buf = s.buf[:len(s.buf)+k]
		p, n = p[k:], n+k
	}
	return n, s.err
}

func (s *streamWriter) Close() error {
	if s.err != nil {
		return s.err
	}
	s.err = s.flush(true)
	if s.err == nil {
		s.err = errors.New("vault: stream closed")
		return nil
	}
	return s.err
}

func (s *streamWriter) flush(last bool) error {
	gcm := newGCM(s.key)
	ct := gcm.Seal(nil, chunkNonce(s.index), s.buf, chunkAAD(s.aad, s.index, last))
	var head [5]byte
	if last {
		head[0] = 1
	}
	binary.BigEndian.PutUint32(head[1:], uint32(len(ct)))
	if _, err := s.w.Write(head[:]); err != nil {
		return err
	}
	if _, err := s.w.Write(ct); err != nil {
		return err
	}
	s.index++
	s.buf = s.buf[:0]
	return nil
}

type streamReader struct {
	r     *bufio.Reader
	key   []byte
	aad   string
	index uint64
	plain []byte
	done  bool
	err   error
}

// NewStreamReader returns a reader of the plaintext of a stream that
// NewStreamWriter made with the same key and aad. Any damage is reported as
// ErrStream, never as a short, silent read.
func NewStreamReader(r io.Reader, key []byte, aad string) (io.Reader, error) {
	br := bufio.NewReaderSize(r, StreamChunk+64)
	head := make([]byte, len(streamHeader))
	if _, err := io.ReadFull(br, head); err != nil || string(head) != streamHeader {
		return nil, ErrStream
	}
	return &streamReader{r: br, key: key, aad: aad}, nil
}

func (s *streamReader) Read(p []byte) (int, error) {
	for len(s.plain) == 0 {
		if s.err != nil {
			return 0, s.err
		}
		if s.done {
			return 0, io.EOF
		}
		s.err = s.next()
	}
	n := copy(p, s.plain)
	s.plain = s.plain[n:]
	return n, nil
}

func (s *streamReader) next() error {
	var head [5]byte
	if _, err := io.ReadFull(s.r, head[:]); err != nil {
		return fmt.Errorf("%w (truncated)", ErrStream)
	}
	last, n := head[0] == 1, binary.BigEndian.Uint32(head[1:])
	if head[0] > 1 || n > StreamChunk+64 {
		return ErrStream
	}
	ct := make([]byte, n)
	if _, err := io.ReadFull(s.r, ct); err != nil {
		return fmt.Errorf("%w (truncated)", ErrStream)
	}
	plain, err := newGCM(s.key).Open(ct[:0], chunkNonce(s.index), ct, chunkAAD(s.aad, s.index, last))
	if err != nil {
		return ErrStream
	}
	s.index++
	s.plain = plain
	if last {
		if _, err := s.r.ReadByte(); err != io.EOF {
			return fmt.Errorf("%w (data after the end)", ErrStream)
		}
		s.done = true
	}
	return nil
}

func chunkNonce(i uint64) []byte {
	nonce := make([]byte, 12)
	binary.BigEndian.PutUint64(nonce[4:], i)
	return nonce
}

func chunkAAD(aad string, i uint64, last bool) []byte {
	b := binary.BigEndian.AppendUint64([]byte(aad), i)
	if last {
		return append(b, 1)
	}
	return append(b, 0)
}
