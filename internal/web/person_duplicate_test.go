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

// TestPersonDuplicateForm: a second person with the same ID number comes
// back with the first one's reference and a box to confirm someone else;
// confirmed, they are recorded.
func TestPersonDuplicateForm(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		app := newTestApp(t, s)
		dm := app.sessionClient(t, haki.RoleDataManager)
		form := url.Values{"full_name": {"Akinyi Odera"}, "sex": {"female"}, "national_id": {"31415926"}}
		if res := dm.post("/persons", form); res.status != http.StatusSeeOther {
			t.Fatalf("first: %d %s", res.status, res.body)
		}
		form.Set("full_name", "Akinyi A. Odera")
		res := dm.post("/persons", form)
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "PER-") || !strings.Contains(res.body, `name="duplicate_ok"`) ||
			!strings.Contains(res.body, "Akinyi A. Odera") {
			t.Fatalf("second: %d %s", res.status, res.body)
		}
		form.Set("duplicate_ok", "1")
		if res := dm.post("/persons", form); res.status != http.StatusSeeOther {
			t.Fatalf("confirmed: %d %s", res.status, res.body)
		}
	})
}
