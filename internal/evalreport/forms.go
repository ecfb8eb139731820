package evalreport

import (
	"errors"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/pdfdoc"
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
		r.form(c, false)
	}
}

// form prints one clinical form's answers in the form's own order of
// sections; with blanks, every field of every section (a blank one as
// "Not recorded") and a note on the sections whose structure could not be
// confirmed, as the form printed alone; an answer under a key the form does
// not know is printed under its key at the end.
func (r *report) form(code string, blanks bool) {
	answers := r.e.Forms[code]
	f, ok := haki.ClinicalFormByCode(code)
	if !ok {
		r.subheading(strings.ToUpper(code))
		r.rawAnswers(answers, nil)
		return
	}
	if !blanks { // alone, the form's title heads the document
		r.subheading(inLang(f.Title, r.o.Lang))
	}
	printed := map[string]bool{}
	for _, s := range f.Sections {
		first := true
		for _, fd := range s.Fields {
			key := s.Key + "." + fd.Key
			v := strings.TrimSpace(answers[key])
			if v == "" && !blanks {
				continue
			}
			if first {
				r.note(inLang(s.Title, r.o.Lang))
				if blanks && !s.Confirmed {
					r.note(r.t("form_unconfirmed"))
				}
				first = false
			}
			if v == "" {
				r.field(inLang(fd.Label, r.o.Lang), "")
				continue
			}
			r.field(inLang(fd.Label, r.o.Lang), r.formAnswer(fd, answers[key]))
			printed[key] = true
		}
	}
	r.rawAnswers(answers, printed)
}

// RenderForm writes one clinical form of e (the P3, the post-rape care
// form) alone, every field in the form's order, with the report's header
// and footer, for handing on or copying onto the paper form.
func RenderForm(w io.Writer, e *haki.Evaluation, code string, opts Options) error {
	if _, ok := haki.ClinicalFormByCode(code); !ok || e == nil || e.Restricted {
		return haki.Errorf(haki.ENOTFOUND, "No such form.")
	}
	if opts.Catalog == nil {
		return errors.New("evalreport: no labels")
	}
	if opts.Lang == "" {
		opts.Lang = "en"
	}
	r := &report{e: e, o: opts}
	f, _ := haki.ClinicalFormByCode(code)
	title := inLang(f.Title, opts.Lang)
	return pdfdoc.Render(w, pdfdoc.Meta{Title: title + " · " + opts.CaseRef, At: opts.At}, func(d *pdfdoc.Doc) {
		r.d = d
		r.pageFrame()
		d.AddPage()
		d.SetFontSize(17)
		d.MultiCell(0, 8, title, "", "L", false)
		d.SetFontSize(10)
		if opts.Draft {
			r.note(r.t("draft_notice"))
		}
		r.note(r.t("form_intro", opts.CaseRef, r.e.ExaminedOn.Format(time.DateOnly)))
		r.form(code, true)
	})
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
