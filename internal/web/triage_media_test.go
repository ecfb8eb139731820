package web

import (
	"bytes"
	"context"
	"image/jpeg"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/media/mediatest"
	"github.com/haki-kenya/haki/internal/storetest"
)

// mustReportMedia is a report with a photo (GPS in its Exif) and a
// recording Haki cannot strip.
func mustReportMedia(tb testing.TB, app *testApp) (*haki.PublicReport, []*haki.ReportMedia) {
	tb.Helper()
	r := &haki.PublicReport{Channel: "web", Kind: "alert", What: "shot", CountyCode: "KE-047"}
	key := "web-media-" + strconv.FormatInt(reportKeys.Add(1), 10)
	if _, err := app.store.SubmitPublicReport(context.Background(), r, key); err != nil {
		tb.Fatal(err)
	}
	var out []*haki.ReportMedia
	for i, f := range [][]byte{mediatest.JPEGWithGPS(tb), append([]byte("OggS\x00\x02"), make([]byte, 64)...)} {
		m, _, err := app.server.evidence.AddPublicReportMedia(context.Background(), key, i, f)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, m)
	}
	return r, out
}

// reportMediaIDs gives the copy route a fresh report and its photo's copy.
func reportMediaIDs(tb testing.TB, app *testApp) map[string]string {
	r, m := mustReportMedia(tb, app)
	return map[string]string{"id": r.ID, "file": m[0].Stripped.ID}
}

func TestTriageMedia(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	r, m := mustReportMedia(t, app)
	photo := m[0]
	show := "/triage/" + r.ID
	copyPath := show + "/media/" + photo.Stripped.ID
	runScenarios(t, app, []scenario{
		{name: "the files are listed, the photo shown from its copy", role: haki.RoleMonitor, method: http.MethodGet, path: show,
			wantStatus: http.StatusOK, wantBody: []string{"Photos, recordings and videos", photo.Original.SHA256, `src="` + copyPath + `"`,
				"image/jpeg", "audio/ogg", "No copy without location metadata could be made", `href="/evidence/` + photo.Original.ID + `"`}},
		{name: "a caseworker cannot see the copy", role: haki.RoleCaseworker, method: http.MethodGet, path: copyPath, wantStatus: http.StatusForbidden},
		{name: "an original is not served as a copy", role: haki.RoleMonitor, method: http.MethodGet, path: show + "/media/" + photo.Original.ID,
			wantStatus: http.StatusNotFound},
		{name: "a copy under another report is not found", role: haki.RoleMonitor, method: http.MethodGet,
			path: "/triage/" + mustReport(t, app.store).ID + "/media/" + photo.Stripped.ID, wantStatus: http.StatusNotFound},
		{name: "the original's page leads back to the report", role: haki.RoleMonitor, method: http.MethodGet, path: "/evidence/" + photo.Original.ID,
			wantStatus: http.StatusOK, wantBody: []string{`href="` + show + `"`}},
	})
	// The copy served has no location and is a picture.
	c := clientAs(t, app, app.users[haki.RoleMonitor])
	res := c.get(copyPath)
	b := []byte(res.body)
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "image/jpeg" || !strings.Contains(res.header.Get("Content-Security-Policy"), "sandbox") {
		t.Fatalf("copy: %d %v", res.status, res.header)
	}
	if bytes.Contains(b, []byte(mediatest.Marker)) || bytes.Contains(b, []byte("Exif")) {
		t.Error("the copy served holds location metadata")
	}
	if _, err := jpeg.Decode(bytes.NewReader(b)); err != nil {
		t.Errorf("the copy does not decode: %v", err)
	}
	_, custody, err := app.server.evidence.FindEvidenceByID(storetest.As(app.users[haki.RoleMonitor]), photo.Stripped.ID)
	if err != nil || len(custody) < 2 || custody[1].Action != haki.CustodyView || custody[1].UserID != app.users[haki.RoleMonitor].ID {
		t.Errorf("custody of the copy: %+v %v", custody, err)
	}
}
