package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestNotificationsAPI: a colleague lists and marks their own notices, not
// another's, and chooses how they are told.
func TestNotificationsAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		id := w.ids["notification"]
		for _, tc := range []struct {
			name, method, path, who, body string
			status                        int
			want                          string
		}{
			{"list mine", "GET", "/api/v1/notifications?unread=1", "caseworker", "", http.StatusOK, id},
			{"others see none", "GET", "/api/v1/notifications", "datamanager", "", http.StatusOK, `"items":[]`},
			{"not another's", "POST", "/api/v1/notifications/" + id + "/read", "datamanager", "{}", http.StatusNotFound, ""},
			{"read mine", "POST", "/api/v1/notifications/" + id + "/read", "caseworker", "{}", http.StatusOK, `"read_at"`},
			{"none unread", "GET", "/api/v1/notifications?unread=1", "caseworker", "", http.StatusOK, `"items":[]`},
			{"read all", "POST", "/api/v1/notifications/read", "caseworker", "{}", http.StatusOK, `"read":0`},
			{"sms needs a phone", "PUT", "/api/v1/me/notification-settings", "caseworker", `{"sms":true}`, http.StatusUnprocessableEntity, "phone"},
			{"sms", "PUT", "/api/v1/me/notification-settings", "caseworker", `{"sms":true,"phone":"0712345678"}`, http.StatusOK, `"sms":true`},
			{"settings", "GET", "/api/v1/me/notification-settings", "caseworker", "", http.StatusOK, `"phone":"0712345678"`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := w.do(t, tc.method, tc.path, tc.who, tc.body)
				if res.status != tc.status || !strings.Contains(string(res.raw), tc.want) {
					t.Errorf("status %d, want %d with %q: %s", res.status, tc.status, tc.want, res.raw)
				}
			})
		}
	})
}
