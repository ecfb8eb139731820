// Package evalreport writes the court-ready PDF of a medico-legal
// evaluation made to the Istanbul Protocol (2022): its sections in the
// order of the Protocol's outline of a medical evaluation report (case
// information, the evaluator's qualifications, the statement of veracity,
// the allegations, the symptoms, the physical and psychological
// examination, photographs, tests, the interpretation of the findings on
// the five levels, conclusions and recommendations, the statement of
// truthfulness and the signature), then the signed addenda and the
// annexes (body charts, clinical forms). Labels are in English or
// Kiswahili; what the clinician wrote is printed as written.
package evalreport

import (
	"errors"
	"io"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/i18n"
	"github.com/haki-kenya/haki/internal/pdfdoc"
)

// Options is what the report says besides the evaluation itself.
type Options struct {
	Lang    string        // "en" or "sw": the labels' language
	Catalog *i18n.Catalog // the labels; required
	OrgName string        // the organisation, on every page and in the signature
	CaseRef string        // the case's reference, on every page
	// ClientName is the examined person's name, or "" when it is withheld
	// from the report (the report then says so).
	ClientName string
	// Draft marks a draft printed by its evaluator: "DRAFT — not signed" on
	// every page and no signature statement.
	Draft bool
	// Demo marks a demonstration server's report as made-up data.
	Demo bool
	// Fingerprint is the organisation's signing key's fingerprint, printed
	// in the signature block so a reader can check the digital signature.
	Fingerprint string
	Photos      []Photo
	// Zone is the zone times are written in; nil is East Africa Time.
	Zone *time.Location
	// At is when the report is made (the PDF's creation time).
	At time.Time
	// Instrument names a scored instrument and its band in Lang, and says
	// its raised flags in words; nil prints the codes.
	Instrument func(r haki.InstrumentResult) (title, band string, flags []string)
	// Method names a method of the vocabulary "method" in Lang; nil, or a
	// code it does not know, prints the text as written (an older finding's
	// free text).
	Method func(code string) string
}

// Photo is a photograph of a finding, an evidence file of the case: the
// picture is printed, and the original's SHA-256 beside it, so the
// printed copy can be traced to the file kept in evidence.
type Photo struct {
	FindingNo int
	Caption   string
	SHA256    string
	Image     []byte // JPEG or PNG
}

// Render writes the report of e to w. Nothing is written unless the whole
// document was made.
func Render(w io.Writer, e *haki.Evaluation, opts Options) error {
	if e == nil || e.Restricted {
		return errors.New("evalreport: no evaluation content to print")
	}
	if opts.Catalog == nil {
		return errors.New("evalreport: no labels")
	}
	if opts.Lang == "" {
		opts.Lang = "en"
	}
	photos, err := preparePhotos(opts.Photos)
	if err != nil {
		return err
	}
	r := &report{e: e, o: opts, photos: photos}
	var drawErr error
	err = pdfdoc.Render(w, pdfdoc.Meta{Title: r.t("title") + " · " + opts.CaseRef, At: opts.At}, func(d *pdfdoc.Doc) {
		r.d = d
		drawErr = r.draw()
	})
	return errors.Join(drawErr, err)
}

// report is one report being drawn.
type report struct {
	d      *pdfdoc.Doc
	e      *haki.Evaluation
	o      Options
	photos []preparedPhoto
}

// t returns the label of key (under "evalreport.") in the report's language.
func (r *report) t(key string, args ...any) string {
	return r.o.Catalog.T(r.o.Lang, "evalreport."+key, args...)
}

// code returns the label of a code under prefix, or the code in words
// when the catalogue has none.
func (r *report) code(prefix, code string) string {
	if code == "" {
		return ""
	}
	key := "evalreport." + prefix + "." + code
	if s := r.o.Catalog.T(r.o.Lang, key); s != key {
		return s
	}
	return strings.ReplaceAll(code, "_", " ")
}

// region names a part of the body, from the body chart's labels.
func (r *report) region(code string) string {
	if code == "" {
		return ""
	}
	key := "region." + code
	if s := r.o.Catalog.T(r.o.Lang, key); s != key {
		return s
	}
	return strings.ReplaceAll(code, "_", " ")
}

// method is an alleged method in words: its vocabulary label, or the text
// as written.
func (r *report) method(code string) string {
	if r.o.Method != nil {
		return r.o.Method(code)
	}
	return code
}

// opinion is a level in words ("highly consistent with").
func (r *report) opinion(level string) string {
	if level == "" {
		return r.t("no_opinion")
	}
	return r.code("level", level)
}

// when writes an instant in the report's zone ("2026-03-14 12:30 EAT").
func (r *report) when(t time.Time) string { return haki.FormatTime(t, r.o.Zone) }

// hash is the hash the report is known by: the signed content's, or a
// draft's content as it stands.
func (r *report) hash() string {
	if r.e.Hash != "" {
		return r.e.Hash
	}
	return r.e.SignedHash()
}

// draw lays out the whole report.
func (r *report) draw() error {
	r.pageFrame()
	r.d.AddPage()
	r.title()
	r.caseInformation()
	r.overallBox()
	r.qualifications()
	r.veracity()
	r.allegations()
	r.symptoms()
	r.physicalExamination()
	r.psychological()
	if err := r.photographs(); err != nil {
		return err
	}
	r.tests()
	r.interpretation()
	r.conclusions()
	r.truthfulness()
	r.signature()
	r.addenda()
	r.chartAnnex()
	r.formsAnnex()
	return nil
}
