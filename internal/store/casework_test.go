package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// caseworkWorld is a team A with a caseworker, an assigned and an
// unassigned professional, a caseworker of team B, and the roles that see
// no cases; with an adult client's case, a child client's case and a
// sensitive case of team A.
type caseworkWorld struct {
	admin, dm, cw, cwB, prof, profAssigned, researcher, viewer context.Context
	adult, child                                               *haki.Person
	inc                                                        *haki.Incident
	adultCase, childCase, sensitive                            *haki.Case
}

func newCaseworkWorld(t *testing.T, s *store.Store) *caseworkWorld {
	t.Helper()
	teamA, teamB := storetest.MustTeam(t, s, "Nairobi"), storetest.MustTeam(t, s, "Mombasa")
	w := &caseworkWorld{
		admin:      storetest.As(storetest.MustUser(t, s, "admin", haki.RoleAdmin, "")),
		dm:         storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, "")),
		cw:         storetest.As(storetest.MustUser(t, s, "cw", haki.RoleCaseworker, teamA.ID)),
		cwB:        storetest.As(storetest.MustUser(t, s, "cwb", haki.RoleCaseworker, teamB.ID)),
		prof:       storetest.As(storetest.MustUser(t, s, "prof", haki.RoleProfessional, "")),
		researcher: storetest.As(storetest.MustUser(t, s, "researcher", haki.RoleResearcher, "")),
		viewer:     storetest.As(storetest.MustUser(t, s, "viewer", haki.RoleViewer, "")),
	}
	assigned := storetest.MustUser(t, s, "doctor", haki.RoleProfessional, "")
	w.profAssigned = storetest.As(assigned)
	w.inc = mustIncident(t, s, w.dm, "Beating at Kilimani", "KE-047", "2024-06-25")
	w.adult = &haki.Person{FullName: "Wanjiru Kamau", Sex: "female", BirthDate: haki.MustFuzzyDate("1990-04-02")}
	w.child = &haki.Person{FullName: "Baraka Otieno", Sex: "male", BirthDate: haki.MustFuzzyDate(time.Now().AddDate(-12, 0, 0).Format("2006-01-02"))}
	for _, p := range []*haki.Person{w.adult, w.child} {
		if err := s.CreatePerson(w.dm, p); err != nil {
			t.Fatal(err)
		}
	}
	open := func(client *haki.Person, sensitive bool, assignees ...string) *haki.Case {
		c := &haki.Case{ClientID: client.ID, ClientRelation: "survivor", IncidentIDs: []string{w.inc.ID}, IntakeDate: time.Now().AddDate(0, 0, -10),
			IntakeChannel: "walk_in", Status: "active", TeamID: teamA.ID, Sensitive: sensitive, AssigneeIDs: assignees}
		if err := s.CreateCase(w.dm, c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	w.adultCase = open(w.adult, false, assigned.ID)
	w.childCase = open(w.child, false)
	w.sensitive = open(w.adult, true)
	return w
}

func consent(caseID, purpose, decision string, on time.Time) *haki.Consent {
	return &haki.Consent{CaseID: caseID, Purpose: purpose, Decision: decision, DecidedOn: on, Method: "verbal", Language: "sw",
		Notes: "explained in Kiswahili"}
}

func TestConsents(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newCaseworkWorld(t, s)
		day := time.Now().AddDate(0, 0, -5).Truncate(24 * time.Hour)
		for _, c := range []*haki.Consent{
			consent(w.adultCase.ID, haki.ConsentCare, "given", day),
			consent(w.adultCase.ID, haki.ConsentPublication, "refused", day),
			consent(w.adultCase.ID, haki.ConsentPublication, "given", day.AddDate(0, 0, 2)),
		} {
			if err := s.RecordConsent(w.cw, c); err != nil {
				t.Fatal(err)
			}
		}
		history, err := s.FindConsents(w.cw, w.adultCase.ID)
		if err != nil || len(history) != 3 {
			t.Fatalf("history: %d, %v", len(history), err)
		}
		if history[0].Purpose != haki.ConsentPublication || history[0].Decision != "given" || history[0].Notes != "explained in Kiswahili" {
			t.Errorf("newest first: %+v", history[0])
		}
		inForce := store.ConsentsInForce(history)
		if inForce[haki.ConsentPublication].Decision != "given" || inForce[haki.ConsentCare].Decision != "given" || inForce[haki.ConsentSharing] != nil {
			t.Errorf("in force: %+v", inForce)
		}
		// A later withdrawal is in force.
		if err := s.RecordConsent(w.cw, consent(w.adultCase.ID, haki.ConsentPublication, "withdrawn", day.AddDate(0, 0, 3))); err != nil {
			t.Fatal(err)
		}
		history, _ = s.FindConsents(w.cw, w.adultCase.ID)
		if d := store.ConsentsInForce(history)[haki.ConsentPublication].Decision; d != "withdrawn" {
			t.Errorf("after withdrawal: %s", d)
		}

		// A child's consent needs a guardian.
		err = s.RecordConsent(w.cw, consent(w.childCase.ID, haki.ConsentCare, "given", day))
		if haki.ErrorFields(err)["guardian_name"] == "" {
			t.Errorf("child without guardian: %v", err)
		}
		withGuardian := consent(w.childCase.ID, haki.ConsentCare, "given", day)
		withGuardian.GuardianName, withGuardian.GuardianRelation = "Mary Otieno", "mother"
		if err := s.RecordConsent(w.cw, withGuardian); err != nil {
			t.Errorf("child with guardian: %v", err)
		}
		half := consent(w.childCase.ID, haki.ConsentCare, "given", day)
		half.GuardianName = "Mary Otieno"
		if haki.ErrorFields(s.RecordConsent(w.cw, half))["guardian_name"] == "" {
			t.Error("guardian without relation accepted")
		}

		for _, tc := range []struct {
			name  string
			c     *haki.Consent
			field string
		}{
			{"no purpose", consent(w.adultCase.ID, "", "given", day), "purpose"},
			{"bad decision", consent(w.adultCase.ID, haki.ConsentCare, "maybe", day), "decision"},
			{"future", consent(w.adultCase.ID, haki.ConsentCare, "given", time.Now().AddDate(0, 0, 5)), "decided_on"},
			{"form of another case", func() *haki.Consent {
				c := consent(w.adultCase.ID, haki.ConsentCare, "given", day)
				c.EvidenceID = "0190a0a0-0000-7000-8000-000000000000"
				return c
			}(), "evidence_id"},
		} {
			if got := haki.ErrorFields(s.RecordConsent(w.cw, tc.c)); got[tc.field] == "" {
				t.Errorf("%s: fields %v, want %s", tc.name, got, tc.field)
			}
		}

		// Who may see and record.
		for _, tc := range []struct {
			name string
			ctx  context.Context
			read string
		}{
			{"unassigned professional", w.prof, haki.ENOTFOUND},
			{"other team", w.cwB, haki.ENOTFOUND},
			{"researcher", w.researcher, haki.ENOTFOUND},
			{"viewer", w.viewer, haki.ENOTFOUND},
		} {
			if _, err := s.FindConsents(tc.ctx, w.adultCase.ID); haki.ErrorCode(err) != tc.read {
				t.Errorf("%s reads: %v", tc.name, err)
			}
		}
		if _, err := s.FindConsents(w.cw, w.sensitive.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("team's sensitive case: %v", err)
		}
		if _, err := s.FindConsents(w.profAssigned, w.adultCase.ID); err != nil {
			t.Errorf("assigned professional reads: %v", err)
		}
		if err := s.RecordConsent(w.profAssigned, consent(w.adultCase.ID, haki.ConsentCare, "given", day)); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("professional records: %v", err)
		}
		if err := s.RecordConsent(w.cwB, consent(w.adultCase.ID, haki.ConsentCare, "given", day)); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("other team records: %v", err)
		}

		// Each decision is on the timeline and in the audit log.
		events, err := s.FindCaseEvents(w.cw, w.adultCase.ID, haki.EventConsent)
		if err != nil || len(events) != 4 {
			t.Fatalf("consent events: %d, %v", len(events), err)
		}
		if events[0].Summary != "publication: withdrawn" {
			t.Errorf("newest consent line: %q", events[0].Summary)
		}
		entries, err := s.FindAuditEntries(w.admin, haki.AuditFilter{Entity: "consent", Limit: 50})
		if err != nil || len(entries) != 5 {
			t.Errorf("consent audit entries: %d, %v", len(entries), err)
		}
	})
}

