package web

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/storetest"
)

// offSite are "next" values a browser may read as another site, or that
// are not plainly a path of ours.
var offSite = []string{
	"", "evil.example", "https://evil.example/", "http:/evil.example", "javascript:alert(1)",
	"//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example", "/\\/evil.example",
	"/\t/evil.example", "\t//evil.example", "/\n/evil.example", "/\r/evil.example", "/ /evil.example",
	"/\x00/evil.example", "/\x0b/evil.example", "/\x7f/evil.example", " /incidents",
	"/%2fevil.example", "/%2Fevil.example", "/%5cevil.example", "/%09/evil.example",
	"/%252f%252fevil.example", "/%25252f%25252fevil.example", "/%zz", "/incidents\\..\\",
	"/\u00a0/evil.example", "/\u3000/evil.example", "/\uff0f/evil.example", "/\u2028/evil.example",
	"/incidents?q=%0a", "/%e2%80%a8/evil.example", "/a%20b",
}

func TestLocalPath(t *testing.T) {
	for _, next := range offSite {
		if got, ok := localPath(next); ok {
			t.Errorf("localPath(%q) = %q, accepted", next, got)
		}
	}
	for _, next := range []string{"/", "/incidents", "/cases/0b0c6b43-6a52-4f53-9a8e-5d2d8c2a7f10/timeline",
		"/incidents?county=KE-047&cursor=abc", "/reports/summary#top", "/tasks/team", "/a%2Db"} {
		if got, ok := localPath(next); !ok || got != next {
			t.Errorf("localPath(%q) = %q, %v; want it kept", next, got, ok)
		}
	}
}

// TestRedirectsStayOnSite sends each attack through the routes that go
// back to a "next" page: every one must land on a page of ours.
func TestRedirectsStayOnSite(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	anon := app.client(t, "")
	cw := app.sessionClient(t, haki.RoleCaseworker)
	for _, next := range offSite {
		res := anon.post("/lang", url.Values{"lang": {"sw"}, "next": {next}})
		if !haki.ValidText(next) { // a NUL is refused before any handler runs
			if res.status != http.StatusUnprocessableEntity || res.location != "" {
				t.Errorf("lang next=%q: %d %q, want 422", next, res.status, res.location)
			}
		} else if res.status != http.StatusSeeOther || res.location != "/" {
			t.Errorf("lang next=%q: %d %q", next, res.status, res.location)
		}
	}
	for _, next := range offSite[:8] {
		task := taskIDs(t, app)["id"]
		if res := cw.post("/tasks/"+task+"/done", url.Values{"next": {next}}); res.status != http.StatusSeeOther || res.location != "/tasks/"+task {
			t.Errorf("task done next=%q: %d %q", next, res.status, res.location)
		}
	}
	if res := anon.post("/lang", url.Values{"lang": {"en"}, "next": {"/incidents?county=KE-047"}}); res.location != "/incidents?county=KE-047" {
		t.Errorf("lang to a page of ours: %q", res.location)
	}
	task := taskIDs(t, app)["id"]
	if res := cw.post("/tasks/"+task+"/done", url.Values{"next": {"/cases"}}); res.location != "/cases" {
		t.Errorf("task done back to the page it was on: %q", res.location)
	}
}
