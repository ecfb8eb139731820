package web

import (
	"net/http"
	"net/url"
	"testing"

	"golang.org/x/net/html"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/storetest"
)

// outcomeField returns the value of the form's field name: an input's
// value, a textarea's text, or a select's selected option.
func outcomeField(tb testing.TB, body, name string) (string, bool) {
	tb.Helper()
	nodes := htmlNodes(tb, body, func(n *html.Node) bool { return htmlAttr(n, "name") == name })
	if len(nodes) == 0 {
		return "", false
	}
	n := nodes[0]
	switch n.Data {
	case "textarea":
		return htmlText(n), true
	case "select":
		for _, o := range htmlAll(n, "option", "") {
			for _, a := range o.Attr {
				if a.Key == "selected" {
					return htmlAttr(o, "value"), true
				}
			}
		}
		return "", true
	}
	return htmlAttr(n, "value"), true
}

// TestInvolvementOutcomeRows records what became of a perpetrator through
// the involvement form's rows: adding a row without saving, saving, a row's
// problem shown beside it, removing a row, and the incident page.
func TestInvolvementOutcomeRows(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	admin := app.users[haki.RoleAdmin]
	ctx := storetest.As(admin)
	inc := mustIncident(t, app.store, admin, "Shooting at Kayole")
	victim := mustPerson(t, app.store, admin, "Achieng Wanjiru")
	a := &haki.Act{IncidentID: inc.ID, VictimID: victim.ID, ActType: "killing", VictimStatus: "killed"}
	if err := app.store.CreateAct(ctx, a); err != nil {
		t.Fatal(err)
	}
	c := app.client(t, haki.RoleCaseworker)
	newPath := "/incidents/" + inc.ID + "/acts/" + a.ID + "/involvements"
	base := url.Values{"service_code": {"kps"}, "degree": {"direct"}, "officer_name": {"Sgt. Mwangi"}}
	with := func(extra url.Values) url.Values {
		v := url.Values{}
		for k, vs := range base {
			v[k] = vs
		}
		for k, vs := range extra {
			v[k] = vs
		}
		return v
	}

	// The new form has one empty row.
	page := c.get(newPath + "/new")
	if v, ok := outcomeField(t, page.body, "outcome_rows"); page.status != 200 || !ok || v != "1" {
		t.Fatalf("new form: %d, outcome_rows %q", page.status, v)
	}
	// "Add a row" shows the form again, unsaved, with the typed row kept and an empty one more.
	res := c.post(newPath, with(url.Values{"outcome_rows": {"1"}, "outcome_kind_0": {"arrested"}, "outcome_date_0": {"2024-07-02"},
		"outcome_source_kind_0": {"news"}, "outcome_source_ref_0": {"Officer held over Kayole shooting"}, "row_action": {"add_outcome"}}))
	if res.status != http.StatusOK {
		t.Fatalf("add a row: %d", res.status)
	}
	if v, _ := outcomeField(t, res.body, "outcome_rows"); v != "3" {
		t.Errorf("rows after add: %q, want 3 (the typed one, the added, the spare)", v)
	}
	if v, _ := outcomeField(t, res.body, "outcome_kind_0"); v != "arrested" {
		t.Errorf("row 0 kind %q", v)
	}
	if acts, _ := app.store.FindActs(ctx, inc.ID); len(acts[0].Involvements) != 0 {
		t.Fatal("adding a row saved the involvement")
	}

	// A future date is shown beside its row and nothing is saved.
	res = c.post(newPath, with(url.Values{"outcome_rows": {"2"}, "outcome_kind_1": {"arrested"}, "outcome_date_1": {"2999-01-01"},
		"outcome_source_kind_1": {"news"}}))
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("future date: %d", res.status)
	}
	errs := htmlNodes(t, res.body, func(n *html.Node) bool { return htmlAttr(n, "id") == "outcome-0" })
	if len(errs) != 1 || len(htmlAll(errs[0], "span", "field-error")) != 1 {
		t.Errorf("the future date's problem is not beside its row")
	}

	// Saved: two outcomes, the empty row left out.
	res = c.post(newPath, with(url.Values{"outcome_rows": {"3"},
		"outcome_kind_0": {"arrested"}, "outcome_date_0": {"2024-07-02"}, "outcome_source_kind_0": {"news"},
		"outcome_source_ref_0": {"Officer held over Kayole shooting"},
		"outcome_kind_2":       {"charged"}, "outcome_date_2": {"2024-08"}, "outcome_source_kind_2": {"oversight_authority"}}))
	if res.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.status, res.body)
	}
	acts, err := app.store.FindActs(ctx, inc.ID)
	if err != nil || len(acts[0].Involvements) != 1 {
		t.Fatalf("involvements: %v", err)
	}
	v := acts[0].Involvements[0]
	if len(v.Outcomes) != 2 || v.Outcomes[0].Kind != "arrested" || v.Outcomes[1].Date.String() != "2024-08" {
		t.Fatalf("outcomes %+v", v.Outcomes)
	}

	// The incident page lists them with the perpetrator.
	show := c.get("/incidents/" + inc.ID)
	items := htmlNodes(t, show.body, func(n *html.Node) bool {
		return n.Data == "li" && n.Parent != nil && htmlAttr(n.Parent, "class") == "outcomes"
	})
	if len(items) != 2 {
		t.Errorf("incident page shows %d outcomes, want 2", len(items))
	}

	// The edit form shows both and a spare; removing the first keeps the charge.
	edit := c.get("/incidents/" + inc.ID + "/involvements/" + v.ID + "/edit")
	if got, _ := outcomeField(t, edit.body, "outcome_source_ref_0"); got != "Officer held over Kayole shooting" {
		t.Errorf("edit form source_ref %q", got)
	}
	res = c.post("/incidents/"+inc.ID+"/involvements/"+v.ID, with(url.Values{"version": {"1"}, "outcome_rows": {"2"},
		"outcome_id_0": {v.Outcomes[0].ID}, "outcome_kind_0": {"arrested"}, "outcome_source_kind_0": {"news"}, "outcome_remove_0": {"1"},
		"outcome_id_1": {v.Outcomes[1].ID}, "outcome_kind_1": {"charged"}, "outcome_date_1": {"2024-08"}, "outcome_source_kind_1": {"oversight_authority"}}))
	if res.status != http.StatusSeeOther {
		t.Fatalf("update: %d", res.status)
	}
	got, err := app.store.FindInvolvementByID(ctx, v.ID)
	if err != nil || len(got.Outcomes) != 1 || got.Outcomes[0].Kind != "charged" || got.Outcomes[0].ID != v.Outcomes[1].ID {
		t.Errorf("after remove: %+v, %v", got, err)
	}
}