// TestPublicationConsent: an incident is published only when every client
// it concerns gave publication consent, or an administrator overrides.
func TestPublicationConsent(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newCaseworkWorld(t, s)
		mustVictim(t, s, w.dm, w.inc, w.adult)
		publish := func(ctx context.Context, override string) error {
			inc, err := s.FindIncidentByID(w.dm, w.inc.ID)
			if err != nil {
				t.Fatal(err)
			}
			inc.Publishable, inc.OverrideReason = true, override
			return s.UpdateIncident(ctx, inc)
		}
		// The child's case is linked to the incident too: both clients count.
		if got := haki.ErrorFields(publish(w.dm, "")); got["consent"] == "" {
			t.Fatalf("no consent: %v", got)
		}
		if got := haki.ErrorFields(publish(w.dm, "The family asked us to publish")); got["override_reason"] == "" {
			t.Errorf("data manager override: %v", got)
		}
		if got := haki.ErrorFields(publish(w.admin, "too short")); got["override_reason"] == "" {
			t.Errorf("short override: %v", got)
		}
		if inc, _ := s.FindIncidentByID(w.dm, w.inc.ID); inc.Publishable {
			t.Fatal("refused publication was saved")
		}
		day := time.Now().AddDate(0, 0, -1)
		if err := s.RecordConsent(w.cw, consent(w.adultCase.ID, haki.ConsentPublication, "given", day)); err != nil {
			t.Fatal(err)
		}
		if got := haki.ErrorFields(publish(w.dm, "")); got["consent"] == "" {
			t.Errorf("the child's consent is still missing: %v", got)
		}
		if err := publish(w.admin, "Court ordered publication of the findings"); err != nil {
			t.Fatalf("admin override: %v", err)
		}
		entries, err := s.FindAuditEntries(w.admin, haki.AuditFilter{Action: "consent_override", Limit: 10})
		if err != nil || len(entries) != 1 || entries[0].EntityID != w.childCase.ID {
			t.Errorf("override audit: %+v, %v", entries, err)
		}
		events, _ := s.FindCaseEvents(w.dm, w.childCase.ID, haki.EventConsent)
		if len(events) != 1 || !strings.Contains(events[0].Summary, "Court ordered") {
			t.Errorf("override timeline: %+v", events)
		}

		// Victims who are nobody's client do not hold publication back.
		other := mustIncident(t, s, w.dm, "Killing reported in the press", "KE-001", "2024-02-01")
		stranger := mustPrivacyPerson(t, s, w.dm, "Hassan Ali", "male")
		mustVictim(t, s, w.dm, other, stranger)
		inc, _ := s.FindIncidentByID(w.dm, other.ID)
		inc.Publishable = true
		if err := s.UpdateIncident(w.dm, inc); err != nil {
			t.Errorf("media-monitored killing: %v", err)
		}
	})
}

