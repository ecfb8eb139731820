package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/storetest"
)

// reportSection returns the report page's section with the id, parsed.
func reportSection(tb testing.TB, body, id string) *html.Node {
	tb.Helper()
	found := htmlNodes(tb, body, func(n *html.Node) bool { return n.Data == "section" && htmlAttr(n, "id") == id })
	if len(found) == 0 {
		tb.Fatalf("no section #%s", id)
	}
	return found[len(found)-1]
}

// A breakdown of many rows reads on a phone: its chart draws the ten
// largest as narrow horizontal bars and says how many more the table
// holds; the whole table folds under it, readable without script.
func TestReportPageTopTenOnAPhone(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	for i := range 12 {
		mustExecutions(t, app, fmt.Sprintf("KE-%03d", i+1), i+6) // 6 to 17 victims, none suppressed
	}
	res := app.sessionClient(t, haki.RoleDataManager).get("/reports/executions?year=2024")
	if res.status != http.StatusOK {
		t.Fatalf("status %d", res.status)
	}
	sec := reportSection(t, res.body, "by-county")
	charts := htmlAll(sec, "svg", "chart-narrow")
	if len(charts) != 1 {
		t.Fatalf("%d narrow charts in the county section, want 1", len(charts))
	}
	if bars := htmlAll(charts[0], "rect", "bar"); len(bars) != 10 {
		t.Errorf("%d bars, want the 10 largest", len(bars))
	}
	if text := htmlText(charts[0]); !strings.Contains(text, "and 2 more: see the table") || !strings.Contains(text, "17") {
		t.Errorf("chart text %q", text)
	}
	details := htmlAll(sec, "details", "report-table")
	if len(details) != 1 || htmlAttr(details[0], "open") != "" {
		t.Fatalf("the table is not folded in one details element")
	}
	if rows := htmlAll(details[0], "tr", ""); len(rows) != 13 { // the header and 12 counties
		t.Errorf("the folded table has %d rows, want 13", len(rows))
	}
	if summary := htmlText(htmlAll(details[0], "summary", "")[0]); !strings.Contains(summary, "12") {
		t.Errorf("summary %q does not say how many rows", summary)
	}
}
