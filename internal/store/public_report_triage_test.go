package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

func TestPublicReportAssign(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		reportStore(t, s)
		r := mustSubmit(t, s, fullReport(), "k")
		dm := storetest.MustUser(t, s, "dm", haki.RoleDataManager, "")
		monitor := storetest.MustUser(t, s, "monitor", haki.RoleMonitor, "")
		cw := storetest.MustUser(t, s, "cw", haki.RoleCaseworker, "")
		ctx := storetest.As(dm)
		if err := s.AssignPublicReport(ctx, r.ID, cw.ID, 1); haki.ErrorFields(err)["assigned_to"] == "" {
			t.Errorf("assigned to a caseworker: %v", err)
		}
		if err := s.AssignPublicReport(ctx, r.ID, monitor.ID, 1); err != nil {
			t.Fatal(err)
		}
		if err := s.AssignPublicReport(ctx, r.ID, dm.ID, 1); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Errorf("stale version: %v", err)
		}
		if err := s.AssignPublicReport(storetest.As(cw), r.ID, cw.ID, 2); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("a caseworker assigning: %v", err)
		}
		f, err := s.FindPublicReport(storetest.As(monitor), r.ID)
		if err != nil || f.Report.AssignedTo != monitor.ID || f.AssignedName == "" || f.Report.Version != 2 {
			t.Fatalf("after assign: %+v %v", f, err)
		}
		if err := s.AssignPublicReport(ctx, r.ID, "", 2); err != nil {
			t.Fatal(err)
		}
		es, err := s.FindAuditEntries(haki.SystemContext(context.Background()), haki.AuditFilter{EntityID: r.ID, Action: "assign"})
		if err != nil || len(es) != 2 || es[0].UserID != dm.ID || !strings.Contains(es[1].After, monitor.ID) {
			t.Errorf("audit: %v %v", es, err)
		}
	})
}

func TestPublicReportStatus(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		reportStore(t, s)
		r := mustSubmit(t, s, fullReport(), "k1")
		other := mustSubmit(t, s, fullReport(), "k2")
		dm := storetest.MustUser(t, s, "dm", haki.RoleDataManager, "")
		ctx := storetest.As(dm)
		inc := mustIncident(t, s, ctx, "Shooting in Kayole", "KE-047", "2026-03-08")
		for _, tc := range []struct {
			status, reason, dup string
			field               string
		}{
			{"verified", "", "", "status"},
			{"lost", "", "", "status"},
			{"rejected", "  ", "", "reason"},
			{"duplicate", "", "", "duplicate_of"},
			{"duplicate", "", "R-1999-000001", "duplicate_of"},
			{"duplicate", "", r.Ref, "duplicate_of"}, // itself
		} {
			if err := s.SetPublicReportStatus(ctx, r.ID, tc.status, tc.reason, tc.dup, 1); haki.ErrorFields(err)[tc.field] == "" {
				t.Errorf("%s %q %q: %v", tc.status, tc.reason, tc.dup, err)
			}
		}
		if err := s.SetPublicReportStatus(ctx, r.ID, "being_verified", "", "", 1); err != nil {
			t.Fatal(err)
		}
		if err := s.SetPublicReportStatus(ctx, r.ID, "duplicate", "", strings.ToLower(other.Ref), 2); err != nil {
			t.Fatal(err)
		}
		f, err := s.FindPublicReport(ctx, r.ID)
		if err != nil || f.Report.Status != "duplicate" || f.Report.DuplicateOf != other.ID || f.DuplicateRef != other.Ref {
			t.Fatalf("duplicate of a report: %+v %v", f, err)
		}
		if err := s.SetPublicReportStatus(ctx, r.ID, "duplicate", "", inc.Ref, 3); err != nil {
			t.Fatal(err)
		}
		if err := s.SetPublicReportStatus(ctx, other.ID, "rejected", "A prank: the caller said so.", "", 1); err != nil {
			t.Fatal(err)
		}
		f, err = s.FindPublicReport(ctx, r.ID)
		if err != nil || f.Report.DuplicateOf != inc.ID || f.DuplicateRef != inc.Ref {
			t.Fatalf("duplicate of an incident: %+v %v", f.Report, err)
		}
		// Rejected: the reason is kept as a note, sealed.
		f, err = s.FindPublicReport(ctx, other.ID)
		if err != nil || f.Report.Status != "rejected" || f.Report.DuplicateOf != "" || len(f.Notes) != 1 || f.Notes[0].Text != "A prank: the caller said so." {
			t.Fatalf("rejected: %+v %v", f, err)
		}
		// Back to being verified: a rejection can be undone.
		if err := s.SetPublicReportStatus(ctx, other.ID, "being_verified", "", "", 2); err != nil {
			t.Error(err)
		}
		es, err := s.FindAuditEntries(haki.SystemContext(context.Background()), haki.AuditFilter{EntityID: other.ID, Action: "status"})
		if err != nil || len(es) != 2 || !strings.Contains(es[1].After, "A prank") {
			t.Errorf("audit: %v %v", es, err)
		}
		// A monitor cannot name as the original an incident they may not see.
		monitor := storetest.As(storetest.MustUser(t, s, "monitor", haki.RoleMonitor, ""))
		if err := s.SetPublicReportStatus(monitor, other.ID, "duplicate", "", inc.Ref, 3); haki.ErrorFields(err)["duplicate_of"] == "" {
			t.Errorf("a hidden incident as original: %v", err)
		}
	})
}

