package haki

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Evaluation is a medico-legal evaluation of a survivor made to the
// Istanbul Protocol (2022 edition) by a clinician of the network or the
// staff: the account as told, the symptoms, the examination's findings
// placed on body charts, scored instruments, and the evaluator's opinion on
// the Protocol's five levels of how far each finding, and the whole clinical
// picture, corresponds to the torture alleged. A draft is saved as the
// clinician goes; a signed evaluation never changes, and a correction is
// an addendum with its own signature.
//
// Only the evaluator and staff granted clinical access read the content;
// anyone else who may see the case is shown that the evaluation exists
// (Restricted: every content field empty).
type Evaluation struct {
	ID       string `json:"id"`
	CaseID   string `json:"case_id"`
	MatterID string `json:"matter_id,omitempty"` // the legal matter it is an exhibit in
	Kind     string `json:"kind"`                // one of EvaluationKinds
	// EvaluatorID is the account of the clinician who examines and signs;
	// the name, profession, licence and qualifications are taken from the
	// network directory when the evaluation is opened, as they stood then.
	EvaluatorID         string    `json:"evaluator_id"`
	EvaluatorName       string    `json:"evaluator_name"`
	EvaluatorProfession string    `json:"evaluator_profession"`
	EvaluatorLicence    string    `json:"evaluator_licence,omitempty"`
	Qualifications      string    `json:"qualifications"`
	ExaminedOn          time.Time `json:"examined_on"`
	Status              string    `json:"status"` // draft or signed
	Version             int       `json:"version"`
	CreatedAt           time.Time `json:"created_at"`
	UpdatedAt           time.Time `json:"updated_at"`
	SignedAt            time.Time `json:"signed_at,omitzero"`
	// Hash is the SHA-256 of the signed content (Canonical), printed on the
	// report so that any copy can be compared with the record.
	Hash    string      `json:"hash,omitempty"`
	Addenda []*Addendum `json:"addenda"`
	// Restricted reports that the caller may know the evaluation exists but
	// not read it: the content below is empty.
	Restricted bool `json:"restricted"`

	EvaluationContent
}

// EvaluationContent is what only the evaluator and clinical staff read: it
// is sealed with the case's key, and what a signature covers.
type EvaluationContent struct {
	Place         string `json:"place"`
	Interpreter   string `json:"interpreter,omitempty"`
	OthersPresent string `json:"others_present,omitempty"`
	// ExamConsent is the client's consent to the examination itself, taken by
	// the evaluator: given or refused, and how.
	ExamConsent       string `json:"exam_consent"`
	ExamConsentMethod string `json:"exam_consent_method,omitempty"`
	// Uses are what the client allowed the report to be used for, of
	// EvaluationUses; each is also checked against the case's consent
	// records when the report is used so.
	Uses   []string `json:"uses"`
	ActIDs []string `json:"act_ids"` // the acts alleged, of the case's incidents

	Account         string   `json:"account"`   // the allegations as told: dates, places, methods, perpetrators
	Detention       string   `json:"detention"` // conditions of detention
	Methods         []string `json:"methods"`   // vocabulary "method": the methods alleged
	AcuteSymptoms   string   `json:"acute_symptoms"`
	ChronicSymptoms string   `json:"chronic_symptoms"`
	Disabilities    string   `json:"disabilities"`
	PsychHistory    string   `json:"psych_history"`
	MentalState     string   `json:"mental_state"`
	Diagnoses       string   `json:"diagnoses"`
	Tests           string   `json:"tests"` // tests requested and their results

	Findings    []*Finding                   `json:"findings"`
	Instruments []InstrumentResult           `json:"instruments"`
	Forms       map[string]map[string]string `json:"forms,omitempty"` // clinical forms (p3, prc) by code

	// Interpretation is the evaluator's reading of the evidence as a whole
	// (the Protocol's questions on the whole clinical picture); OverallLevel
	// its conclusion on the five levels.
	Interpretation string `json:"interpretation"`
	OverallLevel   string `json:"overall_level"`
	Limitations    string `json:"limitations"`
	RecTreatment   string `json:"rec_treatment"`
	RecExamination string `json:"rec_examination"`
	RecProtection  string `json:"rec_protection"`
}

