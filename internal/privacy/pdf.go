// Package privacy renders a person's data export (Kenya's Data Protection
// Act, 2019: the right of access) as a readable PDF summary.
package privacy

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/pdfdoc"
)

// Labels translates the PDF's words into the requester's language.
type Labels struct {
	// T returns the catalogue message of key, e.g. "privacy.pdf.title".
	T func(key string, args ...any) string
	// Term returns the label of a vocabulary code, e.g. ("sex", "female").
	Term func(vocab, code string) string
}

// WritePDF writes the export as a PDF: a title, the date generated, one
// section per kind of record, and page numbers.
func WritePDF(w io.Writer, x *haki.PersonExport, l Labels) error {
	return pdfdoc.Render(w, pdfdoc.Meta{Title: l.T("privacy.pdf.title"), At: x.GeneratedAt}, func(pdf *pdfdoc.Doc) {
		pdf.SetFooterFunc(func() {
			pdf.SetY(-14)
			pdf.SetFontSize(8)
			pdf.SetTextColor(90, 90, 90)
			pdf.CellFormat(0, 6, l.T("privacy.pdf.page", pdf.PageNo(), "{nb}"), "", 0, "C", false)
		})
		pdf.AddPage()
		d := doc{pdf: pdf, l: l}
		d.title(x)
		d.person(x.Person, x.LegalHold)
		d.acts(x)
		d.sources(x.Sources)
		d.cases(x.Cases)
		d.consents(x.Consents)
		d.casework(x)
		d.activity(x.Audit)
	})
}

type doc struct {
	pdf *pdfdoc.Doc
	l   Labels
}

func (d doc) title(x *haki.PersonExport) {
	d.pdf.SetFontSize(18)
	d.pdf.MultiCell(0, 9, d.l.T("privacy.pdf.title"), "", "L", false)
	d.pdf.SetFontSize(10)
	d.pdf.SetTextColor(70, 70, 70)
	d.pdf.MultiCell(0, 5, d.l.T("privacy.pdf.generated", haki.FormatTime(x.GeneratedAt, nil)), "", "L", false)
	d.pdf.MultiCell(0, 5, d.l.T("privacy.pdf.intro"), "", "L", false)
	d.pdf.SetTextColor(0, 0, 0)
}

// heading starts a section.
func (d doc) heading(key string, n int) {
	// Keep a heading with the first lines of its section.
	if _, h := d.pdf.PageSize(); d.pdf.Y() > h-45 {
		d.pdf.AddPage()
	} else {
		d.pdf.Ln(5)
	}
	d.pdf.SetFontSize(13)
	text := d.l.T(key)
	if n >= 0 {
		text += fmt.Sprintf(" (%d)", n)
	}
	d.pdf.MultiCell(0, 7, text, "B", "L", false)
	d.pdf.Ln(1)
	d.pdf.SetFontSize(10)
}

// field writes one label and value; empty values are left out.
func (d doc) field(labelKey, value string) {
	if strings.TrimSpace(value) == "" {
		return
	}
	// The label wraps in its own column, the value in the next; the line
	// after them starts below the longer of the two.
	x, y := d.pdf.XY()
	d.pdf.SetTextColor(90, 90, 90)
	d.pdf.MultiCell(labelWidth-2, 5.5, d.l.T(labelKey), "", "L", false)
	page, labelEnd := d.pdf.PageNo(), d.pdf.Y()
	d.pdf.SetTextColor(0, 0, 0)
	d.pdf.SetXY(x+labelWidth, y)
	d.pdf.MultiCell(0, 5.5, value, "", "L", false)
	if d.pdf.PageNo() == page && labelEnd > d.pdf.Y() {
		d.pdf.SetY(labelEnd)
	}
}

// labelWidth is the width of the column of labels, in millimetres.
const labelWidth = 50

func (d doc) none() {
	d.pdf.SetTextColor(90, 90, 90)
	d.pdf.MultiCell(0, 5.5, d.l.T("privacy.pdf.none"), "", "L", false)
	d.pdf.SetTextColor(0, 0, 0)
}

func (d doc) gap() { d.pdf.Ln(2) }

func (d doc) person(p *haki.Person, hold *haki.LegalHold) {
	d.heading("privacy.pdf.person", -1)
	d.field("person.field.ref", p.Ref)
	if p.Redacted {
		d.field("person.field.full_name", d.l.T("privacy.erased"))
	}
	d.field("person.field.full_name", p.FullName)
	d.field("person.field.other_names", strings.Join(p.OtherNames, ", "))
	d.field("person.field.sex", d.l.Term("sex", p.Sex))
	d.field("person.field.birth_date", p.BirthDate.String())
	if p.EstimatedAge != nil {
		d.field("person.field.estimated_age", fmt.Sprint(*p.EstimatedAge))
	}
	d.field("person.field.national_id", p.NationalID)
	d.field("person.field.phone", p.Phone)
	d.field("person.field.county", d.l.Term("county", p.CountyCode))
	d.field("person.field.occupation", p.Occupation)
	d.field("person.field.disability", p.Disability)
	d.field("person.field.next_of_kin", p.NextOfKin)
	if p.Deceased {
		d.field("person.field.deceased", strings.TrimSpace(d.l.T("common.yes")+" "+p.DeceasedOn.String()))
	}
	d.field("person.field.notes", p.Notes)
	d.field("privacy.pdf.recorded", day(p.CreatedAt))
	d.field("common.updated_at", day(p.UpdatedAt))
	if hold != nil {
		d.field("privacy.legal_hold", hold.Reason)
	}
}

