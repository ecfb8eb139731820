// Package pdfsign signs a PDF the way courts' and viewers' tools check
// (poppler's pdfsig, Adobe Reader): an incremental update appends an
// invisible signature field and a detached CMS SignedData (SHA-256, the
// signer's certificate included) over every byte of the file but the
// signature itself, and Verify checks such a signature. Only the standard
// library is used: the signature is small and its format fixed.
package pdfsign

import (
	"bytes"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// contentsSize is the room kept for the DER signature: a P-256 or RSA-4096
// signature with its certificate takes well under half of it.
const contentsSize = 8192

// byteRangeSlot is the width kept for the ByteRange array, filled in once
// the offsets are known and padded with spaces.
const byteRangeSlot = 48

// Sign appends to pdf (a complete PDF with classic cross-reference tables,
// as Haki's PDF library writes) an incremental update that signs it: a
// signature field on the first page, invisible, and a signature by signer
// with cert over every byte but the signature, made at when for reason.
func Sign(pdf []byte, signer crypto.Signer, cert *x509.Certificate, when time.Time, reason string) ([]byte, error) {
	if signer == nil || cert == nil {
		return nil, errors.New("pdfsign: no signer or certificate")
	}
	u, err := planUpdate(pdf)
	if err != nil {
		return nil, err
	}
	b, slots := u.write(when, reason)
	if err := fillSignature(b, slots, signer, cert, when); err != nil {
		return nil, err
	}
	return b, nil
}

// update is the incremental update that signs a document: the objects it
// adds (the signature and its field) and those it replaces (the catalog,
// and the first page when its annotations can be rewritten).
type update struct {
	d                 *document
	size              int64  // the first free object number
	root, page        object // references
	catalog, newPage  string // the new dictionaries; newPage "" to keep the page
	catalogGen, pgGen int64
}

// planUpdate reads what the update needs from pdf.
func planUpdate(pdf []byte) (*update, error) {
	d, err := readDocument(pdf)
	if err != nil {
		return nil, err
	}
	size, _ := d.trailer.get("Size")
	if size.kind != kNumber || size.num <= 0 {
		return nil, errors.New("pdfsign: the trailer has no /Size")
	}
	u := &update{d: d, size: size.num}
	u.root, _ = d.trailer.get("Root")
	catalog, catalogGen, err := d.dict(u.root, "the catalog")
	if err != nil {
		return nil, err
	}
	pageRef, page, pageGen, err := d.firstPage(catalog)
	if err != nil {
		return nil, err
	}
	field := fmt.Sprintf("%d 0 R", u.fieldNum())
	if u.catalog, err = withField(pdf, catalog, field); err != nil {
		return nil, err
	}
	u.catalogGen, u.page, u.pgGen = catalogGen, pageRef, pageGen
	u.newPage, _ = withAnnotation(pdf, page, field)
	return u, nil
}

func (u *update) sigNum() int64   { return u.size }
func (u *update) fieldNum() int64 { return u.size + 1 }

// slots are where the update left room for the ByteRange and the
// signature's hex string (from its "<" to past its ">").
type slots struct{ byteRange, contents, contentsEnd int }

// write returns the document followed by the update, with blank slots.
func (u *update) write(when time.Time, reason string) ([]byte, slots) {
	var out bytes.Buffer
	var at slots
	out.Write(u.d.b)
	if !bytes.HasSuffix(u.d.b, []byte("\n")) {
		out.WriteByte('\n')
	}
	offsets, gens := map[int64]int{}, map[int64]int64{}
	begin := func(num, gen int64) {
		offsets[num], gens[num] = out.Len(), gen
		fmt.Fprintf(&out, "%d %d obj\n", num, gen)
	}
	begin(u.sigNum(), 0)
	out.WriteString("<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached\n/ByteRange ")
	at.byteRange = out.Len()
	out.WriteString(strings.Repeat(" ", byteRangeSlot) + "\n/Contents ")
	at.contents = out.Len()
	out.WriteString("<" + strings.Repeat("0", 2*contentsSize) + ">")
	at.contentsEnd = out.Len()
	fmt.Fprintf(&out, "\n/M (%s)\n/Reason %s\n>>\nendobj\n", pdfDate(when), encodeText(reason))

	begin(u.fieldNum(), 0)
	fmt.Fprintf(&out, "<</Type /Annot /Subtype /Widget /FT /Sig /Rect [0 0 0 0] /F 132 /P %d %d R\n/T (Signature%d) /V %d 0 R>>\nendobj\n",
		u.page.num, u.page.gen, u.fieldNum(), u.sigNum())
	begin(u.root.num, u.catalogGen)
	out.WriteString(u.catalog + "\nendobj\n")
	if u.newPage != "" {
		begin(u.page.num, u.pgGen)
		out.WriteString(u.newPage + "\nendobj\n")
	}
	writeXref(&out, offsets, gens, u.d, u.size+2)
	return out.Bytes(), at
}

// fillSignature writes the ByteRange into b, then the CMS signature over
// every byte but the signature's hex string.
func fillSignature(b []byte, at slots, signer crypto.Signer, cert *x509.Certificate, when time.Time) error {
	copy(b[at.byteRange:], fmt.Sprintf("[0 %d %d %d]", at.contents, at.contentsEnd, len(b)-at.contentsEnd))
	h := sha256.New()
	h.Write(b[:at.contents])
	h.Write(b[at.contentsEnd:])
	der, err := signCMS(h.Sum(nil), signer, cert, when)
	if err != nil {
		return err
	}
	if len(der) > contentsSize {
		return fmt.Errorf("pdfsign: the signature (%d bytes) does not fit in %d", len(der), contentsSize)
	}
	copy(b[at.contents+1:], strings.ToUpper(hex.EncodeToString(der)))
	return nil
}

// withField returns the catalog's dictionary with an /AcroForm holding
// field besides any fields it had.
func withField(pdf []byte, catalog object, field string) (string, error) {
	form, ok := catalog.get("AcroForm")
	if !ok {
		form = object{kind: kDict}
	}
	old, _ := form.get("Fields")
	if form.kind != kDict || (old.kind != kArray && old.kind != kNull) {
		return "", errors.New("pdfsign: the document's form is kept in a way not supported (an indirect /AcroForm or /Fields)")
	}
	fields := field
	for _, f := range slices.Backward(old.items) {
		fields = string(pdf[f.start:f.end]) + " " + fields
	}
	newForm := rewrite(pdf, form, entry{"Fields", "[" + fields + "]"}, entry{"SigFlags", "3"})
	return rewrite(pdf, catalog, entry{"AcroForm", newForm}), nil
}

// withAnnotation returns the page's dictionary with field added to its
// /Annots, unless those are an indirect array (the field then stays only
// in the form, which is enough for an invisible signature).
func withAnnotation(pdf []byte, page object, field string) (string, bool) {
	annots, ok := page.get("Annots")
	if !ok {
		return rewrite(pdf, page, entry{"Annots", "[" + field + "]"}), true
	}
	if annots.kind != kArray {
		return "", false
	}
	inner := string(pdf[annots.start+1 : annots.end-1])
	return rewrite(pdf, page, entry{"Annots", "[" + inner + " " + field + "]"}), true
}

// entry is a dictionary key and the text of its new value.
type entry struct{ key, value string }

// rewrite copies dictionary d from pdf with the entries set.
func rewrite(pdf []byte, d object, set ...entry) string {
	var b strings.Builder
	b.WriteString("<<")
next:
	for i, k := range d.keys {
		for _, e := range set {
			if e.key == k {
				continue next
			}
		}
		v := d.vals[i]
		fmt.Fprintf(&b, "/%s %s\n", k, pdf[v.start:v.end])
	}
	for _, e := range set {
		fmt.Fprintf(&b, "/%s %s ", e.key, e.value)
	}
	b.WriteString(">>")
	return b.String()
}

// writeXref writes the cross-reference section of the update and its
// trailer, which keeps the document's /Root, /Info and /ID.
func writeXref(out *bytes.Buffer, offsets map[int64]int, gens map[int64]int64, d *document, size int64) {
	start := out.Len()
	nums := make([]int64, 0, len(offsets))
	for n := range offsets {
		nums = append(nums, n)
	}
	for i := 1; i < len(nums); i++ {
		for j := i; j > 0 && nums[j] < nums[j-1]; j-- {
			nums[j], nums[j-1] = nums[j-1], nums[j]
		}
	}
	out.WriteString("xref\n")
	for i := 0; i < len(nums); {
		j := i + 1
		for j < len(nums) && nums[j] == nums[j-1]+1 {
			j++
		}
		fmt.Fprintf(out, "%d %d\n", nums[i], j-i)
		for _, n := range nums[i:j] {
			fmt.Fprintf(out, "%010d %05d n \n", offsets[n], gens[n])
		}
		i = j
	}
	fmt.Fprintf(out, "trailer\n<</Size %d", size)
	for _, k := range []string{"Root", "Info", "ID"} {
		if v, ok := d.trailer.get(k); ok {
			fmt.Fprintf(out, " /%s %s", k, d.b[v.start:v.end])
		}
	}
	fmt.Fprintf(out, " /Prev %d>>\nstartxref\n%d\n%%%%EOF\n", d.startxrf, start)
}

// pdfDate writes t as a PDF date in UTC.
func pdfDate(t time.Time) string {
	return t.UTC().Format("D:20060102150405") + "+00'00'"
}
