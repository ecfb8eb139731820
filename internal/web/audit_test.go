package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/i18n"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

func TestAuditPages(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	admin := app.users[haki.RoleAdmin]
	per := mustPerson(t, app.store, admin, "Kiprono Chebet")
	// One change with a before and an after.
	per.Occupation = "boda boda rider"
	if err := app.store.UpdatePerson(storetest.As(admin), per); err != nil {
		t.Fatal(err)
	}
	today := time.Now().UTC().Format("2006-01-02")
	runScenarios(t, app, []scenario{
		{name: "history of a person", role: haki.RoleAdmin, method: http.MethodGet,
			path: "/audit?entity=person&entity_id=" + per.ID, wantStatus: http.StatusOK,
			wantBody: []string{"update", "create", "occupation", "boda boda rider"}},
		{name: "by action and dates", role: haki.RoleAdmin, method: http.MethodGet,
			path:       "/audit?" + url.Values{"action": {"update"}, "from": {today}, "to": {today}, "user": {admin.ID}}.Encode(),
			wantStatus: http.StatusOK, wantBody: []string{"boda boda rider"}},
		{name: "before today", role: haki.RoleAdmin, method: http.MethodGet, path: "/audit?to=2001-01-01",
			wantStatus: http.StatusOK, notBody: []string{"boda boda rider"}},
		{name: "bad date", role: haki.RoleAdmin, method: http.MethodGet, path: "/audit?from=yesterday",
			wantStatus: http.StatusUnprocessableEntity, wantBody: []string{`class="field-error"`}},
		{name: "data manager may not", role: haki.RoleDataManager, method: http.MethodGet, path: "/audit", wantStatus: http.StatusForbidden},
	})

	t.Run("a view names what was seen", func(t *testing.T) {
		cw := app.sessionClient(t, haki.RoleAdmin)
		if got := cw.get("/persons/" + per.ID); got.status != http.StatusOK {
			t.Fatalf("person page: %d", got.status)
		}
		got := cw.get("/audit?action=view&entity=person")
		if got.status != http.StatusOK || !strings.Contains(got.body, per.Ref) {
			t.Fatalf("view entries: %d, lack %s", got.status, per.Ref)
		}
		if strings.Contains(got.body, "changed fields") || strings.Contains(got.body, per.ID) {
			t.Error("a view entry shows its detail as changed fields or an internal id")
		}
	})

	t.Run("older page", func(t *testing.T) {
		for i := 0; i < auditPageSize; i++ {
			mustPerson(t, app.store, admin, "Filler")
		}
		c := app.sessionClient(t, haki.RoleAdmin)
		first := c.get("/audit?entity=person")
		i := strings.Index(first.body, `href="/audit?before_id=`)
		if first.status != http.StatusOK || i < 0 {
			t.Fatalf("first page: %d, no older link", first.status)
		}
		link := first.body[i+len(`href="`):]
		link = strings.ReplaceAll(link[:strings.Index(link, `"`)], "&amp;", "&")
		older := c.get(link)
		if older.status != http.StatusOK || !strings.Contains(older.body, "Kiprono Chebet") {
			t.Errorf("older page: %d, lacks the first entries", older.status)
		}
		if strings.Contains(older.body, `href="/audit?before_id=`) {
			t.Error("older page links further back though it is the last")
		}
	})
}

func TestAuditChanges(t *testing.T) {
	got := auditChanges(`{"a":1,"b":"x","c":[1]}`, `{"a":1,"b":"y","d":true}`)
	want := []auditChange{{"b", "x", "y"}, {"c", "[1]", ""}, {"d", "", "true"}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("change %d: %v, want %v", i, got[i], want[i])
		}
	}
	if ch := auditChanges("", ""); len(ch) != 0 {
		t.Errorf("no JSON: %v", ch)
	}
}

// TestAuditCodesLabelled: each action and kind of record the log's filters
// offer (every code the store writes) has a label, so a filter never shows
// a bare code (Kiswahili has every key English has: i18n tests).
func TestAuditCodesLabelled(t *testing.T) {
	c, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	for prefix, codes := range map[string][]string{"audit.action.": store.AuditActions, "audit.entity.": store.AuditEntities} {
		for _, code := range codes {
			if c.T("en", prefix+code) == prefix+code {
				t.Errorf("no label %s%s", prefix, code)
			}
		}
	}
}
