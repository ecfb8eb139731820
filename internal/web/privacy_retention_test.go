package web

import (
	"net/url"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

func retentionTypeIDs(tb testing.TB, app *testApp) map[string]string {
	return map[string]string{"type": haki.RetainIntakeDraft}
}

// TestRetentionPage: an administrator sets a period and runs retention
// from the page; bad input answers 422 beside the field, never a 500.
func TestRetentionPage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		ad := app.sessionClient(t, haki.RoleAdmin)
		tests := []struct {
			name     string
			path     string
			form     url.Values
			status   int
			wantBody []string
		}{
			{"set", "/privacy/retention/intake_draft", url.Values{"years": {"3"}}, 303, nil},
			{"zero years", "/privacy/retention/closed_case", url.Values{"years": {"0"}}, 422, []string{"Give a number of years from 1 to 100.", `value="0"`}},
			{"no years", "/privacy/retention/closed_case", url.Values{}, 422, []string{"Give a number of years from 1 to 100."}},
			{"not a number", "/privacy/retention/closed_case", url.Values{"years": {"ten"}}, 422, []string{"Enter a whole number.", `value="ten"`}},
			{"unknown type", "/privacy/retention/persons", url.Values{"years": {"3"}}, 404, nil},
			{"run unconfirmed", "/privacy/retention/run", url.Values{}, 422, []string{"Tick the box to confirm: a retention run cannot be undone."}},
			{"run", "/privacy/retention/run", url.Values{"confirm": {"1"}}, 303, nil},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				res := ad.post(tc.path, tc.form)
				if res.status != tc.status {
					t.Fatalf("status %d, want %d: %s", res.status, tc.status, res.body)
				}
				for _, want := range tc.wantBody {
					if !strings.Contains(res.body, want) {
						t.Errorf("body lacks %q", want)
					}
				}
			})
		}
		res := ad.get("/privacy/retention")
		if res.status != 200 || !strings.Contains(res.body, `id="years-intake_draft" name="years" inputmode="numeric" size="3" value="3"`) {
			t.Errorf("the page after setting 3 years: %d", res.status)
		}
		entries, err := st.FindAuditEntries(storetest.As(app.users[haki.RoleAdmin]), haki.AuditFilter{Entity: "retention"})
		if err != nil || len(entries) != 2 {
			t.Errorf("audit entries of retention: %d %v", len(entries), err)
		}
		if res := app.sessionClient(t, haki.RoleDataManager).post("/privacy/retention/run", url.Values{"confirm": {"1"}}); res.status != 403 {
			t.Errorf("a data manager running retention: %d", res.status)
		}
	})
}
