package evalreport_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestRenderPages draws the pages of the report in both languages as
// pictures with pdftoppm: every page must render. With
// EVALREPORT_PAGES=DIR the pictures are kept in DIR to be looked at.
func TestRenderPages(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm not installed: the pages are not drawn")
	}
	dir := os.Getenv("EVALREPORT_PAGES")
	if dir == "" {
		dir = t.TempDir()
	}
	for _, lang := range []string{"en", "sw"} {
		pdf := mustRender(t, sampleEvaluation(), lang, false)
		path := filepath.Join(dir, "evalreport-"+lang+".pdf")
		if err := os.WriteFile(path, pdf, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("pdftoppm", "-r", "60", "-png", path, filepath.Join(dir, "evalreport-"+lang)).CombinedOutput()
		if err != nil || len(out) > 0 {
			t.Fatalf("pdftoppm %s: %v %s", lang, err, out)
		}
		pages, _ := filepath.Glob(filepath.Join(dir, "evalreport-"+lang+"-*.png"))
		if len(pages) < 5 {
			t.Errorf("%s: %d pages drawn", lang, len(pages))
		}
	}
}