func TestTimelineAndNotes(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newCaseworkWorld(t, s)
		if _, err := s.AddCaseNote(w.profAssigned, w.adultCase.ID, "Client seen at Kenyatta hospital."); err != nil {
			t.Fatalf("assigned professional: %v", err)
		}
		if _, err := s.AddCaseNote(w.cw, w.adultCase.ID, "Called the client."); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			ctx  context.Context
			want string
		}{
			{"unassigned professional", w.prof, haki.ENOTFOUND},
			{"other team", w.cwB, haki.ENOTFOUND},
			{"researcher", w.researcher, haki.EFORBIDDEN},
			{"viewer", w.viewer, haki.EFORBIDDEN},
		} {
			if _, err := s.AddCaseNote(tc.ctx, w.adultCase.ID, "note"); haki.ErrorCode(err) != tc.want {
				t.Errorf("%s writes: %v", tc.name, err)
			}
			if _, err := s.FindCaseEvents(tc.ctx, w.adultCase.ID, ""); haki.ErrorCode(err) != haki.ENOTFOUND {
				t.Errorf("%s reads: %v", tc.name, err)
			}
		}
		if _, err := s.AddCaseNote(w.cw, w.sensitive.ID, "note"); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("team's sensitive case: %v", err)
		}
		if _, err := s.AddCaseNote(w.cw, w.adultCase.ID, "   "); haki.ErrorFields(err)["body"] == "" {
			t.Errorf("empty note: %v", err)
		}
		all, err := s.FindCaseEvents(w.cw, w.adultCase.ID, "")
		if err != nil || len(all) != 3 {
			t.Fatalf("timeline: %d, %v", len(all), err)
		}
		if all[0].Kind != haki.EventNote || all[0].Summary != "Called the client." || all[0].CreatedByName == "" || all[2].Kind != haki.EventIntake {
			t.Errorf("timeline order: %+v", all)
		}
		notes, _ := s.FindCaseEvents(w.profAssigned, w.adultCase.ID, haki.EventNote)
		if len(notes) != 2 {
			t.Errorf("notes: %d", len(notes))
		}
		if _, err := s.FindCaseEvents(w.cw, w.adultCase.ID, "gossip"); haki.ErrorCode(err) != haki.EINVALID {
			t.Errorf("unknown kind: %v", err)
		}
		if entries, _ := s.FindAuditEntries(w.admin, haki.AuditFilter{Entity: "case_note", Limit: 10}); len(entries) != 2 {
			t.Errorf("note audit: %d", len(entries))
		}
	})
}

