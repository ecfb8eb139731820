package evalreport

import (
	"strconv"
	"strings"

	"github.com/haki-kenya/haki"
)

// physicalExamination writes section VI: each physical finding.
func (r *report) physicalExamination() {
	r.section(secPhysical, "sec.physical", 20)
	r.findings("physical")
}

// psychological writes section VII: the history, the mental state, the
// psychological findings, the scored instruments and the diagnoses.
func (r *report) psychological() {
	e := r.e
	r.section(secPsychological, "sec.psychological", 20)
	r.text(r.t("psych_history"), e.PsychHistory)
	r.text(r.t("mental_state"), e.MentalState)
	r.findings("psychological")
	r.instruments()
	r.text(r.t("diagnoses"), e.Diagnoses)
}

// findings writes the findings of kind, or says there are none.
func (r *report) findings(kind string) {
	n := 0
	for _, f := range r.e.Findings {
		if f.Kind == kind {
			r.finding(f)
			n++
		}
	}
	if n == 0 {
		r.note(r.t("no_findings"))
	}
}

// finding writes one finding with the evaluator's opinion on it in words.
func (r *report) finding(f *haki.Finding) {
	r.ensure(40)
	r.subheading(r.findingTitle(f))
	if f.View != "" {
		r.field(r.t("on_chart"), r.t("chart_place", r.code("view", f.View), f.No))
	}
	r.field(r.t("description"), f.Description)
	for _, kv := range [][2]string{{"size", f.Size}, {"colour", f.Colour}, {"estimated_age", f.EstimatedAge}} {
		if kv[1] != "" {
			r.field(r.t(kv[0]), kv[1])
		}
	}
	r.field(r.t("alleged_method"), r.method(f.AllegedMethod))
	r.field(r.t("opinion"), r.opinion(f.Opinion))
	if len(f.PhotoIDs) > 0 {
		r.field(r.t("photographs"), r.t("photo_count", len(f.PhotoIDs)))
	}
}

// findingTitle is "Finding 2 — bruise, left shoulder blade".
func (r *report) findingTitle(f *haki.Finding) string {
	var what []string
	if f.LesionType != "" {
		what = append(what, r.code("lesion", f.LesionType))
	}
	if f.Region != "" {
		what = append(what, r.region(f.Region))
	}
	title := r.t("finding", f.No)
	if len(what) > 0 {
		title += " — " + strings.Join(what, ", ")
	}
	return title
}

// instruments writes the scored instruments: name, version, total, band
// and the flags raised.
func (r *report) instruments() {
	if len(r.e.Instruments) == 0 {
		return
	}
	r.subheading(r.t("instruments"))
	for _, in := range r.e.Instruments {
		title, band, flags := strings.ToUpper(in.Code), r.code("band", in.Band), in.Flags
		if r.o.Instrument != nil {
			title, band, flags = r.o.Instrument(in)
		}
		value := r.t("instrument_score", in.Total, band)
		if len(flags) > 0 {
			value += "\n" + r.t("instrument_flags") + " " + strings.Join(flags, "; ")
		}
		r.field(title+" ("+r.t("version", in.Version)+")", value)
	}
}

// interpretation writes section X: the five levels defined once, each
// finding's opinion, and the evaluator's reading of the whole.
func (r *report) interpretation() {
	r.section(secInterpretation, "sec.interpretation", 60)
	r.levelTable()
	if len(r.e.Findings) > 0 {
		r.subheading(r.t("opinions_by_finding"))
		for _, f := range r.e.Findings {
			r.field(r.t("finding", f.No), r.opinion(f.Opinion)+" "+r.t("the_method", r.method(f.AllegedMethod)))
		}
	}
	r.text(r.t("interpretation"), r.e.Interpretation)
}

// levelTable defines the Protocol's five levels once, in a short table.
func (r *report) levelTable() {
	d := r.d
	r.ensure(50)
	d.SetFontSize(9)
	d.MultiCell(0, 5, r.t("levels_intro"), "", "L", false)
	d.Ln(1)
	const wordW = 44.0
	for i, level := range haki.OpinionLevels {
		fill := i%2 == 0
		d.SetFillColor(243, 245, 249)
		y := d.Y()
		d.SetXY(pageLeft+wordW, y)
		d.MultiCell(textWidth-wordW, 5, r.t("define."+level), "", "L", fill)
		h := d.Y() - y
		d.SetXY(pageLeft, y)
		d.CellFormat(wordW, h, strconv.Itoa(i+1)+". "+r.opinion(level), "", 0, "L", fill)
		d.SetXY(pageLeft, y+h)
	}
	d.SetFontSize(10)
	d.Ln(2)
}
