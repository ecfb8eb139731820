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

// mustProfessional adds a professional to the directory as ctx's user.
func mustProfessional(t *testing.T, s *store.Store, ctx context.Context, name, profession, availability, userID string, counties ...string) *haki.Professional {
	t.Helper()
	p := &haki.Professional{Name: name, Profession: profession, Availability: availability, Counties: counties, UserID: userID,
		Languages: []string{"en", "sw"}, Phone: "+254 700 111222", Email: "doc@example.org", LicenceNumber: "KMPDC-1",
		Trainings: []haki.Training{{Name: "Istanbul Protocol", AttendedOn: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)}}}
	if err := s.CreateProfessional(ctx, p); err != nil {
		t.Fatalf("create professional: %v", err)
	}
	return p
}

func TestProfessionalDirectory(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		dm := storetest.As(w.dm)
		doc := mustProfessional(t, s, dm, "Dr Achieng Otieno", "doctor", "available", w.prof.ID, "KE-047", "KE-001")
		law := mustProfessional(t, s, dm, "Mwangi Kamau", "lawyer", "limited", "", "KE-047")
		mustProfessional(t, s, dm, "Dr Hassan Ali", "doctor", "unavailable", "", "KE-001")

		got, err := s.FindProfessionalByID(storetest.As(w.cwA), doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Phone != "+254 700 111222" || got.Email != "doc@example.org" || len(got.Counties) != 2 || len(got.Trainings) != 1 ||
			got.UserID != w.prof.ID || strings.Join(got.Languages, ",") != "en,sw" {
			t.Errorf("read back %+v", got)
		}
		// Contact sealed in the database and in the audit log.
		var phone, email, after string
		if err := s.DB().QueryRow(`SELECT phone, email FROM professionals WHERE id = '`+doc.ID+`'`).Scan(&phone, &email); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(phone, "v1:") || !strings.HasPrefix(email, "v1:") {
			t.Errorf("contact stored as %q %q", phone, email)
		}
		if err := s.DB().QueryRow(`SELECT after_json FROM audit_log WHERE entity = 'professional' AND entity_id = '` + doc.ID + `'`).Scan(&after); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(after, "111222") || !strings.Contains(after, "sealed:") {
			t.Errorf("audit after = %.80s", after)
		}

		for name, tc := range map[string]struct {
			f    haki.ProfessionalFilter
			want int
		}{
			"all":            {haki.ProfessionalFilter{}, 3},
			"county":         {haki.ProfessionalFilter{County: "KE-047"}, 2},
			"profession":     {haki.ProfessionalFilter{Profession: "doctor"}, 2},
			"both":           {haki.ProfessionalFilter{County: "KE-001", Profession: "doctor"}, 2},
			"availability":   {haki.ProfessionalFilter{Availability: "limited"}, 1},
			"name":           {haki.ProfessionalFilter{Text: "achieng"}, 1},
			"nobody":         {haki.ProfessionalFilter{County: "KE-030"}, 0},
			"page of one":    {haki.ProfessionalFilter{Limit: 1}, 1},
			"county and law": {haki.ProfessionalFilter{County: "KE-001", Profession: "lawyer"}, 0},
		} {
			ps, _, err := s.FindProfessionals(dm, tc.f)
			if err != nil || len(ps) != tc.want {
				t.Errorf("%s: %d professionals, want %d (%v)", name, len(ps), tc.want, err)
			}
		}
		first, next, err := s.FindProfessionals(dm, haki.ProfessionalFilter{Limit: 2})
		if err != nil || next == "" || len(first) != 2 {
			t.Fatalf("first page: %d %q %v", len(first), next, err)
		}
		rest, next2, err := s.FindProfessionals(dm, haki.ProfessionalFilter{Limit: 2, Cursor: next})
		if err != nil || next2 != "" || len(rest) != 1 || rest[0].ID == first[0].ID || rest[0].ID == first[1].ID {
			t.Errorf("second page: %v %q %v", rest, next2, err)
		}

		// Update with versions.
		law.Availability, law.Version = "available", 1
		if err := s.UpdateProfessional(dm, law); err != nil {
			t.Fatal(err)
		}
		law.Version = 1
		if err := s.UpdateProfessional(dm, law); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Errorf("stale update: %v", err)
		}

		cov, err := s.FindCoverage(storetest.As(w.cwA))
		if err != nil {
			t.Fatal(err)
		}
		if len(cov.Counties) != 47 {
			t.Errorf("%d counties", len(cov.Counties))
		}
		if c := cov.Cell("KE-047", "doctor"); c.Available != 1 {
			t.Errorf("Nairobi doctors %+v", c)
		}
		if c := cov.Cell("KE-047", "lawyer"); c.Available != 1 {
			t.Errorf("Nairobi lawyers %+v", c)
		}
		if c := cov.Cell("KE-001", "doctor"); c.Available != 1 {
			t.Errorf("Mombasa doctors %+v (the unavailable one must not count)", c)
		}
		if gaps := cov.Gaps(); gaps["doctor"] != 45 || gaps["psychiatrist"] != 47 {
			t.Errorf("gaps %v", gaps)
		}

		me, err := s.FindMyProfessional(storetest.As(w.prof))
		if err != nil || me.ID != doc.ID {
			t.Errorf("my professional: %v %v", me, err)
		}
		if _, err := s.FindMyProfessional(storetest.As(w.cwA)); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("caseworker's own professional: %v", err)
		}
	})
}

