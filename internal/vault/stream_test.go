package vault

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

func TestStreamRoundTrip(t *testing.T) {
	key := NewDataKey()
	for _, size := range []int{0, 1, StreamChunk - 1, StreamChunk, StreamChunk + 1, 3*StreamChunk + 17} {
		plain := bytes.Repeat([]byte("canary-"), size/7+1)[:size]
		var sealed bytes.Buffer
		w, err := NewStreamWriter(&sealed, key, "evidence/x")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, bytes.NewReader(plain)); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if size > 20 && bytes.Contains(sealed.Bytes(), plain[:20]) {
			t.Fatalf("size %d: plaintext visible in the stream", size)
		}
		r, err := NewStreamReader(bytes.NewReader(sealed.Bytes()), key, "evidence/x")
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("size %d: round trip failed: %v", size, err)
		}
		// Damage: a flipped byte, a cut-off end, another aad.
		b := sealed.Bytes()
		flipped := bytes.Clone(b)
		flipped[len(flipped)-1] ^= 1
		for name, c := range map[string]struct {
			data []byte
			aad  string
		}{"flipped": {flipped, "evidence/x"}, "truncated": {b[:len(b)-3], "evidence/x"}, "moved": {b, "evidence/y"}} {
			r, err := NewStreamReader(bytes.NewReader(c.data), key, c.aad)
			if err == nil {
				_, err = io.ReadAll(r)
			}
			if !errors.Is(err, ErrStream) {
				t.Errorf("size %d, %s: err = %v, want ErrStream", size, name, err)
			}
		}
	}
}