func TestPublicReportNotesAndContacts(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		reportStore(t, s)
		wantsCall := mustSubmit(t, s, fullReport(), "k1")
		anonymous := fullReport()
		anonymous.Contact = haki.SafeContact{}
		mustSubmit(t, s, anonymous, "k2")
		monitor := storetest.MustUser(t, s, "monitor", haki.RoleMonitor, "")
		ctx := storetest.As(monitor)
		if err := s.AddPublicReportNote(ctx, wantsCall.ID, "Called the chief of Kayole: confirms a shooting."); err != nil {
			t.Fatal(err)
		}
		if err := s.AddPublicReportNote(ctx, wantsCall.ID, " "); haki.ErrorFields(err)["text"] == "" {
			t.Errorf("empty note: %v", err)
		}
		for _, tc := range []struct {
			id     string
			c      haki.ReportContact
			field  string
			reason string
		}{
			{anonymous.ID, haki.ReportContact{Method: "call", Outcome: "reached"}, "method", "anonymous"},
			{wantsCall.ID, haki.ReportContact{Method: "sms", Outcome: "message_left"}, "method", "another way"},
			{wantsCall.ID, haki.ReportContact{Method: "call", Outcome: "perhaps"}, "outcome", "bad outcome"},
			{wantsCall.ID, haki.ReportContact{Method: "call", Outcome: "no_answer", Note: "Tried at 6:30 pm, as asked."}, "", "as asked"},
		} {
			err := s.LogPublicReportContact(ctx, tc.id, tc.c)
			if tc.field == "" && err != nil || tc.field != "" && haki.ErrorFields(err)[tc.field] == "" {
				t.Errorf("%s: %v", tc.reason, err)
			}
		}
		cw := storetest.As(storetest.MustUser(t, s, "cw", haki.RoleCaseworker, ""))
		if err := s.AddPublicReportNote(cw, wantsCall.ID, "x"); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("a caseworker's note: %v", err)
		}
		f, err := s.FindPublicReport(ctx, wantsCall.ID)
		if err != nil || len(f.Notes) != 1 || f.Notes[0].AuthorID != monitor.ID || !strings.Contains(f.Notes[0].Text, "chief") ||
			len(f.Contacts) != 1 || f.Contacts[0].Outcome != "no_answer" || f.Contacts[0].Note != "Tried at 6:30 pm, as asked." || f.Contacts[0].ByName == "" {
			t.Fatalf("file: %+v %v", f, err)
		}
		for _, q := range []string{`SELECT body FROM public_report_notes`, `SELECT note FROM public_report_contacts`} {
			var raw string
			if err := s.DB().QueryRow(q).Scan(&raw); err != nil || strings.Contains(raw, "chief") || strings.Contains(raw, "6:30") {
				t.Errorf("%s: %q %v", q, raw, err)
			}
		}
		for _, entity := range []string{"public_report_note", "public_report_contact"} {
			es, err := s.FindAuditEntries(haki.SystemContext(context.Background()), haki.AuditFilter{Entity: entity})
			if err != nil || len(es) != 1 || es[0].UserID != monitor.ID {
				t.Errorf("audit of %s: %v %v", entity, es, err)
			}
		}
	})
}

func TestPublicReportDuplicates(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		reportStore(t, s)
		dm := storetest.MustUser(t, s, "dm", haki.RoleDataManager, "")
		ctx := storetest.As(dm)
		named := mustIncident(t, s, ctx, "Police shooting", "KE-047", "2026-03-06")
		victim := &haki.Person{FullName: "Otieno Kamau", Sex: "male"}
		if err := s.CreatePerson(ctx, victim); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateAct(ctx, &haki.Act{IncidentID: named.ID, VictimID: victim.ID, ActType: "killing", VictimStatus: "killed"}); err != nil {
			t.Fatal(err)
		}
		unnamed := mustIncident(t, s, ctx, "Another shooting", "KE-047", "2026-03-09")
		mustIncident(t, s, ctx, "Too early", "KE-047", "2026-03-01")
		mustIncident(t, s, ctx, "Elsewhere", "KE-001", "2026-03-08")

		r := mustSubmit(t, s, fullReport(), "k1") // Otieno Kamau, 8 March, Nairobi
		spelt := fullReport()
		spelt.Harmed[0].Name = "Otieno Kamao"
		spelt.Occurred = haki.FuzzyDate{}
		alike := mustSubmit(t, s, spelt, "k2") // no date: placed on the day it came, 10 March
		elsewhere := fullReport()
		elsewhere.CountyCode = "KE-001"
		mustSubmit(t, s, elsewhere, "k3")

		ds, err := s.PublicReportDuplicates(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range ds {
			got = append(got, d.Kind+":"+d.Ref)
		}
		want := []string{"report:" + alike.Ref, "incident:" + named.Ref, "incident:" + unnamed.Ref}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("suggestions %v, want %v (%+v)", got, want, ds)
		}
		if ds[0].Matches < 2 || ds[1].Matches < 2 || ds[2].Matches != 0 {
			t.Errorf("matches: %+v", ds)
		}
		// A monitor is shown only the incidents they may see: none of these.
		monitor := storetest.As(storetest.MustUser(t, s, "monitor", haki.RoleMonitor, ""))
		ds, err = s.PublicReportDuplicates(monitor, r.ID)
		if err != nil || len(ds) != 1 || ds[0].Kind != "report" {
			t.Errorf("monitor: %+v %v", ds, err)
		}
		if _, err := s.PublicReportDuplicates(storetest.As(storetest.MustUser(t, s, "cw", haki.RoleCaseworker, "")), r.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("caseworker: %v", err)
		}
	})
}
