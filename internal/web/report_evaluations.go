package web

import (
	"html/template"
	"strings"

	"github.com/haki-kenya/haki"
)

// The torture report page's section "Medico-legal evaluations": the
// signed evaluations and their findings of the period (haki.EvaluationFigures),
// laid out by internal/report as the exports have them, each table with a
// chart of its first column (a map for counties), and the table by method
// as a table of levels side by side.

// reportEvalView is the section.
type reportEvalView struct {
	Note   string
	Totals []reportFigure
	Empty  bool // no evaluation counted: the tables are left out
	Tables []reportEvalTable
}

// reportEvalTable is one table of the section, its cells as text.
type reportEvalTable struct {
	By, Title, Note string
	Chart, Map      template.HTML
	Headers         []string
	Rows            [][]string
}

// layoutEvaluations fills the section from the report and its document.
func (s *Server) layoutEvaluations(p *reportShowPage) *reportEvalView {
	r, d := p.Report, p.Doc
	e := r.Evaluations
	if e == nil {
		return nil
	}
	v := &reportEvalView{Note: d.EvalNote, Empty: e.Evaluations.N == 0 && !e.Evaluations.Suppressed}
	count := func(c haki.Count) string {
		if c.Suppressed {
			return p.T("report.fewer_than", r.SuppressBelow)
		}
		return reportThousands(c.N)
	}
	v.Totals = []reportFigure{{Label: p.T("report.eval.evaluations"), Value: count(e.Evaluations)},
		{Label: p.T("report.eval.findings"), Value: count(e.Findings)}}
	for _, sec := range d.Evaluations {
		t := reportEvalTable{By: sec.By, Title: sec.Title, Note: sec.Note, Headers: sec.Table.Headers, Rows: sec.Table.Rows}
		if len(sec.Table.Headers) == 2 && len(sec.Codes) > 0 {
			desc := p.T("report.eval.chart_desc", sec.Title)
			if sec.By == haki.EvalByCounty {
				m := sec.Map()
				m.Description = desc
				t.Map = m.SVG()
			}
			bar, note := sec.TopBar(reportTopBars)
			bar.Description = strings.TrimSpace(desc + " " + sec.Note)
			t.Chart = bar.NarrowSVG(note)
		}
		v.Tables = append(v.Tables, t)
	}
	return v
}
