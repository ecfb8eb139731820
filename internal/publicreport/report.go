package publicreport

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"regexp"
	"strings"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/notify"
)

// MaxBody bounds a submission's body: the largest report the domain allows
// (an account of 20,000 characters, 20 persons harmed, fields of 200
// characters), sealed and base64-encoded, fits with room to spare.
const MaxBody = 320 << 10

// Submission is the body of POST /report/submit.
type Submission struct {
	IdempotencyKey string    `json:"idempotency_key"`
	Envelope       *Envelope `json:"envelope"`
	PoW            PoW       `json:"pow"`
	// Website is the honeypot: a field people never see, which simple
	// robots fill in.
	Website string `json:"website"`
}

// PoW is the answer to a proof-of-work challenge.
type PoW struct {
	Challenge string `json:"challenge"`
	Nonce     string `json:"nonce"`
}

// idemKeyRe is what a phone's idempotency key looks like: random, never
// anything a person typed.
var idemKeyRe = regexp.MustCompile(`^[A-Za-z0-9_-]{16,64}$`)

// ValidIdemKey reports whether s may be an idempotency key.
func ValidIdemKey(s string) bool { return idemKeyRe.MatchString(s) }

// errUnreadable is the answer to a body that is not a submission.
var errUnreadable = haki.Errorf(haki.EINVALID, "The report could not be read. Reload the page and send it again.")

// ParseSubmission reads a submission body (at most MaxBody bytes; the
// caller bounds the read).
func ParseSubmission(b []byte) (*Submission, error) {
	var s Submission
	if err := decodeStrict(b, &s); err != nil {
		return nil, errUnreadable
	}
	if !ValidIdemKey(s.IdempotencyKey) || s.Envelope == nil {
		return nil, errUnreadable
	}
	return &s, nil
}

// decodeStrict decodes one JSON value with no unknown fields and nothing after it.
func decodeStrict(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	if _, err := d.Token(); err != io.EOF {
		return errUnreadable
	}
	return nil
}

// Report is a report as the page writes it, before it is sealed: the
// plaintext of an envelope, and what the no-JavaScript form is read into.
type Report struct {
	V           int         `json:"v"`
	Lang        string      `json:"lang"`
	Kind        string      `json:"kind"` // "alert" or "full"
	What        string      `json:"what"`
	Types       []string    `json:"types,omitempty"`
	When        string      `json:"when,omitempty"` // a fuzzy date as typed
	County      string      `json:"county,omitempty"`
	SubCounty   string      `json:"subcounty,omitempty"`
	Place       string      `json:"place,omitempty"`
	Lat         *float64    `json:"lat,omitempty"`
	Lon         *float64    `json:"lon,omitempty"`
	Account     string      `json:"account,omitempty"`
	Harmed      []Person    `json:"harmed,omitempty"`
	Perpetrator Perpetrator `json:"perpetrator"`
	Contact     Contact     `json:"contact"`
	Phone       string      `json:"phone,omitempty"` // a quick alert's call-back number
	WantsHelp   bool        `json:"wants_help,omitempty"`
}

// Person is someone harmed, as the reporter describes them.
type Person struct {
	Name string `json:"name,omitempty"`
	Sex  string `json:"sex,omitempty"`
	Age  string `json:"age,omitempty"`
	Fate string `json:"fate,omitempty"`
}

// Perpetrator is who did it, as far as the reporter knows.
type Perpetrator struct {
	Service string `json:"service,omitempty"`
	Station string `json:"station,omitempty"`
	Vehicle string `json:"vehicle,omitempty"`
	Names   string `json:"names,omitempty"`
}

// Contact is the reporter's safe way to be reached, if any.
type Contact struct {
	Method  string `json:"method,omitempty"`
	Address string `json:"address,omitempty"`
	When    string `json:"when,omitempty"`
}

// maxHarmed bounds the persons read from a report before the domain's own
// limit (20) is checked, so a crafted report cannot make a long list.
const maxHarmed = 50

