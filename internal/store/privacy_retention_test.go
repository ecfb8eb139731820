package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestRetentionRun records what a human-rights organisation holds twelve
// years back, runs the retention periods, and checks that what passed its
// period lost its identities while holds kept theirs and every report
// figure still counts.
func TestRetentionRun(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
		clock := now.AddDate(-12, 0, 0)
		s.Now = func() time.Time { return clock }
		admin := storetest.As(storetest.MustUser(t, s, "admin", haki.RoleAdmin, ""))
		dm := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		sys := haki.SystemContext(context.Background())
		old := mustIncident(t, s, dm, "Old report", "KE-047", "2013-01-01")

		gone := mustPrivacyPerson(t, s, dm, "Achieng Gone", "female") // closed case, nothing else
		goneCase := mustClientCase(t, s, dm, gone, old, "closed")
		heldPerson := mustPrivacyPerson(t, s, dm, "Baraka Held", "male") // closed case, person on hold
		heldPersonCase := mustClientCase(t, s, dm, heldPerson, old, "closed")
		heldCaseClient := mustPrivacyPerson(t, s, dm, "Chebet Case", "female") // closed case on hold
		heldCase := mustClientCase(t, s, dm, heldCaseClient, old, "closed")
		current := mustPrivacyPerson(t, s, dm, "Daudi Current", "male") // closed case and an active one
		currentClosed := mustClientCase(t, s, dm, current, old, "closed")
		mustClientCase(t, s, dm, current, old, "active")
		inCourt := mustPrivacyPerson(t, s, dm, "Grace Court", "female") // closed case with a matter still in court
		inCourtCase := mustClientCase(t, s, dm, inCourt, old, "closed")
		if err := s.CreateMatter(admin, &haki.LegalMatter{CaseID: inCourtCase.ID, Court: "high_court", Kind: "constitutional_petition",
			Status: "preparing"}, "Counsel acts on the organisation's instructions."); err != nil {
			t.Fatal(err)
		}

		rumour := &haki.Incident{Title: "Rumour at Kayole stage", Types: []string{"torture"}, Occurred: haki.MustFuzzyDate("2013"),
			CountyCode: "KE-047", Verification: "unverified", Narrative: "Named witness saw it", PlaceName: "Kayole"}
		if err := s.CreateIncident(dm, rumour); err != nil {
			t.Fatal(err)
		}
		victim := mustPrivacyPerson(t, s, dm, "Esther Victim", "female")
		mustVictim(t, s, dm, rumour, victim)
		heldRumour := &haki.Incident{Title: "Held rumour", Types: []string{"torture"}, Occurred: haki.MustFuzzyDate("2013"),
			CountyCode: "KE-001", Verification: "unverified", Narrative: "kept"}
		if err := s.CreateIncident(dm, heldRumour); err != nil {
			t.Fatal(err)
		}
		heldVictim := mustPrivacyPerson(t, s, dm, "Faith Held", "female")
		mustVictim(t, s, dm, heldRumour, heldVictim)
		draft := &haki.IntakeDraft{Step: 1, Data: `{"note":"Halima called"}`}
		if err := s.CreateIntakeDraft(dm, draft); err != nil {
			t.Fatal(err)
		}

		clock = now
		for _, h := range []struct{ entity, id string }{{"person", heldPerson.ID}, {"case", heldCase.ID}, {"person", heldVictim.ID}} {
			if err := s.SetLegalHold(admin, h.entity, h.id, true, "petition pending"); err != nil {
				t.Fatal(err)
			}
		}
		figures := func() *haki.Report {
			r, err := s.Report(dm, "torture", haki.ReportFilter{From: time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC), To: now, SuppressBelow: 1})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		before := figures()

		if _, err := s.RunRetention(dm); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("a data manager ran retention: %v", err)
		}
		dry, err := s.FindRetentionDue(admin)
		if err != nil {
			t.Fatal(err)
		}
		ran, err := s.RunRetention(admin)
		if err != nil {
			t.Fatal(err)
		}
		byType := func(ds []haki.RetentionDue) map[string]haki.RetentionDue {
			out := map[string]haki.RetentionDue{}
			for _, d := range ds {
				out[d.RecordType] = d
			}
			return out
		}
		d, r := byType(dry), byType(ran)
		for _, tc := range []struct {
			recordType        string
			count, held, done int
		}{
			{haki.RetainClosedCase, 5, 4, 1},
			{haki.RetainUnverifiedIncident, 2, 1, 1},
			{haki.RetainIntakeDraft, 1, 0, 1},
		} {
			if got := r[tc.recordType]; got.Count != tc.count || got.Held != tc.held || got.Done != tc.done {
				t.Errorf("%s: ran %+v, want count %d held %d done %d", tc.recordType, got, tc.count, tc.held, tc.done)
			}
			if got := d[tc.recordType]; got.Count != tc.count || got.Held != tc.held || got.Done != 0 {
				t.Errorf("%s: dry run %+v", tc.recordType, got)
			}
		}
		if a := r[haki.RetainAuditLog]; a.Action != haki.RetentionReport || a.Done != 0 {
			t.Errorf("the audit log: %+v", a)
		}

		// The closed case's client is erased; the held ones are whole.
		for _, p := range []struct {
			person *haki.Person
			erased bool
		}{{gone, true}, {heldPerson, false}, {heldCaseClient, false}, {current, false}, {inCourt, false}, {victim, true}, {heldVictim, false}} {
			pv, err := s.FindPersonPrivacy(dm, p.person.ID)
			if err != nil {
				t.Fatal(err)
			}
			if pv.Erased() != p.erased {
				t.Errorf("%s: erased %v, want %v", p.person.FullName, pv.Erased(), p.erased)
			}
		}
		if c, err := s.FindCaseByID(admin, goneCase.ID); err != nil || c.Summary != "" {
			t.Errorf("the anonymised case: %+v, %v", c, err)
		}
		for _, id := range []string{heldPersonCase.ID, heldCase.ID, currentClosed.ID, inCourtCase.ID} {
			if c, err := s.FindCaseByID(admin, id); err != nil || c.Summary == "" {
				t.Errorf("a held case lost its summary: %+v, %v", c, err)
			}
		}
		if inc, err := s.FindIncidentByID(dm, rumour.ID); err != nil || inc.Title != "" || inc.Narrative != "" || inc.PlaceName != "" {
			t.Errorf("the anonymised incident: %+v, %v", inc, err)
		}
		if inc, err := s.FindIncidentByID(dm, heldRumour.ID); err != nil || inc.Narrative != "kept" {
			t.Errorf("the held incident: %+v, %v", inc, err)
		}
		if acts, err := s.FindActs(dm, rumour.ID); err != nil || len(acts) != 1 {
			t.Errorf("the anonymised incident's acts: %v, %v", acts, err)
		}

		// Statistics stay: the same figures, from the summary and the records.
		after := figures()
		if before.Victims != after.Victims || before.Incidents != after.Incidents || !reflect.DeepEqual(before.Tables, after.Tables) {
			t.Errorf("figures changed: %+v %+v -> %+v %+v", before.Victims, before.Incidents, after.Victims, after.Incidents)
		}
		if before.Victims.N != 2 {
			t.Errorf("the report counts %d victims, want the 2 of the unverified incidents", before.Victims.N)
		}
		if _, stale, err := s.VerifyReportSummary(sys); err != nil || len(stale) > 0 {
			t.Errorf("report summary after the run: %v %v", stale, err)
		}
		entries, err := s.FindAuditEntries(admin, haki.AuditFilter{Entity: "retention", Action: "run"})
		if err != nil || len(entries) != 1 {
			t.Errorf("the run's audit entry: %v %v", entries, err)
		}
		entries, err = s.FindAuditEntries(admin, haki.AuditFilter{Action: "anonymise"})
		if err != nil || len(entries) != 2 {
			t.Errorf("anonymise entries: %d %v", len(entries), err)
		}

		// A second run finds only what holds keep.
		again, err := s.RunRetention(admin)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range again {
			if a.Done != 0 || (a.Action == haki.RetentionAnonymise && a.Count != a.Held) {
				t.Errorf("second run: %+v", a)
			}
		}
	})
}

func TestRetentionSetYears(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		admin := storetest.As(storetest.MustUser(t, s, "admin", haki.RoleAdmin, ""))
		dm := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		tests := []struct {
			name       string
			ctx        context.Context
			recordType string
			years      int
			want       string
		}{
			{"admin", admin, haki.RetainIntakeDraft, 2, ""},
			{"data manager", dm, haki.RetainIntakeDraft, 2, haki.EFORBIDDEN},
			{"unknown type", admin, "persons", 2, haki.ENOTFOUND},
			{"zero", admin, haki.RetainClosedCase, 0, haki.EINVALID},
			{"too many", admin, haki.RetainClosedCase, 101, haki.EINVALID},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				if err := s.SetRetentionYears(tc.ctx, tc.recordType, tc.years); haki.ErrorCode(err) != tc.want {
					t.Errorf("got %v, want %q", err, tc.want)
				}
			})
		}
		due, err := s.FindRetentionDue(admin)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range due {
			if d.RecordType == haki.RetainIntakeDraft && d.Years != 2 {
				t.Errorf("intake drafts kept %d years after setting 2", d.Years)
			}
		}
	})
}