func (d doc) acts(x *haki.PersonExport) {
	d.heading("privacy.pdf.acts", len(x.Acts))
	if len(x.Acts) == 0 {
		d.none()
	}
	facts := map[string]haki.IncidentFacts{}
	for _, f := range x.Incidents {
		facts[f.ID] = f
	}
	for _, a := range x.Acts {
		f := facts[a.IncidentID]
		d.field("privacy.pdf.incident", f.Ref)
		d.field("privacy.pdf.occurred", f.Occurred.String())
		d.field("person.field.county", d.l.Term("county", f.CountyCode))
		types := make([]string, len(f.Types))
		for i, t := range f.Types {
			types[i] = d.l.Term("incident_type", t)
		}
		d.field("privacy.pdf.types", strings.Join(types, ", "))
		d.field("privacy.pdf.act_type", d.l.Term("act_type", a.ActType))
		d.field("privacy.pdf.victim_status", d.l.Term("victim_status", a.VictimStatus))
		d.field("person.field.notes", a.Notes)
		d.gap()
	}
}

func (d doc) sources(srcs []*haki.Source) {
	d.heading("privacy.pdf.sources", len(srcs))
	if len(srcs) == 0 {
		d.none()
	}
	for _, s := range srcs {
		d.field("privacy.pdf.source_kind", d.l.Term("source_kind", s.Kind))
		d.field("privacy.pdf.description", s.Description)
		d.gap()
	}
}

func (d doc) cases(cases []*haki.Case) {
	d.heading("privacy.pdf.cases", len(cases))
	if len(cases) == 0 {
		d.none()
	}
	for _, c := range cases {
		d.field("privacy.pdf.case", c.Ref)
		d.field("privacy.pdf.intake", day(c.IntakeDate))
		d.field("privacy.pdf.status", d.l.Term("case_status", c.Status))
		d.field("privacy.pdf.summary", c.Summary)
		d.gap()
	}
}

func (d doc) consents(cs []*haki.Consent) {
	d.heading("privacy.pdf.consents", len(cs))
	if len(cs) == 0 {
		d.none()
	}
	for _, c := range cs {
		d.field("consent.purpose."+c.Purpose, d.l.T("consent.decision."+c.Decision)+" · "+day(c.DecidedOn))
	}
}

// casework lists the work done on the person's cases: assessments,
// services, referrals and legal matters, each under its case reference.
func (d doc) casework(x *haki.PersonExport) {
	refs := map[string]string{}
	for _, c := range x.Cases {
		refs[c.ID] = c.Ref
	}
	for _, a := range section(d, "privacy.pdf.assessments", x.Assessments) {
		d.lines(refs[a.CaseID], "privacy.pdf.date", day(a.AssessedOn), "privacy.pdf.threat", d.l.T("assessment.threat."+a.ThreatLevel),
			"privacy.pdf.threatened_by", a.ThreatenedBy)
	}
	for _, v := range section(d, "privacy.pdf.services", x.Services) {
		d.lines(refs[v.CaseID], "privacy.pdf.date", day(v.DeliveredOn), "privacy.pdf.service", d.l.T("service.type."+v.Type),
			"privacy.pdf.outcome", v.Outcome)
	}
	for _, r := range section(d, "privacy.pdf.referrals", x.Referrals) {
		d.lines(refs[r.CaseID], "privacy.pdf.date", day(r.SentOn), "privacy.pdf.status", d.l.T("referral.status."+r.Status),
			"privacy.pdf.reason", r.Reason)
	}
	for _, m := range section(d, "privacy.pdf.matters", x.Matters) {
		d.lines(refs[m.CaseID], "privacy.pdf.matter_kind", d.l.T("matter.kind."+m.Kind), "privacy.pdf.outcome", d.l.T("matter.outcome."+m.Outcome))
	}
}

// section writes a heading with its count, "none" when empty, and returns
// the records to list under it.
func section[T any](d doc, key string, records []T) []T {
	d.heading(key, len(records))
	if len(records) == 0 {
		d.none()
	}
	return records
}

// lines writes one record of a case: its reference, then label and value
// pairs, then a gap.
func (d doc) lines(caseRef string, pairs ...string) {
	d.field("privacy.pdf.case", caseRef)
	for i := 0; i+1 < len(pairs); i += 2 {
		d.field(pairs[i], pairs[i+1])
	}
	d.gap()
}

func (d doc) activity(entries []haki.ExportActivity) {
	d.heading("privacy.pdf.activity", len(entries))
	if len(entries) == 0 {
		d.none()
	}
	d.pdf.SetFontSize(9)
	for _, e := range entries {
		line := haki.FormatTime(e.At, nil) + "   " + e.Username + "   " + d.l.T("privacy.action."+e.Action)
		if e.Purpose != "" && e.Action == "view" {
			line += " · " + e.Purpose
		}
		d.pdf.MultiCell(0, 5, line, "", "L", false)
	}
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}
