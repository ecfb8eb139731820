package evalreport

import (
	"strings"
	"time"
)

// The sections' numbers, in the order of the Protocol's outline.
const (
	secCase = iota + 1
	secQualifications
	secVeracity
	secAllegations
	secSymptoms
	secPhysical
	secPsychological
	secPhotographs
	secTests
	secInterpretation
	secConclusions
	secTruthfulness
	secSignature
)

// caseInformation writes section I: who was examined, when, where, by
// whom, with whom present, and the consent to the examination.
func (r *report) caseInformation() {
	e := r.e
	r.section(secCase, "sec.case", 20)
	r.field(r.t("case_ref"), r.o.CaseRef)
	client := r.o.ClientName
	if client == "" {
		client = r.t("client_withheld")
	}
	r.field(r.t("client"), client)
	r.field(r.t("kind"), r.code("kind", e.Kind))
	r.field(r.t("examined_on"), e.ExaminedOn.Format(time.DateOnly))
	r.field(r.t("place"), e.Place)
	r.field(r.t("evaluator"), e.EvaluatorName)
	r.field(r.t("interpreter"), orNone(e.Interpreter, r.t("none")))
	r.field(r.t("others_present"), orNone(e.OthersPresent, r.t("none")))
	consent := r.code("consent", e.ExamConsent)
	if e.ExamConsentMethod != "" {
		consent += " (" + r.code("method", e.ExamConsentMethod) + ")"
	}
	r.field(r.t("exam_consent"), consent)
	uses := make([]string, len(e.Uses))
	for i, u := range e.Uses {
		uses[i] = r.code("use", u)
	}
	r.field(r.t("uses"), strings.Join(uses, ", "))
	status := r.code("status", e.Status)
	if !e.SignedAt.IsZero() {
		status += " · " + r.when(e.SignedAt)
	}
	r.field(r.t("status"), status+" · "+r.t("version", e.Version))
	r.field(r.t("evaluation_id"), e.ID)
}

// overallBox states the overall opinion prominently, near the top.
func (r *report) overallBox() {
	d := r.d
	r.ensure(30)
	d.Ln(2)
	d.SetFillColor(232, 239, 248)
	d.SetFontSize(9)
	d.SetTextColor(16, 52, 96)
	d.MultiCell(0, 6, " "+r.t("overall_opinion"), "", "L", true)
	d.SetFontSize(14)
	d.SetTextColor(0, 0, 0)
	d.MultiCell(0, 8, " "+r.overallSentence(), "", "L", true)
	d.SetFontSize(8.5)
	d.SetTextColor(70, 70, 70)
	d.MultiCell(0, 5, " "+r.t("overall_see"), "", "L", true)
	d.SetTextColor(0, 0, 0)
	d.SetFontSize(10)
	d.Ln(2)
}

// overallSentence is the overall opinion as a sentence.
func (r *report) overallSentence() string {
	if r.e.OverallLevel == "" {
		return r.t("no_overall")
	}
	return r.t("overall_sentence", r.opinion(r.e.OverallLevel))
}

// qualifications writes section II.
func (r *report) qualifications() {
	e := r.e
	r.section(secQualifications, "sec.qualifications", 20)
	r.field(r.t("evaluator"), e.EvaluatorName)
	r.field(r.t("profession"), r.code("profession", e.EvaluatorProfession))
	r.field(r.t("licence"), e.EvaluatorLicence)
	r.text(r.t("qualifications"), e.Qualifications)
}

// veracity writes section III, the statement on the account's veracity.
func (r *report) veracity() {
	r.section(secVeracity, "sec.veracity", 20)
	r.note(r.t("veracity_text"))
}

// allegations writes section IV: the account as told, the detention and
// the methods alleged.
func (r *report) allegations() {
	e := r.e
	r.section(secAllegations, "sec.allegations", 20)
	r.note(r.t("allegations_note"))
	r.text(r.t("account"), e.Account)
	r.text(r.t("detention"), e.Detention)
	if len(e.Methods) > 0 {
		methods := make([]string, len(e.Methods))
		for i, m := range e.Methods {
			methods[i] = r.method(m)
		}
		r.field(r.t("methods"), strings.Join(methods, ", "))
	}
}

// symptoms writes section V: physical symptoms and disabilities.
func (r *report) symptoms() {
	e := r.e
	r.section(secSymptoms, "sec.symptoms", 20)
	r.text(r.t("acute_symptoms"), e.AcuteSymptoms)
	r.text(r.t("chronic_symptoms"), e.ChronicSymptoms)
	r.text(r.t("disabilities"), e.Disabilities)
}

// tests writes section IX: diagnostic tests and their results.
func (r *report) tests() {
	r.section(secTests, "sec.tests", 20)
	r.text(r.t("tests"), r.e.Tests)
}

// conclusions writes section XI: the overall opinion again, the
// limitations and the recommendations.
func (r *report) conclusions() {
	e := r.e
	r.section(secConclusions, "sec.conclusions", 20)
	r.overallBox()
	r.text(r.t("limitations"), e.Limitations)
	r.text(r.t("rec_treatment"), e.RecTreatment)
	r.text(r.t("rec_examination"), e.RecExamination)
	r.text(r.t("rec_protection"), e.RecProtection)
}

// truthfulness writes section XII, the evaluator's declaration.
func (r *report) truthfulness() {
	r.section(secTruthfulness, "sec.truthfulness", 20)
	r.note(r.t("truthfulness_text", r.e.EvaluatorName))
}

// orNone returns s, or none when s is empty.
func orNone(s, none string) string {
	if strings.TrimSpace(s) == "" {
		return none
	}
	return s
}
