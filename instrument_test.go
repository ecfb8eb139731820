package haki_test

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
)

// mustPHQ9 returns the built-in PHQ-9.
func mustPHQ9(tb testing.TB) *haki.Instrument {
	tb.Helper()
	for _, in := range haki.BuiltinInstruments() {
		if in.Code == "phq9" {
			return in
		}
	}
	tb.Fatal("no built-in phq9")
	return nil
}

// phq9Answers answers q1..q9 with the given values.
func phq9Answers(vals ...int) map[string]int {
	m := map[string]int{}
	for i, v := range vals {
		m["q"+string(rune('1'+i))] = v
	}
	return m
}

func TestBuiltinPHQ9(t *testing.T) {
	in := mustPHQ9(t)
	if err := in.Validate(); err != nil {
		t.Fatal(err)
	}
	if len(in.Items) != 9 || len(in.Answers) != 4 || len(in.Bands) != 5 {
		t.Fatalf("items %d answers %d bands %d", len(in.Items), len(in.Answers), len(in.Bands))
	}
	for _, it := range in.Items {
		if it.Text["en"] == "" || it.Text["sw"] == "" {
			t.Errorf("item %s lacks a language: %v", it.Key, it.Text)
		}
	}
	if !strings.Contains(in.Licence, "Pfizer") || !strings.Contains(in.Licence, "No permission required") {
		t.Errorf("licence %q", in.Licence)
	}
	if got := in.T(in.Title, "sw"); !strings.Contains(got, "Dodoso") {
		t.Errorf("sw title %q", got)
	}
	if got := in.T(in.Title, "fr"); got != in.Title["en"] {
		t.Errorf("fallback title %q", got)
	}
}

