package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/media/mediatest"
	"github.com/haki-kenya/haki/internal/publicreport"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// sendMedia seals file index of the report sent under idem as the page
// does, and posts it; body may be changed first.
func (p *phone) sendMedia(idem string, index int, file []byte, change ...func([]byte) []byte) (int, map[string]any) {
	p.tb.Helper()
	pub, err := publicreport.ParseJWK(p.key)
	if err != nil {
		p.tb.Fatal(err)
	}
	body, err := publicreport.SealMedia(p.key.Kid, pub, idem, index, file)
	if err != nil {
		p.tb.Fatal(err)
	}
	for _, c := range change {
		body = c(body)
	}
	req, _ := http.NewRequest(http.MethodPost, p.a.srv.URL+"/report/media?lang="+p.lang, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/octet-stream")
	res, text := p.a.do(p.tb, req)
	var out map[string]any
	if err := json.Unmarshal([]byte(text), &out); err != nil {
		p.tb.Fatalf("answer %d is not JSON: %q", res.StatusCode, text)
	}
	return res.StatusCode, out
}

// TestReportMedia takes a sealed photo from the door to the store, once,
// and refuses what is not one.
func TestReportMedia(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		a := newReportApp(t, st, ReportLimits{})
		p := newPhone(t, a)
		const idem = "report-key-media00000001"
		photo := mediatest.JPEGWithGPS(t)
		// Before its report: refused unread.
		if status, out := p.sendMedia(idem, 0, photo); status != http.StatusNotFound {
			t.Fatalf("before the report: %d %v", status, out)
		}
		if status, out := p.send(idem, fullReport); status != http.StatusCreated {
			t.Fatalf("report: %d %v", status, out)
		}
		sum := sha256.Sum256(photo)
		status, out := p.sendMedia(idem, 0, photo)
		if status != http.StatusCreated || out["created"] != true || out["type"] != "image/jpeg" || out["sha256"] != hex.EncodeToString(sum[:]) {
			t.Fatalf("media: %d %v", status, out)
		}
		status, out = p.sendMedia(idem, 0, photo)
		if status != http.StatusOK || out["created"] != false {
			t.Fatalf("again: %d %v", status, out)
		}
		var n int
		if err := st.DB().QueryRow(`SELECT COUNT(*) FROM evidence WHERE derived_from IS NULL`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("%d originals, %v", n, err)
		}
		// Refused: not media, moved to another place, a bad header, too many files, not octet-stream.
		p.lang = "sw"
		if status, out := p.sendMedia(idem, 1, []byte("<html><script>x</script>")); status != http.StatusUnprocessableEntity ||
			!strings.Contains(out["message"].(string), "Tuma picha") {
			t.Errorf("html: %d %v", status, out)
		}
		p.lang = "en"
		moved := func(b []byte) []byte { return bytes.Replace(b, []byte(`"index":2`), []byte(`"index":3`), 1) }
		if status, out := p.sendMedia(idem, 2, photo, moved); status != http.StatusUnprocessableEntity {
			t.Errorf("moved: %d %v", status, out)
		}
		noLine := func(b []byte) []byte { return bytes.Replace(b, []byte("\n"), []byte(" "), 1) }
		if status, out := p.sendMedia(idem, 2, photo, noLine); status != http.StatusUnprocessableEntity {
			t.Errorf("no header line: %d %v", status, out)
		}
		bigIndex := func(b []byte) []byte { return bytes.Replace(b, []byte(`"index":2`), []byte(`"index":5`), 1) }
		if status, out := p.sendMedia(idem, 2, photo, bigIndex); status != http.StatusUnprocessableEntity {
			t.Errorf("sixth: %d %v", status, out)
		}
		req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/report/media", strings.NewReader("{}\n"))
		req.Header.Set("Content-Type", "multipart/form-data")
		if res, _ := a.do(t, req); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("form: %d", res.StatusCode)
		}
		req, _ = http.NewRequest(http.MethodPost, a.srv.URL+"/report/media", strings.NewReader("{}\n"))
		req.Header.Set("Content-Type", "application/octet-stream")
		req.ContentLength = publicreport.MaxMediaBody + 1
		req.Body = http.NoBody
		res, err := http.DefaultTransport.RoundTrip(req)
		if err == nil {
			res.Body.Close()
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("declared too long: %d", res.StatusCode)
			}
		}
		if strings.Contains(a.logs.String(), "127.0.0.1") {
			t.Error("the log holds the caller's address")
		}
	})
}
