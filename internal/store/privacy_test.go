package store_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

func mustPrivacyPerson(tb testing.TB, s *store.Store, ctx context.Context, name, sex string) *haki.Person {
	tb.Helper()
	// Every such person shares the test's phone and ID number, which the
	// leak tests look for: each is confirmed as someone else.
	p := &haki.Person{FullName: name, Sex: sex, Phone: "+254700000111", NationalID: "12345678", CountyCode: "KE-047",
		Notes: "notes about " + name, DuplicateOK: true}
	if err := s.CreatePerson(ctx, p); err != nil {
		tb.Fatalf("create person: %v", err)
	}
	return p
}

func mustVictim(tb testing.TB, s *store.Store, ctx context.Context, inc *haki.Incident, p *haki.Person) *haki.Act {
	tb.Helper()
	a := &haki.Act{IncidentID: inc.ID, VictimID: p.ID, ActType: "killing", Method: "shooting", VictimStatus: "killed"}
	if err := s.CreateAct(ctx, a); err != nil {
		tb.Fatalf("create act: %v", err)
	}
	return a
}

func mustClientCase(tb testing.TB, s *store.Store, ctx context.Context, client *haki.Person, inc *haki.Incident, status string) *haki.Case {
	tb.Helper()
	c := &haki.Case{ClientID: client.ID, ClientRelation: "survivor", IncidentIDs: []string{inc.ID}, IntakeDate: haki.Today(s.Now()).AddDate(0, 0, -3),
		IntakeChannel: "walk_in", Status: status, Summary: "summary for " + client.FullName}
	if status == "closed" {
		c.ClosureReason = "services_completed"
	}
	if err := s.CreateCase(ctx, c); err != nil {
		tb.Fatalf("create case: %v", err)
	}
	return c
}

// victimsBySex counts an incident's victims by sex, as statistics would.
func victimsBySex(tb testing.TB, s *store.Store, ctx context.Context, incidentID string) map[string]int {
	tb.Helper()
	acts, err := s.FindActs(ctx, incidentID)
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string]int{}
	for _, a := range acts {
		out[a.VictimSex]++
	}
	return out
}

func TestExportPerson(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		dm := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		inc := mustIncident(t, s, dm, "Shooting in Kayole", "KE-047", "2024-06-25")
		wanjiru := mustPrivacyPerson(t, s, dm, "Wanjiru Kamau", "female")
		otieno := mustPrivacyPerson(t, s, dm, "Otieno Ochieng", "male")
		mustVictim(t, s, dm, inc, wanjiru)
		mustVictim(t, s, dm, inc, otieno)
		mustClientCase(t, s, dm, wanjiru, inc, "active")
		mustClientCase(t, s, dm, otieno, inc, "active")

		x, err := s.ExportPerson(dm, wanjiru.ID, "json")
		if err != nil {
			t.Fatal(err)
		}
		if x.Person.FullName != "Wanjiru Kamau" || len(x.Acts) != 1 || len(x.Incidents) != 1 || len(x.Cases) != 1 {
			t.Fatalf("export: %+v", x)
		}
		if len(x.Audit) == 0 || x.Audit[0].Action != "create" {
			t.Errorf("audit trail: %+v", x.Audit)
		}
		b, _ := json.Marshal(x)
		for _, other := range []string{"Otieno", otieno.ID, "narrative of"} {
			if strings.Contains(string(b), other) {
				t.Errorf("the export holds %q", other)
			}
		}
		// The export itself is audited as a view of the person's identity.
		x2, err := s.ExportPerson(dm, wanjiru.ID, "pdf")
		if err != nil {
			t.Fatal(err)
		}
		last := x2.Audit[len(x2.Audit)-1]
		if last.Action != "view" || last.Purpose != "data export (json)" {
			t.Errorf("last activity = %+v", last)
		}
		// Caseworkers may not export.
		cw := storetest.As(storetest.MustUser(t, s, "cw", haki.RoleCaseworker, ""))
		if _, err := s.ExportPerson(cw, wanjiru.ID, "json"); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("caseworker export: %v", err)
		}
	})
}

