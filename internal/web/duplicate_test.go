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

// dupPersonIDs makes two persons alike for a route row's {a} and {b}.
func dupPersonIDs(tb testing.TB, app *testApp) map[string]string {
	admin := app.users[haki.RoleAdmin]
	a := mustPerson(tb, app.store, admin, "John Kamau Mwangi")
	b := &haki.Person{FullName: "Kamau John M.", Sex: "male", DuplicateOK: true}
	if err := app.store.CreatePerson(storetest.As(admin), b); err != nil {
		tb.Fatal(err)
	}
	return map[string]string{"a": a.ID, "b": b.ID}
}

// dupIncidentIDs makes two incidents for a route row's {a} and {b}.
func dupIncidentIDs(tb testing.TB, app *testApp) map[string]string {
	admin := app.users[haki.RoleAdmin]
	return map[string]string{"a": mustIncident(tb, app.store, admin, "Beaten at Kayole").ID,
		"b": mustIncident(tb, app.store, admin, "Kayole beating").ID}
}

// mergeIDs makes a merge of two persons for a route row's {id}.
func mergeIDs(tb testing.TB, app *testApp) map[string]string {
	ids := dupPersonIDs(tb, app)
	m, err := app.store.Merge(storetest.As(app.users[haki.RoleAdmin]),
		haki.MergeRequest{Kind: haki.DuplicatePerson, SurvivorID: ids["a"], MergedID: ids["b"]})
	if err != nil {
		tb.Fatal(err)
	}
	return map[string]string{"id": m.ID}
}

// TestDuplicatePages: the list proposes the pair, the review shows both
// side by side with the differing field to choose, a merge moves the data
// and sends the merged record's page on to the survivor, the undo restores
// it, "not a duplicate" removes the pair; a merged-away record is not found
// in a review, and a caseworker may not open the page.
func TestDuplicatePages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		ids := dupPersonIDs(t, app)
		dm := app.sessionClient(t, haki.RoleDataManager)
		if r := dm.get("/duplicates?kind=person"); r.status != http.StatusOK || !strings.Contains(r.body, "/duplicates/persons/") {
			t.Fatalf("list: %d %s", r.status, r.body)
		}
		review := "/duplicates/persons/" + ids["a"] + "/" + ids["b"]
		r := dm.get(review)
		if r.status != http.StatusOK || !strings.Contains(r.body, `name="take_full_name"`) || strings.Contains(r.body, `name="take_sex"`) {
			t.Fatalf("review: %d", r.status)
		}
		if r := app.sessionClient(t, haki.RoleCaseworker).get(review); r.status != http.StatusForbidden {
			t.Errorf("caseworker: %d", r.status)
		}
		r = dm.post(review+"/merge", url.Values{"keep": {"first"}, "take_full_name": {"second"}})
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/merges/") {
			t.Fatalf("merge: %d %s", r.status, r.body)
		}
		mergePage := r.location
		if r := dm.get("/persons/" + ids["b"]); r.status != http.StatusSeeOther || r.location != "/persons/"+ids["a"] {
			t.Errorf("merged person's page: %d %s", r.status, r.location)
		}
		if r := dm.get(review); r.status != http.StatusNotFound {
			t.Errorf("review of a merged pair: %d", r.status)
		}
		if r := dm.get(mergePage); r.status != http.StatusOK || !strings.Contains(r.body, "/undo") {
			t.Errorf("merge page: %d", r.status)
		}
		if r := dm.post(mergePage+"/undo", url.Values{}); r.status != http.StatusSeeOther {
			t.Fatalf("undo: %d %s", r.status, r.body)
		}
		if r := dm.get("/persons/" + ids["b"]); r.status != http.StatusOK {
			t.Errorf("after the undo: %d", r.status)
		}
		if r := dm.post(review+"/dismiss", url.Values{}); r.status != http.StatusSeeOther {
			t.Fatalf("dismiss: %d", r.status)
		}
		if r := dm.get("/duplicates?kind=person"); strings.Contains(r.body, review) {
			t.Errorf("a dismissed pair is still listed")
		}
		if r := dm.get("/duplicates?days=99"); r.status != http.StatusUnprocessableEntity {
			t.Errorf("days=99: %d", r.status)
		}
	})
}
