package web

import (
	"archive/zip"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/archive"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestArchivePage: a data manager downloads everything as an encrypted
// archive with the passphrase the page made, after giving their password;
// a wrong password or a short passphrase gets the form back with the
// problem beside its field and no file.
func TestArchivePage(t *testing.T) {
	st := storetest.Open(t)
	app := newTestApp(t, st)
	mustExecutions(t, app, "KE-047", 2)
	c := app.sessionClient(t, haki.RoleDataManager)
	page := c.get("/exports/archive")
	m := regexp.MustCompile(`name="passphrase" value="([0-9A-Z-]{29})"`).FindStringSubmatch(page.body)
	if page.status != http.StatusOK || m == nil {
		t.Fatalf("page %d without a passphrase", page.status)
	}
	pass := m[1]
	if res := c.post("/exports/archive", url.Values{"passphrase": {pass}, "current_password": {"not my password"}}); res.status != http.StatusUnprocessableEntity ||
		!strings.Contains(res.body, "field-error") || strings.Contains(res.header.Get("Content-Type"), "zip") {
		t.Errorf("wrong password: %d %q", res.status, res.header.Get("Content-Type"))
	}
	if res := c.post("/exports/archive", url.Values{"passphrase": {"short"}, "current_password": {storetest.Password}}); res.status != http.StatusUnprocessableEntity {
		t.Errorf("short passphrase: %d", res.status)
	}
	res := c.post("/exports/archive", url.Values{"passphrase": {pass}, "current_password": {storetest.Password}})
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/zip" ||
		!strings.HasPrefix(res.header.Get("Content-Disposition"), `attachment; filename="haki-archive-`) {
		t.Fatalf("download: %d %q %q", res.status, res.header.Get("Content-Type"), res.header.Get("Content-Disposition"))
	}
	z, err := zip.NewReader(strings.NewReader(res.body), int64(len(res.body)))
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]string{}
	for _, f := range z.File {
		b, err := archive.ReadEntry(f, pass)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		found[f.Name] = string(b)
	}
	if strings.Count(found["incidents.jsonl"], "\n") != 2 || !strings.Contains(found["manifest.json"], `"made_by"`) {
		t.Errorf("archive: %v", found)
	}
	if strings.Contains(res.body, "Shot at a roadblock") {
		t.Error("the archive holds plain text")
	}
}
