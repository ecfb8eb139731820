package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/haki-kenya/haki"
)

// form reads a parsed POST form into domain values, collecting what cannot
// be read (a bad date or number) as field problems.
type form struct {
	r        *http.Request
	problems haki.Problems
}

func newForm(r *http.Request) *form { return &form{r: r, problems: haki.Problems{}} }

// str returns a field with surrounding space removed.
func (f *form) str(name string) string { return strings.TrimSpace(f.r.PostForm.Get(name)) }

// strs returns every value of a field (checkboxes, multi-selects).
func (f *form) strs(name string) []string { return f.r.PostForm[name] }

// bool reads a checkbox.
func (f *form) bool(name string) bool { return f.r.PostForm.Get(name) != "" }

// date reads a fuzzy date such as 2017-03-14, 2017-03 or ~2017.
func (f *form) date(name string) haki.FuzzyDate {
	d, err := haki.ParseFuzzyDate(f.str(name))
	if err != nil {
		f.problems.Add(name, haki.ErrorMessage(err))
	}
	return d
}

// float reads an optional decimal number.
func (f *form) float(name string) *float64 {
	s := f.str(name)
	if s == "" {
		return nil
	}
	v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil {
		f.problems.Add(name, "Enter a number such as -1.2921.")
		return nil
	}
	return &v
}

// int reads an optional whole number.
func (f *form) int(name string) *int {
	s := f.str(name)
	if s == "" {
		return nil
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		f.problems.Add(name, "Enter a whole number.")
		return nil
	}
	return &v
}

// version reads the hidden version of an edit form.
func (f *form) version() int {
	v, _ := strconv.Atoi(f.str("version"))
	return v
}

// check returns the problems of reading the form together with those of
// validate (the record's Validate), so the user sees them all at once; nil
// when there are none.
func (f *form) check(validate func() error) error {
	if len(f.problems) == 0 {
		return nil
	}
	for k, v := range haki.ErrorFields(validate()) {
		f.problems.Add(k, v)
	}
	return f.problems.Err()
}

// fieldErrors returns the field problems of an EINVALID error, or nil for
// any other error (which the caller returns instead).
func fieldErrors(err error) (map[string]string, bool) {
	if haki.ErrorCode(err) != haki.EINVALID {
		return nil, false
	}
	fields := haki.ErrorFields(err)
	if fields == nil {
		fields = map[string]string{}
	}
	return fields, true
}

// Vocab holds the terms of some vocabularies, labelled in the page's
// language. Templates call {{$.Vocab.Label "incident_type" .Code}} and range
// over {{$.Vocab.Terms "incident_type"}}.
type Vocab struct {
	lang  string
	terms map[string][]*haki.Term
}

// VocabSelect is what the "vocab-select" template draws: a labelled select
// of a vocabulary's terms, with the problem with the field beside it.
// Retired terms are offered only when the record already holds one.
type VocabSelect struct {
	Field, Label, Value, Empty, Err, Lang string
	Terms                                 []*haki.Term
}

// Select builds the VocabSelect of a form field; labelKey and emptyKey are
// catalogue keys (emptyKey "" for a select with no empty choice).
func (v Vocab) Select(p Page, field, vocab, labelKey, value, emptyKey string) VocabSelect {
	vs := VocabSelect{Field: field, Label: p.T(labelKey), Value: value, Err: p.Err(field), Lang: p.Lang, Terms: v.terms[vocab]}
	if emptyKey != "" {
		vs.Empty = p.T(emptyKey)
	}
	return vs
}

// SelectExcept is Select without the term except: a choice the caller may
// not make (only those who may verify choose "verified").
func (v Vocab) SelectExcept(p Page, field, vocab, labelKey, value, emptyKey, except string) VocabSelect {
	vs := v.Select(p, field, vocab, labelKey, value, emptyKey)
	vs.Terms = slices.DeleteFunc(slices.Clone(vs.Terms), func(t *haki.Term) bool { return t.Code == except })
	return vs
}

// Terms returns a vocabulary's active terms in order.
func (v Vocab) Terms(vocab string) []*haki.Term { return v.terms[vocab] }

// Label returns a term's label, or the code itself for an unknown term.
func (v Vocab) Label(vocab, code string) string {
	for _, t := range v.terms[vocab] {
		if t.Code == code {
			return t.Label(v.lang)
		}
	}
	return code
}

// Labels returns the labels of several codes joined by commas.
func (v Vocab) Labels(vocab string, codes []string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = v.Label(vocab, c)
	}
	return strings.Join(out, ", ")
}

// vocab loads the named vocabularies (inactive terms too, so old records
// still show their labels).
func (s *Server) vocab(ctx context.Context, lang string, vocabs ...string) (Vocab, error) {
	v := Vocab{lang: lang, terms: map[string][]*haki.Term{}}
	for _, name := range vocabs {
		ts, err := s.store.FindTerms(ctx, name, true)
		if err != nil {
			return v, err
		}
		v.terms[name] = ts
	}
	return v, nil
}
