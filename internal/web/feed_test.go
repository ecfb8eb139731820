package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/i18n"
	"github.com/haki-kenya/haki/internal/recur"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// feedIDs gives the revoke route a fresh link of the administrator's.
func feedIDs(tb testing.TB, app *testApp) map[string]string {
	f, err := app.store.CreateFeed(storetest.As(app.users[haki.RoleAdmin]), store.FeedUser, "")
	if err != nil {
		tb.Fatal(err)
	}
	return map[string]string{"{id}": f.ID}
}

// feedFiles gives the public feed route a live link's file name.
func feedFiles(tb testing.TB, app *testApp) map[string]string {
	f, err := app.store.CreateFeed(storetest.As(app.users[haki.RoleCaseworker]), store.FeedUser, "")
	if err != nil {
		tb.Fatal(err)
	}
	return map[string]string{"{file}": f.Token + ".ics"}
}

// outboxIDs gives the requeue route a queued message.
func outboxIDs(tb testing.TB, app *testApp) map[string]string {
	m := &store.OutboxMessage{Channel: store.ChannelEmail, To: "cw@haki.example", Subject: "Reminder", Body: "Hello",
		Purpose: store.PurposeReminder}
	if _, err := app.store.Enqueue(storetest.As(app.users[haki.RoleAdmin]), m); err != nil {
		tb.Fatal(err)
	}
	return map[string]string{"{id}": m.ID}
}

// syncBuffer is a log sink the server's goroutines may write to.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

var feedLinkRe = regexp.MustCompile(`id="feed_url" readonly value="([^"]+)"`)

// TestFeedSubscription subscribes as a phone would: the link is made on the
// page, fetched with no session and parsed by an independent iCalendar
// parser, which expands the eight-week series in Nairobi time.
func TestFeedSubscription(t *testing.T) {
	st := storetest.Open(t)
	app := newTestApp(t, st)
	// The request log goes to a buffer here, to show the token never does.
	logs := &syncBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, nil))
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(Config{Store: st, Logger: logger, Catalog: cat, Now: time.Now, EvidenceDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	app.server, app.srv = srv, httptest.NewServer(productionChain(st, logger, srv.Handler()))
	t.Cleanup(app.srv.Close)

	cwUser := app.users[haki.RoleCaseworker]
	cw := storetest.As(cwUser)
	admin := app.users[haki.RoleAdmin]
	nairobi := recur.Location()
	now := time.Now().In(nairobi)
	first := time.Date(now.Year(), now.Month(), now.Day()+1, 10, 0, 0, 0, nairobi)

	// An eight-week group session series with five clients, one week
	// cancelled and one moved; and a counselling appointment.
	var parts []*haki.Participant
	var cases []*haki.Case
	for range 5 {
		c := mustCase(t, st, admin, cwUser.TeamID, false)
		cases = append(cases, c)
		parts = append(parts, &haki.Participant{PersonID: c.ClientID, CaseID: c.ID})
	}
	series := &haki.CalendarEvent{Kind: haki.KindGroupSession, StartsAt: first, EndsAt: first.Add(90 * time.Minute), Location: "Hall",
		OwnerUserID: cwUser.ID, Rule: "FREQ=WEEKLY;COUNT=8", Participants: parts}
	if err := st.CreateEvent(cw, series); err != nil {
		t.Fatal(err)
	}
	week3, week5 := first.AddDate(0, 0, 14), first.AddDate(0, 0, 28)
	if _, err := st.CancelOccurrence(cw, series.ID, week3.UTC()); err != nil {
		t.Fatal(err)
	}
	moved, err := st.FindOccurrence(cw, series.ID, week5.UTC())
	if err != nil {
		t.Fatal(err)
	}
	movedTo := week5.AddDate(0, 0, 1).Add(4 * time.Hour)
	moved.StartsAt, moved.EndsAt = movedTo, movedTo.Add(90*time.Minute)
	if err := st.UpdateOccurrence(cw, series.ID, week5.UTC(), moved); err != nil {
		t.Fatal(err)
	}
	appt := &haki.CalendarEvent{CaseID: cases[0].ID, Subtype: "counselling", StartsAt: first.Add(3 * time.Hour), Location: "Room 2"}
	if err := st.CreateAppointment(cw, appt); err != nil {
		t.Fatal(err)
	}

	c := app.sessionClient(t, haki.RoleCaseworker)
	if res := c.get("/account/calendar-feeds"); res.status != http.StatusOK || !strings.Contains(res.body, "Android") {
		t.Fatalf("page: %d", res.status)
	}
	res := c.post("/account/calendar-feeds", url.Values{"calendar": {"me"}})
	m := feedLinkRe.FindStringSubmatch(res.body)
	if res.status != http.StatusOK || m == nil || !strings.Contains(res.body, "webcal://") {
		t.Fatalf("create: %d\n%s", res.status, res.body)
	}
	link := m[1]
	token := strings.TrimSuffix(link[strings.LastIndex(link, "/")+1:], ".ics")
	if again := c.get("/account/calendar-feeds"); strings.Contains(again.body, token) {
		t.Error("the token is shown again")
	}

	// A phone fetches it: no cookie, no session.
	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("feed: %d %s\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	if bytes.Contains(body, []byte("Halima")) || bytes.Contains(body, []byte("Abdi")) || bytes.Contains(body, []byte("Beaten")) {
		t.Error("a client's name or case detail in the feed")
	}
	if !bytes.Contains(body, []byte("REFRESH-INTERVAL")) {
		t.Error("no REFRESH-INTERVAL")
	}
	cal, err := goical.NewDecoder(bytes.NewReader(body)).Decode()
	if err != nil {
		t.Fatalf("go-ical: %v\n%s", err, body)
	}
	var master, override *goical.Event
	summaries := map[string]bool{}
	for _, e := range cal.Events() {
		uid, _ := e.Props.Text(goical.PropUID)
		summary, _ := e.Props.Text(goical.PropSummary)
		summaries[summary] = true
		switch {
		case uid == series.ID+"@haki" && e.Props.Get(goical.PropRecurrenceID) == nil:
			master = &e
		case uid == series.ID+"@haki":
			override = &e
		}
	}
	if !summaries["Counselling appointment · "+cases[0].Ref] || !summaries["Group session"] {
		t.Errorf("summaries %v", summaries)
	}
	if master == nil || override == nil {
		t.Fatalf("series master %v, override %v\n%s", master != nil, override != nil, body)
	}
	set, err := master.RecurrenceSet(nairobi)
	if err != nil || set == nil {
		t.Fatalf("recurrence set: %v", err)
	}
	var got []string
	for _, o := range set.All() {
		got = append(got, o.In(nairobi).Format("2006-01-02 15:04"))
	}
	var want []string
	for i := range 8 {
		if d := first.AddDate(0, 0, 7*i); !d.Equal(week3) {
			want = append(want, d.Format("2006-01-02 15:04"))
		}
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("series in Nairobi time:\n got %v\nwant %v", got, want)
	}
	rid, err := override.Props.DateTime(goical.PropRecurrenceID, nairobi)
	start, err2 := override.DateTimeStart(nairobi)
	if err != nil || err2 != nil || !rid.Equal(week5) || !start.Equal(movedTo) || start.In(nairobi).Hour() != 14 {
		t.Errorf("override: recurrence id %v, start %v (%v %v)", rid, start, err, err2)
	}

	// The request log has the route, never the token.
	if l := logs.String(); strings.Contains(l, token) || !strings.Contains(l, "/feeds/{file}") {
		t.Errorf("request log:\n%s", l)
	}

	// Revoked: 404, to a phone as to anyone.
	feeds, err := st.FindFeeds(cw)
	if err != nil || len(feeds) != 1 {
		t.Fatalf("feeds: %v %d", err, len(feeds))
	}
	if res := c.post("/account/calendar-feeds/"+feeds[0].ID+"/revoke", nil); res.status != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.status)
	}
	for _, u := range []string{link, strings.Replace(link, ".ics", "", 1), app.srv.URL + "/feeds/hakical_unknown_token_abcdefghij.ics"} {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", u, resp.StatusCode)
		}
	}
	if _, err := st.FindFeeds(context.Background()); haki.ErrorCode(err) != haki.EUNAUTHORIZED && haki.ErrorCode(err) != haki.EFORBIDDEN {
		t.Errorf("anonymous list: %v", err)
	}
}