func assessment(caseID, level string, on time.Time) *haki.Assessment {
	return &haki.Assessment{CaseID: caseID, AssessedOn: on, ThreatLevel: level, ThreatenedBy: "officers of the local station",
		SafeToCall: false, SafeToText: true, SafeTimes: "weekdays 9-12", ContactMethod: "sms", Needs: []string{"medical", "legal"}}
}

func TestAssessments(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newCaseworkWorld(t, s)
		day := time.Now().AddDate(0, 0, -3).Truncate(24 * time.Hour)
		if err := s.RecordAssessment(w.cw, assessment(w.adultCase.ID, "high", day)); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordAssessment(w.cw, assessment(w.adultCase.ID, "low", day.AddDate(0, 0, 1))); err != nil {
			t.Fatal(err)
		}
		list, err := s.FindAssessments(w.profAssigned, w.adultCase.ID)
		if err != nil || len(list) != 2 || list[0].ThreatLevel != "low" || list[0].ThreatenedBy != "officers of the local station" {
			t.Fatalf("assessments: %+v, %v", list, err)
		}
		unsafe := assessment(w.adultCase.ID, "high", day)
		unsafe.ContactMethod = "phone"
		if haki.ErrorFields(s.RecordAssessment(w.cw, unsafe))["contact_method"] == "" {
			t.Error("phone contact though calling is not safe")
		}
		if err := s.RecordAssessment(w.profAssigned, assessment(w.adultCase.ID, "low", day)); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("professional records: %v", err)
		}
		for _, ctx := range []context.Context{w.prof, w.cwB, w.researcher, w.viewer} {
			if _, err := s.FindAssessments(ctx, w.adultCase.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
				t.Errorf("read: %v", err)
			}
		}
		if ev, _ := s.FindCaseEvents(w.cw, w.adultCase.ID, haki.EventAssessment); len(ev) != 2 || ev[0].Summary != "threat: low" {
			t.Errorf("assessment timeline: %+v", ev)
		}
	})
}

