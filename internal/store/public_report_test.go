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

// reportNow is the fixed clock of the public-report tests.
var reportNow = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

func reportStore(t *testing.T, s *store.Store) {
	t.Helper()
	now := reportNow
	s.Now = func() time.Time { return now }
}

func fullReport() *haki.PublicReport {
	return &haki.PublicReport{Channel: "web", Kind: "full", What: "shot", Types: []string{"extrajudicial_execution"},
		Occurred: haki.MustFuzzyDate("2026-03-08"), CountyCode: "KE-047", PlaceName: "Behind Kayole market",
		Account: "Officers shot Otieno Kamau near the market.", Language: "sw",
		Harmed:      []haki.ReportedPerson{{Name: "Otieno Kamau", Sex: "male", Age: "about 20", Fate: "killed"}},
		Perpetrator: haki.ReportedPerpetrator{Service: "kps", Station: "Kayole police station", Vehicle: "KCA 123X"},
		Contact:     haki.SafeContact{Method: "call", Address: "0712 345 678", When: "after 6 pm"}, WantsHelp: true}
}

func mustSubmit(tb testing.TB, s *store.Store, r *haki.PublicReport, key string) *haki.PublicReport {
	tb.Helper()
	if _, err := s.SubmitPublicReport(context.Background(), r, key); err != nil {
		tb.Fatalf("submit: %v %v", err, haki.ErrorFields(err))
	}
	return r
}

func TestPublicReportSubmit(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		reportStore(t, s)
		ctx := context.Background()
		r := fullReport()
		created, err := s.SubmitPublicReport(ctx, r, "phone-key-1")
		if err != nil || !created {
			t.Fatalf("submit: %v %v %v", created, err, haki.ErrorFields(err))
		}
		if r.Ref != "R-2026-000001" || r.Status != "new" || !r.ReceivedAt.Equal(reportNow) {
			t.Errorf("new report: %s %s %s", r.Ref, r.Status, r.ReceivedAt)
		}
		// Sent again (the phone lost the answer): the first report, not a second,
		// and nothing of its content handed to whoever holds the key.
		again := &haki.PublicReport{Channel: "web", Kind: "alert", What: "taken", CountyCode: "KE-001"}
		created, err = s.SubmitPublicReport(ctx, again, "phone-key-1")
		if err != nil || created || again.ID != r.ID || again.Ref != r.Ref || again.Account != "" {
			t.Fatalf("resubmit: %v %v %+v", created, err, again)
		}
		// The identifying text is sealed in the database.
		for _, col := range []string{"body", "contact"} {
			var raw string
			if err := s.DB().QueryRow(`SELECT ` + col + ` FROM public_reports WHERE id = '` + r.ID + `'`).Scan(&raw); err != nil {
				t.Fatal(err)
			}
			for _, canary := range []string{"Otieno", "Kayole", "0712", "KCA"} {
				if strings.Contains(raw, canary) {
					t.Errorf("column %s holds %q in the clear", col, canary)
				}
			}
		}
		monitor := storetest.MustUser(t, s, "monitor", haki.RoleMonitor, "")
		f, err := s.FindPublicReport(storetest.As(monitor), r.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := f.Report
		if got.Account != r.Account || len(got.Harmed) != 1 || got.Harmed[0].Name != "Otieno Kamau" || got.Perpetrator.Vehicle != "KCA 123X" ||
			got.Contact.Address != "0712 345 678" || got.PlaceName != "Behind Kayole market" || got.Language != "sw" || !got.WantsHelp ||
			got.Occurred != r.Occurred || strings.Join(got.Types, ",") != "extrajudicial_execution" || got.Perpetrator.Service != "kps" {
			t.Errorf("read back: %+v", got)
		}
		if len(f.Notes) != 0 || len(f.Contacts) != 0 {
			t.Errorf("file: %+v", f)
		}
		// Opening it is an identity read, audited.
		es, err := s.FindAuditEntries(haki.SystemContext(ctx), haki.AuditFilter{Action: "view", UserID: monitor.ID, Limit: 10})
		if err != nil || len(es) != 1 || es[0].Entity != "public_report" || !strings.Contains(es[0].After, r.ID) {
			t.Fatalf("view entries: %v %v", es, err)
		}
		created2, err := s.SubmitPublicReport(ctx, &haki.PublicReport{Channel: "web", Kind: "alert", What: "taken"}, "phone-key-2")
		if haki.ErrorCode(err) != haki.EINVALID || haki.ErrorFields(err)["county_code"] == "" || created2 {
			t.Errorf("an alert from nowhere: %v", err)
		}
		if _, err := s.SubmitPublicReport(ctx, fullReport(), ""); haki.ErrorCode(err) != haki.EINVALID {
			t.Errorf("no key: %v", err)
		}
	})
}

