package web

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// Who may use the network pages.
var (
	networkReaders = []haki.Role{haki.RoleAdmin, haki.RoleDataManager, haki.RoleCaseworker}
	networkWriters = []haki.Role{haki.RoleAdmin, haki.RoleDataManager}
)

// mustProfessional adds a professional covering Nairobi, linked to the account userID if given.
func mustProfessional(tb testing.TB, st *store.Store, as *haki.User, name, userID string) *haki.Professional {
	tb.Helper()
	p := &haki.Professional{Name: name, Profession: "doctor", Availability: "available", Counties: []string{"KE-047"},
		Languages: []string{"sw"}, Phone: "0722 000111", UserID: userID}
	if err := st.CreateProfessional(storetest.As(as), p); err != nil {
		tb.Fatalf("create professional: %v", err)
	}
	return p
}

// mustPartner adds a partner institution.
func mustPartner(tb testing.TB, st *store.Store, as *haki.User, name string) *haki.Partner {
	tb.Helper()
	p := &haki.Partner{Name: name, Kind: "hospital", CountyCode: "KE-047"}
	if err := st.CreatePartner(storetest.As(as), p); err != nil {
		tb.Fatalf("create partner: %v", err)
	}
	return p
}

// mustGiveConsent records the client's consent to a purpose on a case.
func mustGiveConsent(tb testing.TB, st *store.Store, as *haki.User, caseID, purpose string) {
	tb.Helper()
	c := &haki.Consent{CaseID: caseID, Purpose: purpose, Decision: "given", DecidedOn: time.Now().AddDate(0, 0, -1), Method: "verbal", Language: "sw"}
	if err := st.RecordConsent(storetest.As(as), c); err != nil {
		tb.Fatalf("record consent: %v", err)
	}
}

func professionalIDs(tb testing.TB, app *testApp) map[string]string {
	return map[string]string{"id": mustProfessional(tb, app.store, app.users[haki.RoleAdmin], "Dr Route", "").ID}
}

func partnerIDs(tb testing.TB, app *testApp) map[string]string {
	return map[string]string{"id": mustPartner(tb, app.store, app.users[haki.RoleAdmin], "Route Hospital").ID}
}

// serviceIDs gives a fresh case of the caseworkers' team and a service on it.
func serviceIDs(tb testing.TB, app *testApp) map[string]string {
	admin := app.users[haki.RoleAdmin]
	c := mustCase(tb, app.store, admin, app.users[haki.RoleCaseworker].TeamID, false)
	sv := &haki.Service{CaseID: c.ID, Type: "legal_advice", StaffID: admin.ID, DeliveredOn: time.Now().AddDate(0, 0, -1)}
	if err := app.store.CreateService(storetest.As(admin), sv); err != nil {
		tb.Fatalf("create service: %v", err)
	}
	return map[string]string{"id": c.ID, "svc": sv.ID}
}

// referralIDs gives a fresh case of the caseworkers' team and a referral from it.
func referralIDs(tb testing.TB, app *testApp) map[string]string {
	admin := app.users[haki.RoleAdmin]
	c := mustCase(tb, app.store, admin, app.users[haki.RoleCaseworker].TeamID, false)
	mustGiveConsent(tb, app.store, admin, c.ID, haki.ConsentSharing)
	r := &haki.Referral{CaseID: c.ID, PartnerID: mustPartner(tb, app.store, admin, "Route Hospital").ID, Reason: "Treatment",
		SentOn: time.Now().AddDate(0, 0, -1)}
	if err := app.store.CreateReferral(storetest.As(admin), r); err != nil {
		tb.Fatalf("create referral: %v", err)
	}
	return map[string]string{"id": c.ID, "ref": r.ID}
}

