package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// verification is the verification of fullReport into a new incident,
// with its one harmed person as the victim (shot and, the data manager
// found, alive).
func verification(version int) haki.ReportVerification {
	age := 20
	return haki.ReportVerification{
		Incident: &haki.Incident{Title: "Shooting behind Kayole market", Types: []string{"extrajudicial_execution"},
			Occurred: haki.MustFuzzyDate("2026-03-08"), CountyCode: "KE-047", PlaceName: "Behind Kayole market"},
		Victims: []haki.ReportVictim{{Person: &haki.Person{FullName: "Otieno Kamau", Sex: "male", EstimatedAge: &age},
			Act: haki.Act{ActType: "ill_treatment", Method: "shooting", VictimStatus: "injured", VictimAge: &age}}},
		Reliability: "probably_true",
		Version:     version,
	}
}

func reportCase(victim int) *haki.ReportCase {
	return &haki.ReportCase{ClientVictim: victim, ClientRelation: "survivor",
		Assessment: &haki.Assessment{ThreatLevel: "medium", SafeToCall: true, ContactMethod: "phone", Needs: []string{"legal"}}}
}

// tableCount counts the rows of a table.
func tableCount(t *testing.T, s *store.Store, table string) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPublicReportVerifyNewIncidentAndCase(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		reportStore(t, s)
		r := mustSubmit(t, s, fullReport(), "k1")
		dm := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		v := verification(r.Version)
		v.Case = reportCase(1)
		got, err := s.VerifyPublicReport(dm, r.ID, v)
		if err != nil {
			t.Fatalf("verify: %v %v", err, haki.ErrorFields(err))
		}
		if got.Status != "verified" || got.IncidentID == "" || got.CaseID == "" || got.Version != r.Version+1 {
			t.Fatalf("report: %+v", got)
		}
		inc, err := s.FindIncidentByID(dm, got.IncidentID)
		if err != nil || inc.Verification != "verified" || inc.Publishable || inc.VictimCount != 1 || inc.CountyCode != "KE-047" {
			t.Fatalf("incident: %+v %v", inc, err)
		}
		srcs, err := s.FindSources(dm, inc.ID)
		if err != nil || len(srcs) != 1 {
			t.Fatalf("sources: %v %v", srcs, err)
		}
		src := srcs[0]
		// Nothing the report said is lost: its words, the place, the harmed, the perpetrator.
		for _, want := range []string{r.Account, "Behind Kayole market", "Otieno Kamau", "Kayole police station", "KCA 123X", r.Ref} {
			if !strings.Contains(src.Description, want) {
				t.Errorf("source text lacks %q: %q", want, src.Description)
			}
		}
		// ...but the reporter's contact stays with the report.
		if strings.Contains(src.Description, "0712") || src.Kind != "public_report" || src.Reliability != "probably_true" ||
			src.Outlet != r.Ref || src.SourceDate.String() != "2026-03-10" {
			t.Errorf("source: %+v", src)
		}
		c, err := s.FindCaseByID(dm, got.CaseID)
		if err != nil || c.IntakeChannel != "public_report" || c.Status != "intake" || len(c.IncidentIDs) != 1 || c.IncidentIDs[0] != inc.ID ||
			c.ClientRelation != "survivor" || c.IntakeDate.Format("2006-01-02") != "2026-03-10" {
			t.Fatalf("case: %+v %v", c, err)
		}
		acts, err := s.FindActs(dm, inc.ID)
		if err != nil || len(acts) != 1 || acts[0].VictimID != c.ClientID || acts[0].ActType != "ill_treatment" {
			t.Fatalf("acts: %+v %v", acts, err)
		}
		// The report stays, linked, with everything it said.
		f, err := s.FindPublicReport(dm, r.ID)
		if err != nil || f.Report.Status != "verified" || f.IncidentRef != inc.Ref || f.CaseRef != c.Ref || f.Report.Account != r.Account ||
			f.Report.Contact.Address != "0712 345 678" {
			t.Fatalf("file: %+v %v", f, err)
		}
		es, err := s.FindAuditEntries(haki.SystemContext(context.Background()), haki.AuditFilter{Action: "verify", Entity: "public_report", Limit: 5})
		if err != nil || len(es) != 1 || es[0].EntityID != r.ID {
			t.Fatalf("audit: %v %v", es, err)
		}
		if strings.Contains(es[0].After, "Otieno") || strings.Contains(es[0].Before+es[0].After, "0712") {
			t.Errorf("audit entry in the clear: %s", es[0].After)
		}
		// Verified once; not twice, and triage no longer moves it.
		if _, err := s.VerifyPublicReport(dm, r.ID, verification(got.Version)); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Errorf("verify again: %v", err)
		}
		if err := s.SetPublicReportStatus(dm, r.ID, "new", "", "", 0); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Errorf("status after verifying: %v", err)
		}
	})
}

