package evalreport

import (
	"strings"
)

// signature writes section XIII, the signature block: the evaluator, when
// the evaluation was signed, its content hash in full and how to check the
// digital signature the file carries. A draft says it is not signed.
func (r *report) signature() {
	e, d := r.e, r.d
	r.section(secSignature, "sec.signature", 70)
	r.field(r.t("evaluator"), e.EvaluatorName)
	r.field(r.t("profession"), r.code("profession", e.EvaluatorProfession))
	r.field(r.t("licence"), e.EvaluatorLicence)
	if r.o.Draft || e.SignedAt.IsZero() {
		d.SetTextColor(200, 0, 0)
		r.field(r.t("signed_at"), r.t("draft_mark"))
		d.SetTextColor(0, 0, 0)
	} else {
		r.field(r.t("signed_at"), r.when(e.SignedAt))
	}
	r.field(r.t("content_hash"), groupHash(r.hash()))
	if r.o.Draft {
		d.Ln(2)
		d.SetTextColor(170, 0, 0)
		r.note(r.t("draft_signature"))
		d.SetTextColor(0, 0, 0)
		return
	}
	d.Ln(2)
	d.SetFillColor(238, 242, 247)
	d.SetFontSize(9.5)
	fp := r.o.Fingerprint
	if fp == "" {
		fp = r.t("not_recorded")
	}
	org := r.o.OrgName
	if org == "" {
		org = r.t("the_organisation")
	}
	d.MultiCell(0, 5, r.t("signature_statement", org, fp), "", "L", true)
	d.SetFontSize(10)
}

// addenda writes the signed addenda after the signature, each with when and
// by whom it was signed, why, its text and its hash in the chain.
func (r *report) addenda() {
	if len(r.e.Addenda) == 0 {
		return
	}
	d := r.d
	d.AddPage()
	d.SetFontSize(13)
	d.SetTextColor(16, 52, 96)
	d.MultiCell(0, 7, r.t("addenda"), "", "L", false)
	d.SetTextColor(0, 0, 0)
	d.SetFontSize(10)
	r.note(r.t("addenda_note"))
	for i, a := range r.e.Addenda {
		r.subheading(r.t("addendum", i+1))
		r.field(r.t("signed_at"), r.when(a.SignedAt))
		signer := a.SignerName
		if signer == "" {
			signer = a.SignedBy
		}
		r.field(r.t("signed_by"), signer)
		r.field(r.t("reason"), a.Reason)
		r.text(r.t("addendum_text"), a.Text)
		r.field(r.t("chain_hash"), groupHash(a.Hash))
	}
}

// groupHash writes a hex hash in groups of eight, so that it wraps and
// can be read against another copy.
func groupHash(h string) string {
	var parts []string
	for len(h) > 8 {
		parts = append(parts, h[:8])
		h = h[8:]
	}
	return strings.Join(append(parts, h), " ")
}
