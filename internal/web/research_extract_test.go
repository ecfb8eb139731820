package web

import (
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
	"golang.org/x/net/html"
)

// seedVictims records n victims of torture in Nairobi in May 2024.
func seedVictims(t *testing.T, app *testApp, n int) {
	t.Helper()
	ctx := storetest.As(app.users[haki.RoleDataManager])
	for i := range n {
		inc := &haki.Incident{Title: fmt.Sprintf("Extract incident %d", i), Types: []string{"torture"},
			Occurred: haki.MustFuzzyDate("2024-05-17"), CountyCode: "KE-047", Verification: "verified", Narrative: "secret narrative"}
		if err := app.store.CreateIncident(ctx, inc); err != nil {
			t.Fatal(err)
		}
		a := &haki.Act{IncidentID: inc.ID, ActType: "torture", VictimStatus: "injured"}
		if err := app.store.CreateActWithPerson(ctx, a, &haki.Person{FullName: fmt.Sprintf("Achieng %d", i), Sex: "female"}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestResearchExtractPage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		seedVictims(t, app, 6)
		res := app.sessionClient(t, haki.RoleResearcher)
		if r := res.get("/reports"); !strings.Contains(r.body, `href="/reports/research-extract"`) {
			t.Errorf("the reports index has no link to the extract")
		}
		if r := res.get("/reports/research-extract"); r.status != 200 || len(htmlNodes(t, r.body, func(n *html.Node) bool {
			return n.Data == "input" && htmlAttr(n, "name") == "qi" && hasAttr(n, "checked")
		})) != 3 {
			t.Errorf("form: %d, want county, sex and age band checked", r.status)
		}
		q := "from=2024-01-01&to=2024-12-31&k=5&qi=county&qi=sex&qi=age_band&strategy=generalise&max_suppressed=5"
		r := res.get("/reports/research-extract?" + q)
		notes := htmlNodes(t, r.body, func(n *html.Node) bool { return n.Data == "section" && htmlAttr(n, "class") == "extract-note" })
		if r.status != 200 || len(notes) != 1 {
			t.Fatalf("note: %d\n%s", r.status, r.body)
		}
		cells := htmlAll(notes[0], "td", "")
		if len(cells) < 3 || htmlText(cells[1]) != "6" || htmlText(cells[2]) != "6" {
			t.Errorf("note cells: %v", len(cells))
		}
		links := htmlAll(notes[0], "a", "button")
		if len(links) != 1 || !strings.HasPrefix(htmlAttr(links[0], "href"), "/reports/research-extract/download?") {
			t.Fatalf("download link: %v", links)
		}
		d := res.get(htmlAttr(links[0], "href"))
		recs, err := csv.NewReader(strings.NewReader(d.body)).ReadAll()
		if d.status != 200 || err != nil || len(recs) != 7 || strings.Contains(d.body, "Achieng") || strings.Contains(d.body, "secret") {
			t.Errorf("download: %d %v\n%s", d.status, err, d.body)
		}
		if r := res.get("/reports/research-extract?from=2024-01-01&to=2024-12-31&k=2"); r.status != 422 || !strings.Contains(r.body, "field-error") {
			t.Errorf("k=2: %d", r.status)
		}
		if r := app.sessionClient(t, haki.RoleCaseworker).get("/reports/research-extract"); r.status != 403 {
			t.Errorf("caseworker: %d", r.status)
		}
	})
}
