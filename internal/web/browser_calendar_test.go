package web

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestBrowserCalendar: on a phone-sized screen a caseworker creates an
// eight-week group therapy series with five clients through the form,
// marks attendance in one click, and reads the month view. Screenshots go
// to /tmp/haki-shots/calendar-*.png.
func TestBrowserCalendar(t *testing.T) {
	chromium := needChromium(t)
	app := newTestApp(t, storetest.Open(t))
	base := app.srv.URL
	admin, cw := app.users[haki.RoleAdmin], app.users[haki.RoleCaseworker]
	var refs []string
	for range 5 {
		refs = append(refs, mustCase(t, app.store, admin, cw.TeamID, false).Ref)
	}
	month := time.Now().In(haki.Nairobi)
	// The first Tuesday of this month, 14:00.
	first := time.Date(month.Year(), month.Month(), 1, 14, 0, 0, 0, haki.Nairobi)
	for first.Weekday() != time.Tuesday {
		first = first.AddDate(0, 0, 1)
	}

	ctx := newBrowser(t, chromium, 90*time.Second)
	do := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	browserSignIn(t, ctx, base+"/calendar", haki.RoleCaseworker)
	do("new series",
		chromedp.Navigate(base+"/calendar/events/new"),
		chromedp.WaitVisible(chromedp.ID("kind")),
		chromedp.SetValue(chromedp.ID("kind"), "group_session"),
		chromedp.SetValue(chromedp.ID("starts_at"), first.Format("2006-01-02T15:04")),
		chromedp.SetValue(chromedp.ID("minutes"), "90"),
		chromedp.SendKeys(chromedp.ID("location"), "Counselling room 2"),
		chromedp.SetValue(chromedp.ID("owner"), "team"),
		chromedp.SendKeys(chromedp.ID("clients"), strings.Join(refs, ", ")),
		chromedp.SetValue(chromedp.ID("freq"), "WEEKLY"),
		chromedp.SendKeys(chromedp.ID("count"), "8"))
	shot(t, ctx, "calendar-form.png")
	do("save", chromedp.Click(chromedp.CSS(`main form .form-actions button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS(`p.flash`)))
	shot(t, ctx, "calendar-occurrence.png")
	do("mark missed", chromedp.Click(chromedp.CSS(`td.cal-attend button[value="missed"]`)), chromedp.WaitVisible(chromedp.CSS(`p.flash`)))
	pressed, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`td.cal-attend button[aria-pressed="true"]`)))
	if err != nil || !strings.Contains(pressed, "Missed") {
		t.Fatalf("the missed mark does not show: %q %v", pressed, err)
	}
	shot(t, ctx, "calendar-attendance.png")
	do("month", chromedp.Navigate(base+"/calendar?view=month&who=team&date="+first.Format("2006-01")), chromedp.WaitVisible(chromedp.CSS(`table.cal-month`)))
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`table.cal-month`)))
	if err != nil || strings.Count(text, "14:00") < 4 {
		t.Fatalf("month view: %q %v", text, err)
	}
	shot(t, ctx, "calendar-month.png")
	do("agenda", chromedp.Navigate(base+"/calendar?view=agenda&who=team&date="+first.Format("2006-01-02")), chromedp.WaitVisible(chromedp.CSS(`ul.cal-list`)))
	shot(t, ctx, "calendar-agenda.png")
	do("day", chromedp.Navigate(base+"/calendar/day?date="+first.Format("2006-01-02")), chromedp.WaitVisible(chromedp.ID("diary")),
		chromedp.SendKeys(chromedp.ID("body"), "Bring tea and the workbooks"),
		chromedp.Click(chromedp.CSS(`#diary form.diary-note:last-of-type button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.flash`)))
	shot(t, ctx, "calendar-day.png")
}
