package haki

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// formFiles holds the definitions of the built-in instruments and of the
// Kenyan clinical forms, as data an administrator can read.
//
//go:embed forms/*.json
var formFiles embed.FS

// ClinicalForm is the structure of an official Kenyan form (the police P3,
// the Ministry of Health's post-rape care form) that an evaluation can fill
// in beside its own record, so the answers can be copied onto the paper form.
type ClinicalForm struct {
	Code     string            `json:"code"`   // "p3", "prc"
	Title    map[string]string `json:"title"`  // by language, "en" required
	Source   string            `json:"source"` // where the structure comes from
	Sections []FormSection     `json:"sections"`
}

// FormSection is one part of a clinical form. Confirmed says whether its
// fields were checked against a published description of the form; an
// unconfirmed section has only a few generic fields.
type FormSection struct {
	Key       string            `json:"key"`
	Title     map[string]string `json:"title"`
	Confirmed bool              `json:"confirmed"`
	Fields    []FormField       `json:"fields"`
}

// FormField is one answer of a section.
type FormField struct {
	Key     string            `json:"key"`
	Label   map[string]string `json:"label"`
	Kind    string            `json:"kind"`              // one of FormFieldKinds
	Choices []string          `json:"choices,omitempty"` // codes, for Kind "choice"
	// ChoiceLabels names each choice by language: choice -> lang -> text.
	ChoiceLabels map[string]map[string]string `json:"choice_labels,omitempty"`
}

// FormFieldKinds lists the kinds of form fields.
var FormFieldKinds = []string{"text", "textarea", "date", "yesno", "choice", "number"}

// MaxFormText bounds a text or textarea answer, in characters.
const MaxFormText = 5000

// clinicalForms parses the embedded forms once; a broken embedded file is a
// programming error, caught by the tests.
var clinicalForms = sync.OnceValue(func() []*ClinicalForm {
	var out []*ClinicalForm
	for _, name := range []string{"forms/p3.json", "forms/prc.json"} {
		b, err := formFiles.ReadFile(name)
		if err != nil {
			panic(err)
		}
		f, err := parseClinicalForm(b)
		if err != nil {
			panic(name + ": " + err.Error())
		}
		out = append(out, f)
	}
	return out
})

// ClinicalForms returns the P3 and PRC forms. They are shared: callers must
// not modify them.
func ClinicalForms() []*ClinicalForm {
	return clinicalForms()
}

// ClinicalFormByCode returns the form with the code, if there is one.
func ClinicalFormByCode(code string) (*ClinicalForm, bool) {
	for _, f := range clinicalForms() {
		if f.Code == code {
			return f, true
		}
	}
	return nil, false
}

func parseClinicalForm(b []byte) (*ClinicalForm, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var f ClinicalForm
	if err := dec.Decode(&f); err != nil {
		return nil, Errorf(EINVALID, "The form definition is not valid JSON of the form format: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, Errorf(EINVALID, "The form definition has data after its end.")
	}
	return &f, f.Validate()
}

// Field returns the field named "section.field", if the form has it.
func (f *ClinicalForm) Field(key string) (*FormField, bool) {
	sec, field, ok := strings.Cut(key, ".")
	if !ok {
		return nil, false
	}
	for i := range f.Sections {
		if f.Sections[i].Key != sec {
			continue
		}
		for j := range f.Sections[i].Fields {
			if f.Sections[i].Fields[j].Key == field {
				return &f.Sections[i].Fields[j], true
			}
		}
	}
	return nil, false
}

// Check refuses answers to fields the form does not have and answers of the
// wrong shape: a date that is not YYYY-MM-DD, a yes/no that is neither, a
// choice not in the list, a number that is not one, a text over MaxFormText
// characters. An empty answer is a field left blank and is accepted.
func (f *ClinicalForm) Check(answers map[string]string) error {
	p := Problems{}
	for key, v := range answers {
		fd, ok := f.Field(key)
		if !ok {
			p.Add(key, "This form has no such field.")
			continue
		}
		if v == "" {
			continue
		}
		if msg := fd.check(v); msg != "" {
			p.Add(key, msg)
		}
	}
	return p.Err()
}

// check returns what is wrong with a non-empty answer, or "".
func (fd *FormField) check(v string) string {
	if !utf8.ValidString(v) || len(v) > 4*MaxFormText {
		return "The answer is not valid text or is too long."
	}
	switch fd.Kind {
	case "date":
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return "Give a date as YYYY-MM-DD."
		}
	case "yesno":
		if v != "yes" && v != "no" {
			return `Answer "yes" or "no".`
		}
	case "choice":
		if !containsString(fd.Choices, v) {
			return "Choose one of the listed answers."
		}
	case "number":
		n, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsInf(n, 0) || math.IsNaN(n) {
			return "Give a number."
		}
	default: // text, textarea
		if utf8.RuneCountInString(v) > MaxFormText {
			return fmt.Sprintf("Keep the answer under %d characters.", MaxFormText)
		}
	}
	return ""
}

// Validate checks a form definition: its code and English title, sections
// and fields with unique keys of the code shape, a known kind for each field,
// and a non-empty list of unique choices for a choice field.
func (f *ClinicalForm) Validate() error {
	p := Problems{}
	if !instrumentCodeShape.MatchString(f.Code) {
		p.Add("code", "Use 2 to 40 lower-case letters, digits or underscores.")
	}
	checkLabels(p, "title", f.Title)
	if strings.TrimSpace(f.Source) == "" {
		p.Add("source", "Say where the form's structure comes from.")
	}
	if len(f.Sections) == 0 {
		p.Add("sections", "Give at least one section.")
	}
	sections := map[string]bool{}
	for i, s := range f.Sections {
		field := fmt.Sprintf("sections[%d]", i)
		if !instrumentKeyShape.MatchString(s.Key) || sections[s.Key] {
			p.Add(field+".key", "Use a unique key of lower-case letters, digits or underscores.")
		}
		sections[s.Key] = true
		checkLabels(p, field+".title", s.Title)
		if len(s.Fields) == 0 {
			p.Add(field+".fields", "Give at least one field.")
		}
		keys := map[string]bool{}
		for j, fd := range s.Fields {
			fdField := fmt.Sprintf("%s.fields[%d]", field, j)
			if !instrumentKeyShape.MatchString(fd.Key) || keys[fd.Key] {
				p.Add(fdField+".key", "Use a unique key of lower-case letters, digits or underscores.")
			}
			keys[fd.Key] = true
			checkLabels(p, fdField+".label", fd.Label)
			fd.validateKind(p, fdField)
		}
	}
	return p.Err()
}

func (fd *FormField) validateKind(p Problems, field string) {
	if !containsString(FormFieldKinds, fd.Kind) {
		p.Add(field+".kind", "Use one of the kinds text, textarea, date, yesno, choice or number.")
		return
	}
	if (fd.Kind == "choice") != (len(fd.Choices) > 0) {
		p.Add(field+".choices", "A choice field, and only a choice field, lists its choices.")
	}
	seen := map[string]bool{}
	for _, c := range fd.Choices {
		if !instrumentKeyShape.MatchString(c) || seen[c] {
			p.Add(field+".choices", "Use unique choice codes of lower-case letters, digits or underscores.")
		}
		seen[c] = true
		checkLabels(p, field+".choice_labels."+c, fd.ChoiceLabels[c])
	}
	for c := range fd.ChoiceLabels {
		if !seen[c] {
			p.Add(field+".choice_labels", "A label names a choice the field does not list.")
		}
	}
}