// TestCaseworkErasure: erasing a client empties the sealed words of their
// consents, assessments and timeline, and keeps the records for statistics.
func TestCaseworkErasure(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newCaseworkWorld(t, s)
		day := time.Now().AddDate(0, 0, -2)
		c := consent(w.childCase.ID, haki.ConsentCare, "given", day)
		c.GuardianName, c.GuardianRelation = "Mary Otieno", "mother"
		if err := s.RecordConsent(w.cw, c); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordAssessment(w.cw, assessment(w.childCase.ID, "high", day)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddCaseNote(w.cw, w.childCase.ID, "Mother fears the OCS."); err != nil {
			t.Fatal(err)
		}
		if err := s.ErasePerson(w.dm, w.child.ID, "data subject's request"); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{
			`SELECT COUNT(*) FROM consents WHERE case_id = ? AND (guardian_name <> '' OR notes <> '')`,
			`SELECT COUNT(*) FROM case_assessments WHERE case_id = ? AND (threatened_by <> '' OR safe_times <> '' OR notes <> '')`,
			`SELECT COUNT(*) FROM case_events WHERE case_id = ? AND summary <> ''`,
		} {
			var n int
			if err := s.DB().QueryRow(rebind(s, q), w.childCase.ID).Scan(&n); err != nil || n != 0 {
				t.Errorf("%s: %d left, %v", q, n, err)
			}
		}
		history, err := s.FindConsents(w.dm, w.childCase.ID)
		if err != nil || len(history) != 1 || history[0].GuardianName != "" || history[0].Decision != "given" {
			t.Errorf("consents after erasure: %+v, %v", history, err)
		}
		list, err := s.FindAssessments(w.dm, w.childCase.ID)
		if err != nil || len(list) != 1 || list[0].ThreatLevel != "high" || list[0].ThreatenedBy != "" {
			t.Errorf("assessments after erasure: %+v, %v", list, err)
		}
	})
}

// rebind writes ? placeholders as $n for PostgreSQL.
func rebind(s *store.Store, q string) string {
	if s.Dialect() != "postgres" {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + string(rune('0'+n)))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func TestChangeCaseStatus(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newCaseworkWorld(t, s)
		id := w.adultCase.ID
		if got := haki.ErrorFields(s.ChangeCaseStatus(w.cw, id, 1, "closed", "", "")); got["closure_reason"] == "" {
			t.Errorf("closed without reason: %v", got)
		}
		if got := haki.ErrorFields(s.ChangeCaseStatus(w.cw, id, 1, "paused", "", "")); got["status"] == "" {
			t.Errorf("unknown status: %v", got)
		}
		if got := haki.ErrorFields(s.ChangeCaseStatus(w.cw, id, 1, "active", "", "")); got["status"] == "" {
			t.Errorf("same status: %v", got)
		}
		if err := s.ChangeCaseStatus(w.cw, id, 1, "closed", "lost_to_follow_up", ""); err != nil {
			t.Fatal(err)
		}
		if err := s.ChangeCaseStatus(w.cw, id, 1, "active", "", "Client came back"); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Errorf("stale version: %v", err)
		}
		if got := haki.ErrorFields(s.ChangeCaseStatus(w.cw, id, 2, "active", "", " ")); got["reason"] == "" {
			t.Errorf("reopen without reason: %v", got)
		}
		if err := s.ChangeCaseStatus(w.cw, id, 2, "active", "", "Client came back after threats stopped"); err != nil {
			t.Fatal(err)
		}
		c, _ := s.FindCaseByID(w.cw, id)
		if c.Status != "active" || c.ClosureReason != "" || c.Version != 3 {
			t.Errorf("case: %s %s v%d", c.Status, c.ClosureReason, c.Version)
		}
		ev, _ := s.FindCaseEvents(w.cw, id, haki.EventStatus)
		if len(ev) != 2 || ev[0].Summary != "closed → active: Client came back after threats stopped" || ev[1].Summary != "active → closed (lost_to_follow_up)" {
			t.Errorf("status timeline: %+v", ev)
		}
		if entries, _ := s.FindAuditEntries(w.admin, haki.AuditFilter{Action: "status", EntityID: id, Limit: 10}); len(entries) != 2 {
			t.Errorf("status audit: %d", len(entries))
		}
		for _, tc := range []struct {
			ctx  context.Context
			want string
		}{{w.profAssigned, haki.EFORBIDDEN}, {w.cwB, haki.ENOTFOUND}, {w.researcher, haki.EFORBIDDEN}} {
			if err := s.ChangeCaseStatus(tc.ctx, id, 3, "on_hold", "", ""); haki.ErrorCode(err) != tc.want {
				t.Errorf("status change: %v, want %s", err, tc.want)
			}
		}
	})
}