func TestPublicReportVerifyAsSourceOfIncident(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		reportStore(t, s)
		admin := storetest.As(storetest.MustUser(t, s, "admin", haki.RoleAdmin, ""))
		inc := &haki.Incident{Title: "Kayole shooting", Types: []string{"extrajudicial_execution"}, Occurred: haki.MustFuzzyDate("2026-03-08"),
			CountyCode: "KE-047", Verification: "being_verified"}
		if err := s.CreateIncident(admin, inc); err != nil {
			t.Fatal(err)
		}
		person := &haki.Person{FullName: "Achieng Wanjiru", Sex: "female"}
		if err := s.CreatePerson(admin, person); err != nil {
			t.Fatal(err)
		}
		r := mustSubmit(t, s, fullReport(), "k1")
		// A report kept as a duplicate can still be verified as a source.
		if err := s.SetPublicReportStatus(admin, r.ID, "duplicate", "", inc.Ref, 0); err != nil {
			t.Fatal(err)
		}
		v := haki.ReportVerification{IncidentID: inc.ID, Reliability: "confirmed", SourceKind: "witness",
			Victims: []haki.ReportVictim{{PersonID: person.ID, Act: haki.Act{ActType: "assault", VictimStatus: "injured"}}}}
		got, err := s.VerifyPublicReport(admin, r.ID, v)
		if err != nil {
			t.Fatalf("verify: %v %v", err, haki.ErrorFields(err))
		}
		if got.IncidentID != inc.ID || got.CaseID != "" || got.DuplicateOf != "" || got.Status != "verified" {
			t.Fatalf("report: %+v", got)
		}
		srcs, _ := s.FindSources(admin, inc.ID)
		acts, _ := s.FindActs(admin, inc.ID)
		if len(srcs) != 1 || srcs[0].Kind != "witness" || !strings.Contains(srcs[0].Description, r.Account) || len(acts) != 1 || acts[0].VictimID != person.ID {
			t.Fatalf("sources %+v acts %+v", srcs, acts)
		}
		// The incident's own verification is not the report's to change.
		after, _ := s.FindIncidentByID(admin, inc.ID)
		if after.Verification != "being_verified" || tableCount(t, s, "incidents") != 1 {
			t.Errorf("incident: %+v", after)
		}
	})
}

