package web

import (
	"html/template"
	"slices"
	"strconv"
	"strings"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/bodychart"
)

// The evaluation form's body charts, scored instruments (PHQ-9) and Kenyan
// clinical forms (P3, PRC): their views for the templates, and reading
// them from the form.

// Views and Regions are the body charts' views and regions, for the
// findings' selects.
func (evaluationPage) Views() []string   { return haki.ChartViews }
func (evaluationPage) Regions() []string { return haki.BodyRegions }

// evaluationChart is one body chart with the findings placed on it.
type evaluationChart struct {
	View   string
	SVG    template.HTML
	Marked bool
}

// Charts draws every view with its findings' numbered marks; on the form
// the regions are drawn too, for bodychart.js to read a tap.
func (p evaluationPage) Charts() []evaluationChart {
	label := func(k string) string { return p.T(k) }
	out := make([]evaluationChart, 0, len(haki.ChartViews))
	for _, v := range haki.ChartViews {
		var marks []bodychart.Mark
		for _, f := range p.Eval.Findings {
			if f.View == v {
				marks = append(marks, bodychart.Mark{No: f.No, X: f.X, Y: f.Y})
			}
		}
		out = append(out, evaluationChart{View: v, Marked: len(marks) > 0,
			SVG: bodychart.SVG(v, marks, bodychart.Options{Label: label, Regions: p.Editable})})
	}
	return out
}

// instrumentView is a scored instrument on the page: its questions as
// rows of radio buttons, and the result the server scored when saved.
type instrumentView struct {
	Code, Title, Intro, Licence string
	Items                       []instrumentItemView
	Scale                       []choiceView
	Result                      *haki.InstrumentResult
	Band                        string
	Flags                       []string
}

// instrumentItemView is one question and its answer ("" when none).
type instrumentItemView struct {
	Name, Text, Value string
}

// choiceView is one answer offered.
type choiceView struct{ Value, Label string }

// Instruments lists the instruments in use with the evaluation's answers.
func (p evaluationPage) Instruments() []instrumentView {
	out := make([]instrumentView, 0, len(p.InUse))
	for _, in := range p.InUse {
		v := instrumentView{Code: in.Code, Title: in.T(in.Title, p.Lang), Intro: in.T(in.Intro, p.Lang), Licence: in.Licence}
		for _, a := range in.Answers {
			v.Scale = append(v.Scale, choiceView{strconv.Itoa(a.Value), in.T(a.Label, p.Lang)})
		}
		i := slices.IndexFunc(p.Eval.Instruments, func(r haki.InstrumentResult) bool { return r.Code == in.Code })
		if i >= 0 {
			r := p.Eval.Instruments[i]
			if r.Band != "" {
				v.Result = &r
			}
			for _, b := range in.Bands {
				if b.Code == r.Band {
					v.Band = in.T(b.Label, p.Lang)
				}
			}
			for _, fl := range in.Flags {
				if slices.Contains(r.Flags, fl.Item) {
					v.Flags = append(v.Flags, in.T(fl.Label, p.Lang))
				}
			}
		}
		for _, it := range in.Items {
			item := instrumentItemView{Name: "instrument_" + in.Code + "_" + it.Key, Text: in.T(it.Text, p.Lang)}
			if i >= 0 {
				if a, ok := p.Eval.Instruments[i].Answers[it.Key]; ok {
					item.Value = strconv.Itoa(a)
				}
			}
			v.Items = append(v.Items, item)
		}
		out = append(out, v)
	}
	return out
}

// formView is a Kenyan clinical form on the page, in its sections.
type formView struct {
	Code, Title, Source string
	Answered            bool
	Sections            []formSectionView
}

// formSectionView is a section of a clinical form.
type formSectionView struct {
	Title     string
	Confirmed bool
	Fields    []formFieldView
}

