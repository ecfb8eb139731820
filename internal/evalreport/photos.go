package evalreport

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	_ "image/png" // photographs arrive as JPEG or PNG
	"strconv"
)

// maxPixels is the longest side a photograph is printed with: enough for
// a page at 300 dpi across half of A4, and the PDF stays small.
const maxPixels = 1600

// maxDecodedPixels refuses a picture larger than a 50-megapixel camera's
// before it is decoded: a small PNG can claim a huge size, and decoding
// takes up to four bytes a pixel.
const maxDecodedPixels = 50_000_000

// preparedPhoto is a photograph decoded and written again as a plain JPEG
// the PDF library always reads.
type preparedPhoto struct {
	Photo
	jpeg   []byte
	aspect float64 // height / width
}

// preparePhotos decodes every photograph, refusing one that is not a
// readable JPEG or PNG, and re-encodes it (reduced when large, on white
// where transparent). The printed picture is therefore a copy; the
// original's SHA-256 is printed beside it.
func preparePhotos(photos []Photo) ([]preparedPhoto, error) {
	out := make([]preparedPhoto, 0, len(photos))
	for i, p := range photos {
		cfg, _, err := image.DecodeConfig(bytes.NewReader(p.Image))
		if err != nil {
			return nil, fmt.Errorf("evalreport: photograph %d of finding %d: %w", i+1, p.FindingNo, err)
		}
		if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxDecodedPixels {
			return nil, fmt.Errorf("evalreport: photograph %d of finding %d: unusable size %dx%d", i+1, p.FindingNo, cfg.Width, cfg.Height)
		}
		img, _, err := image.Decode(bytes.NewReader(p.Image))
		if err != nil {
			return nil, fmt.Errorf("evalreport: photograph %d of finding %d: %w", i+1, p.FindingNo, err)
		}
		small := reduce(img, maxPixels)
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, small, &jpeg.Options{Quality: 88}); err != nil {
			return nil, fmt.Errorf("evalreport: photograph %d: %w", i+1, err)
		}
		b := small.Bounds()
		out = append(out, preparedPhoto{Photo: p, jpeg: buf.Bytes(), aspect: float64(b.Dy()) / float64(b.Dx())})
	}
	return out, nil
}

// reduce returns img on a white ground, at most limit pixels on its longest
// side, each new pixel the average of the pixels it covers.
func reduce(img image.Image, limit int) *image.RGBA {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	scale := max(1, (max(w, h)+limit-1)/limit)
	out := image.NewRGBA(image.Rect(0, 0, max(1, w/scale), max(1, h/scale)))
	draw.Draw(out, out.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	if scale == 1 {
		draw.Draw(out, out.Bounds(), img, b.Min, draw.Over)
		return out
	}
	ob := out.Bounds()
	for y := 0; y < ob.Dy(); y++ {
		for x := 0; x < ob.Dx(); x++ {
			var rs, gs, bs, as, n uint32
			for dy := 0; dy < scale; dy++ {
				for dx := 0; dx < scale; dx++ {
					cr, cg, cb, ca := img.At(b.Min.X+x*scale+dx, b.Min.Y+y*scale+dy).RGBA()
					rs, gs, bs, as, n = rs+cr, gs+cg, bs+cb, as+ca, n+1
				}
			}
			// Premultiplied colour over white.
			white := 0xffff*n - as
			out.Set(x, y, color.RGBA64{uint16((rs + white) / n), uint16((gs + white) / n), uint16((bs + white) / n), 0xffff})
		}
	}
	return out
}

// photographs writes section VIII: each photograph with its finding, its
// caption and the original file's SHA-256, two to a row.
func (r *report) photographs() error {
	r.section(secPhotographs, "sec.photographs", 40)
	if len(r.photos) == 0 {
		r.note(r.t("no_photographs"))
		return nil
	}
	r.note(r.t("photographs_note"))
	d := r.d
	const colW, gap, maxH = 84.0, 6.0, 70.0
	for i, p := range r.photos {
		w, h := colW, colW*p.aspect
		if h > maxH {
			w, h = maxH/p.aspect, maxH
		}
		col := i % 2
		if col == 0 {
			r.ensure(maxH + 22)
		}
		x, y := pageLeft+float64(col)*(colW+gap), d.Y()
		if err := d.JPEG("photo"+strconv.Itoa(i), p.jpeg, x+(colW-w)/2, y, w, h); err != nil {
			return err
		}
		d.SetDrawColor(190, 190, 190)
		d.SetXY(x, y+maxH+1)
		d.SetFontSize(8.5)
		d.MultiCell(colW, 4.2, r.t("photo_caption", i+1, p.FindingNo, p.Caption), "", "L", false)
		d.SetX(x)
		d.SetFontSize(6.5)
		d.SetTextColor(80, 80, 80)
		d.MultiCell(colW, 3.4, "SHA-256 "+groupHash(p.SHA256), "", "L", false)
		d.SetTextColor(0, 0, 0)
		d.SetFontSize(10)
		if col == 0 && i+1 < len(r.photos) {
			d.SetY(y) // the next photograph goes beside this one
		} else {
			d.SetY(y + maxH + 18)
		}
	}
	return nil
}
