package evalreport

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// CustodyReason is the reason written in a photograph's chain of custody
// when it is printed in a report.
const CustodyReason = "medico-legal report"

// Sniffed reports whether b is a photograph a report prints (haki.IsPhoto)
// by its first bytes, whatever its record says.
func Sniffed(b []byte) bool { return haki.IsPhoto(http.DetectContentType(b)) }

// Filename is the report's file name: the case reference and the day,
// never a name ("evaluation-HK-2026-0042-2026-03-14.pdf").
func Filename(caseRef string, at time.Time) string {
	var b strings.Builder
	for _, r := range caseRef {
		if r < 128 && (r == '-' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
			b.WriteRune(r)
		}
	}
	ref := b.String()
	if ref == "" {
		ref = "case"
	}
	return "evaluation-" + ref + "-" + at.In(haki.Nairobi).Format(time.DateOnly) + ".pdf"
}

// SignReason is the reason written in the PDF's digital signature.
func SignReason(e *haki.Evaluation) string {
	return "Medico-legal evaluation " + haki.ShortHash(e.Hash)
}

// InstrumentNames names results from the instruments' definitions in lang:
// the title, the band's label and the items whose flags were raised. A
// result of an instrument not among them keeps its codes.
func InstrumentNames(ins []*haki.Instrument, lang string) func(haki.InstrumentResult) (string, string, []string) {
	byCode := map[string]*haki.Instrument{}
	for _, in := range ins {
		byCode[in.Code] = in
	}
	return func(res haki.InstrumentResult) (string, string, []string) {
		in, ok := byCode[res.Code]
		if !ok {
			return strings.ToUpper(res.Code), res.Band, res.Flags
		}
		band := res.Band
		for _, b := range in.Bands {
			if b.Code == res.Band {
				band = in.T(b.Label, lang)
			}
		}
		return in.T(in.Title, lang), band, res.Flags
	}
}

// Explain returns err with the reasons of its fields as its message, when
// it is a refusal with fields (the client's consent missing, a use not
// chosen): the error page of a download shows the message alone, and
// "Some fields need attention" says nothing where there is no form.
func Explain(err error) error {
	var he *haki.Error
	if !errors.As(err, &he) || he.Code != haki.EINVALID || len(he.Fields) == 0 {
		return err
	}
	keys := make([]string, 0, len(he.Fields))
	for k := range he.Fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	msgs := make([]string, len(keys))
	for i, k := range keys {
		msgs[i] = he.Fields[k]
	}
	return &haki.Error{Code: haki.EINVALID, Message: strings.Join(msgs, " "), Fields: he.Fields}
}
