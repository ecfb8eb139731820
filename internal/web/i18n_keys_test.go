package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/i18n"
)

// The ways a template or the web code names a catalogue key: a literal
// given to T, to page titles or to flashes, or a prefix a code completes.
var (
	tmplKeyRe    = regexp.MustCompile(`\.T\s+"([a-z][a-z0-9_.]*)"`)
	tmplPrefixRe = regexp.MustCompile(`\.T\s+\(printf?\s+"([a-z][a-z0-9_.]*)`)
	goKeyRe      = regexp.MustCompile(`(?:\.T\(|\.page\(w, r, |s\.redirect\(w, r, [^,]+, |Title: |Key: )"([a-z][a-z0-9_]*\.[a-z0-9_.]*[a-z0-9_])"`)
	goPrefixRe   = regexp.MustCompile(`\.T\("([a-z][a-z0-9_]*\.[a-z0-9_.]*\.)" ?\+`)
)

// TestTranslationKeysExist fails on a key the pages use that the
// catalogue lacks (a page would show the key itself); TestCataloguesComplete
// (internal/i18n) keeps English and Kiswahili the same set of keys.
func TestTranslationKeysExist(t *testing.T) {
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, k := range cat.Keys() {
		keys[k] = true
	}
	hasPrefix := func(p string) bool {
		for k := range keys {
			if strings.HasPrefix(k, p) {
				return true
			}
		}
		return false
	}
	check := func(file string, keyRe, prefixRe *regexp.Regexp) int {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, m := range keyRe.FindAllStringSubmatch(string(b), -1) {
			n++
			if !keys[m[1]] {
				t.Errorf("%s: key %q is in neither catalogue", file, m[1])
			}
		}
		for _, m := range prefixRe.FindAllStringSubmatch(string(b), -1) {
			n++
			if !hasPrefix(m[1]) {
				t.Errorf("%s: no key starts with %q", file, m[1])
			}
		}
		return n
	}
	seen := 0
	templates, _ := filepath.Glob("templates/*.html")
	for _, f := range templates {
		seen += check(f, tmplKeyRe, tmplPrefixRe)
	}
	sources, _ := filepath.Glob("*.go")
	for _, f := range sources {
		if !strings.HasSuffix(f, "_test.go") {
			seen += check(f, goKeyRe, goPrefixRe)
		}
	}
	t.Logf("%d uses of keys checked", seen)
	if seen < 1000 {
		t.Fatalf("found only %d uses of keys; is the scan broken?", seen)
	}
}
