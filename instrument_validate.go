package haki

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

var (
	instrumentCodeShape = regexp.MustCompile(`^[a-z0-9_]{2,40}$`)
	instrumentKeyShape  = regexp.MustCompile(`^[a-z0-9_]{1,40}$`)
)

// maxInstrumentText bounds every title, question and label.
const maxInstrumentText = 2000

// Validate checks an instrument definition: its code, version and title,
// 1..100 items with unique keys, a scale of 2..11 answers with unique values,
// "sum" scoring, bands that cover every possible total exactly once, and
// flags on existing items. It only checks; it returns an EINVALID *Error
// whose Fields say where.
func (in *Instrument) Validate() error {
	p := Problems{}
	if !instrumentCodeShape.MatchString(in.Code) {
		p.Add("code", "Use 2 to 40 lower-case letters, digits or underscores.")
	}
	if in.Version < 1 {
		p.Add("version", "The version starts at 1.")
	}
	checkLabels(p, "title", in.Title)
	if in.Intro != nil {
		checkLabels(p, "intro", in.Intro)
	}
	if strings.TrimSpace(in.Licence) == "" {
		p.Add("licence", "Say who allows the use of this instrument and on what terms.")
	}
	if len(in.Licence) > maxInstrumentText || len(in.Source) > maxInstrumentText {
		p.Add("licence", fmt.Sprintf("Keep the licence and the source under %d characters.", maxInstrumentText))
	}
	items := in.validateItems(p)
	lo, hi, ok := in.validateAnswers(p)
	if in.Scoring != ScoringSum {
		p.Add("scoring", `The only scoring is "sum".`)
	}
	if ok && len(items) > 0 {
		in.validateBands(p, lo*len(in.Items), hi*len(in.Items))
		in.validateFlags(p, items, lo, hi)
	}
	return p.Err()
}

// checkLabels wants an English text and no empty or oversized one.
func checkLabels(p Problems, field string, m map[string]string) {
	if strings.TrimSpace(m["en"]) == "" {
		p.Add(field, "Give the English text.")
	}
	for lang, s := range m {
		if !instrumentKeyShape.MatchString(lang) || len(lang) > 8 {
			p.Add(field, "Name each language by its short code (en, sw).")
		}
		if !utf8.ValidString(s) || len(s) > maxInstrumentText {
			p.Add(field, fmt.Sprintf("Keep each text valid and under %d characters.", maxInstrumentText))
		}
	}
}

func (in *Instrument) validateItems(p Problems) map[string]bool {
	if len(in.Items) < 1 || len(in.Items) > MaxInstrumentItems {
		p.Add("items", fmt.Sprintf("Give 1 to %d questions.", MaxInstrumentItems))
		return nil
	}
	keys := map[string]bool{}
	for i, it := range in.Items {
		field := fmt.Sprintf("items[%d]", i)
		switch {
		case !instrumentKeyShape.MatchString(it.Key):
			p.Add(field+".key", "Use 1 to 40 lower-case letters, digits or underscores.")
		case keys[it.Key]:
			p.Add(field+".key", "Another question has this key.")
		}
		keys[it.Key] = true
		checkLabels(p, field+".text", it.Text)
	}
	return keys
}

// validateAnswers returns the lowest and highest value of a valid scale.
func (in *Instrument) validateAnswers(p Problems) (lo, hi int, ok bool) {
	if len(in.Answers) < MinInstrumentAnswers || len(in.Answers) > MaxInstrumentAnswers {
		p.Add("answers", fmt.Sprintf("Give %d to %d answers.", MinInstrumentAnswers, MaxInstrumentAnswers))
		return 0, 0, false
	}
	ok = true
	seen := map[int]bool{}
	lo, hi = in.Answers[0].Value, in.Answers[0].Value
	for i, a := range in.Answers {
		field := fmt.Sprintf("answers[%d]", i)
		switch {
		case a.Value < 0 || a.Value > MaxAnswerValue:
			p.Add(field+".value", fmt.Sprintf("Use a value from 0 to %d.", MaxAnswerValue))
			ok = false
		case seen[a.Value]:
			p.Add(field+".value", "Another answer has this value.")
			ok = false
		}
		seen[a.Value] = true
		lo, hi = min(lo, a.Value), max(hi, a.Value)
		checkLabels(p, field+".label", a.Label)
	}
	return lo, hi, ok
}

// validateBands wants bands that, sorted, run from the lowest possible total
// (every item given the lowest answer) to the highest without a gap or an
// overlap. With a scale starting at 0 that is 0..max.
func (in *Instrument) validateBands(p Problems, lo, hi int) {
	if len(in.Bands) == 0 || len(in.Bands) > MaxInstrumentBands {
		p.Add("bands", fmt.Sprintf("Give 1 to %d bands covering the totals %d to %d.", MaxInstrumentBands, lo, hi))
		return
	}
	codes := map[string]bool{}
	for i, b := range in.Bands {
		field := fmt.Sprintf("bands[%d]", i)
		switch {
		case !instrumentKeyShape.MatchString(b.Code):
			p.Add(field+".code", "Use 1 to 40 lower-case letters, digits or underscores.")
		case codes[b.Code]:
			p.Add(field+".code", "Another band has this code.")
		}
		codes[b.Code] = true
		if b.Min > b.Max {
			p.Add(field+".min", "The band's minimum is above its maximum.")
		}
		checkLabels(p, field+".label", b.Label)
	}
	sorted := append([]InstrumentBand(nil), in.Bands...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Min < sorted[j].Min })
	next := lo
	for _, b := range sorted {
		if b.Min != next {
			p.Add("bands", fmt.Sprintf("The bands leave a gap or overlap at total %d; they must cover %d to %d once.", next, lo, hi))
			return
		}
		next = b.Max + 1
	}
	if next != hi+1 {
		p.Add("bands", fmt.Sprintf("The bands must end at the highest total, %d.", hi))
	}
}

func (in *Instrument) validateFlags(p Problems, items map[string]bool, lo, hi int) {
	if len(in.Flags) > MaxInstrumentFlags {
		p.Add("flags", fmt.Sprintf("Give at most %d flags.", MaxInstrumentFlags))
		return
	}
	for i, f := range in.Flags {
		field := fmt.Sprintf("flags[%d]", i)
		if !items[f.Item] {
			p.Add(field+".item", "No question has this key.")
		}
		if f.Min < lo || f.Min > hi {
			p.Add(field+".min", fmt.Sprintf("Use a value of the scale, %d to %d.", lo, hi))
		}
		checkLabels(p, field+".label", f.Label)
	}
}