func TestErasePerson(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		admin := storetest.As(storetest.MustUser(t, s, "admin", haki.RoleAdmin, ""))
		dm := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		inc := mustIncident(t, s, dm, "Shooting in Kayole", "KE-047", "2024-06-25")
		p := mustPrivacyPerson(t, s, dm, "Wanjiru Kamau", "female")
		other := mustPrivacyPerson(t, s, dm, "Otieno Ochieng", "male")
		victimAct := mustVictim(t, s, dm, inc, p)
		mustVictim(t, s, dm, inc, other)
		c := mustClientCase(t, s, dm, p, inc, "active")
		// Changes to the act and the case are audited too; their entries must
		// not keep the name either.
		if a, err := s.FindActByID(dm, victimAct.ID); err != nil {
			t.Fatal(err)
		} else if a.Method = "beating"; s.UpdateAct(dm, a) != nil {
			t.Fatal("update act")
		}
		if cc, err := s.FindCaseByID(dm, c.ID); err != nil {
			t.Fatal(err)
		} else if cc.Summary = "Moved to assessment."; s.UpdateCase(dm, cc) != nil {
			t.Fatal("update case")
		}
		p.FullName = "Wanjiru Njeri Kamau" // a correction, audited sealed
		if err := s.UpdatePerson(dm, p); err != nil {
			t.Fatal(err)
		}
		statsBefore := victimsBySex(t, s, dm, inc.ID)

		// A legal hold on the client's case blocks erasure; only admins set one.
		if err := s.SetLegalHold(dm, "case", c.ID, true, "appeal pending"); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("data manager sets hold: %v", err)
		}
		if err := s.SetLegalHold(admin, "case", c.ID, true, "appeal pending"); err != nil {
			t.Fatal(err)
		}
		if err := s.ErasePerson(dm, p.ID, "data subject's request"); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Fatalf("erase under hold: %v", err)
		}
		if err := s.SetLegalHold(admin, "case", c.ID, false, ""); err != nil {
			t.Fatal(err)
		}
		if err := s.SetLegalHold(admin, "person", p.ID, true, "inquest"); err != nil {
			t.Fatal(err)
		}
		if err := s.ErasePerson(dm, p.ID, "data subject's request"); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Fatalf("erase under person hold: %v", err)
		}
		if err := s.SetLegalHold(admin, "person", p.ID, false, ""); err != nil {
			t.Fatal(err)
		}
		if err := s.ErasePerson(dm, p.ID, ""); haki.ErrorFields(err)["reason"] == "" {
			t.Errorf("erase without reason: %v", err)
		}
		if err := s.ErasePerson(dm, p.ID, "data subject's request"); err != nil {
			t.Fatal(err)
		}

		got, err := s.FindPersonByID(dm, p.ID)
		if err != nil || got.FullName != "" || got.Phone != "" || !got.Redacted || got.Sex != "female" || got.CountyCode != "KE-047" {
			t.Errorf("person after erasure: %+v, %v", got, err)
		}
		pv, err := s.FindPersonPrivacy(dm, p.ID)
		if err != nil || !pv.Erased() {
			t.Errorf("privacy: %+v, %v", pv, err)
		}
		acts, err := s.FindActs(dm, inc.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range acts {
			if strings.Contains(a.VictimName, "Wanjiru") {
				t.Errorf("victim name still readable: %q", a.VictimName)
			}
		}
		if after := victimsBySex(t, s, dm, inc.ID); after["female"] != statsBefore["female"] || after["male"] != statsBefore["male"] {
			t.Errorf("statistics changed: %v -> %v", statsBefore, after)
		}
		for _, q := range []string{"Wanjiru", "Kamau", "12345678"} {
			found, _, err := s.FindPersons(dm, haki.PersonFilter{Text: q})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range found {
				if f.ID == p.ID {
					t.Errorf("search %q finds the erased person", q)
				}
			}
		}
		entries, err := s.FindAuditEntries(admin, haki.AuditFilter{Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if strings.Contains(e.Before+e.After, "Wanjiru") {
				t.Errorf("audit entry %d (%s %s) still names the person: %.300s", e.ID, e.Action, e.Entity, e.Before+e.After)
			}
		}
		if err := s.ErasePerson(dm, p.ID, "again"); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Errorf("second erasure: %v", err)
		}
		// The other person is untouched.
		if o, err := s.FindPersonByID(dm, other.ID); err != nil || o.FullName != "Otieno Ochieng" {
			t.Errorf("other person: %+v, %v", o, err)
		}
	})
}

