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

// visibleText is the text a reader sees on a page: text nodes outside
// script, style and template, without attributes.
func visibleText(tb testing.TB, body string) string {
	tb.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style" || n.Data == "template" || hasAttr(n, "data-verbatim")) {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteString(" ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return b.String()
}

// hasAttr reports whether an element carries an attribute. data-verbatim
// marks stored values shown as stored (the fields of an audit entry).
func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// shownCode finds a code in visible text: a snake_case word (every
// multi-word code of the vocabularies and code lists is one), a recurrence
// rule, or a catalogue key shown for want of its message.
var shownCode = regexp.MustCompile(`\b[a-z]+_[a-z0-9_]+\b|FREQ=|\b[a-z]+\.[a-z_]+\.[a-z_.]+\b`)

// TestNoRawCodesOnMainPages renders the main pages as each role over a
// case with a bit of everything (an act, consent, a court matter and a
// hearing, an appointment missed, a group series, a task, a change of
// status) and fails on a code shown instead of its label.
func TestNoRawCodesOnMainPages(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	admin, cwUser := app.users[haki.RoleAdmin], app.users[haki.RoleCaseworker]
	ctx := storetest.As(admin)
	st := app.store
	m := mustMatter(t, app)
	c, err := st.FindCaseByID(ctx, m.CaseID)
	if err != nil {
		t.Fatal(err)
	}
	inc := mustIncident(t, st, admin, "Shooting at Mathare")
	mustAct(t, st, admin, inc, mustPerson(t, st, admin, "Otieno Ochieng"))
	if err := st.CreateHearing(ctx, &haki.Hearing{MatterID: m.ID, StartsAt: time.Now().Add(48 * time.Hour), Purpose: "mention",
		Court: "high_court", NextDate: haki.Today(time.Now()).AddDate(0, 0, 20)}); err != nil {
		t.Fatal(err)
	}
	appt := &haki.CalendarEvent{CaseID: c.ID, Subtype: "legal_consultation", StartsAt: time.Now().Add(-3 * time.Hour), Location: "Office"}
	if err := st.CreateAppointment(storetest.As(cwUser), appt); err != nil {
		t.Fatal(err)
	}
	if _, err := st.MarkAttendance(storetest.As(cwUser), clientOf(t, appt), haki.AttendMissed); err != nil {
		t.Fatal(err)
	}
	group := &haki.CalendarEvent{Kind: haki.KindGroupSession, StartsAt: time.Now().Add(2 * time.Hour), Location: "Room 2",
		OwnerTeamID: cwUser.TeamID, Rule: "FREQ=WEEKLY;COUNT=8",
		Participants: []*haki.Participant{{UserID: cwUser.ID}, {PersonID: c.ClientID, CaseID: c.ID}}}
	if err := st.CreateEvent(storetest.As(cwUser), group); err != nil {
		t.Fatal(err)
	}
	if err := st.ChangeCaseStatus(ctx, c.ID, c.Version, "on_hold", "", "Client travelled upcountry"); err != nil {
		t.Fatal(err)
	}
	pages := []string{"/", "/incidents", "/incidents/" + inc.ID, "/cases", "/cases/" + c.ID, "/cases/" + c.ID + "/timeline",
		"/matters/" + m.ID, "/calendar", "/tasks", "/follow-ups", "/reports", "/audit"}
	// The check sees what it checks: the timeline in Kiswahili, its series described.
	cw := app.sessionClient(t, haki.RoleCaseworker)
	cw.post("/lang", url.Values{"lang": {"sw"}, "next": {"/"}})
	text := visibleText(t, cw.get("/cases/"+c.ID+"/timeline").body)
	for _, want := range []string{"Hali:", "kila wiki", "mara 8", "Mahakama Kuu"} {
		if !strings.Contains(text, want) {
			t.Errorf("Kiswahili timeline lacks %q: %s", want, text)
		}
	}
	// The audit log reads as sentences naming records by reference.
	audit := visibleText(t, app.sessionClient(t, haki.RoleAdmin).get("/audit?entity=case&entity_id="+c.ID).body)
	for _, want := range []string{"admin (Administrator) changed the status of case " + c.Ref, "History of case " + c.Ref} {
		if !strings.Contains(audit, want) {
			t.Errorf("audit log lacks %q: %s", want, audit)
		}
	}
	if strings.Contains(audit, c.ID) {
		t.Errorf("audit log shows the case's internal id")
	}
	for _, role := range haki.Roles {
		cl := app.sessionClient(t, role)
		for _, lang := range []string{"en", "sw"} {
			cl.post("/lang", url.Values{"lang": {lang}, "next": {"/"}})
			for _, path := range pages {
				res := cl.get(path)
				if res.status != http.StatusOK {
					continue // not this role's page
				}
				if got := shownCode.FindAllString(visibleText(t, res.body), 5); len(got) > 0 {
					t.Errorf("%s %s as %s shows codes %q", lang, path, role, got)
				}
			}
		}
	}
}
