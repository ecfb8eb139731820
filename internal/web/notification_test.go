package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// mustNotice makes the administrator hand the caseworker a task, which
// tells the caseworker, and returns the caseworker's notice.
func mustNotice(tb testing.TB, app *testApp) *haki.Notification {
	tb.Helper()
	admin, cw := app.users[haki.RoleAdmin], app.users[haki.RoleCaseworker]
	t := &haki.Task{Title: "Check the P3 form", DueOn: haki.Today(app.store.Now()), AssigneeUserID: cw.ID}
	if err := app.store.CreateTask(storetest.As(admin), t); err != nil {
		tb.Fatal(err)
	}
	ns, err := app.store.FindNotifications(storetest.As(cw), 1, true)
	if err != nil || len(ns) == 0 {
		tb.Fatalf("no notice: %v", err)
	}
	return ns[0]
}

// noticeIDs gives the read route a notice of the caseworker's.
func noticeIDs(tb testing.TB, app *testApp) map[string]string {
	return map[string]string{"{id}": mustNotice(tb, app).ID}
}

// TestNotificationPages: the header counts unread notices, the list shows
// them in words, opening one marks it read and goes to its page, another's
// is not found, and the account page sets email and SMS.
func TestNotificationPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		n := mustNotice(t, app)
		cw := app.sessionClient(t, haki.RoleCaseworker)
		res := cw.get("/notifications")
		if res.status != http.StatusOK || !strings.Contains(res.body, "/notifications/"+n.ID+"/read") {
			t.Fatalf("list: %d %s", res.status, res.body)
		}
		if strings.Contains(res.body, "notice.kind.") {
			t.Errorf("untranslated kind in %s", res.body)
		}
		if other := app.sessionClient(t, haki.RoleDataManager).post("/notifications/"+n.ID+"/read", nil); other.status != http.StatusNotFound {
			t.Errorf("another's notice: %d", other.status)
		}
		res = cw.post("/notifications/"+n.ID+"/read", nil)
		if res.status != http.StatusSeeOther || res.location != "/tasks/"+n.RefID {
			t.Errorf("open: %d to %q", res.status, res.location)
		}
		if c, _ := app.store.CountUnreadNotifications(storetest.As(app.users[haki.RoleCaseworker])); c != 0 {
			t.Errorf("%d unread after opening", c)
		}
		for _, tc := range []struct {
			name   string
			form   url.Values
			status int
		}{
			{"sms without phone", url.Values{"notify_sms": {"1"}}, http.StatusUnprocessableEntity},
			{"bad phone", url.Values{"phone": {"call me"}}, http.StatusUnprocessableEntity},
			{"sms with phone", url.Values{"notify_sms": {"1"}, "phone": {"0712345678"}}, http.StatusSeeOther},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if res := cw.post("/account/notifications", tc.form); res.status != tc.status {
					t.Errorf("status %d, want %d: %s", res.status, tc.status, res.body)
				}
			})
		}
		if ns, _ := app.store.FindNoticeSettings(storetest.As(app.users[haki.RoleCaseworker])); !ns.SMS || ns.Phone != "0712345678" {
			t.Errorf("settings %+v", ns)
		}
	})
}