func TestPublicReportVocabularyChecked(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		reportStore(t, s)
		r := fullReport()
		r.Types, r.Harmed[0].Sex, r.Perpetrator.Service, r.CountyCode, r.SubCountyCode = []string{"nope"}, "x", "army_of_none", "KE-999", "KE-001-01"
		_, err := s.SubmitPublicReport(context.Background(), r, "k")
		f := haki.ErrorFields(err)
		for _, field := range []string{"types", "harmed.0.sex", "perpetrator.service", "county_code", "subcounty_code"} {
			if f[field] == "" {
				t.Errorf("no problem with %s: %v", field, f)
			}
		}
		var n int
		if err := s.DB().QueryRow(`SELECT COUNT(*) FROM public_reports`).Scan(&n); err != nil || n != 0 {
			t.Errorf("a refused report left %d rows (%v)", n, err)
		}
	})
}

func TestPublicReportVisibility(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		reportStore(t, s)
		r := mustSubmit(t, s, fullReport(), "k1")
		for _, role := range haki.Roles {
			u := storetest.MustUser(t, s, "u_"+string(role), role, "")
			ctx := storetest.As(u)
			_, err := s.FindPublicReport(ctx, r.ID)
			_, _, lerr := s.FindPublicReports(ctx, haki.PublicReportFilter{})
			_, cerr := s.CountPublicReportQueue(ctx)
			if role.Can(haki.PermTriage) {
				if err != nil || lerr != nil || cerr != nil {
					t.Errorf("%s: %v %v %v", role, err, lerr, cerr)
				}
				continue
			}
			if haki.ErrorCode(err) != haki.ENOTFOUND || haki.ErrorCode(lerr) != haki.EFORBIDDEN || haki.ErrorCode(cerr) != haki.EFORBIDDEN {
				t.Errorf("%s: %v %v %v", role, err, lerr, cerr)
			}
		}
		if _, err := s.FindPublicReport(context.Background(), r.ID); haki.ErrorCode(err) != haki.EUNAUTHORIZED {
			t.Errorf("no one signed in: %v", err)
		}
	})
}

func TestPublicReportSMSParts(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		reportStore(t, s)
		ctx := context.Background()
		sms := func(id, from, text string, at time.Duration) haki.InboundSMS {
			return haki.InboundSMS{GatewayID: id, From: from, To: "22384", Text: text, At: reportNow.Add(-time.Hour + at), Language: "sw"}
		}
		first, created, err := s.ReceiveSMS(ctx, sms("g1", "+254712000111", "Polisi wamemchukua", 0))
		if err != nil || !created || first.Channel != "sms" || first.Language != "sw" {
			t.Fatalf("first part: %+v %v %v", first, created, err)
		}
		// The next part, from the same phone written another way, 4 minutes later.
		second, created, err := s.ReceiveSMS(ctx, sms("g2", "0712 000 111", "kijana wetu Kayole", 4*time.Minute))
		if err != nil || created || second.ID != first.ID || second.Account != "Polisi wamemchukua\nkijana wetu Kayole" {
			t.Fatalf("second part: %+v %v %v", second, created, err)
		}
		// Delivered twice by the gateway: joined once.
		dup, created, err := s.ReceiveSMS(ctx, sms("g2", "0712 000 111", "kijana wetu Kayole", 4*time.Minute))
		if err != nil || created || dup.ID != first.ID || strings.Count(dup.Account, "Kayole") != 1 {
			t.Fatalf("redelivered: %+v %v %v", dup, created, err)
		}
		// Another sender: a report of their own.
		other, created, err := s.ReceiveSMS(ctx, sms("g3", "+254733000222", "Help", 5*time.Minute))
		if err != nil || !created || other.ID == first.ID {
			t.Fatalf("other sender: %v %v", created, err)
		}
		// The same sender over 10 minutes after their last part: a new report.
		late, created, err := s.ReceiveSMS(ctx, sms("g4", "+254712000111", "Another thing", 15*time.Minute))
		if err != nil || !created || late.ID == first.ID {
			t.Fatalf("late part: %v %v", created, err)
		}
		// Once triage took a report up, a new message does not change it.
		dm := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		if err := s.SetPublicReportStatus(dm, late.ID, "being_verified", "", "", late.Version); err != nil {
			t.Fatal(err)
		}
		after, created, err := s.ReceiveSMS(ctx, sms("g5", "+254712000111", "more", 16*time.Minute))
		if err != nil || !created || after.ID == late.ID {
			t.Fatalf("after triage: %v %v", created, err)
		}
		if _, _, err := s.ReceiveSMS(ctx, sms("g6", "", "text", 0)); haki.ErrorCode(err) != haki.EINVALID {
			t.Errorf("no sender: %v", err)
		}
		if _, _, err := s.ReceiveSMS(ctx, sms("g7", "+254712000111", "  ", 0)); haki.ErrorCode(err) != haki.EINVALID {
			t.Errorf("empty text: %v", err)
		}
		if s.SenderTag("+254712000111") != s.SenderTag("0712-000-111") || s.SenderTag("0712000111") == s.SenderTag("0712000112") {
			t.Error("sender tags do not follow the number")
		}
		if tag := s.SenderTag("0712000111"); strings.Contains(tag, "712000111") || tag == "" {
			t.Errorf("tag %q", tag)
		}
	})
}

