package pdfdoc

import (
	"bytes"
	"fmt"

	"codeberg.org/go-pdf/fpdf"
)

// JPEG places a baseline JPEG image (as Go's image/jpeg writes) in the box
// at x, y of w by h millimetres; name identifies it in the document, so the
// same name places the same image again. The caller decodes and re-encodes
// a picture it was given first: a file the PDF library cannot read fails
// the whole document, and this returns that error.
func (d *Doc) JPEG(name string, data []byte, x, y, w, h float64) error {
	d.f.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "JPG"}, bytes.NewReader(data))
	if err := d.f.Error(); err != nil {
		return fmt.Errorf("pdfdoc: image %q: %w", name, err)
	}
	d.f.ImageOptions(name, x, y, w, h, false, fpdf.ImageOptions{ImageType: "JPG"}, 0, "")
	return d.f.Error()
}