func goodIntake(w *caseworkWorld) *haki.Intake {
	day := time.Now().AddDate(0, 0, -1).Truncate(24 * time.Hour)
	return &haki.Intake{
		NewClient:   &haki.Person{FullName: "Akinyi Odhiambo", Sex: "female", BirthDate: haki.MustFuzzyDate("1985")},
		IncidentIDs: []string{w.inc.ID},
		NewIncident: &haki.Incident{Title: "Beaten at Kayole police post", Types: []string{"torture"}, Occurred: haki.MustFuzzyDate("2024-05"),
			CountyCode: "KE-047"},
		Consents: []haki.Consent{
			{Purpose: haki.ConsentCare, Decision: "given", DecidedOn: day, Method: "signed_form", Language: "sw"},
			{Purpose: haki.ConsentPublication, Decision: "refused", DecidedOn: day, Method: "signed_form", Language: "sw"},
		},
		Assessment: &haki.Assessment{AssessedOn: day, ThreatLevel: "medium", ThreatenedBy: "officers at the post", SafeToText: true,
			ContactMethod: "sms", Needs: []string{"medical", "protection"}},
		Case: haki.Case{ClientRelation: "survivor", IntakeDate: day, IntakeChannel: "hotline", Summary: "Referred by a neighbour."},
	}
}