// Finding is one physical or psychological finding of an evaluation, with
// the evaluator's opinion of its relation to the method alleged. A
// physical finding may be placed on a body chart: View and X, Y (fractions
// of the view's box, origin top left).
type Finding struct {
	No            int      `json:"no"` // its number on the charts and in the report, from 1
	Kind          string   `json:"kind"`
	View          string   `json:"view,omitempty"`
	X             float64  `json:"x,omitempty"`
	Y             float64  `json:"y,omitempty"`
	Region        string   `json:"region,omitempty"`
	LesionType    string   `json:"lesion_type,omitempty"`
	Description   string   `json:"description"`
	Size          string   `json:"size,omitempty"`
	Colour        string   `json:"colour,omitempty"`
	EstimatedAge  string   `json:"estimated_age,omitempty"`
	AllegedMethod string   `json:"alleged_method"`
	Opinion       string   `json:"opinion"` // one of OpinionLevels
	PhotoIDs      []string `json:"photo_ids"`
}

// Placed reports whether the finding is on a body chart.
func (f *Finding) Placed() bool { return f.View != "" }

// Addendum is a signed correction or addition to a signed evaluation.
type Addendum struct {
	ID         string    `json:"id"`
	Reason     string    `json:"reason"`
	Text       string    `json:"text"`
	SignedBy   string    `json:"signed_by"`
	SignerName string    `json:"signer_name"`
	SignedAt   time.Time `json:"signed_at"`
	// Hash chains the addendum to the evaluation: the SHA-256 of the
	// previous hash (the evaluation's, or the last addendum's) and this text.
	Hash string `json:"hash"`
}

// The states of an evaluation.
const (
	EvaluationDraft  = "draft"
	EvaluationSigned = "signed"
)

var (
	// EvaluationKinds lists what an evaluation examines.
	EvaluationKinds = []string{"physical", "psychological", "both"}
	// FindingKinds lists the kinds of finding.
	FindingKinds = []string{"physical", "psychological"}
	// OpinionLevels are the Istanbul Protocol's five levels of consistency
	// between a finding (or the whole picture) and the torture alleged,
	// weakest first.
	OpinionLevels = []string{"not_consistent", "consistent", "highly_consistent", "typical", "diagnostic"}
	// LesionTypes lists the kinds of physical lesion a finding describes.
	LesionTypes = []string{"abrasion", "bruise", "laceration", "incision", "stab_wound", "burn", "gunshot_wound",
		"fracture", "swelling", "bite", "patterned", "scar", "tenderness", "other"}
	// EvaluationUses are the uses of a report a client consents to, each
	// also a purpose of the case's consent records.
	EvaluationUses = []string{ConsentCare, ConsentLitigation, ConsentSharing, ConsentResearch}
	// ExamConsents lists the client's answers to the examination itself.
	ExamConsents = []string{"given", "refused"}
	// ClinicalProfessions are the professions that examine and sign.
	ClinicalProfessions = []string{"doctor", "clinical_officer", "psychiatrist", "psychologist"}
)

// Normalize trims the texts, drops empty list entries and numbers the
// findings in order.
func (e *Evaluation) Normalize() {
	c := &e.EvaluationContent
	for _, s := range []*string{&c.Place, &c.Interpreter, &c.OthersPresent, &c.Account, &c.Detention, &c.AcuteSymptoms,
		&c.ChronicSymptoms, &c.Disabilities, &c.PsychHistory, &c.MentalState, &c.Diagnoses, &c.Tests,
		&c.Interpretation, &c.Limitations, &c.RecTreatment, &c.RecExamination, &c.RecProtection, &e.Qualifications} {
		*s = strings.TrimSpace(*s)
	}
	c.Uses, c.ActIDs, c.Methods = compact(c.Uses), compact(c.ActIDs), compact(c.Methods)
	for i, f := range c.Findings {
		f.No = i + 1
		for _, s := range []*string{&f.Region, &f.LesionType, &f.Description, &f.Size, &f.Colour, &f.EstimatedAge, &f.AllegedMethod} {
			*s = strings.TrimSpace(*s)
		}
		f.PhotoIDs = compact(f.PhotoIDs)
		if f.View == "" {
			f.X, f.Y = 0, 0
		}
	}
	if c.Findings == nil {
		c.Findings = []*Finding{}
	}
	if c.Instruments == nil {
		c.Instruments = []InstrumentResult{}
	}
}

