package report

import (
	"strings"

	"github.com/haki-kenya/haki"
)

// The torture report's medico-legal evaluations (haki.EvaluationFigures)
// are laid out after the report's breakdowns: two rows of the summary
// (signed evaluations, their findings), a note on what they count, and a
// section per table, labelled as the case-work reports' tables are, so
// that the CSV, XLSX and PDF writers take them as they take any section.

// buildEvaluations adds the evaluation figures of r to d.
func buildEvaluations(d *Document, r *haki.Report, l Labels) {
	e := r.Evaluations
	d.Summary.Rows = append(d.Summary.Rows,
		[]string{l.T("report.eval.evaluations"), countText(l, e.Evaluations, r.SuppressBelow), ""},
		[]string{l.T("report.eval.findings"), countText(l, e.Findings, r.SuppressBelow), ""})
	var notes []string
	for _, k := range e.Notes {
		notes = append(notes, l.T(k))
	}
	d.EvalNote = strings.Join(notes, " ")
	for _, t := range e.Tables {
		s := figSection(r, t, l)
		if t.Multi {
			s.Note = l.T("report.eval.multi_note")
		}
		d.Evaluations = append(d.Evaluations, s)
	}
}

// allSections are the breakdowns followed by the evaluation tables.
func (d *Document) allSections() []Section {
	return append(d.Sections[:len(d.Sections):len(d.Sections)], d.Evaluations...)
}

// evalRowLabel names a row of an evaluation table, or reports false for
// a table that is not one.
func evalRowLabel(l Labels, by, code string) (string, bool) {
	switch by {
	case haki.EvalByKind:
		return l.T("report.eval.kind." + code), true
	case haki.EvalByLevel, haki.EvalByOpinion:
		return l.T("report.eval.level." + code), true
	case haki.EvalByMethod:
		return MethodLabel(l, code), true
	case haki.EvalByCounty:
		return l.County(code), true
	case haki.EvalByService:
		return l.Term("service", code), true
	}
	return "", false
}

// MethodLabel names a finding's alleged method: a code of the methods'
// vocabulary, else of the act types', else the code; "other" is a method
// given in words, which the figures never hold.
func MethodLabel(l Labels, code string) string {
	if code == haki.EvalMethodOther {
		return l.T("report.eval.method_other")
	}
	if s := l.Term("method", code); s != code {
		return s
	}
	return l.Term("act_type", code)
}

// evaluations writes the evaluation tables on the PDF, after a heading
// and the note on what they count.
func (p pdfDoc) evaluations(d *Document) {
	if len(d.Evaluations) == 0 {
		return
	}
	p.ensure(40)
	pdf := p.pdf
	pdf.Ln(4)
	pdf.SetFontSize(15)
	pdf.MultiCell(0, 8, d.labels.T("report.eval.title"), "", "L", false)
	pdf.SetFontSize(9)
	pdf.SetFillColor(238, 242, 247)
	pdf.MultiCell(0, 5, d.EvalNote, "", "L", true)
	for _, s := range d.Evaluations {
		if len(s.Table.Headers) > 2 { // the table by method: levels side by side, no bars
			p.ensure(30)
			pdf.Ln(3)
			pdf.SetFontSize(13)
			pdf.MultiCell(0, 7, s.Title, "", "L", false)
			p.table(s.Table)
			continue
		}
		p.section(s)
	}
}