func TestFinishIntake(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newCaseworkWorld(t, s)
		countPersons := func() int {
			ps, _, err := s.FindPersons(w.dm, haki.PersonFilter{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			return len(ps)
		}
		before := countPersons()

		// A problem found inside the transaction leaves nothing behind.
		bad := goodIntake(w)
		bad.Case.IntakeChannel = "carrier_pigeon"
		err := func() error { _, err := s.FinishIntake(w.cw, bad, ""); return err }()
		if got := haki.ErrorFields(err); got["case.intake_channel"] == "" {
			t.Fatalf("bad channel: %v", err)
		}
		if countPersons() != before {
			t.Error("a failed intake left a person")
		}
		if incs, _, _ := s.FindIncidents(w.dm, haki.IncidentFilter{}); len(incs) != 1 {
			t.Errorf("a failed intake left an incident: %d", len(incs))
		}
		minor := goodIntake(w)
		minor.NewClient.BirthDate = haki.MustFuzzyDate(time.Now().AddDate(-15, 0, 0).Format("2006-01-02"))
		if _, err := s.FinishIntake(w.cw, minor, ""); haki.ErrorFields(err)["consent.care.guardian_name"] == "" {
			t.Errorf("minor without guardian: %v", err)
		}
		if got := haki.ErrorFields(func() error { _, err := s.FinishIntake(w.cw, &haki.Intake{}, ""); return err }()); got["client_id"] == "" ||
			got["assessment.threat_level"] == "" || got["case.intake_channel"] == "" || haki.IntakeStep("case.intake_channel") != 5 {
			t.Errorf("empty intake: %v", got)
		}
		if _, err := s.FinishIntake(w.profAssigned, goodIntake(w), ""); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("professional: %v", err)
		}

		// A draft, then the whole intake at once.
		d := &haki.IntakeDraft{Step: 2, Data: `{"name":"Akinyi"}`}
		if err := s.CreateIntakeDraft(w.cw, d); err != nil {
			t.Fatal(err)
		}
		var raw string
		if err := s.DB().QueryRow(rebind(s, `SELECT data FROM intake_drafts WHERE id = ?`), d.ID).Scan(&raw); err != nil || strings.Contains(raw, "Akinyi") {
			t.Errorf("draft stored in clear: %q %v", raw, err)
		}
		c, err := s.FinishIntake(w.cw, goodIntake(w), d.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.FindCaseByID(w.cw, c.ID)
		if err != nil || got.ClientName != "Akinyi Odhiambo" || len(got.IncidentIDs) != 2 || got.Status != "intake" || got.CaseworkerID == "" {
			t.Fatalf("case: %+v, %v", got, err)
		}
		history, _ := s.FindConsents(w.cw, c.ID)
		inForce := store.ConsentsInForce(history)
		if len(history) != 2 || inForce[haki.ConsentPublication].Decision != "refused" {
			t.Errorf("consents: %+v", history)
		}
		if as, _ := s.FindAssessments(w.cw, c.ID); len(as) != 1 || as[0].ThreatenedBy != "officers at the post" || len(as[0].Needs) != 2 {
			t.Errorf("assessment: %+v", as)
		}
		if ev, _ := s.FindCaseEvents(w.cw, c.ID, ""); len(ev) != 4 {
			t.Errorf("timeline: %d lines", len(ev))
		}
		if _, err := s.FindIntakeDraft(w.cw, d.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("draft kept after finishing: %v", err)
		}
	})
}

func TestIntakeDrafts(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newCaseworkWorld(t, s)
		d := &haki.IntakeDraft{Step: 1, Data: `{"q":"x"}`}
		if err := s.CreateIntakeDraft(w.cw, d); err != nil {
			t.Fatal(err)
		}
		d.Step, d.Data = 3, `{"q":"y"}`
		if err := s.UpdateIntakeDraft(w.cw, d); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindIntakeDraft(w.cw, d.ID)
		if err != nil || got.Step != 3 || got.Data != `{"q":"y"}` {
			t.Fatalf("draft: %+v, %v", got, err)
		}
		if _, err := s.FindIntakeDraft(w.admin, d.ID); err != nil {
			t.Errorf("admin: %v", err)
		}
		for _, ctx := range []context.Context{w.cwB, w.dm, w.prof, w.viewer} {
			if _, err := s.FindIntakeDraft(ctx, d.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
				t.Errorf("other user reads the draft: %v", err)
			}
		}
		if err := s.UpdateIntakeDraft(w.cwB, d); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("other user updates: %v", err)
		}
		if err := s.DeleteIntakeDraft(w.dm, d.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("other user deletes: %v", err)
		}
		if mine, _ := s.FindIntakeDrafts(w.cw); len(mine) != 1 {
			t.Errorf("mine: %d", len(mine))
		}
		if theirs, _ := s.FindIntakeDrafts(w.cwB); len(theirs) != 0 {
			t.Errorf("theirs: %d", len(theirs))
		}
		if err := s.UpdateIntakeDraft(w.cw, &haki.IntakeDraft{ID: d.ID, Step: 9}); haki.ErrorFields(err)["step"] == "" {
			t.Errorf("step 9: %v", err)
		}
		if err := s.DeleteIntakeDraft(w.cw, d.ID); err != nil {
			t.Fatal(err)
		}
		if mine, _ := s.FindIntakeDrafts(w.cw); len(mine) != 0 {
			t.Errorf("after discard: %d", len(mine))
		}
	})
}
