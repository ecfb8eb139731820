// Package formprint prints the answers of an official Kenyan clinical form
// (the police P3, the Ministry of Health's post-rape care form), captured
// in an evaluation, as a PDF in the form's own order of sections, so they
// can be copied onto, or attached to, the paper form.
package formprint

import (
	"io"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/pdfdoc"
)

// Options are what the page says besides the answers.
type Options struct {
	Lang    string // "en" or "sw"
	OrgName string
	CaseRef string
	// ShortHash is the evaluation's hash (haki.ShortHash), "" for a draft.
	ShortHash string
	At        time.Time
	// T returns the catalogue message of key in Lang.
	T func(key string, args ...any) string
}

// Render writes f's answers as a PDF: every section in order, each field
// with its answer or a blank line, and a note on sections whose structure
// could not be confirmed against the published form.
func Render(w io.Writer, f *haki.ClinicalForm, answers map[string]string, o Options) error {
	title := label(f.Title, o.Lang)
	return pdfdoc.Render(w, pdfdoc.Meta{Title: title, At: o.At}, func(d *pdfdoc.Doc) {
		d.SetFooterFunc(func() {
			d.SetY(-14)
			d.SetFontSize(8)
			d.SetTextColor(90, 90, 90)
			foot := o.T("formprint.footer", o.OrgName, o.CaseRef, d.PageNo(), "{nb}")
			if o.ShortHash != "" {
				foot += " · " + o.T("formprint.hash", o.ShortHash)
			} else {
				foot += " · " + o.T("formprint.draft")
			}
			d.CellFormat(0, 6, foot, "", 0, "C", false)
			d.SetTextColor(0, 0, 0)
		})
		d.AddPage()
		d.SetFontSize(16)
		d.MultiCell(0, 8, title, "", "L", false)
		d.SetFontSize(9)
		d.SetTextColor(80, 80, 80)
		d.MultiCell(0, 5, o.T("formprint.intro", o.CaseRef, haki.FormatTime(o.At, nil)), "", "L", false)
		d.MultiCell(0, 5, o.T("formprint.source", f.Source), "", "L", false)
		d.SetTextColor(0, 0, 0)
		for _, s := range f.Sections {
			section(d, s, answers, o)
		}
	})
}

// section prints one section's heading and fields.
func section(d *pdfdoc.Doc, s haki.FormSection, answers map[string]string, o Options) {
	d.Ln(4)
	d.SetFillColor(235, 238, 242)
	d.SetFontSize(11)
	d.CellFormat(0, 7, label(s.Title, o.Lang), "", 1, "L", true)
	if !s.Confirmed {
		d.SetFontSize(8)
		d.SetTextColor(150, 60, 0)
		d.MultiCell(0, 4.5, o.T("formprint.unconfirmed"), "", "L", false)
		d.SetTextColor(0, 0, 0)
	}
	for _, fd := range s.Fields {
		v := answers[s.Key+"."+fd.Key]
		d.SetFontSize(8)
		d.SetTextColor(80, 80, 80)
		d.MultiCell(0, 4.5, label(fd.Label, o.Lang), "", "L", false)
		d.SetTextColor(0, 0, 0)
		d.SetFontSize(10)
		if v == "" {
			d.SetTextColor(150, 150, 150)
			d.MultiCell(0, 5.5, "—", "B", "L", false)
			d.SetTextColor(0, 0, 0)
			continue
		}
		d.MultiCell(0, 5.5, answerText(fd, v, o), "B", "L", false)
	}
}

// answerText words an answer: a choice or yes/no by its label.
func answerText(fd haki.FormField, v string, o Options) string {
	switch fd.Kind {
	case "choice":
		if l := label(fd.ChoiceLabels[v], o.Lang); l != "" {
			return l
		}
	case "yesno":
		return o.T("formprint." + v)
	}
	return v
}

// label is m in lang, falling back to English.
func label(m map[string]string, lang string) string {
	if s := m[lang]; s != "" {
		return s
	}
	return m["en"]
}