// Validate checks a normalised evaluation, draft or not, at instant now:
// codes are known and texts fit. What a signature needs besides is
// ReadyToSign's.
func (e *Evaluation) Validate(now time.Time) error {
	p := Problems{}
	c := &e.EvaluationContent
	if !slices.Contains(EvaluationKinds, e.Kind) {
		p.Add("kind", "Choose physical, psychological or both.")
	}
	if e.ExaminedOn.IsZero() {
		p.Add("examined_on", "Enter the day of the examination.")
	} else if afterToday(e.ExaminedOn, now) {
		p.Add("examined_on", "The day of the examination is in the future.")
	}
	if c.ExamConsent != "" && !slices.Contains(ExamConsents, c.ExamConsent) {
		p.Add("exam_consent", "Choose given or refused.")
	}
	if c.ExamConsentMethod != "" && !slices.Contains(ConsentMethods, c.ExamConsentMethod) {
		p.Add("exam_consent_method", "Choose how the consent was taken.")
	}
	for _, u := range c.Uses {
		if !slices.Contains(EvaluationUses, u) {
			p.Add("uses", "Choose the uses from the list.")
		}
	}
	checkLen(p, "qualifications", e.Qualifications, 2000)
	for field, s := range map[string]string{"place": c.Place, "interpreter": c.Interpreter, "others_present": c.OthersPresent} {
		checkLen(p, field, s, 500)
	}
	for field, s := range map[string]string{"account": c.Account, "detention": c.Detention, "acute_symptoms": c.AcuteSymptoms,
		"chronic_symptoms": c.ChronicSymptoms, "disabilities": c.Disabilities, "psych_history": c.PsychHistory,
		"mental_state": c.MentalState, "diagnoses": c.Diagnoses, "tests": c.Tests, "interpretation": c.Interpretation,
		"limitations": c.Limitations, "rec_treatment": c.RecTreatment, "rec_examination": c.RecExamination,
		"rec_protection": c.RecProtection} {
		checkLen(p, field, s, 50000)
	}
	if c.OverallLevel != "" && !slices.Contains(OpinionLevels, c.OverallLevel) {
		p.Add("overall_level", "Choose one of the five levels.")
	}
	if len(c.Findings) > 200 {
		p.Add("findings", "An evaluation holds at most 200 findings.")
	}
	if len(c.Methods) > 50 || len(c.ActIDs) > 100 {
		p.Add("methods", "Too many methods or acts.")
	}
	for _, f := range c.Findings {
		f.validate(p)
	}
	if len(c.Instruments) > 20 {
		p.Add("instruments", "An evaluation holds at most 20 instruments.")
	}
	return p.Err()
}

// validate adds a finding's problems, under fields named finding_N_x.
func (f *Finding) validate(p Problems) {
	field := func(name string) string { return "finding_" + strconv.Itoa(f.No) + "_" + name }
	if !slices.Contains(FindingKinds, f.Kind) {
		p.Add(field("kind"), "Choose physical or psychological.")
	}
	if f.View != "" {
		if !ValidChartView(f.View) {
			p.Add(field("view"), "Choose a chart.")
		}
		if math.IsNaN(f.X) || math.IsNaN(f.Y) || f.X < 0 || f.X > 1 || f.Y < 0 || f.Y > 1 {
			p.Add(field("view"), "The place on the chart is outside the figure.")
		}
	}
	if f.Region != "" && !ValidBodyRegion(f.Region) {
		p.Add(field("region"), "Choose a part of the body from the list.")
	}
	if f.LesionType != "" && !slices.Contains(LesionTypes, f.LesionType) {
		p.Add(field("lesion_type"), "Choose a kind of lesion from the list.")
	}
	if f.Opinion != "" && !slices.Contains(OpinionLevels, f.Opinion) {
		p.Add(field("opinion"), "Choose one of the five levels.")
	}
	checkLen(p, field("description"), f.Description, 5000)
	for name, s := range map[string]string{"size": f.Size, "colour": f.Colour, "estimated_age": f.EstimatedAge, "alleged_method": f.AllegedMethod} {
		checkLen(p, field(name), s, 200)
	}
	if len(f.PhotoIDs) > 20 {
		p.Add(field("photos"), "A finding has at most 20 photographs.")
	}
}

