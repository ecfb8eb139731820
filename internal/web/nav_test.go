package web

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/storetest"
)

var quickNavRe = regexp.MustCompile(`(?s)<nav class="quick-nav"[^>]*>(.*?)</nav>`)
var hrefRe = regexp.MustCompile(`href="([^"]+)"`)

// TestHeaderQuickNav: each role's daily destinations sit one tap away in
// the header, the rest in the menu with sign-out and the language switch;
// list tables carry the labels their phone cards show.
func TestHeaderQuickNav(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	want := map[haki.Role][]string{
		haki.RoleCaseworker:   {"/", "/cases", "/calendar", "/tasks", "/follow-ups"},
		haki.RoleProfessional: {"/", "/calendar", "/cases"},
		haki.RoleMonitor:      {"/", "/incidents", "/incidents/new", "/triage"},
		haki.RoleDataManager:  {"/", "/incidents", "/triage", "/persons", "/reports"},
		haki.RoleAdmin:        {"/", "/users", "/audit", "/reports"},
		haki.RoleResearcher:   {"/", "/reports"},
	}
	for role, hrefs := range want {
		c := app.sessionClient(t, role)
		body := c.get("/").body
		m := quickNavRe.FindStringSubmatch(body)
		if m == nil {
			t.Errorf("%s: no quick navigation", role)
			continue
		}
		var got []string
		for _, h := range hrefRe.FindAllStringSubmatch(m[1], -1) {
			got = append(got, h[1])
		}
		if !slices.Equal(got, hrefs) {
			t.Errorf("%s: quick navigation %v, want %v", role, got, hrefs)
		}
		menu := body[strings.Index(body, `<details class="menu">`):]
		for _, s := range []string{`action="/signout"`, `action="/lang"`, `href="/account"`} {
			if !strings.Contains(menu, s) {
				t.Errorf("%s: the menu lacks %s", role, s)
			}
		}
	}
	c := app.sessionClient(t, haki.RoleDataManager)
	mustIncident(t, app.store, app.users[haki.RoleAdmin], "Beaten at the station")
	body := c.get("/incidents").body
	if !strings.Contains(body, `<table class="cards wide">`) || !strings.Contains(body, `data-label="Reference"`) {
		t.Error("the incident list is not a card table with labels")
	}
}
