package haki

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Person is anyone in the records: a victim, a survivor, a relative, a
// witness. Names, contacts and identity numbers are direct identifiers.
type Person struct {
	ID            string    `json:"id"`
	Ref           string    `json:"ref"`
	FullName      string    `json:"full_name"`               // the name the person is known by (sealed)
	OtherNames    []string  `json:"other_names,omitempty"`   // aliases and other spellings
	Sex           string    `json:"sex"`                     // vocabulary "sex"
	BirthDate     FuzzyDate `json:"birth_date"`              // date of birth, to the day, month or year
	EstimatedAge  *int      `json:"estimated_age,omitempty"` // when no birth date is known, age when first recorded
	NationalID    string    `json:"national_id,omitempty"`   // national ID or passport number (sealed)
	Phone         string    `json:"phone,omitempty"`         // phone number (sealed)
	CountyCode    string    `json:"county_code,omitempty"`
	SubCountyCode string    `json:"subcounty_code,omitempty"`
	Occupation    string    `json:"occupation,omitempty"`  // what the person does for a living
	Disability    string    `json:"disability,omitempty"`  // a disability, in words
	NextOfKin     string    `json:"next_of_kin,omitempty"` // who to tell, and how (sealed)
	Deceased      bool      `json:"deceased"`              // the person has died
	DeceasedOn    FuzzyDate `json:"deceased_on"`           // when the person died, to the day, month or year
	Notes         string    `json:"notes,omitempty"`
	CreatedBy     string    `json:"created_by"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	Version       int       `json:"version"`
	// Redacted is set when the caller may not see identities: the
	// identifying fields above are then empty.
	Redacted bool `json:"redacted,omitempty"`
	// DuplicateOK, on a new person, confirms they are not one of the persons
	// already recorded that the store named (same ID number or phone, or a
	// name alike with the same sex and birth year); it is not stored.
	DuplicateOK bool `json:"duplicate_ok,omitempty"`
}

// Normalize trims the names, drops empty other names, and marks a person
// with a date of death deceased.
func (p *Person) Normalize() {
	p.FullName = strings.TrimSpace(p.FullName)
	for i, n := range p.OtherNames {
		p.OtherNames[i] = strings.TrimSpace(n)
	}
	p.OtherNames = compact(p.OtherNames)
	if !p.DeceasedOn.IsZero() {
		p.Deceased = true
	}
}

// Validate checks the fields of a normalised person that a form can get
// wrong, at instant now.
func (p *Person) Validate(now time.Time) error {
	pr := Problems{}
	if p.FullName == "" {
		pr.Add("full_name", "Enter a name, or \"Unknown\" if it is not known.")
	}
	checkLen(pr, "full_name", p.FullName, 200)
	for _, n := range p.OtherNames {
		checkLen(pr, "other_names", n, 200)
	}
	if p.EstimatedAge != nil && (*p.EstimatedAge < 0 || *p.EstimatedAge > 120) {
		pr.Add("estimated_age", "Enter an age between 0 and 120.")
	}
	checkKnownDate(pr, "birth_date", p.BirthDate)
	checkKnownDate(pr, "deceased_on", p.DeceasedOn)
	if !p.BirthDate.IsZero() && afterToday(p.BirthDate.Date, now) {
		pr.Add("birth_date", "The date of birth is in the future.")
	}
	if p.Phone != "" && !validPhone(p.Phone) {
		pr.Add("phone", "Write the phone number with digits only, e.g. 0712345678 or +254712345678.")
	}
	checkLen(pr, "national_id", p.NationalID, 30)
	checkLen(pr, "occupation", p.Occupation, 200)
	checkLen(pr, "disability", p.Disability, 500)
	checkLen(pr, "next_of_kin", p.NextOfKin, 500)
	checkLen(pr, "notes", p.Notes, 20000)
	if p.SubCountyCode != "" && p.CountyCode == "" {
		pr.Add("county_code", "Choose the county of the sub-county.")
	}
	return pr.Err()
}

// AgeOn returns the person's age in whole years on the given date, from the
// birth date when known. ok is false when it cannot be told.
func (p *Person) AgeOn(t time.Time) (age int, ok bool) {
	if p.BirthDate.Date.IsZero() || t.IsZero() {
		return 0, false
	}
	age = t.Year() - p.BirthDate.Date.Year()
	if p.BirthDate.Precision == PrecisionDay && t.YearDay() < p.BirthDate.Date.YearDay() {
		age--
	}
	return age, age >= 0 && age <= 120
}

// Redact empties the direct identifiers for a caller who may not see them.
func (p *Person) Redact() {
	*p = Person{ID: p.ID, Ref: p.Ref, Sex: p.Sex, CountyCode: p.CountyCode, Deceased: p.Deceased,
		CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt, Version: p.Version, Redacted: true}
}

// PersonFilter selects persons in a list.
type PersonFilter struct {
	Text       string // words of a name or alias, or an identity number
	CountyCode string
	Cursor     string
	Limit      int
}

func validPhone(s string) bool {
	s = strings.TrimPrefix(strings.ReplaceAll(s, " ", ""), "+")
	if len(s) < 7 || len(s) > 15 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func checkLen(p Problems, field, s string, max int) {
	if utf8.RuneCountInString(s) > max {
		p.Add(field, "Keep this under "+strconv.Itoa(max)+" characters.")
	}
	if !utf8.ValidString(s) {
		p.Add(field, "This text has characters that are not valid UTF-8.")
	}
}

func compact(ss []string) []string {
	out := ss[:0]
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// PersonRecords is what a person is in, as far as the reader may see: the
// incidents they are a victim or a source in, and the cases of which they
// are the client.
type PersonRecords struct {
	Incidents []PersonIncident `json:"incidents"`
	Cases     []*Case          `json:"cases"`
}

// PersonIncident is one part a person has in an incident: the victim of an
// act (Role "victim", Kind its act type, vocabulary "act_type") or a source
// of information (Role "source", Kind the source's kind, vocabulary
// "source_kind"; a witness, the family, the survivor).
type PersonIncident struct {
	IncidentID  string    `json:"incident_id"`
	IncidentRef string    `json:"incident_ref"`
	Occurred    FuzzyDate `json:"occurred"`
	CountyCode  string    `json:"county_code"`
	Role        string    `json:"role"`
	Kind        string    `json:"kind"`
	ActID       string    `json:"act_id,omitempty"`
}