// ReadyToSign checks what a signature needs besides Validate: the client's
// consent to the examination, the account, an opinion on every finding
// and on the whole.
func (e *Evaluation) ReadyToSign() error {
	p := Problems{}
	c := &e.EvaluationContent
	if c.ExamConsent != "given" {
		p.Add("exam_consent", "An evaluation is signed only when the client consented to the examination.")
	}
	if c.Place == "" {
		p.Add("place", "Enter where the examination took place.")
	}
	if c.Account == "" {
		p.Add("account", "Write the account of the alleged torture as the client told it.")
	}
	if c.Interpretation == "" {
		p.Add("interpretation", "Write the interpretation of the findings as a whole.")
	}
	if c.OverallLevel == "" {
		p.Add("overall_level", "Give the overall opinion on the five levels.")
	}
	if e.Qualifications == "" {
		p.Add("qualifications", "State the evaluator's qualifications.")
	}
	for _, f := range c.Findings {
		if f.Opinion == "" {
			p.Add("finding_"+strconv.Itoa(f.No)+"_opinion", "Give an opinion on this finding.")
		}
		if f.Description == "" {
			p.Add("finding_"+strconv.Itoa(f.No)+"_description", "Describe this finding.")
		}
		if f.AllegedMethod == "" {
			p.Add("finding_"+strconv.Itoa(f.No)+"_alleged_method", "Name the method the finding is compared with.")
		}
	}
	return p.Err()
}

// Restrict empties the content, for a caller who may only know the
// evaluation exists. The hashes stay: they tell nothing of the content and
// let anyone compare a printed report with the record.
func (e *Evaluation) Restrict() {
	e.EvaluationContent = EvaluationContent{Findings: []*Finding{}, Instruments: []InstrumentResult{}}
	e.Qualifications = ""
	for _, a := range e.Addenda {
		a.Reason, a.Text = "", ""
	}
	e.Restricted = true
}

// Canonical is the signed form of an evaluation: the header that
// identifies it and its content, as JSON with a fixed field order. Its
// SHA-256 (SignedHash) is the evaluation's Hash.
func (e *Evaluation) Canonical() []byte {
	b, err := json.Marshal(struct {
		ID                  string `json:"id"`
		CaseID              string `json:"case_id"`
		Kind                string `json:"kind"`
		EvaluatorID         string `json:"evaluator_id"`
		EvaluatorName       string `json:"evaluator_name"`
		EvaluatorProfession string `json:"evaluator_profession"`
		EvaluatorLicence    string `json:"evaluator_licence"`
		Qualifications      string `json:"qualifications"`
		ExaminedOn          string `json:"examined_on"`
		SignedAt            string `json:"signed_at"`
		EvaluationContent
	}{e.ID, e.CaseID, e.Kind, e.EvaluatorID, e.EvaluatorName, e.EvaluatorProfession, e.EvaluatorLicence, e.Qualifications,
		e.ExaminedOn.Format(time.DateOnly), e.SignedAt.UTC().Format(time.RFC3339), e.EvaluationContent})
	if err != nil { // only plain values: cannot fail
		panic(err)
	}
	return b
}

// SignedHash is the hex SHA-256 of Canonical.
func (e *Evaluation) SignedHash() string {
	sum := sha256.Sum256(e.Canonical())
	return hex.EncodeToString(sum[:])
}

// Normalize trims an addendum's texts.
func (a *Addendum) Normalize() {
	a.Reason, a.Text = strings.TrimSpace(a.Reason), strings.TrimSpace(a.Text)
}

// Validate checks a normalised addendum.
func (a *Addendum) Validate() error {
	p := Problems{}
	if a.Reason == "" {
		p.Add("reason", "Say why the evaluation is corrected or added to.")
	}
	if a.Text == "" {
		p.Add("text", "Write the correction or addition.")
	}
	checkLen(p, "reason", a.Reason, 2000)
	checkLen(p, "text", a.Text, 50000)
	return p.Err()
}

// ChainHash is the addendum's hash after prev (the evaluation's hash or the
// previous addendum's).
func (a *Addendum) ChainHash(prev string) string {
	b, _ := json.Marshal([]string{prev, a.ID, a.Reason, a.Text, a.SignedBy, a.SignedAt.UTC().Format(time.RFC3339)})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// ShortHash groups the first 32 hex digits of a hash in fours, to be read
// aloud or compared by eye on paper.
func ShortHash(h string) string {
	if len(h) > 32 {
		h = h[:32]
	}
	var b strings.Builder
	for i := 0; i < len(h); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strings.ToUpper(h[i:min(i+4, len(h))]))
	}
	return b.String()
}

// OpinionRank is a level's place among OpinionLevels, from 1; 0 when unknown.
func OpinionRank(level string) int { return slices.Index(OpinionLevels, level) + 1 }
