package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestBusyPage checks a sign-in refused because the server is busy hashing
// passwords gets a 429 page that says to wait, in the page's language,
// with a Retry-After.
func TestBusyPage(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	for lang, want := range map[string]string{
		"en": "The server is busy checking other passwords.",
		"sw": "Seva ina shughuli nyingi",
	} {
		r := httptest.NewRequest("POST", "/signin", nil)
		r.AddCookie(&http.Cookie{Name: langCookie, Value: lang})
		rec := httptest.NewRecorder()
		app.server.fail(rec, r, store.ErrBusy)
		if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), want) {
			t.Errorf("%s: %d Retry-After %q, body lacks %q", lang, rec.Code, rec.Header().Get("Retry-After"), want)
		}
	}
}