func TestPublicReportVerifyRefused(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		reportStore(t, s)
		r := mustSubmit(t, s, fullReport(), "k1")
		for _, role := range haki.Roles {
			if role.Can(haki.PermVerify) {
				continue
			}
			ctx := storetest.As(storetest.MustUser(t, s, "u_"+string(role), role, ""))
			_, err := s.VerifyPublicReport(ctx, r.ID, verification(r.Version))
			want := haki.ENOTFOUND // who may not triage learns nothing of the report
			if role.Can(haki.PermTriage) {
				want = haki.EFORBIDDEN // a monitor triages but does not verify
			}
			if haki.ErrorCode(err) != want {
				t.Errorf("%s: %v, want %s", role, err, want)
			}
		}
		if _, err := s.VerifyPublicReport(context.Background(), r.ID, verification(r.Version)); haki.ErrorCode(err) != haki.EUNAUTHORIZED {
			t.Errorf("no one: %v", err)
		}
		if n := tableCount(t, s, "incidents"); n != 0 {
			t.Errorf("%d incidents made by refused callers", n)
		}
		dm := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		if _, err := s.VerifyPublicReport(dm, r.ID, verification(r.Version+5)); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Errorf("stale version: %v", err)
		}
		if _, err := s.VerifyPublicReport(dm, "no-such-report", verification(0)); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("no such report: %v", err)
		}
	})
}

func TestPublicReportVerifyInvalid(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		reportStore(t, s)
		r := mustSubmit(t, s, fullReport(), "k1")
		dm := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		tables := []string{"incidents", "persons", "acts", "sources", "cases", "case_assessments", "public_report_notes"}
		counts := map[string]int{}
		for _, tb := range tables {
			counts[tb] = tableCount(t, s, tb)
		}
		second := haki.ReportVictim{PersonID: "00000000-0000-0000-0000-000000000000", Act: haki.Act{ActType: "assault", VictimStatus: "injured"}}
		bad := func(edit func(v *haki.ReportVerification)) haki.ReportVerification {
			v := verification(r.Version)
			v.Case = reportCase(1)
			edit(&v)
			return v
		}
		for _, c := range []struct {
			name  string
			v     haki.ReportVerification
			field string
		}{
			// The second victim is no one in the records: the incident, the
			// first victim and their act, made before, are undone too.
			{"unknown victim", bad(func(v *haki.ReportVerification) { v.Victims = append(v.Victims, second) }), "victims.1.person_id"},
			{"victim act type", bad(func(v *haki.ReportVerification) { v.Victims[0].Act.ActType = "dancing" }), "victims.0.act.act_type"},
			{"no incident", bad(func(v *haki.ReportVerification) { v.Incident = nil }), "incident_id"},
			{"both incidents", bad(func(v *haki.ReportVerification) { v.IncidentID = r.ID }), "incident_id"},
			{"unknown incident", bad(func(v *haki.ReportVerification) {
				v.Incident, v.IncidentID = nil, "00000000-0000-0000-0000-000000000000"
			}), "incident_id"},
			{"incident title", bad(func(v *haki.ReportVerification) { v.Incident.Title = "" }), "incident.title"},
			{"incident county", bad(func(v *haki.ReportVerification) { v.Incident.CountyCode = "KE-999" }), "incident.county_code"},
			{"no reliability", bad(func(v *haki.ReportVerification) { v.Reliability = "" }), "reliability"},
			{"client victim", bad(func(v *haki.ReportVerification) { v.Case.ClientVictim = 3 }), "case.client_id"},
			{"relation", bad(func(v *haki.ReportVerification) { v.Case.ClientRelation = "cousin" }), "case.client_relation"},
			{"threat", bad(func(v *haki.ReportVerification) { v.Case.Assessment.ThreatLevel = "" }), "case.assessment.threat_level"},
		} {
			_, err := s.VerifyPublicReport(dm, r.ID, c.v)
			if haki.ErrorCode(err) != haki.EINVALID || haki.ErrorFields(err)[c.field] == "" {
				t.Errorf("%s: %v %v", c.name, err, haki.ErrorFields(err))
			}
		}
		for _, tb := range tables {
			if n := tableCount(t, s, tb); n != counts[tb] {
				t.Errorf("%s: %d rows, had %d: a refused verification left something behind", tb, n, counts[tb])
			}
		}
		f, err := s.FindPublicReport(dm, r.ID)
		if err != nil || f.Report.Status != "new" || f.Report.Version != r.Version || f.Report.IncidentID != "" {
			t.Errorf("report after refusals: %+v %v", f.Report, err)
		}
	})
}
