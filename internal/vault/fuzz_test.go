package vault

import (
	"strings"
	"testing"
)

// FuzzParseKeys feeds arbitrary key files to the parser: it must never
// panic, and what it accepts must hold only well-formed keys.
func FuzzParseKeys(f *testing.F) {
	f.Add([]byte("haki-master-key-v1 abc AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"))
	f.Add([]byte("# comment\n\nhaki-master-key-v1 a " + strings.Repeat("A", 44) + "\nhaki-master-key-v1 b " + strings.Repeat("B", 43) + "=\n"))
	f.Add([]byte("haki-master-key-v1 x c2hvcnQ=\n"))
	f.Add([]byte("haki-master-key-v2 x y z\n"))
	f.Add([]byte("\x00\xff"))
	f.Fuzz(func(t *testing.T, b []byte) {
		k, err := parseKeys(b)
		if err != nil {
			return
		}
		if k.current == "" || len(k.order) == 0 {
			t.Fatal("accepted a file with no current key")
		}
		for _, id := range k.order {
			if len(k.keys[id]) != KeySize {
				t.Fatalf("key %q has %d bytes", id, len(k.keys[id]))
			}
		}
		// What it wrote it must read back the same.
		again, err := parseKeys(k.marshal())
		if err != nil || again.current != k.current || len(again.order) != len(k.order) {
			t.Fatalf("round trip: %v", err)
		}
	})
}
