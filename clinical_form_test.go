package haki_test

import (
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
)

// mustForm returns the built-in clinical form with the code.
func mustForm(tb testing.TB, code string) *haki.ClinicalForm {
	tb.Helper()
	f, ok := haki.ClinicalFormByCode(code)
	if !ok {
		tb.Fatalf("no form %q", code)
	}
	return f
}

func TestClinicalFormsParseAndValidate(t *testing.T) {
	forms := haki.ClinicalForms()
	if len(forms) != 2 {
		t.Fatalf("%d forms, want p3 and prc", len(forms))
	}
	for _, f := range forms {
		if err := f.Validate(); err != nil {
			t.Errorf("%s: %v", f.Code, err)
		}
		if f.Title["sw"] == "" || f.Source == "" {
			t.Errorf("%s: no Kiswahili title or no source", f.Code)
		}
		for _, s := range f.Sections {
			if s.Title["sw"] == "" {
				t.Errorf("%s.%s: no Kiswahili title", f.Code, s.Key)
			}
			for _, fd := range s.Fields {
				if fd.Label["sw"] == "" {
					t.Errorf("%s.%s.%s: no Kiswahili label", f.Code, s.Key, fd.Key)
				}
				for _, c := range fd.Choices {
					if fd.ChoiceLabels[c]["en"] == "" || fd.ChoiceLabels[c]["sw"] == "" {
						t.Errorf("%s.%s.%s: choice %s lacks a label", f.Code, s.Key, fd.Key, c)
					}
				}
			}
		}
	}
	if _, ok := haki.ClinicalFormByCode("p9"); ok {
		t.Error("found a form p9")
	}
	// The P3's opinion on the degree of injury uses the Penal Code's terms.
	fd, ok := mustForm(t, "p3").Field("opinion.degree")
	if !ok || strings.Join(fd.Choices, ",") != "harm,grievous_harm,maim" {
		t.Errorf("p3 opinion.degree = %+v", fd)
	}
}

func TestClinicalFormCheck(t *testing.T) {
	p3, prc := mustForm(t, "p3"), mustForm(t, "prc")
	tests := []struct {
		name    string
		form    *haki.ClinicalForm
		answers map[string]string
		bad     string // the field refused, "" when all pass
	}{
		{"nothing", p3, nil, ""},
		{"good p3", p3, map[string]string{"part1.person_role": "complainant", "part2_a.examined_on": "2026-03-01",
			"opinion.degree": "grievous_harm", "part2_regions.head_neck": "Bruise 3 x 2 cm over the left temple"}, ""},
		{"blank answers pass", p3, map[string]string{"part2_a.examined_on": "", "opinion.degree": ""}, ""},
		{"good prc", prc, map[string]string{"incident.perpetrators": "2", "examination.temperature": "36.8",
			"treatment.pep_first_dose": "yes", "incident.condom_used": "unknown", "psychological.mood": "anxious"}, ""},
		{"unknown field", p3, map[string]string{"part1.colour": "red"}, "part1.colour"},
		{"unknown section", p3, map[string]string{"part9.person_role": "suspect"}, "part9.person_role"},
		{"no section", p3, map[string]string{"person_role": "suspect"}, "person_role"},
		{"field of the other form", p3, map[string]string{"treatment.pep_first_dose": "yes"}, "treatment.pep_first_dose"},
		{"bad date", p3, map[string]string{"part2_a.examined_on": "01/03/2026"}, "part2_a.examined_on"},
		{"impossible date", prc, map[string]string{"incident.incident_date": "2026-02-30"}, "incident.incident_date"},
		{"yes/no", prc, map[string]string{"treatment.pep_first_dose": "Yes"}, "treatment.pep_first_dose"},
		{"choice not listed", p3, map[string]string{"opinion.degree": "severe"}, "opinion.degree"},
		{"not a number", prc, map[string]string{"incident.perpetrators": "two"}, "incident.perpetrators"},
		{"infinite number", prc, map[string]string{"examination.pulse": "Inf"}, "examination.pulse"},
		{"text too long", p3, map[string]string{"part1.allegations": strings.Repeat("a", haki.MaxFormText+1)}, "part1.allegations"},
		{"text at the limit", p3, map[string]string{"part1.allegations": strings.Repeat("ä", haki.MaxFormText)}, ""},
		{"invalid utf-8", p3, map[string]string{"part1.allegations": "\xff"}, "part1.allegations"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.form.Check(tc.answers)
			if tc.bad == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if haki.ErrorCode(err) != haki.EINVALID || haki.ErrorFields(err)[tc.bad] == "" {
				t.Fatalf("err %v, want EINVALID on %s", err, tc.bad)
			}
		})
	}
}

func TestClinicalFormValidate(t *testing.T) {
	en := func(s string) map[string]string { return map[string]string{"en": s} }
	valid := func() *haki.ClinicalForm {
		return &haki.ClinicalForm{Code: "xx", Title: en("X"), Source: "here", Sections: []haki.FormSection{{
			Key: "s", Title: en("S"), Fields: []haki.FormField{
				{Key: "a", Label: en("A"), Kind: "text"},
				{Key: "b", Label: en("B"), Kind: "choice", Choices: []string{"one"}, ChoiceLabels: map[string]map[string]string{"one": en("One")}},
			}}}}
	}
	if err := valid().Validate(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		edit  func(f *haki.ClinicalForm)
		field string
	}{
		{"no source", func(f *haki.ClinicalForm) { f.Source = "" }, "source"},
		{"no sections", func(f *haki.ClinicalForm) { f.Sections = nil }, "sections"},
		{"duplicate field", func(f *haki.ClinicalForm) { f.Sections[0].Fields[1].Key = "a" }, "sections[0].fields[1].key"},
		{"unknown kind", func(f *haki.ClinicalForm) { f.Sections[0].Fields[0].Kind = "photo" }, "sections[0].fields[0].kind"},
		{"choice without choices", func(f *haki.ClinicalForm) { f.Sections[0].Fields[1].Choices = nil }, "sections[0].fields[1].choices"},
		{"choice without a label", func(f *haki.ClinicalForm) { f.Sections[0].Fields[1].ChoiceLabels = nil }, "sections[0].fields[1].choice_labels.one"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := valid()
			tc.edit(f)
			if err := f.Validate(); haki.ErrorFields(err)[tc.field] == "" {
				t.Fatalf("err %v, want a problem on %s", err, tc.field)
			}
		})
	}
}