func TestProfessionalRules(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		dm := storetest.As(w.dm)
		mustProfessional(t, s, dm, "Dr Achieng", "doctor", "available", w.prof.ID, "KE-047")
		for name, tc := range map[string]struct {
			ctx   context.Context
			p     haki.Professional
			code  string
			field string
		}{
			"caseworker may not edit": {storetest.As(w.cwA), haki.Professional{Name: "X", Profession: "doctor", Availability: "available",
				Counties: []string{"KE-047"}}, haki.EFORBIDDEN, ""},
			"no name": {dm, haki.Professional{Profession: "doctor", Availability: "available", Counties: []string{"KE-047"}}, haki.EINVALID, "name"},
			"bad profession": {dm, haki.Professional{Name: "X", Profession: "pilot", Availability: "available", Counties: []string{"KE-047"}},
				haki.EINVALID, "profession"},
			"no county": {dm, haki.Professional{Name: "X", Profession: "doctor", Availability: "available"}, haki.EINVALID, "counties"},
			"unknown county": {dm, haki.Professional{Name: "X", Profession: "doctor", Availability: "available", Counties: []string{"KE-099"}},
				haki.EINVALID, "counties"},
			"bad phone": {dm, haki.Professional{Name: "X", Profession: "doctor", Availability: "available", Counties: []string{"KE-047"},
				Phone: "call me"}, haki.EINVALID, "phone"},
			"account taken": {dm, haki.Professional{Name: "X", Profession: "doctor", Availability: "available", Counties: []string{"KE-047"},
				UserID: w.prof.ID}, haki.EINVALID, "user_id"},
			"account not a professional": {dm, haki.Professional{Name: "X", Profession: "doctor", Availability: "available",
				Counties: []string{"KE-047"}, UserID: w.cwA.ID}, haki.EINVALID, "user_id"},
		} {
			err := s.CreateProfessional(tc.ctx, &tc.p)
			if haki.ErrorCode(err) != tc.code || (tc.field != "" && haki.ErrorFields(err)[tc.field] == "") {
				t.Errorf("%s: %v", name, err)
			}
		}
		ps, _, err := s.FindProfessionals(dm, haki.ProfessionalFilter{})
		if err != nil || len(ps) != 1 {
			t.Errorf("failed writes left %d professionals (%v)", len(ps), err)
		}
		for _, u := range []*haki.User{w.prof, w.res, w.view, w.mon} {
			if _, _, err := s.FindProfessionals(storetest.As(u), haki.ProfessionalFilter{}); haki.ErrorCode(err) != haki.EFORBIDDEN {
				t.Errorf("%s lists the directory: %v", u.Role, err)
			}
			if _, err := s.FindProfessionalByID(storetest.As(u), ps[0].ID); haki.ErrorCode(err) != haki.ENOTFOUND {
				t.Errorf("%s opens a professional: %v", u.Role, err)
			}
		}
	})
}

func TestPartners(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		dm := storetest.As(w.dm)
		p := &haki.Partner{Name: "Independent Policing Oversight Authority", Kind: "ipoa", CountyCode: "KE-047", Contact: "complaints@ipoa.go.ke"}
		if err := s.CreatePartner(dm, p); err != nil {
			t.Fatal(err)
		}
		if err := s.CreatePartner(storetest.As(w.cwA), &haki.Partner{Name: "X", Kind: "shelter"}); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("caseworker creates a partner: %v", err)
		}
		if err := s.CreatePartner(dm, &haki.Partner{Name: "X", Kind: "bank"}); haki.ErrorFields(err)["kind"] == "" {
			t.Errorf("bad kind: %v", err)
		}
		if err := s.CreatePartner(dm, &haki.Partner{Name: "X", Kind: "shelter", CountyCode: "KE-099"}); haki.ErrorFields(err)["county_code"] == "" {
			t.Errorf("bad county: %v", err)
		}
		p.Contact = "0800 000 000"
		if err := s.UpdatePartner(dm, p); err != nil || p.Version != 2 {
			t.Fatalf("update: %v (version %d)", err, p.Version)
		}
		got, err := s.FindPartners(storetest.As(w.cwA), "ipoa", "")
		if err != nil || len(got) != 1 || got[0].Contact != "0800 000 000" {
			t.Errorf("partners: %v %v", got, err)
		}
		if _, err := s.FindPartnerByID(storetest.As(w.prof), p.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("professional opens a partner: %v", err)
		}
		entries, err := s.FindAuditEntries(storetest.As(w.admin), haki.AuditFilter{Entity: "partner", EntityID: p.ID})
		if err != nil || len(entries) != 2 {
			t.Errorf("audit entries: %d %v", len(entries), err)
		}
	})
}
