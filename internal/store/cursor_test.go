package store

import (
	"testing"

	"github.com/haki-kenya/haki"
)

// FuzzDecodeCursor feeds arbitrary page cursors (they come from clients):
// a cursor is either decoded or refused as invalid, never a panic, and
// what encodeCursor makes decodes back.
func FuzzDecodeCursor(f *testing.F) {
	f.Add(encodeCursor("2024-06-25", "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"))
	f.Add("")
	f.Add("not base64 !!")
	f.Add(encodeCursor("", ""))
	f.Add(encodeCursor("a|b", "c"))
	f.Fuzz(func(t *testing.T, c string) {
		key, id, err := decodeCursor(c)
		if err != nil {
			if haki.ErrorCode(err) != haki.EINVALID {
				t.Fatalf("error %v is not invalid input", err)
			}
			return
		}
		if id == "" {
			t.Fatal("accepted a cursor with no id")
		}
		k2, id2, err := decodeCursor(encodeCursor(key, id))
		if err != nil || k2 != key || id2 != id {
			t.Fatalf("round trip of %q|%q: %q|%q %v", key, id, k2, id2, err)
		}
	})
}