// TestReportPageOutcomeCounts shows the perpetrators by recorded outcome
// on the report page, under the accountability heading.
func TestReportPageOutcomeCounts(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	admin := app.users[haki.RoleAdmin]
	ctx := storetest.As(admin)
	inc := &haki.Incident{Title: "Shot at a roadblock", Types: []string{"extrajudicial_execution"}, Occurred: haki.MustFuzzyDate("2024-05-02"),
		CountyCode: "KE-047", Verification: "unverified", Context: "anti_crime"}
	if err := app.store.CreateIncident(ctx, inc); err != nil {
		t.Fatal(err)
	}
	a, _, _ := mustAct(t, app.store, admin, inc, mustPerson(t, app.store, admin, "Victim"))
	v := &haki.Involvement{ActID: a.ID, ServiceCode: "kps", Degree: "direct", Outcomes: []haki.Outcome{
		{Kind: haki.OutcomeArrested, Date: haki.MustFuzzyDate("2024-05-03"), SourceKind: "news"},
		{Kind: haki.OutcomeArrested, Date: haki.MustFuzzyDate("2024-06"), SourceKind: "oversight_authority"}}}
	if err := app.store.CreateInvolvement(ctx, v); err != nil {
		t.Fatal(err)
	}
	res := app.sessionClient(t, haki.RoleAdmin).get("/reports/executions?year=2024")
	if res.status != http.StatusOK {
		t.Fatalf("status %d", res.status)
	}
	figures := map[string]string{}
	for _, dl := range htmlNodes(t, res.body, func(n *html.Node) bool { return n.Data == "dl" }) {
		for _, dt := range htmlAll(dl, "dt", "") {
			if dd := dt.NextSibling; dd != nil && dd.Type == html.ElementNode && dd.Data == "dd" {
				figures[htmlText(dt)] = htmlText(dd)
			}
		}
	}
	if got := figures["Perpetrators arrested (any source)"]; got != "1" {
		t.Errorf("arrested shown as %q, want 1 (one officer, two arrests): %v", got, figures)
	}
	if got, ok := figures["Perpetrators convicted (any source)"]; !ok || got != "0" {
		t.Errorf("convicted shown as %q", got)
	}
}
