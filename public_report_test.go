package haki

import (
	"strings"
	"testing"
	"time"
)

func TestPublicReportValidate(t *testing.T) {
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	lat, lon := -1.28, 36.82
	alert := func() *PublicReport {
		return &PublicReport{Channel: "web", Kind: "alert", What: "taken", CountyCode: "KE-047"}
	}
	full := func() *PublicReport {
		return &PublicReport{Channel: "web", Kind: "full", Types: []string{"torture"}, CountyCode: "KE-047",
			Occurred: MustFuzzyDate("2026-03-09"), Account: "They came at night.",
			Harmed:  []ReportedPerson{{Name: "A. N.", Fate: "injured"}},
			Contact: SafeContact{Method: "call", Address: "+254 712-345 678", When: "evenings"}}
	}
	for _, tc := range []struct {
		name   string
		edit   func() *PublicReport
		fields []string // the fields that must have a problem; none means valid
	}{
		{"an alert with a county", alert, nil},
		{"an alert with coordinates only", func() *PublicReport {
			r := alert()
			r.CountyCode, r.Latitude, r.Longitude = "", &lat, &lon
			return r
		}, nil},
		{"an alert with nowhere", func() *PublicReport { r := alert(); r.CountyCode = ""; return r }, []string{"county_code"}},
		{"an alert with nothing happening", func() *PublicReport { r := alert(); r.What = ""; return r }, []string{"what"}},
		{"an alert with an unknown code", func() *PublicReport { r := alert(); r.What = "robbed"; return r }, []string{"what"}},
		{"a full report", full, nil},
		{"a full report with only what", func() *PublicReport { r := full(); r.Types, r.What = nil, "shot"; return r }, nil},
		{"a full report with neither", func() *PublicReport { r := full(); r.Types = nil; return r }, []string{"what"}},
		{"a full report without a county", func() *PublicReport {
			r := full()
			r.CountyCode, r.Latitude, r.Longitude = "", &lat, &lon
			return r
		}, []string{"county_code"}},
		{"an SMS needs only its text", func() *PublicReport {
			return &PublicReport{Channel: "sms", Kind: "full", Account: "polisi wamemchukua kijana"}
		}, nil},
		{"an empty SMS", func() *PublicReport { return &PublicReport{Channel: "sms", Kind: "full"} }, []string{"account"}},
		{"a channel unknown", func() *PublicReport { r := alert(); r.Channel = "fax"; return r }, []string{"channel"}},
		{"a date in the future", func() *PublicReport { r := full(); r.Occurred = MustFuzzyDate("2026-03-11"); return r }, []string{"occurred"}},
		{"half a position", func() *PublicReport { r := alert(); r.Latitude = &lat; return r }, []string{"latitude"}},
		{"a latitude off the globe", func() *PublicReport {
			r := alert()
			big := 91.0
			r.Latitude, r.Longitude = &big, &lon
			return r
		}, []string{"latitude"}},
		{"an account too long", func() *PublicReport {
			r := full()
			r.Account = strings.Repeat("a", MaxReportAccount+1)
			return r
		}, []string{"account"}},
		{"too many harmed", func() *PublicReport {
			r := full()
			r.Harmed = make([]ReportedPerson, MaxReportHarmed+1)
			for i := range r.Harmed {
				r.Harmed[i].Name = "x"
			}
			return r
		}, []string{"harmed"}},
		{"a harmed person's long name and unknown fate", func() *PublicReport {
			r := full()
			r.Harmed = []ReportedPerson{{Name: "ok"}, {Name: strings.Repeat("n", 201), Fate: "eaten"}}
			return r
		}, []string{"harmed.1.name", "harmed.1.fate"}},
		{"a long station", func() *PublicReport { r := full(); r.Perpetrator.Station = strings.Repeat("s", 201); return r }, []string{"perpetrator.station"}},
		{"a call without a number", func() *PublicReport { r := full(); r.Contact.Address = ""; return r }, []string{"contact.address"}},
		{"a call to a bad number", func() *PublicReport { r := full(); r.Contact.Address = "call me"; return r }, []string{"contact.address"}},
		{"an email to a bad address", func() *PublicReport {
			r := full()
			r.Contact = SafeContact{Method: "email", Address: "not an address"}
			return r
		}, []string{"contact.address"}},
		{"an unknown contact method", func() *PublicReport { r := full(); r.Contact.Method = "pigeon"; return r }, []string{"contact.method"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.edit()
			r.Normalize()
			err := r.Validate(now)
			if len(tc.fields) == 0 {
				if err != nil {
					t.Fatalf("want valid, got %v %v", err, ErrorFields(err))
				}
				return
			}
			got := ErrorFields(err)
			if ErrorCode(err) != EINVALID || len(got) != len(tc.fields) {
				t.Fatalf("got %v %v, want problems with %v", err, got, tc.fields)
			}
			for _, f := range tc.fields {
				if got[f] == "" {
					t.Errorf("no problem with %s: %v", f, got)
				}
			}
		})
	}
}

func TestPublicReportNormalize(t *testing.T) {
	r := &PublicReport{Channel: " web ", Kind: "full", Language: "fr", Types: []string{"", "torture"},
		Harmed:  []ReportedPerson{{}, {Name: " Juma "}, {Age: "  "}},
		Contact: SafeContact{Method: "", Address: "0712345678", Note: "after six"}}
	r.Normalize()
	if r.Channel != "web" || r.Status != "new" || r.Language != "en" || len(r.Types) != 1 {
		t.Errorf("defaults: %+v", r)
	}
	if len(r.Harmed) != 1 || r.Harmed[0].Name != "Juma" {
		t.Errorf("harmed: %+v", r.Harmed)
	}
	// No contact chosen: an address typed before changing one's mind is dropped.
	if r.Contact != (SafeContact{Method: "none"}) {
		t.Errorf("contact: %+v", r.Contact)
	}
}

func TestReportContactValidate(t *testing.T) {
	for _, tc := range []struct {
		c    ReportContact
		want string
	}{
		{ReportContact{Method: "call", Outcome: "reached"}, ""},
		{ReportContact{Method: "none", Outcome: "reached"}, "method"},
		{ReportContact{Method: "call", Outcome: "maybe"}, "outcome"},
		{ReportContact{Method: "sms", Outcome: "message_left", Note: strings.Repeat("n", 2001)}, "note"},
	} {
		err := tc.c.Validate()
		if tc.want == "" && err != nil || tc.want != "" && ErrorFields(err)[tc.want] == "" {
			t.Errorf("%+v: %v", tc.c, err)
		}
	}
}

func TestReportVocabulariesSeeded(t *testing.T) {
	seeded := map[string][]string{}
	for _, term := range SeedTerms {
		seeded[term.Vocab] = append(seeded[term.Vocab], term.Code)
	}
	for vocab, codes := range map[string][]string{"report_status": ReportStatuses, "alert_kind": AlertKinds} {
		if strings.Join(seeded[vocab], ",") != strings.Join(codes, ",") {
			t.Errorf("vocabulary %s seeds %v, want %v", vocab, seeded[vocab], codes)
		}
	}
}