func TestInstrumentScore(t *testing.T) {
	in := mustPHQ9(t)
	tests := []struct {
		name      string
		answers   map[string]int
		total     int
		band      string
		flags     []string
		badFields []string
	}{
		{"all zero", phq9Answers(0, 0, 0, 0, 0, 0, 0, 0, 0), 0, "minimal", nil, nil},
		{"top of minimal", phq9Answers(1, 1, 1, 1, 0, 0, 0, 0, 0), 4, "minimal", nil, nil},
		{"bottom of mild", phq9Answers(1, 1, 1, 1, 1, 0, 0, 0, 0), 5, "mild", nil, nil},
		{"moderate", phq9Answers(2, 2, 2, 2, 2, 0, 0, 0, 0), 10, "moderate", nil, nil},
		{"moderately severe with item 9", phq9Answers(2, 2, 2, 2, 2, 2, 2, 0, 1), 15, "moderately_severe", []string{"q9"}, nil},
		{"top of moderately severe", phq9Answers(3, 3, 3, 3, 3, 3, 1, 0, 0), 19, "moderately_severe", nil, nil},
		{"severe", phq9Answers(3, 3, 3, 3, 3, 3, 2, 0, 0), 20, "severe", nil, nil},
		{"maximum", phq9Answers(3, 3, 3, 3, 3, 3, 3, 3, 3), 27, "severe", []string{"q9"}, nil},
		{"missing item", phq9Answers(0, 0, 0, 0, 0, 0, 0, 0), 0, "", nil, []string{"q9"}},
		{"value off the scale", phq9Answers(0, 0, 4, 0, 0, 0, 0, 0, 0), 0, "", nil, []string{"q3"}},
		{"negative value", phq9Answers(0, 0, 0, 0, -1, 0, 0, 0, 0), 0, "", nil, []string{"q5"}},
		{"unknown item", func() map[string]int { m := phq9Answers(0, 0, 0, 0, 0, 0, 0, 0, 0); m["q10"] = 0; return m }(), 0, "", nil, []string{"q10"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := in.Score(tc.answers)
			if tc.badFields != nil {
				if haki.ErrorCode(err) != haki.EINVALID {
					t.Fatalf("err %v, want EINVALID", err)
				}
				for _, f := range tc.badFields {
					if haki.ErrorFields(err)[f] == "" {
						t.Errorf("fields %v lack %s", haki.ErrorFields(err), f)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != tc.total || res.Band != tc.band || !slices.Equal(res.Flags, tc.flags) {
				t.Errorf("got total %d band %s flags %v, want %d %s %v", res.Total, res.Band, res.Flags, tc.total, tc.band, tc.flags)
			}
			if res.Code != "phq9" || res.Version != in.Version || len(res.Answers) != 9 {
				t.Errorf("result %+v", res)
			}
		})
	}
}

// validInstrument returns a small valid definition to break one piece at a time.
func validInstrument() *haki.Instrument {
	en := func(s string) map[string]string { return map[string]string{"en": s} }
	return &haki.Instrument{
		Code: "mini", Version: 1, Title: en("Mini"), Licence: "Public domain",
		Items:   []haki.InstrumentItem{{Key: "a", Text: en("A")}, {Key: "b", Text: en("B")}},
		Answers: []haki.InstrumentAnswer{{Value: 1, Label: en("No")}, {Value: 2, Label: en("Yes")}},
		Scoring: "sum",
		Bands:   []haki.InstrumentBand{{Min: 2, Max: 3, Code: "low", Label: en("Low")}, {Min: 4, Max: 4, Code: "high", Label: en("High")}},
		Flags:   []haki.InstrumentFlag{{Item: "b", Min: 2, Label: en("Ask")}},
	}
}

func TestInstrumentValidate(t *testing.T) {
	if err := validInstrument().Validate(); err != nil {
		t.Fatalf("valid instrument refused: %v", err)
	}
	tests := []struct {
		name  string
		edit  func(in *haki.Instrument)
		field string
	}{
		{"bad code", func(in *haki.Instrument) { in.Code = "PHQ-9" }, "code"},
		{"short code", func(in *haki.Instrument) { in.Code = "p" }, "code"},
		{"version 0", func(in *haki.Instrument) { in.Version = 0 }, "version"},
		{"no english title", func(in *haki.Instrument) { in.Title = map[string]string{"sw": "Kidogo"} }, "title"},
		{"no licence", func(in *haki.Instrument) { in.Licence = " " }, "licence"},
		{"no items", func(in *haki.Instrument) { in.Items = nil }, "items"},
		{"101 items", func(in *haki.Instrument) {
			for len(in.Items) <= haki.MaxInstrumentItems {
				in.Items = append(in.Items, haki.InstrumentItem{Key: fmt.Sprintf("k%d", len(in.Items)), Text: map[string]string{"en": "X"}})
			}
		}, "items"},
		{"duplicate item", func(in *haki.Instrument) { in.Items[1].Key = "a" }, "items[1].key"},
		{"bad item key", func(in *haki.Instrument) { in.Items[0].Key = "A b" }, "items[0].key"},
		{"item without text", func(in *haki.Instrument) { in.Items[0].Text = nil }, "items[0].text"},
		{"one answer", func(in *haki.Instrument) { in.Answers = in.Answers[:1] }, "answers"},
		{"twelve answers", func(in *haki.Instrument) {
			for i := 3; i <= 12; i++ {
				in.Answers = append(in.Answers, haki.InstrumentAnswer{Value: i, Label: map[string]string{"en": "v"}})
			}
		}, "answers"},
		{"duplicate value", func(in *haki.Instrument) { in.Answers[1].Value = 1 }, "answers[1].value"},
		{"negative value", func(in *haki.Instrument) { in.Answers[0].Value = -1 }, "answers[0].value"},
		{"scoring", func(in *haki.Instrument) { in.Scoring = "mean" }, "scoring"},
		{"gap", func(in *haki.Instrument) { in.Bands[1].Min = 5; in.Bands[1].Max = 5 }, "bands"},
		{"overlap", func(in *haki.Instrument) { in.Bands[1].Min = 3 }, "bands"},
		{"not from the lowest total", func(in *haki.Instrument) { in.Bands[0].Min = 0 }, "bands"},
		{"short of the highest total", func(in *haki.Instrument) { in.Bands = in.Bands[:1] }, "bands"},
		{"past the highest total", func(in *haki.Instrument) { in.Bands[1].Max = 9 }, "bands"},
		{"reversed band", func(in *haki.Instrument) { in.Bands[0].Min, in.Bands[0].Max = 3, 2 }, "bands[0].min"},
		{"duplicate band code", func(in *haki.Instrument) { in.Bands[1].Code = "low" }, "bands[1].code"},
		{"no bands", func(in *haki.Instrument) { in.Bands = nil }, "bands"},
		{"flag on no item", func(in *haki.Instrument) { in.Flags[0].Item = "z" }, "flags[0].item"},
		{"flag off the scale", func(in *haki.Instrument) { in.Flags[0].Min = 7 }, "flags[0].min"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := validInstrument()
			tc.edit(in)
			err := in.Validate()
			if haki.ErrorCode(err) != haki.EINVALID {
				t.Fatalf("err %v, want EINVALID", err)
			}
			if haki.ErrorFields(err)[tc.field] == "" {
				t.Errorf("fields %v lack %s", haki.ErrorFields(err), tc.field)
			}
		})
	}
}

func TestParseInstrument(t *testing.T) {
	good, err := json.Marshal(validInstrument())
	if err != nil {
		t.Fatal(err)
	}
	in, err := haki.ParseInstrument(good)
	if err != nil || in.Code != "mini" {
		t.Fatalf("ParseInstrument(valid) = %v, %v", in, err)
	}
	for name, b := range map[string]string{
		"unknown field": strings.Replace(string(good), `"code"`, `"colour":"red","code"`, 1),
		"trailing data": string(good) + `{}`,
		"not json":      `code: phq9`,
		"empty":         ``,
		"too large":     `{"code":"` + strings.Repeat("a", haki.MaxInstrumentBytes) + `"}`,
		"invalid":       strings.Replace(string(good), `"version":1`, `"version":0`, 1),
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := haki.ParseInstrument([]byte(b)); haki.ErrorCode(err) != haki.EINVALID {
				t.Errorf("err %v, want EINVALID", err)
			}
		})
	}
}

// TestDocumentedInstrumentParses keeps the example an administrator copies
// from docs/EVALUATIONS.md valid.
func TestDocumentedInstrumentParses(t *testing.T) {
	doc, err := os.ReadFile("docs/EVALUATIONS.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "## Instruments and Kenyan forms")
	if !ok {
		t.Fatal("no section Instruments and Kenyan forms")
	}
	_, rest, ok = strings.Cut(rest, "```json\n")
	block, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("no json example in the section")
	}
	in, err := haki.ParseInstrument([]byte(block))
	if err != nil {
		t.Fatalf("documented example: %v", err)
	}
	res, err := in.Score(map[string]int{"q1": 2, "q2": 1})
	if err != nil || res.Band != "positive" {
		t.Errorf("PHQ-2 of 3 scored %+v, %v", res, err)
	}
}