// Decode reads the plaintext of an envelope into a public report of the
// web channel. Bad input is an EINVALID error a reporter can act on.
func Decode(plaintext []byte) (*haki.PublicReport, error) {
	var w Report
	if err := decodeStrict(plaintext, &w); err != nil || w.V != 1 {
		return nil, errUnreadable
	}
	return w.PublicReport()
}

// PublicReport turns what the reporter wrote into the domain's report, the
// same for the sealed path and the plain form. The domain validates it
// further (PublicReport.Validate, in the store).
func (w *Report) PublicReport() (*haki.PublicReport, error) {
	if !w.validText() {
		return nil, haki.InvalidText()
	}
	p := haki.Problems{}
	r := &haki.PublicReport{Channel: "web", Kind: w.Kind, Language: w.Lang, What: w.What, Types: w.Types,
		CountyCode: w.County, SubCountyCode: w.SubCounty, PlaceName: w.Place, Account: w.Account,
		Perpetrator: haki.ReportedPerpetrator(w.Perpetrator), WantsHelp: w.WantsHelp}
	if r.Language != "sw" {
		r.Language = "en"
	}
	if r.Kind != "alert" && r.Kind != "full" {
		return nil, errUnreadable
	}
	if d, err := haki.ParseFuzzyDate(w.When); err != nil {
		p.Add("when", "Write the date as 2024-03-15, 2024-03 or 2024, or leave it empty.")
	} else {
		r.Occurred = d
	}
	if (w.Lat == nil) != (w.Lon == nil) {
		p.Add("where", "The phone's position came incomplete; choose the county instead.")
	} else if w.Lat != nil {
		lat, lon := *w.Lat, *w.Lon
		if math.IsNaN(lat) || math.IsNaN(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
			p.Add("where", "The phone's position came incomplete; choose the county instead.")
		} else {
			lat, lon = round5(lat), round5(lon)
			r.Latitude, r.Longitude = &lat, &lon
		}
	}
	if len(w.Harmed) > maxHarmed {
		p.Add("harmed", "Describe at most 20 people; write about the others in your account.")
	} else {
		for _, h := range w.Harmed {
			if h == (Person{}) {
				continue // an empty row of the form
			}
			r.Harmed = append(r.Harmed, haki.ReportedPerson(h))
		}
	}
	r.Contact = haki.SafeContact{Method: w.Contact.Method, Address: w.Contact.Address, When: w.Contact.When}
	if phone := strings.TrimSpace(w.Phone); phone != "" {
		if r.Contact.Method != "" && r.Contact.Method != "none" {
			p.Add("phone", "Give either a call-back number or a safe contact, not both.")
		}
		r.Contact = haki.SafeContact{Method: "call", Address: phone}
	}
	if r.Contact.Method == "" {
		r.Contact.Method = "none"
	}
	switch r.Contact.Method {
	case "call", "sms", "whatsapp":
		// A Kenyan number is kept in one form; any other is kept as typed.
		if n, err := notify.NormalizeKenyanPhone(r.Contact.Address); err == nil {
			r.Contact.Address = n
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return r, nil
}

// validText reports whether every text of the report may be stored.
func (w *Report) validText() bool {
	texts := []string{w.Lang, w.Kind, w.What, w.When, w.County, w.SubCounty, w.Place, w.Account, w.Phone,
		w.Perpetrator.Service, w.Perpetrator.Station, w.Perpetrator.Vehicle, w.Perpetrator.Names,
		w.Contact.Method, w.Contact.Address, w.Contact.When}
	texts = append(texts, w.Types...)
	for _, h := range w.Harmed {
		texts = append(texts, h.Name, h.Sex, h.Age, h.Fate)
	}
	for _, t := range texts {
		if !haki.ValidText(t) {
			return false
		}
	}
	return true
}

// round5 keeps five decimals of a coordinate: about a metre, as precise as
// a phone's position is.
func round5(v float64) float64 { return math.Round(v*1e5) / 1e5 }