func TestOutboxPage(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	admin := storetest.As(app.users[haki.RoleAdmin])
	ids := outboxIDs(t, app)
	c := app.sessionClient(t, haki.RoleAdmin)
	res := c.get("/settings/outbox")
	if res.status != http.StatusOK || strings.Contains(res.body, "cw@haki.example") || strings.Contains(res.body, "Hello") {
		t.Fatalf("page: %d\n%s", res.status, res.body)
	}
	for _, want := range []string{"Email is not configured", "SMS is not configured", "Queued", "Reminder"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// A message whose delivery is unknown may be sent again.
	sys := haki.SystemContext(context.Background())
	msgs, err := app.store.ClaimOutbox(sys, 10, time.Minute)
	if err != nil || len(msgs) != 1 {
		t.Fatalf("claim: %v %d", err, len(msgs))
	}
	if err := app.store.MarkUnknown(sys, ids["{id}"], "timed out while sending"); err != nil {
		t.Fatal(err)
	}
	res = c.get("/settings/outbox?status=unknown")
	if !strings.Contains(res.body, "/settings/outbox/"+ids["{id}"]+"/requeue") {
		t.Fatalf("no requeue button:\n%s", res.body)
	}
	if res := c.post("/settings/outbox/"+ids["{id}"]+"/requeue", nil); res.status != http.StatusSeeOther {
		t.Fatalf("requeue: %d", res.status)
	}
	if e, err := app.store.FindOutbox(admin, store.OutboxFilter{Status: store.OutboxQueued}); err != nil || len(e) != 1 {
		t.Errorf("after requeue: %v %d", err, len(e))
	}
}

func TestAccountEmail(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	c := app.sessionClient(t, haki.RoleViewer)
	if res := c.post("/account/email", url.Values{"email": {"not an address"}}); res.status != http.StatusUnprocessableEntity ||
		!strings.Contains(res.body, "not an address") {
		t.Fatalf("bad address: %d", res.status)
	}
	if res := c.post("/account/email", url.Values{"email": {"viewer@haki.example"}}); res.status != http.StatusSeeOther {
		t.Fatalf("save: %d", res.status)
	}
	if res := c.get("/account"); !strings.Contains(res.body, "viewer@haki.example") {
		t.Error("the account page does not show the address")
	}
	a := app.sessionClient(t, haki.RoleAdmin)
	if res := a.get("/users/" + app.users[haki.RoleViewer].ID); !strings.Contains(res.body, "viewer@haki.example") {
		t.Error("the account admin page does not show the address")
	}
}
