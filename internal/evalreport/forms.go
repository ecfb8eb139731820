package evalreport

import (
	"slices"
	"sort"
	"strings"

	"github.com/haki-kenya/haki"
)

// formsAnnex writes the clinical forms filled in (the P3, the post-rape
// care form): each form's answered fields in the form's own order of
// sections, labelled in the report's language; an answer under a key the
// form does not know is printed under its key at the end.
func (r *report) formsAnnex() {
	if len(r.e.Forms) == 0 {
		return
	}
	codes := make([]string, 0, len(r.e.Forms))
	for c, answers := range r.e.Forms {
		if len(answers) > 0 {
			codes = append(codes, c)
		}
	}
	if len(codes) == 0 {
		return
	}
	sort.Strings(codes)
	r.d.AddPage()
	r.annexTitle("annex_forms")
	for _, c := range codes {
		answers := r.e.Forms[c]
		f, ok := haki.ClinicalFormByCode(c)
		if !ok {
			r.subheading(strings.ToUpper(c))
			r.rawAnswers(answers, nil)
			continue
		}
		r.subheading(inLang(f.Title, r.o.Lang))
		printed := map[string]bool{}
		for _, s := range f.Sections {
			first := true
			for _, fd := range s.Fields {
				key := s.Key + "." + fd.Key
				v, ok := answers[key]
				if !ok || strings.TrimSpace(v) == "" {
					continue
				}
				if first {
					r.note(inLang(s.Title, r.o.Lang))
					first = false
				}
				r.field(inLang(fd.Label, r.o.Lang), r.formAnswer(fd, v))
				printed[key] = true
			}
		}
		r.rawAnswers(answers, printed)
	}
}

// rawAnswers prints the answers not yet printed, under their keys.
func (r *report) rawAnswers(answers map[string]string, printed map[string]bool) {
	keys := make([]string, 0, len(answers))
	for k, v := range answers {
		if !printed[k] && strings.TrimSpace(v) != "" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		r.field(k, answers[k])
	}
}

// formAnswer words an answer: a choice by its label, yes or no in words.
func (r *report) formAnswer(fd haki.FormField, v string) string {
	switch fd.Kind {
	case "choice":
		if l := inLang(fd.ChoiceLabels[v], r.o.Lang); l != "" {
			return l
		}
	case "yesno":
		return r.code("answer", v)
	}
	return v
}

// inLang is m in lang, falling back to English.
func inLang(m map[string]string, lang string) string {
	if s := m[lang]; s != "" {
		return s
	}
	return m["en"]
}
