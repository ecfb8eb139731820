package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// A caller chooses the zone they read times in; a zone not offered is 422.
func TestPutTimeZone(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		for _, tc := range []struct {
			name, method, path, body string
			status                   int
			want                     string
		}{
			{"the default", "GET", "/api/v1/me", "", http.StatusOK, `"time_zone":""`},
			{"unknown zone", "PUT", "/api/v1/me/time-zone", `{"time_zone":"Mars/Olympus"}`, http.StatusUnprocessableEntity, "time_zone"},
			{"UTC", "PUT", "/api/v1/me/time-zone", `{"time_zone":"UTC"}`, http.StatusOK, `"time_zone":"UTC"`},
			{"kept", "GET", "/api/v1/me", "", http.StatusOK, `"time_zone":"UTC"`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := w.do(t, tc.method, tc.path, "caseworker", tc.body)
				if res.status != tc.status || !strings.Contains(string(res.raw), tc.want) {
					t.Errorf("status %d, want %d with %q: %s", res.status, tc.status, tc.want, res.raw)
				}
			})
		}
	})
}
