package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/storetest"
)

// auditTimes returns the time cells of the audit log's entries.
func auditTimes(tb testing.TB, body string) []string {
	tb.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, tr := range htmlAll(doc, "tr", "") {
		if strings.HasPrefix(htmlAttr(tr, "id"), "entry-") {
			out = append(out, htmlText(htmlAll(tr, "td", "")[0]))
		}
	}
	if len(out) == 0 {
		tb.Fatal("the audit log lists no entry")
	}
	return out
}

var labelledTime = regexp.MustCompile(`^(\d{4}-\d\d-\d\d \d\d:\d\d) ([A-Z]+)$`)

// The audit log writes its times in East Africa Time, labelled EAT, not in
// unlabelled UTC; a user who chooses another zone reads them in it.
func TestAuditLogShowsEastAfricaTime(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	mustIncident(t, app.store, app.users[haki.RoleAdmin], "Beaten at a roadblock")
	c := app.sessionClient(t, haki.RoleAdmin)
	res := c.get("/audit")
	if res.status != http.StatusOK {
		t.Fatalf("status %d", res.status)
	}
	eat := auditTimes(t, res.body)
	for _, cell := range eat {
		if m := labelledTime.FindStringSubmatch(cell); m == nil || m[2] != "EAT" {
			t.Fatalf("audit time %q, want date, time and EAT", cell)
		}
	}
	if res := c.post("/account/time-zone", url.Values{"time_zone": {"Pacific/Nowhere"}}); res.status != http.StatusUnprocessableEntity {
		t.Fatalf("an unknown zone: status %d, want 422", res.status)
	}
	if res := c.post("/account/time-zone", url.Values{"time_zone": {"UTC"}}); res.status != http.StatusSeeOther {
		t.Fatalf("choosing UTC: status %d", res.status)
	}
	utc := auditTimes(t, c.get("/audit").body)
	first := labelledTime.FindStringSubmatch(eat[len(eat)-1]) // the oldest entry is the same in both lists
	last := labelledTime.FindStringSubmatch(utc[len(utc)-1])
	if last == nil || last[2] != "UTC" {
		t.Fatalf("after choosing UTC the audit time is %q", utc[len(utc)-1])
	}
	a, _ := time.Parse("2006-01-02 15:04", first[1])
	b, _ := time.Parse("2006-01-02 15:04", last[1])
	if a.Sub(b) != 3*time.Hour {
		t.Errorf("EAT %s and UTC %s are not 3 hours apart", first[1], last[1])
	}
	if body := c.get("/account").body; !strings.Contains(body, `<option value="UTC" selected>`) {
		t.Error("the account page does not show the zone chosen")
	}
}
