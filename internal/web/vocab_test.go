package web

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/storetest"
)

func vocabIDs(tb testing.TB, app *testApp) map[string]string {
	return map[string]string{"vocab": "sex", "code": "male"}
}

func TestVocabularyPages(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	ctx := storetest.As(app.users[haki.RoleAdmin])
	runScenarios(t, app, []scenario{
		{name: "list", role: haki.RoleAdmin, method: http.MethodGet, path: "/vocabularies", wantStatus: http.StatusOK,
			wantBody: []string{"/vocabularies/closure_reason"}},
		{name: "terms", role: haki.RoleAdmin, method: http.MethodGet, path: "/vocabularies/sex", wantStatus: http.StatusOK,
			wantBody: []string{"Mwanamke", "Female"}},
		{name: "no such vocabulary", role: haki.RoleAdmin, method: http.MethodGet, path: "/vocabularies/colours", wantStatus: http.StatusNotFound},
		{name: "data manager may not", role: haki.RoleDataManager, method: http.MethodGet, path: "/vocabularies/sex", wantStatus: http.StatusForbidden},
		{name: "add without Kiswahili", role: haki.RoleAdmin, method: http.MethodPost, path: "/vocabularies/method",
			form: url.Values{"code": {"drowning"}, "label_en": {"Drowning"}, "active": {"1"}}, wantStatus: http.StatusUnprocessableEntity,
			wantBody: []string{`class="field-error"`, "Drowning"}},
		{name: "add with a bad code", role: haki.RoleAdmin, method: http.MethodPost, path: "/vocabularies/method",
			form: url.Values{"code": {"Drowning!"}, "label_en": {"Drowning"}, "label_sw": {"Kuzamishwa"}}, wantStatus: http.StatusUnprocessableEntity},
		{name: "add an existing code", role: haki.RoleAdmin, method: http.MethodPost, path: "/vocabularies/sex",
			form: url.Values{"code": {"male"}, "label_en": {"Man"}, "label_sw": {"Mwanamume"}}, wantStatus: http.StatusUnprocessableEntity},
		{name: "add", role: haki.RoleAdmin, method: http.MethodPost, path: "/vocabularies/method",
			form:       url.Values{"code": {"drowning"}, "label_en": {"Drowning"}, "label_sw": {"Kuzamishwa"}, "sort": {"90"}, "active": {"1"}},
			wantStatus: http.StatusSeeOther},
		{name: "edit with empty label", role: haki.RoleAdmin, method: http.MethodPost, path: "/vocabularies/sex/male",
			form: url.Values{"label_en": {""}, "label_sw": {"Mwanaume"}}, wantStatus: http.StatusUnprocessableEntity, wantBody: []string{`class="field-error"`}},
		{name: "retire a term", role: haki.RoleAdmin, method: http.MethodPost, path: "/vocabularies/sex/intersex",
			form: url.Values{"label_en": {"Intersex"}, "label_sw": {"Mwenye jinsia mbili"}, "sort": {"3"}}, wantStatus: http.StatusSeeOther},
	})
	terms, err := app.store.FindTerms(ctx, "method", true)
	if err != nil {
		t.Fatal(err)
	}
	var found *haki.Term
	for _, tm := range terms {
		if tm.Code == "drowning" {
			found = tm
		}
	}
	if found == nil || found.LabelSW != "Kuzamishwa" || found.Sort != 90 || !found.Active {
		t.Errorf("added term: %+v", found)
	}
	active, _ := app.store.FindTerms(ctx, "sex", false)
	for _, tm := range active {
		if tm.Code == "intersex" || tm.LabelEN == "" {
			t.Errorf("term after edits: %+v", tm)
		}
	}
}
