package web

import (
	"html"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// mustSignedEvaluations has the test app's professional, linked to the
// directory and enrolled in two-step sign-in, sign n evaluations of a new
// case of a torture incident in Nairobi, examined today. The store's clock
// steps 30 seconds per code, as a phone's would.
func mustSignedEvaluations(tb testing.TB, app *testApp, n int) {
	tb.Helper()
	st, admin, doc := app.store, app.users[haki.RoleAdmin], app.users[haki.RoleProfessional]
	t0, step := time.Now(), 0
	st.Now = func() time.Time { return t0.Add(time.Duration(step) * 30 * time.Second) }
	tb.Cleanup(func() { st.Now = time.Now })
	mustProfessional(tb, st, admin, "Dr Wanjiru Kamau", doc.ID)
	inc := &haki.Incident{Title: "Beaten in the cells", Types: []string{"torture"}, Occurred: haki.MustFuzzyDate(t0.AddDate(0, 0, -20).Format(time.DateOnly)),
		CountyCode: "KE-047", Verification: "unverified", Context: "custody"}
	if err := st.CreateIncident(storetest.As(admin), inc); err != nil {
		tb.Fatal(err)
	}
	c := mustCase(tb, st, admin, doc.TeamID, false)
	c.IncidentIDs, c.AssigneeIDs = []string{inc.ID}, append(c.AssigneeIDs, doc.ID)
	if err := st.UpdateCase(storetest.As(admin), c); err != nil {
		tb.Fatal(err)
	}
	ctx := storetest.As(doc)
	e, err := st.BeginTOTPEnrolment(ctx, store.AccountProof{Password: storetest.Password})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := st.ConfirmTOTP(ctx, code(tb, e.Secret, st.Now())); err != nil {
		tb.Fatal(err)
	}
	for i := range n {
		ev := &haki.Evaluation{CaseID: c.ID, Kind: "physical", ExaminedOn: haki.Today(t0), Qualifications: "MBChB; trained in the Istanbul Protocol",
			EvaluationContent: haki.EvaluationContent{Place: "Kenyatta National Hospital", Account: "Beaten with batons at the station",
				ExamConsent: "given", ExamConsentMethod: "signed_form", Uses: []string{haki.ConsentLitigation},
				Findings: []*haki.Finding{{Kind: "physical", View: "back", X: 0.5, Y: 0.4, Region: "upper_back", LesionType: "bruise",
					Description: "Tramline bruises", AllegedMethod: "beating", Opinion: "highly_consistent"}},
				Interpretation: "The findings correspond to the account.", OverallLevel: "highly_consistent"}}
		if err := st.CreateEvaluation(ctx, ev); err != nil {
			tb.Fatal(err)
		}
		step++
		if _, err := st.SignEvaluation(ctx, ev.ID, ev.Version, store.AccountProof{Code: code(tb, e.Secret, st.Now())}); err != nil {
			tb.Fatalf("sign %d: %v %v", i, err, haki.ErrorFields(err))
		}
	}
}

// TestTortureReportEvaluationsSection: the torture report's page has the
// section of medico-legal evaluations with its tables, in English and
// Kiswahili; staff who see identities read the figures, a viewer sees the
// small ones hidden; the CSV export carries the tables.
func TestTortureReportEvaluationsSection(t *testing.T) {
	storetest.Run(t, func(t *testing.T, st *store.Store) {
		app := newTestApp(t, st)
		mustSignedEvaluations(t, app, 2)
		year := strconv.Itoa(time.Now().Year())
		dm := app.sessionClient(t, haki.RoleDataManager)
		res := dm.get("/reports/torture?year=" + year)
		body := html.UnescapeString(res.body)
		if res.status != http.StatusOK {
			t.Fatalf("status %d", res.status)
		}
		for _, want := range []string{"Medico-legal evaluations", "Evaluations by overall level of consistency",
			"Findings by alleged method and level of consistency", "Highly consistent with", "Beating",
			`<dd>2</dd>`, "Evaluations by perpetrators' service", "Physical"} {
			if !strings.Contains(body, want) {
				t.Errorf("page lacks %q", want)
			}
		}
		req, _ := http.NewRequest(http.MethodGet, app.srv.URL+"/reports/torture?year="+year, nil)
		req.AddCookie(&http.Cookie{Name: langCookie, Value: "sw"})
		if res = dm.do(req); !strings.Contains(res.body, "Tathmini za kitabibu na kisheria") || !strings.Contains(res.body, "Inalingana sana na") {
			t.Error("the Kiswahili page lacks the section or the levels")
		}
		viewer := app.sessionClient(t, haki.RoleViewer)
		body = html.UnescapeString(viewer.get("/reports/torture?year=" + year).body)
		if !strings.Contains(body, "Medico-legal evaluations") || strings.Contains(body, "<dd>2</dd>") || !strings.Contains(body, "fewer than 5") {
			t.Error("a viewer does not get the evaluations protected")
		}
		csv := dm.get("/reports/torture/export?format=csv&year=" + year).body
		if !strings.Contains(csv, "Findings by level of consistency") || !strings.Contains(csv, "Highly consistent with") {
			t.Errorf("CSV lacks the evaluation tables:\n%s", csv)
		}
		b := html.UnescapeString(dm.get("/reports/builder?records=findings&dim1=method&dim2=opinion_level").body)
		for _, want := range []string{"Findings of signed evaluations", "Beating", "Highly consistent with", "Finding&#39;s level of consistency"} {
			if !strings.Contains(b, html.UnescapeString(want)) {
				t.Errorf("builder page lacks %q", want)
			}
		}
	})
}