func TestNetworkPages(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	admin := app.users[haki.RoleAdmin]
	doc := mustProfessional(t, app.store, admin, "Dr Achieng Otieno", app.users[haki.RoleProfessional].ID)
	hosp := mustPartner(t, app.store, admin, "Kenyatta National Hospital")
	good := func(extra ...string) url.Values {
		v := url.Values{"name": {"Mwangi Kamau"}, "profession": {"lawyer"}, "availability": {"limited"}, "counties": {"KE-047", "KE-001"},
			"languages": {"en", "sw"}, "phone": {"+254 711 000222"}, "training_name": {"Istanbul Protocol", ""}, "training_date": {"2024-05-01", ""}}
		for i := 0; i+1 < len(extra); i += 2 {
			v.Set(extra[i], extra[i+1])
		}
		return v
	}
	runScenarios(t, app, []scenario{
		{name: "caseworker lists the directory", role: haki.RoleCaseworker, method: http.MethodGet, path: "/network/professionals?county=KE-047&profession=doctor",
			wantStatus: http.StatusOK, wantBody: []string{"Dr Achieng Otieno", "0722 000111"}},
		{name: "county filter leaves others out", role: haki.RoleCaseworker, method: http.MethodGet, path: "/network/professionals?county=KE-001",
			wantStatus: http.StatusOK, notBody: []string{"Dr Achieng Otieno"}},
		{name: "name search by POST", role: haki.RoleCaseworker, method: http.MethodPost, path: "/network/professionals/search",
			form: url.Values{"q": {"achieng"}}, wantStatus: http.StatusOK, wantBody: []string{"Dr Achieng Otieno"}},
		{name: "professional page with engagements", role: haki.RoleDataManager, method: http.MethodGet, path: "/network/professionals/" + doc.ID,
			wantStatus: http.StatusOK, wantBody: []string{"Dr Achieng Otieno", "professional (professional)"}},
		{name: "professional role has no directory", role: haki.RoleProfessional, method: http.MethodGet, path: "/network/professionals",
			wantStatus: http.StatusForbidden},
		{name: "coverage shows gaps", role: haki.RoleCaseworker, method: http.MethodGet, path: "/network/coverage",
			wantStatus: http.StatusOK, wantBody: []string{"Nairobi", "Mombasa", `class="num gap"`, `href="/network/professionals?county=KE-047&amp;profession=doctor"`}},
		{name: "create", role: haki.RoleDataManager, method: http.MethodPost, path: "/network/professionals", form: good(),
			wantStatus: http.StatusSeeOther},
		{name: "create without counties", role: haki.RoleDataManager, method: http.MethodPost, path: "/network/professionals",
			form: good("counties", ""), wantStatus: http.StatusUnprocessableEntity, wantBody: []string{`class="field-error"`, "Mwangi Kamau", "Istanbul Protocol"}},
		{name: "bad training date", role: haki.RoleDataManager, method: http.MethodPost, path: "/network/professionals",
			form: good("training_date", "May 2024"), wantStatus: http.StatusUnprocessableEntity, wantBody: []string{"May 2024"}},
		{name: "caseworker may not create", role: haki.RoleCaseworker, method: http.MethodPost, path: "/network/professionals", form: good(),
			wantStatus: http.StatusForbidden},
		{name: "edit form", role: haki.RoleAdmin, method: http.MethodGet, path: "/network/professionals/" + doc.ID + "/edit",
			wantStatus: http.StatusOK, wantBody: []string{`name="version" value="1"`, "Dr Achieng Otieno"}},
		{name: "stale edit", role: haki.RoleAdmin, method: http.MethodPost, path: "/network/professionals/" + doc.ID,
			form: good("version", "7"), wantStatus: http.StatusConflict},
		{name: "partners", role: haki.RoleCaseworker, method: http.MethodGet, path: "/network/partners?kind=hospital",
			wantStatus: http.StatusOK, wantBody: []string{"Kenyatta National Hospital"}},
		{name: "partner edit", role: haki.RoleDataManager, method: http.MethodPost, path: "/network/partners/" + hosp.ID,
			form: url.Values{"name": {"KNH"}, "kind": {"hospital"}, "version": {"1"}}, wantStatus: http.StatusSeeOther},
		{name: "partner without kind", role: haki.RoleDataManager, method: http.MethodPost, path: "/network/partners",
			form: url.Values{"name": {"Shelter"}}, wantStatus: http.StatusUnprocessableEntity, wantBody: []string{`class="field-error"`}},
		{name: "Kiswahili labels", role: haki.RoleCaseworker, method: http.MethodGet, path: "/network/coverage?lang=sw",
			wantStatus: http.StatusOK},
	})
	ps, _, err := app.store.FindProfessionals(storetest.As(admin), haki.ProfessionalFilter{Text: "Mwangi"})
	if err != nil || len(ps) != 1 || len(ps[0].Trainings) != 1 || len(ps[0].Counties) != 2 {
		t.Errorf("created from the form: %+v %v", ps, err)
	}
}
