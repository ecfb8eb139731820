package web

import (
	"bufio"
	"bytes"
	"fmt"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

const webCanary = "CANARY-Otieno-Juma-254700111222"

// mustEvidence attaches a small text file to an incident as the admin.
func mustEvidence(tb testing.TB, app *testApp, ownerKind, ownerID string) *haki.Evidence {
	tb.Helper()
	ev := &haki.Evidence{OwnerKind: ownerKind, OwnerID: ownerID, Kind: "medical_report", Filename: "report.txt", Description: "P3"}
	if err := app.server.evidence.CreateEvidence(storetest.As(app.users[haki.RoleAdmin]), ev, strings.NewReader("Findings: "+webCanary)); err != nil {
		tb.Fatalf("create evidence: %v", err)
	}
	return ev
}

// evidenceIDs gives the evidence routes a fresh file of a fresh incident.
func evidenceIDs(tb testing.TB, app *testApp) map[string]string {
	inc := mustIncident(tb, app.store, app.users[haki.RoleAdmin], "Beating at a station")
	return map[string]string{"id": mustEvidence(tb, app, haki.OwnerIncident, inc.ID).ID}
}

// clientAs is sessionClient for any user.
func clientAs(tb testing.TB, app *testApp, u *haki.User) *testClient {
	tb.Helper()
	jar, _ := cookiejar.New(nil)
	c := &testClient{tb: tb, app: app, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	sess, err := app.store.CreateSession(tb.Context(), u.ID)
	if err != nil {
		tb.Fatal(err)
	}
	su, _ := url.Parse(app.srv.URL)
	jar.SetCookies(su, []*http.Cookie{{Name: httpx.SessionCookie, Value: sess.Token, Path: "/"}})
	c.csrf = sess.CSRFToken
	return c
}

// upload posts a multipart form as a browser does: the CSRF token first,
// the file last.
func (c *testClient) upload(path, kind, filename string, content []byte) response {
	c.tb.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", c.csrf)
	mw.WriteField("kind", kind)
	mw.WriteField("description", "Statement about "+webCanary)
	fw, _ := mw.CreateFormFile("file", filename)
	fw.Write(content)
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, c.app.srv.URL+path, &body)
	if err != nil {
		c.tb.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

func TestEvidenceUploadDownload(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		cw := app.users[haki.RoleCaseworker]
		c := clientAs(t, app, cw)
		kase := mustCase(t, app.store, app.users[haki.RoleAdmin], cw.TeamID, false)
		content := []byte(strings.Repeat("Witness statement of "+webCanary+".\n", 3000))

		res := c.upload("/cases/"+kase.ID+"/evidence", "court_document", "statement "+webCanary+".txt", content)
		if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/evidence/") {
			t.Fatalf("upload: status %d location %q", res.status, res.location)
		}
		id := strings.TrimPrefix(res.location, "/evidence/")
		stored, err := os.ReadFile(filepath.Join(app.server.evidence.Dir(), id[:2], id))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(stored, []byte(webCanary)) {
			t.Error("the stored file holds the plaintext")
		}
		if page := c.get("/cases/" + kase.ID); page.status != http.StatusOK || !strings.Contains(page.body, `href="/evidence/`+id+`"`) {
			t.Errorf("case page: status %d, no link to the evidence", page.status)
		}
		if page := c.get(res.location); page.status != http.StatusOK {
			t.Fatalf("evidence page: %d", page.status)
		}

		// Download: a reason is required; the bytes are the uploaded ones.
		if got := c.post("/evidence/"+id+"/download", url.Values{}); got.status != http.StatusUnprocessableEntity {
			t.Errorf("download without reason: %d", got.status)
		}
		got := c.post("/evidence/"+id+"/download", url.Values{"reason": {"hearing on Monday"}})
		if got.status != http.StatusOK || got.body != string(content) {
			t.Fatalf("download: status %d, %d bytes", got.status, len(got.body))
		}
		if cd := got.header.Get("Content-Disposition"); cd != `attachment; filename="evidence-`+id+`.txt"` {
			t.Errorf("Content-Disposition %q", cd)
		}
		if got.header.Get("X-Content-Type-Options") != "nosniff" || got.header.Get("Cache-Control") != "no-store" {
			t.Errorf("headers %v", got.header)
		}

		// The chain of custody has the upload, the views and the download.
		_, log, err := app.server.evidence.FindEvidenceByID(storetest.As(cw), id)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, l := range log {
			actions = append(actions, l.Action)
		}
		if want := "upload,view,download,view"; strings.Join(actions, ",") != want {
			t.Errorf("custody %v, want %s", actions, want)
		}

		// Another team's caseworker: not found, as for the case.
		other := storetest.MustTeam(t, st, "Mombasa")
		outsider := clientAs(t, app, storetest.MustUser(t, st, "outsider", haki.RoleCaseworker, other.ID))
		for _, r := range []response{outsider.get("/evidence/" + id), outsider.post("/evidence/"+id+"/download", url.Values{"reason": {"x"}}),
			outsider.upload("/cases/"+kase.ID+"/evidence", "photo", "a.txt", []byte("hello"))} {
			if r.status != http.StatusNotFound {
				t.Errorf("outsider: status %d, want 404", r.status)
			}
		}
		researcher := clientAs(t, app, app.users[haki.RoleResearcher])
		if r := researcher.get("/evidence/" + id); r.status != http.StatusNotFound {
			t.Errorf("researcher: status %d", r.status)
		}

		// HTML and executables are refused by their content, whatever their name.
		for name, body := range map[string]string{"notes.txt": "<html><body><script>alert(1)</script>", "photo.jpg": "MZ\x90\x00\x03\x00\x00\x00\x04\x00"} {
			if r := c.upload("/cases/"+kase.ID+"/evidence", "photo", name, []byte(body)); r.status != http.StatusUnprocessableEntity {
				t.Errorf("%s: status %d, want 422", name, r.status)
			}
		}

		// Tampering with the stored file: the download is refused.
		stored[len(stored)-10] ^= 1
		if err := os.WriteFile(filepath.Join(app.server.evidence.Dir(), id[:2], id), stored, 0o600); err != nil {
			t.Fatal(err)
		}
		if r := c.post("/evidence/"+id+"/download", url.Values{"reason": {"again"}}); r.status != http.StatusInternalServerError || strings.Contains(r.body, webCanary) {
			t.Errorf("tampered download: status %d", r.status)
		}
	})
}

// TestEvidenceUploadTooLarge sends only the headers of an upload that says
// it is larger than the limit: the answer must come without the body.
func TestEvidenceUploadTooLarge(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	inc := mustIncident(t, app.store, app.users[haki.RoleAdmin], "Shooting")
	c := app.sessionClient(t, haki.RoleCaseworker)
	u, _ := url.Parse(app.srv.URL)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	cookies := c.http.Jar.Cookies(u)
	fmt.Fprintf(conn, "POST /incidents/%s/evidence HTTP/1.1\r\nHost: %s\r\nCookie: %s=%s\r\n"+
		"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: %d\r\n\r\n",
		inc.ID, u.Host, cookies[0].Name, cookies[0].Value, 300<<20)
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d, want 413", res.StatusCode)
	}
}