func TestPublicReportQueue(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		now := reportNow
		s.Now = func() time.Time { return now }
		var ids []string
		for i := range 5 {
			now = reportNow.Add(time.Duration(i) * time.Hour)
			r := &haki.PublicReport{Channel: []string{"web", "ussd"}[i%2], Kind: "alert", What: "taken", CountyCode: "KE-047"}
			mustSubmit(t, s, r, "q"+string(rune('a'+i)))
			ids = append(ids, r.ID)
		}
		now = reportNow.Add(10 * time.Hour)
		dm := storetest.MustUser(t, s, "dm", haki.RoleDataManager, "")
		ctx := storetest.As(dm)
		if err := s.AssignPublicReport(ctx, ids[1], dm.ID, 1); err != nil {
			t.Fatal(err)
		}
		if err := s.SetPublicReportStatus(ctx, ids[2], "rejected", "A test message.", "", 1); err != nil {
			t.Fatal(err)
		}
		q, err := s.CountPublicReportQueue(ctx)
		if err != nil || q.New != 4 || q.BeingVerified != 0 || q.Waiting() != 4 || !q.Oldest.Equal(reportNow) {
			t.Fatalf("queue count: %+v %v", q, err)
		}
		page, next, err := s.FindPublicReports(ctx, haki.PublicReportFilter{Status: store.StatusOpen, Limit: 2})
		if err != nil || len(page) != 2 || next == "" || page[0].ID != ids[0] || page[0].Age != 10*time.Hour || page[0].AgeSeconds != 36000 {
			t.Fatalf("page 1: %+v %q %v", page, next, err)
		}
		if page[1].AssignedTo != dm.ID || page[1].AssignedName == "" {
			t.Errorf("assigned: %+v", page[1])
		}
		page2, next, err := s.FindPublicReports(ctx, haki.PublicReportFilter{Status: store.StatusOpen, Limit: 2, Cursor: next})
		if err != nil || len(page2) != 2 || next != "" || page2[0].ID != ids[3] || page2[1].ID != ids[4] {
			t.Fatalf("page 2: %+v %q %v", page2, next, err)
		}
		mine, _, err := s.FindPublicReports(ctx, haki.PublicReportFilter{AssignedTo: "me"})
		if err != nil || len(mine) != 1 || mine[0].ID != ids[1] {
			t.Errorf("mine: %+v %v", mine, err)
		}
		all, _, err := s.FindPublicReports(ctx, haki.PublicReportFilter{Channel: "ussd"})
		if err != nil || len(all) != 2 || all[0].ID != ids[3] {
			t.Errorf("ussd, newest first: %+v %v", all, err)
		}
		rejected, _, err := s.FindPublicReports(ctx, haki.PublicReportFilter{Status: "rejected"})
		if err != nil || len(rejected) != 1 || rejected[0].ID != ids[2] {
			t.Errorf("rejected: %+v %v", rejected, err)
		}
		if _, _, err := s.FindPublicReports(ctx, haki.PublicReportFilter{Status: "lost"}); haki.ErrorCode(err) != haki.EINVALID {
			t.Errorf("bad status: %v", err)
		}
	})
}

// TestNewVocabularySeededInOldDatabase: a database made before a vocabulary
// existed gets its terms when it is next migrated; the others are left as
// the administrator edited them.
func TestNewVocabularySeededInOldDatabase(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		if err := s.ExecForTest(context.Background(), `DELETE FROM terms WHERE vocab = 'alert_kind'`); err != nil {
			t.Fatal(err)
		}
		if err := s.ExecForTest(context.Background(), `DELETE FROM terms WHERE vocab = 'context' AND code = 'curfew'`); err != nil {
			t.Fatal(err)
		}
		if err := s.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		ctx := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		kinds, err := s.FindTerms(ctx, "alert_kind", false)
		if err != nil || len(kinds) != len(haki.AlertKinds) || kinds[0].LabelSW == "" {
			t.Fatalf("alert kinds: %v %v", kinds, err)
		}
		contexts, err := s.FindTerms(ctx, "context", false)
		if err != nil || len(contexts) != 9 {
			t.Errorf("context terms: %d %v (a deleted term came back)", len(contexts), err)
		}
	})
}
