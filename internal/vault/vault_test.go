package vault_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/vault"
)

func TestSealOpen(t *testing.T) {
	dek := vault.NewDataKey()
	s := vault.Seal(dek, "Wanjiru Kamau", "person:1:full_name")
	if strings.Contains(s, "Wanjiru") {
		t.Fatal("sealed value shows the plaintext")
	}
	if got, err := vault.Open(dek, s, "person:1:full_name"); err != nil || got != "Wanjiru Kamau" {
		t.Fatalf("open: %q %v", got, err)
	}
	if _, err := vault.Open(dek, s, "person:2:full_name"); err == nil {
		t.Error("a value moved to another record opened")
	}
	if _, err := vault.Open(vault.NewDataKey(), s, "person:1:full_name"); err == nil {
		t.Error("another key opened the value")
	}
	if _, err := vault.Open(dek, s[:len(s)-2]+"AA", "person:1:full_name"); err == nil {
		t.Error("a damaged value opened")
	}
	if vault.Seal(dek, "", "x") != "" {
		t.Error("the empty string was sealed")
	}
}

func TestKeyFileAndRotation(t *testing.T) {
	path := filepath.Join(t.TempDir(), "haki.key")
	k, created, err := vault.OpenOrCreate(path)
	if err != nil || !created {
		t.Fatal(err, created)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v", fi.Mode().Perm())
	}
	dek := vault.NewDataKey()
	wrapped, oldID := k.Wrap(dek)
	newID, err := k.AddKey()
	if err != nil || newID == oldID || k.Current() != newID {
		t.Fatal(err)
	}
	// Another process (the running server) still holding only the old
	// key learns the new one from the file when it meets it.
	other, err := vault.LoadKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rewrapped, id := k.Wrap(dek)
	if id != newID {
		t.Fatal(id)
	}
	if got, err := other.Unwrap(id, rewrapped); err != nil || string(got) != string(dek) {
		t.Fatalf("unwrap with new key: %v", err)
	}
	if err := k.DropKey(oldID); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Unwrap(oldID, wrapped); !errors.Is(err, vault.ErrWrongKey) {
		t.Errorf("dropped key still unwraps: %v", err)
	}
	if err := k.DropKey(newID); err == nil {
		t.Error("dropped the current key")
	}
	if _, err := vault.LoadKeyFile(filepath.Join(t.TempDir(), "none")); err == nil {
		t.Error("loaded a missing file")
	}
	os.WriteFile(path, []byte("haki-master-key-v1 x c2hvcnQ=\n"), 0o600)
	if _, err := vault.LoadKeyFile(path); err == nil {
		t.Error("loaded a short key")
	}
}

func TestPhonetic(t *testing.T) {
	same := [][]string{
		{"Mohamed", "Mohammed", "Muhammad", "Mohammad"},
		{"Wanjiru", "Wanjiro"},
		{"Hassan", "Hasan"},
		{"Wafula", "Wafulah"},
		{"Achieng", "Achieng'"},
		{"Nyaboke", "Nyaboké"},
		{"Kiprotich", "Kiprotitch"},
	}
	for _, group := range same {
		want := vault.Phonetic(vault.Words(group[0])[0])
		for _, n := range group[1:] {
			if got := vault.Phonetic(vault.Words(n)[0]); got != want {
				t.Errorf("Phonetic(%s) = %q, Phonetic(%s) = %q; want equal", group[0], want, n, got)
			}
		}
	}
	differ := [][2]string{{"Otieno", "Ochieng"}, {"Kamau", "Kimani"}, {"Omondi", "Odhiambo"}, {"Wanjiku", "Wanjiru"}}
	for _, d := range differ {
		if vault.Phonetic(d[0]) == vault.Phonetic(d[1]) {
			t.Errorf("%s and %s share key %q", d[0], d[1], vault.Phonetic(d[0]))
		}
	}
}

func TestTokens(t *testing.T) {
	x := vault.NewIndexer(vault.NewDataKey())
	person := x.NameTokens("Wanjiru Njeri Kamau", "Shiro")
	for _, alts := range x.Query("kamau wanjiro", 8) {
		found := false
		for _, q := range alts {
			for _, p := range person {
				found = found || p == q
			}
		}
		if !found {
			t.Errorf("no token of %v among the person's", alts)
		}
	}
	if q := x.Query("the market", 8); len(q) != 2 || len(q[0]) != 1 || len(q[1]) != 2 {
		t.Errorf("Query(the market) = %v: a stop word matches names only", q)
	}
	for _, tok := range person {
		if strings.Contains(strings.ToLower(tok), "kamau") {
			t.Error("a token shows the name")
		}
	}
	if x.IDToken("phone", "0712 345 678") != x.IDToken("phone", "+254712345678") {
		t.Error("local and international phone forms differ")
	}
	if other := vault.NewIndexer(vault.NewDataKey()); other.IDToken("national_id", "12345678") == x.IDToken("national_id", "12345678") {
		t.Error("tokens do not depend on the key")
	}
	if n := len(x.TextTokens(3, "the officers beat him at the station and took his phone")); n != 3 {
		t.Errorf("text tokens not capped: %d", n)
	}
}

func FuzzWordsPhonetic(f *testing.F) {
	for _, s := range []string{"Wanjiru Kamau", "Murang'a", "Nyaboké", "", "ß∂ƒ", "\xff\xfe", "O'Brien-Smith"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, w := range vault.Words(s) {
			if w == "" {
				t.Fatal("empty word")
			}
			p := vault.Phonetic(w)
			if len(p) > len(w)*2+4 {
				t.Fatalf("phonetic key %q longer than the word %q allows", p, w)
			}
		}
	})
}

func TestFromPassphrase(t *testing.T) {
	salt := filepath.Join(t.TempDir(), "haki.salt")
	k1, err := vault.FromPassphrase("correct horse battery staple", salt)
	if err != nil {
		t.Fatal(err)
	}
	wrapped, id := k1.Wrap(vault.NewDataKey())
	k2, err := vault.FromPassphrase("correct horse battery staple", salt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k2.Unwrap(id, wrapped); err != nil {
		t.Errorf("the same passphrase does not open: %v", err)
	}
	k3, _ := vault.FromPassphrase("wrong horse battery staple!", salt)
	if _, err := k3.Unwrap(id, wrapped); !errors.Is(err, vault.ErrWrongKey) {
		t.Errorf("a wrong passphrase opened: %v", err)
	}
	if _, err := vault.FromPassphrase("short", salt); err == nil {
		t.Error("a short passphrase was accepted")
	}
}

func TestSignVerify(t *testing.T) {
	k := vault.NewKeyring()
	id, mac := k.Sign("audit checkpoint", []byte("last=5"))
	if err := k.Verify(id, "audit checkpoint", []byte("last=5"), mac); err != nil {
		t.Fatalf("own signature: %v", err)
	}
	for name, check := range map[string]error{
		"changed message": k.Verify(id, "audit checkpoint", []byte("last=4"), mac),
		"other purpose":   k.Verify(id, "other", []byte("last=5"), mac),
		"other key":       vault.NewKeyring().Verify(id, "audit checkpoint", []byte("last=5"), mac),
		"garbled mac":     k.Verify(id, "audit checkpoint", []byte("last=5"), "zz"),
	} {
		if check == nil {
			t.Errorf("%s verified", name)
		}
	}
}
