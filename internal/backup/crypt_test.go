package backup

import (
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"testing"

	"github.com/haki-kenya/haki/internal/vault"
)

func mustEncrypt(t *testing.T, keys *vault.Keyring, plain []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := newEncrypter(&buf, keys)
	if err != nil {
		t.Fatal(err)
	}
	// Odd-sized writes, so chunks do not follow them.
	for p := plain; len(p) > 0; {
		n := min(len(p), 10007)
		if _, err := w.Write(p[:n]); err != nil {
			t.Fatal(err)
		}
		p = p[n:]
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func decrypt(keys *vault.Keyring, b []byte) ([]byte, error) {
	r, err := newDecrypter(bytes.NewReader(b), keys)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

func TestEncryptRoundTrip(t *testing.T) {
	keys := vault.NewKeyring()
	for _, size := range []int{0, 1, chunkSize - 1, chunkSize, chunkSize + 1, 3*chunkSize + 17} {
		plain := make([]byte, size)
		rand.Read(plain)
		got, err := decrypt(keys, mustEncrypt(t, keys, plain))
		if err != nil || !bytes.Equal(got, plain) {
			t.Errorf("size %d: %v, equal %t", size, err, bytes.Equal(got, plain))
		}
	}
}

func TestEncryptRefuses(t *testing.T) {
	keys := vault.NewKeyring()
	plain := make([]byte, 3*chunkSize+100)
	rand.Read(plain)
	file := mustEncrypt(t, keys, plain)
	headerEnd := bytes.IndexByte(file[len(magic):], '\n') + len(magic) + 1
	chunk := 4 + chunkSize + 16
	flip := func(i int) []byte { b := bytes.Clone(file); b[i] ^= 0x20; return b }
	// The second and third chunks swapped.
	swapped := bytes.Clone(file)
	copy(swapped[headerEnd+chunk:], file[headerEnd+2*chunk:headerEnd+3*chunk])
	copy(swapped[headerEnd+2*chunk:], file[headerEnd+chunk:headerEnd+2*chunk])
	tests := []struct {
		name string
		file []byte
		keys *vault.Keyring
		want error
	}{
		{"another key", file, vault.NewKeyring(), ErrWrongKey},
		{"flipped in a chunk", flip(headerEnd + chunk + 100), keys, ErrDamaged},
		{"flipped in the header", flip(headerEnd - 5), keys, ErrDamaged},
		{"flipped in a length", flip(headerEnd + 1), keys, ErrDamaged},
		{"chunks swapped", swapped, keys, ErrDamaged},
		{"cut at a chunk boundary", file[:headerEnd+2*chunk], keys, ErrTruncated},
		{"cut inside a chunk", file[:len(file)-3], keys, ErrTruncated},
		{"last chunk dropped", append(bytes.Clone(file[:headerEnd+3*chunk]), []byte{}...), keys, ErrTruncated},
		{"bytes appended", append(bytes.Clone(file), 0), keys, ErrDamaged},
		{"not a backup", []byte("PK\x03\x04 a zip file"), keys, ErrNotBackup},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := decrypt(tc.keys, tc.file); !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
		})
	}
}

func TestRowEncoding(t *testing.T) {
	row := []any{nil, "", "text \"quoted\" <b>", int64(-42), int64(1) << 60, 1.5, 3.0, []byte{0, 1, 2}, true}
	var b bytes.Buffer
	if err := encodeRow(&b, row); err != nil {
		t.Fatal(err)
	}
	got, err := decodeRow(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for i := range row {
		if gb, ok := got[i].([]byte); ok {
			if !bytes.Equal(gb, row[i].([]byte)) {
				t.Errorf("value %d: %v, want %v", i, got[i], row[i])
			}
		} else if got[i] != row[i] {
			t.Errorf("value %d: %#v, want %#v", i, got[i], row[i])
		}
	}
}