func TestRetentionDryRun(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		now := time.Now()
		clock := now.AddDate(-12, 0, 0)
		s.Now = func() time.Time { return clock }
		admin := storetest.As(storetest.MustUser(t, s, "admin", haki.RoleAdmin, ""))
		dm := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		old := mustIncident(t, s, dm, "Old report", "KE-047", "2013-01-01")
		unverified := &haki.Incident{Title: "Rumour", Types: []string{"torture"}, Occurred: haki.MustFuzzyDate("2013"), CountyCode: "KE-001",
			Verification: "unverified"}
		if err := s.CreateIncident(dm, unverified); err != nil {
			t.Fatal(err)
		}
		p := mustPrivacyPerson(t, s, dm, "Akinyi Otieno", "female")
		closed := mustClientCase(t, s, dm, p, old, "closed")
		held := mustClientCase(t, s, dm, p, old, "closed")
		mustClientCase(t, s, dm, p, old, "active")
		clock = now
		unverifiedNew := &haki.Incident{Title: "Recent", Types: []string{"torture"}, Occurred: haki.MustFuzzyDate("2025"), CountyCode: "KE-001",
			Verification: "unverified"}
		if err := s.CreateIncident(dm, unverifiedNew); err != nil {
			t.Fatal(err)
		}
		if err := s.SetLegalHold(admin, "case", held.ID, true, "appeal"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindRetentionDue(dm); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("data manager: %v", err)
		}
		due, err := s.FindRetentionDue(admin)
		if err != nil {
			t.Fatal(err)
		}
		byType := map[string]haki.RetentionDue{}
		for _, d := range due {
			byType[d.RecordType] = d
		}
		if c := byType[haki.RetainClosedCase]; c.Count != 2 || c.Held != 2 || len(c.Refs) != 2 || (c.Refs[0] != closed.Ref && c.Refs[1] != closed.Ref) {
			t.Errorf("closed cases: %+v", c)
		}
		if u := byType[haki.RetainUnverifiedIncident]; u.Count != 1 || u.Refs[0] != unverified.Ref {
			t.Errorf("unverified incidents: %+v", u)
		}
		if a := byType[haki.RetainAuditLog]; a.Count == 0 || a.Years != 10 {
			t.Errorf("audit log: %+v", a)
		}
		// Both closed cases are held: one by its hold, the other because its
		// client still has an active case.
		// A shorter period brings the new audit entries in; nothing was removed.
		if err := s.SetRetentionYears(admin, haki.RetainUnverifiedIncident, 200); haki.ErrorFields(err)["years"] == "" {
			t.Errorf("200 years: %v", err)
		}
		if _, err := s.FindIncidentByID(dm, unverified.ID); err != nil {
			t.Errorf("the dry run removed something: %v", err)
		}
	})
}

func TestRegisterCoversEveryColumn(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		missing, err := s.UnclassifiedColumns(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(missing) > 0 {
			t.Errorf("columns not classified in privacy_register.go: %v", missing)
		}
		for _, f := range store.FieldClassification() {
			switch f.Class {
			case haki.ClassIdentifier, haki.ClassSensitive, haki.ClassOrdinary:
			default:
				t.Errorf("%s.%s: class %q", f.Table, f.Column, f.Class)
			}
		}
	})
}
