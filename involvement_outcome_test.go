package haki

import (
	"testing"
	"time"
)

func TestInvolvementOutcomesValidate(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	base := func(os ...Outcome) *Involvement {
		return &Involvement{ServiceCode: "kps", Degree: "direct", Outcomes: os}
	}
	for _, tc := range []struct {
		name  string
		v     *Involvement
		field string // "" when valid
	}{
		{"none", base(), ""},
		{"conviction alone, undated", base(Outcome{Kind: OutcomeConvicted, SourceKind: "news"}), ""},
		{"this month", base(Outcome{Kind: OutcomeArrested, Date: MustFuzzyDate("2026-03"), SourceKind: "news"}), ""},
		{"tomorrow", base(Outcome{Kind: OutcomeArrested, Date: MustFuzzyDate("2026-03-03"), SourceKind: "news"}), "outcomes[0].date"},
		{"unknown kind", base(Outcome{Kind: "promoted", SourceKind: "news"}), "outcomes[0].kind"},
		{"second row's source", base(Outcome{Kind: OutcomeArrested, SourceKind: "news"}, Outcome{Kind: OutcomeCharged}), "outcomes[1].source_kind"},
		{"long reference", base(Outcome{Kind: OutcomeArrested, SourceKind: "news", SourceRef: string(make([]byte, 501))}), "outcomes[0].source_ref"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.v.Validate(now)
			if tc.field == "" && err != nil {
				t.Errorf("got %v", err)
			}
			if tc.field != "" && ErrorFields(err)[tc.field] == "" {
				t.Errorf("got %v (%v), want a problem with %s", err, ErrorFields(err), tc.field)
			}
		})
	}
}

func TestAccountabilityOutcomesProtected(t *testing.T) {
	r := &Report{Accountability: &Accountability{Available: true, Outcomes: []OutcomeCount{
		{Kind: OutcomeArrested, Perpetrators: Count{N: 12}}, {Kind: OutcomeConvicted, Perpetrators: Count{N: 2}},
		{Kind: OutcomeAcquitted}}}}
	r.Protect(5)
	o := r.Accountability.Outcomes
	if o[0].Perpetrators != (Count{N: 10}) || !o[1].Perpetrators.Suppressed || o[2].Perpetrators != (Count{}) {
		t.Errorf("protected %+v", o)
	}
}
