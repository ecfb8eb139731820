package haki

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"sync"
)

// Instrument is a scored questionnaire (a screening scale such as the PHQ-9)
// kept as data: an administrator may add one whose licence allows it as a
// JSON file, without code. Every item shares one answer scale; the total of
// the answers falls in exactly one band.
type Instrument struct {
	Code    string             `json:"code"`             // "phq9"; [a-z0-9_]{2,40}
	Version int                `json:"version"`          // bumped when changed; results keep the version they used
	Title   map[string]string  `json:"title"`            // by language: "en" required, "sw" optional
	Intro   map[string]string  `json:"intro,omitempty"`  // the question stem ("Over the last 2 weeks ...")
	Licence string             `json:"licence"`          // who allows its use and on what terms
	Source  string             `json:"source,omitempty"` // where the items and the bands come from
	Items   []InstrumentItem   `json:"items"`            // 1..100
	Answers []InstrumentAnswer `json:"answers"`          // the scale shared by every item, 2..11 answers
	Scoring string             `json:"scoring"`          // "sum" (the only one for now)
	Bands   []InstrumentBand   `json:"bands"`            // cover the possible totals with no gap or overlap
	Flags   []InstrumentFlag   `json:"flags,omitempty"`  // answers that need the evaluator's attention now
}

// InstrumentItem is one question of an instrument.
type InstrumentItem struct {
	Key  string            `json:"key"`  // [a-z0-9_]{1,40}, unique in the instrument
	Text map[string]string `json:"text"` // by language, "en" required
}

// InstrumentAnswer is one step of an instrument's answer scale.
type InstrumentAnswer struct {
	Value int               `json:"value"` // 0..MaxAnswerValue, unique in the scale
	Label map[string]string `json:"label"` // by language, "en" required
}

// InstrumentBand names a range of totals (both ends included).
type InstrumentBand struct {
	Min   int               `json:"min"`
	Max   int               `json:"max"`
	Code  string            `json:"code"`  // [a-z0-9_]{1,40}, unique in the instrument
	Label map[string]string `json:"label"` // by language, "en" required
}

// InstrumentFlag is raised when the answer to Item is Min or more.
type InstrumentFlag struct {
	Item  string            `json:"item"`
	Min   int               `json:"min"`
	Label map[string]string `json:"label"` // what to do, by language, "en" required
}

// InstrumentResult is one scored administration of an instrument. It keeps
// the code and version it was scored with, so a later edition of the
// instrument does not change what an evaluation said.
type InstrumentResult struct {
	Code    string         `json:"code"`
	Version int            `json:"version"`
	Answers map[string]int `json:"answers"`
	Total   int            `json:"total"`
	Band    string         `json:"band"`
	Flags   []string       `json:"flags,omitempty"` // keys of the items whose flag was raised
}

// Limits of an instrument definition.
const (
	MaxInstrumentBytes   = 256 << 10 // a larger definition is refused before it is decoded
	MaxInstrumentItems   = 100
	MinInstrumentAnswers = 2
	MaxInstrumentAnswers = 11
	MaxAnswerValue       = 1000 // keeps every total far from overflow
	MaxInstrumentBands   = 50
	MaxInstrumentFlags   = MaxInstrumentItems
)

// ScoringSum scores an instrument by the sum of its answers' values.
const ScoringSum = "sum"

// ParseInstrument reads one instrument definition: strict JSON (an unknown
// field, trailing data or a file over MaxInstrumentBytes is refused), then
// Validate. Errors are EINVALID.
func ParseInstrument(b []byte) (*Instrument, error) {
	if len(b) > MaxInstrumentBytes {
		return nil, Errorf(EINVALID, "The instrument definition is larger than %d bytes.", MaxInstrumentBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var in Instrument
	if err := dec.Decode(&in); err != nil {
		return nil, Errorf(EINVALID, "The instrument definition is not valid JSON of the instrument format: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, Errorf(EINVALID, "The instrument definition has data after its end.")
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	return &in, nil
}

// T returns the text of m in lang, falling back to English.
func (in *Instrument) T(m map[string]string, lang string) string {
	if s := m[lang]; s != "" {
		return s
	}
	return m["en"]
}

// Score checks that every item (and nothing else) is answered with a value
// of the scale, and returns the total, its band and the raised flags.
func (in *Instrument) Score(answers map[string]int) (InstrumentResult, error) {
	p := Problems{}
	scale := map[int]bool{}
	for _, a := range in.Answers {
		scale[a.Value] = true
	}
	items := map[string]bool{}
	res := InstrumentResult{Code: in.Code, Version: in.Version, Answers: map[string]int{}}
	for _, it := range in.Items {
		items[it.Key] = true
		v, ok := answers[it.Key]
		switch {
		case !ok:
			p.Add(it.Key, "Answer this question.")
		case !scale[v]:
			p.Add(it.Key, "This answer is not a value of the scale.")
		default:
			res.Answers[it.Key] = v
			res.Total += v
		}
	}
	for k := range answers {
		if !items[k] {
			p.Add(k, "This instrument has no such question.")
		}
	}
	if err := p.Err(); err != nil {
		return InstrumentResult{}, err
	}
	for _, b := range in.Bands {
		if res.Total >= b.Min && res.Total <= b.Max {
			res.Band = b.Code
			break
		}
	}
	for _, f := range in.Flags {
		if res.Answers[f.Item] >= f.Min && !containsString(res.Flags, f.Item) {
			res.Flags = append(res.Flags, f.Item)
		}
	}
	return res, nil
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// builtinInstruments parses the embedded definitions once; a broken
// embedded file is a programming error, caught by the tests.
var builtinInstruments = sync.OnceValue(func() []*Instrument {
	var out []*Instrument
	for _, name := range []string{"forms/phq9.json"} {
		b, err := formFiles.ReadFile(name)
		if err != nil {
			panic(err)
		}
		in, err := ParseInstrument(b)
		if err != nil {
			panic(name + ": " + err.Error())
		}
		out = append(out, in)
	}
	return out
})

// BuiltinInstruments returns the instruments Haki ships with (the PHQ-9 in
// English and Kiswahili). They are shared: callers must not modify them.
func BuiltinInstruments() []*Instrument {
	return builtinInstruments()
}
