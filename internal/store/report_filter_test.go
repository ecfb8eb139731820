package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/i18n"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// A report filter naming a code nobody knows is refused with the code
// named, in every report and in the builder, never answered with zeros.
func TestReportFilterUnknownCodes(t *testing.T) {
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := storetest.As(storetest.MustUser(t, s, "fadmin", haki.RoleAdmin, ""))
		year := haki.ReportFilter{From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)}
		with := func(set func(*haki.ReportFilter)) haki.ReportFilter { f := year; set(&f); return f }
		for _, tc := range []struct {
			name  string
			f     haki.ReportFilter
			field string
			code  string
		}{
			{"type", with(func(f *haki.ReportFilter) { f.IncidentType = "killing" }), "type", "killing"},
			{"county", with(func(f *haki.ReportFilter) { f.CountyCode = "KE-999" }), "county", "KE-999"},
			{"sub-county as county", with(func(f *haki.ReportFilter) { f.CountyCode = "KE-047" + "-x" }), "county", "KE-047-x"},
			{"service", with(func(f *haki.ReportFilter) { f.ServiceCode = "nasa" }), "service", "nasa"},
			{"context", with(func(f *haki.ReportFilter) { f.Context = "picnic" }), "context", "picnic"},
			{"sex", with(func(f *haki.ReportFilter) { f.Sex = "robot" }), "sex", "robot"},
			{"institution", with(func(f *haki.ReportFilter) { f.InstitutionID = "00000000-0000-4000-8000-000000000000" }), "institution",
				"00000000-0000-4000-8000-000000000000"},
		} {
			for _, name := range append(append([]string{}, haki.ReportNames...), haki.CaseReportNames...) {
				_, err := s.Report(ctx, name, tc.f)
				checkUnknownCode(t, cat, name+" "+tc.name, err, tc.field, tc.code)
			}
			if tc.field == "institution" { // not a filter of the builder
				continue
			}
			q := haki.BuilderQuery{Records: haki.RecVictims, Measure: haki.MeasureVictims, Filter: tc.f}
			_, err := s.RunBuilder(ctx, q)
			checkUnknownCode(t, cat, "builder "+tc.name, err, tc.field, tc.code)
		}
		_, err := s.RunBuilder(ctx, haki.BuilderQuery{Records: haki.RecCases, Measure: haki.MeasureCount, Status: "lost", Filter: year})
		checkUnknownCode(t, cat, "builder status", err, "status", "lost")
		// Known codes are answered.
		f := with(func(f *haki.ReportFilter) {
			f.IncidentType, f.CountyCode, f.Sex, f.Context = "torture", "KE-047", "female", "anti_crime"
		})
		for _, name := range append(append([]string{}, haki.ReportNames...), haki.CaseReportNames...) {
			if _, err := s.Report(ctx, name, f); err != nil {
				t.Errorf("%s with known codes: %v", name, err)
			}
		}
		if _, err := s.RunBuilder(ctx, haki.BuilderQuery{Records: haki.RecCases, Measure: haki.MeasureCount, Status: "active", Filter: year}); err != nil {
			t.Errorf("builder with a known status: %v", err)
		}
	})
}

func checkUnknownCode(t *testing.T, cat *i18n.Catalog, what string, err error, field, code string) {
	t.Helper()
	msg := haki.ErrorFields(err)[field]
	if haki.ErrorCode(err) != haki.EINVALID || !strings.Contains(msg, code) {
		t.Errorf("%s: err %v (fields %v), want invalid %s naming %q", what, err, haki.ErrorFields(err), field, code)
		return
	}
	if sw := cat.Message("sw", msg); sw == msg || !strings.Contains(sw, code) {
		t.Errorf("%s: no Kiswahili for %q (%q)", what, msg, sw)
	}
}