// formFieldView is one field of a clinical form with its answer.
type formFieldView struct {
	Name, Label, Kind, Value string
	Choices                  []choiceView
}

// Forms lists the P3 and PRC forms with the evaluation's answers.
func (p evaluationPage) Forms() []formView {
	t := func(m map[string]string) string {
		if s := m[p.Lang]; s != "" {
			return s
		}
		return m["en"]
	}
	var out []formView
	for _, f := range haki.ClinicalForms() {
		answers := p.Eval.Forms[f.Code]
		v := formView{Code: f.Code, Title: t(f.Title), Source: f.Source, Answered: len(answers) > 0}
		for _, sec := range f.Sections {
			sv := formSectionView{Title: t(sec.Title), Confirmed: sec.Confirmed}
			for _, fd := range sec.Fields {
				key := sec.Key + "." + fd.Key
				fv := formFieldView{Name: "form_" + f.Code + "_" + key, Label: t(fd.Label), Kind: fd.Kind, Value: answers[key]}
				for _, c := range fd.Choices {
					label := t(fd.ChoiceLabels[c])
					if label == "" {
						label = c
					}
					fv.Choices = append(fv.Choices, choiceView{c, label})
				}
				sv.Fields = append(sv.Fields, fv)
			}
			v.Sections = append(v.Sections, sv)
		}
		out = append(out, v)
	}
	return out
}

// HasInstrumentError and HasFormError report a problem with an
// instrument's or a clinical form's answers, to open its section.
func (p evaluationPage) HasInstrumentError(code string) bool {
	return p.hasErrorPrefix("instrument_" + code + "_")
}
func (p evaluationPage) HasFormError(code string) bool { return p.hasErrorPrefix("form_" + code + "_") }

func (p evaluationPage) hasErrorPrefix(prefix string) bool {
	for k := range p.Errors {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

// readEvaluationExtras reads the instruments and clinical forms of the
// form into e, when the form showed them (a form without them keeps what
// is stored). An instrument left half answered is kept as stored on a
// background save, so the rest of the draft saves meanwhile; partial
// reports that.
func readEvaluationExtras(f *form, e *haki.Evaluation, inUse []*haki.Instrument, background bool) (partial bool) {
	if !f.bool("extras_shown") {
		return false
	}
	var results []haki.InstrumentResult
	for _, in := range inUse {
		cur := slices.IndexFunc(e.Instruments, func(r haki.InstrumentResult) bool { return r.Code == in.Code })
		answers := map[string]int{}
		for _, it := range in.Items {
			name := "instrument_" + in.Code + "_" + it.Key
			if s := f.str(name); s != "" {
				n, err := strconv.Atoi(s)
				if err != nil {
					f.problems.Add(name, "This answer is not a value of the scale.")
					continue
				}
				answers[it.Key] = n
			}
		}
		switch {
		case len(answers) == 0:
		case len(answers) < len(in.Items) && background:
			partial = true
			if cur >= 0 {
				results = append(results, e.Instruments[cur])
			}
		default:
			r := haki.InstrumentResult{Code: in.Code, Answers: answers}
			if cur >= 0 {
				r.Version = e.Instruments[cur].Version
			}
			results = append(results, r)
		}
	}
	for _, r := range e.Instruments { // results of instruments no longer offered
		if !slices.ContainsFunc(inUse, func(in *haki.Instrument) bool { return in.Code == r.Code }) {
			results = append(results, r)
		}
	}
	e.Instruments = results
	e.Forms = map[string]map[string]string{}
	for _, cf := range haki.ClinicalForms() {
		answers := map[string]string{}
		for _, sec := range cf.Sections {
			for _, fd := range sec.Fields {
				key := sec.Key + "." + fd.Key
				if v := f.str("form_" + cf.Code + "_" + key); v != "" {
					answers[key] = v
				}
			}
		}
		if len(answers) > 0 {
			e.Forms[cf.Code] = answers
		}
	}
	return partial
}
