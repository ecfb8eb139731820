package evalreport

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/i18n"
)

// TestLabelsExist: every label the report asks for by a literal key
// (r.t("...")) is in both catalogues, since a missing one would be printed
// as its key in a court's copy.
func TestLabelsExist(t *testing.T) {
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("*.go")
	use := regexp.MustCompile(`r\.t\("([a-z_0-9.]+)"`)
	n := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range use.FindAllStringSubmatch(string(src), -1) {
			if strings.HasSuffix(m[1], ".") { // a prefix completed by a code
				continue
			}
			n++
			key := "evalreport." + m[1]
			for _, lang := range []string{"en", "sw"} {
				if cat.T(lang, key) == key {
					t.Errorf("%s: no %s label for %s", name, lang, key)
				}
			}
		}
	}
	if n < 20 {
		t.Fatalf("found only %d labels; is the scan broken?", n)
	}
}
