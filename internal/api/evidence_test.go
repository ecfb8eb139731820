package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

const apiCanary = "CANARY-Mutua-Kioko-ID-24681357"

// upload sends a multipart evidence upload with who's token.
func (w *world) upload(t *testing.T, who string, fields map[string]string, content []byte) *httptest.ResponseRecorder {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, k := range []string{"owner_kind", "owner_id", "kind", "description"} {
		mw.WriteField(k, w.expand(fields[k]))
	}
	fw, _ := mw.CreateFormFile("file", "statement.txt")
	fw.Write(content)
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, "/api/v1/evidence", &body)
	req.Header.Set("Authorization", "Bearer "+w.tokens[who])
	req.Header.Set("Content-Type", mw.FormDataContentType())
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	return rec
}

func TestEvidenceAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		fields := map[string]string{"owner_kind": "case", "owner_id": "{case}", "kind": "medical_report", "description": "P3 of " + apiCanary}
		content := []byte(strings.Repeat("Medical findings for "+apiCanary+"\n", 2000))
		rec := w.upload(t, "caseworker", fields, content)
		if rec.Code != http.StatusCreated {
			t.Fatalf("upload: %d %s", rec.Code, rec.Body)
		}
		var ev haki.Evidence
		if err := json.Unmarshal(rec.Body.Bytes(), &ev); err != nil || ev.ContentType != "text/plain; charset=utf-8" {
			t.Fatalf("upload answer: %+v %v", ev, err)
		}
		stored, err := os.ReadFile(filepath.Join(w.evidenceDir, ev.ID[:2], ev.ID))
		if err != nil || bytes.Contains(stored, []byte(apiCanary)) {
			t.Fatalf("stored file: err %v, or it holds the plaintext", err)
		}
		w.ids["new_evidence"] = ev.ID

		for _, tc := range []struct {
			name, method, path, who, body string
			want                          int
		}{
			{"record", "GET", "/api/v1/evidence/{new_evidence}", "caseworker", "", 200},
			{"other team", "GET", "/api/v1/evidence/{new_evidence}", "caseworker_b", "", 404},
			{"researcher", "GET", "/api/v1/evidence/{new_evidence}", "researcher", "", 404},
			{"no reason", "POST", "/api/v1/evidence/{new_evidence}/download", "caseworker", `{}`, 422},
			{"other team download", "POST", "/api/v1/evidence/{new_evidence}/download", "caseworker_b", `{"reason": "x"}`, 404},
			{"download", "POST", "/api/v1/evidence/{new_evidence}/download", "caseworker", `{"reason": "court"}`, 200},
			{"not multipart", "POST", "/api/v1/evidence", "caseworker", `{}`, 415},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := w.do(t, tc.method, tc.path, tc.who, tc.body)
				if res.status != tc.want {
					t.Fatalf("status %d, want %d: %s", res.status, tc.want, res.raw)
				}
				if tc.name == "download" && !bytes.Equal(res.raw, content) {
					t.Errorf("download differs from upload")
				}
			})
		}
		res := w.do(t, "GET", "/api/v1/evidence/{new_evidence}", "caseworker", "")
		var got struct {
			Custody []haki.CustodyEntry `json:"custody"`
		}
		json.Unmarshal(res.raw, &got)
		var actions []string
		for _, c := range got.Custody {
			actions = append(actions, c.Action)
		}
		if want := "upload,view,download,view"; strings.Join(actions, ",") != want {
			t.Errorf("custody %v, want %s", actions, want)
		}

		// Refused: another team's case, HTML, an executable.
		if rec := w.upload(t, "caseworker_b", fields, content); rec.Code != http.StatusNotFound {
			t.Errorf("other team's case: %d", rec.Code)
		}
		for _, bad := range []string{"<!DOCTYPE html><html><script>x</script>", "\x7fELF\x02\x01\x01\x00\x00\x00"} {
			if rec := w.upload(t, "caseworker", fields, []byte(bad)); rec.Code != http.StatusUnprocessableEntity {
				t.Errorf("%q: %d", bad[:5], rec.Code)
			}
		}

		// Over the limit: refused from Content-Length, the body unread.
		req := httptest.NewRequest(http.MethodPost, "/api/v1/evidence", failingReader{t})
		req.ContentLength = 300 << 20
		req.Header.Set("Authorization", "Bearer "+w.tokens["caseworker"])
		req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
		rec = httptest.NewRecorder()
		w.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("oversize: %d %s", rec.Code, rec.Body)
		}
	})
}

// failingReader fails the test if the body is read.
type failingReader struct{ t *testing.T }

func (f failingReader) Read([]byte) (int, error) {
	f.t.Error("the body of an oversize upload was read")
	return 0, io.EOF
}
