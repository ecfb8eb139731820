package httpx_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestRecordRevealsBeforeTheAnswer checks that a request's view entry is
// written before the first byte of its answer leaves, and that an answer
// whose entry cannot be written is an error, never the names.
func TestRecordRevealsBeforeTheAnswer(t *testing.T) {
	s := storetest.Open(t)
	cw := storetest.MustUser(t, s, "cw", haki.RoleCaseworker, "")
	p := &haki.Person{FullName: "Nyokabi Wambui", Sex: "female"}
	if err := s.CreatePerson(storetest.As(cw), p); err != nil {
		t.Fatal(err)
	}
	views := func() int {
		es, err := s.FindAuditEntries(haki.SystemContext(context.Background()), haki.AuditFilter{Action: "view", UserID: cw.ID})
		if err != nil {
			t.Fatal(err)
		}
		return len(es)
	}
	var atFirstByte int
	h := httpx.RecordReveals(s, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		httpx.Info(r.Context()).Route = "/people/{id}"
		per, err := s.FindPersonByID(r.Context(), p.ID)
		if err != nil {
			t.Error(err)
			return
		}
		w.Write([]byte(per.FullName))
		atFirstByte = views()
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/people/x", nil).WithContext(storetest.As(cw)))
	if rec.Code != http.StatusOK || atFirstByte != 1 {
		t.Fatalf("status %d, %d view entries when the answer began, want 1", rec.Code, atFirstByte)
	}
	es, _ := s.FindAuditEntries(haki.SystemContext(context.Background()), haki.AuditFilter{Action: "view", UserID: cw.ID})
	if !strings.Contains(es[0].After, `"purpose":"GET /people/{id}"`) || !strings.Contains(es[0].After, p.ID) {
		t.Fatalf("entry %s", es[0].After)
	}

	// The database goes away after the read: the name must not leave.
	h = httpx.RecordReveals(s, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		per, err := s.FindPersonByID(r.Context(), p.ID)
		if err != nil {
			t.Error(err)
			return
		}
		s.Close()
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(per.FullName))
	}))
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/people/x", nil).WithContext(storetest.As(cw)))
	if rec.Code != http.StatusInternalServerError || strings.Contains(rec.Body.String(), p.FullName) || rec.Header().Get("Content-Type") == "text/html" {
		t.Fatalf("status %d, body %q", rec.Code, rec.Body.String())
	}
}
