// Package media decides what a file from the public is by its bytes, and
// makes a copy of it without location metadata for staff to look at. It
// does no I/O: the store keeps the original as evidence and the copy beside
// it.
//
// What is removed (docs/SECURITY.md says the same):
//
//   - JPEG: every APPn segment but JFIF (APP0), an ICC colour profile (APP2)
//     and Adobe's colour transform (APP14), so Exif and its GPS block, XMP
//     and maker notes go; comments (COM) go; anything after the end of the
//     image goes. The picture's own segments are kept byte for byte.
//   - PNG: the eXIf, tEXt, iTXt and zTXt chunks, and anything after IEND.
//   - WebP: the EXIF and XMP chunks (and their flags in VP8X).
//   - MP4, 3GP, MOV, M4A: every udta, meta, loci, ©xyz and XMP box, at the
//     top or inside moov, trak, mdia and minf, becomes a 'free' box of the
//     same size with its content zeroed, so no offset in the file moves.
//   - MP3: the ID3v2 tag at the start and the ID3v1 tag at the end.
//   - AMR and AAC (ADTS): bare streams with no place for metadata; the copy
//     is the file.
//
// OGG/Opus and WebM carry comments or tags this package does not rewrite:
// Strip returns ErrCannotStrip for them and staff are told so.
package media

import (
	"bytes"
	"encoding/binary"
	"errors"
)

// Type is a kind of file accepted from the public.
type Type struct {
	MIME  string // the content type it is served with
	Kind  string // the evidence kind: photo, audio or video
	Ext   string // the extension of a download
	Limit int64  // the largest file accepted, in bytes
}

// The size limits: a photo is at most 10 MB, a recording or video at most
// 50 MB, and a report has at most MaxFiles files.
const (
	ImageLimit = 10 << 20
	AVLimit    = 50 << 20
	MaxFiles   = 5
)

// SniffLen is how many bytes Sniff needs to decide.
const SniffLen = 64

// ErrCannotStrip is returned for a type whose metadata this package does
// not remove.
var ErrCannotStrip = errors.New("media: no stripped copy can be made of this type")

// ErrMalformed is returned for a file whose structure does not hold
// together; no copy is made of it.
var ErrMalformed = errors.New("media: malformed file")

var (
	tJPEG = Type{"image/jpeg", "photo", ".jpg", ImageLimit}
	tPNG  = Type{"image/png", "photo", ".png", ImageLimit}
	tWebP = Type{"image/webp", "photo", ".webp", ImageLimit}
	tMP4  = Type{"video/mp4", "video", ".mp4", AVLimit}
	t3GP  = Type{"video/3gpp", "video", ".3gp", AVLimit}
	tMOV  = Type{"video/quicktime", "video", ".mov", AVLimit}
	tM4A  = Type{"audio/mp4", "audio", ".m4a", AVLimit}
	tAAC  = Type{"audio/aac", "audio", ".aac", AVLimit}
	tMP3  = Type{"audio/mpeg", "audio", ".mp3", AVLimit}
	tOGG  = Type{"audio/ogg", "audio", ".ogg", AVLimit}
	tWebM = Type{"video/webm", "video", ".webm", AVLimit}
	tAMR  = Type{"audio/amr", "audio", ".amr", AVLimit}
	tAMRW = Type{"audio/amr-wb", "audio", ".awb", AVLimit}
)

// Types lists every accepted type.
var Types = []Type{tJPEG, tPNG, tWebP, tMP4, t3GP, tMOV, tM4A, tAAC, tMP3, tOGG, tWebM, tAMR, tAMRW}

// ByMIME returns the accepted type of a content type.
func ByMIME(mime string) (Type, bool) {
	for _, t := range Types {
		if t.MIME == mime {
			return t, true
		}
	}
	return Type{}, false
}

// Sniff decides a file's type from its first bytes (at least SniffLen of
// them when the file is that long). Names and claimed types are never
// looked at; anything not on the list is refused.
func Sniff(b []byte) (Type, bool) {
	switch {
	case len(b) >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return tJPEG, true
	case bytes.HasPrefix(b, pngSig):
		return tPNG, true
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return tWebP, true
	case len(b) >= 12 && string(b[4:8]) == "ftyp":
		brand := string(b[8:12])
		switch {
		case brand == "M4A " || brand == "M4B ":
			return tM4A, true
		case brand[:3] == "3gp" || brand[:3] == "3g2":
			return t3GP, true
		case brand == "qt  ":
			return tMOV, true
		}
		return tMP4, true
	case bytes.HasPrefix(b, []byte("#!AMR-WB\n")):
		return tAMRW, true
	case bytes.HasPrefix(b, []byte("#!AMR\n")):
		return tAMR, true
	case bytes.HasPrefix(b, []byte("OggS\x00")):
		return tOGG, true
	case len(b) >= 4 && b[0] == 0x1A && b[1] == 0x45 && b[2] == 0xDF && b[3] == 0xA3:
		if bytes.Contains(b[:min(len(b), SniffLen)], []byte("webm")) {
			return tWebM, true
		}
	case bytes.HasPrefix(b, []byte("ID3")):
		return tMP3, true
	case len(b) >= 2 && b[0] == 0xFF && b[1]&0xF6 == 0xF0:
		return tAAC, true // ADTS: sync, layer 00
	case len(b) >= 3 && b[0] == 0xFF && b[1]&0xE0 == 0xE0 && b[1]&0x06 != 0 && b[1]&0x18 != 0x08 && b[2]&0xF0 != 0xF0:
		return tMP3, true // an MPEG audio frame: sync, a valid version and layer and bitrate
	}
	return Type{}, false
}

// Strip returns a copy of b, a file of type t, without its location and
// other metadata. It returns ErrCannotStrip for types it does not rewrite
// and ErrMalformed for a file it cannot follow; it never returns b's
// metadata in a nil error's copy.
func Strip(t Type, b []byte) ([]byte, error) {
	switch t.MIME {
	case tJPEG.MIME:
		return stripJPEG(b)
	case tPNG.MIME:
		return stripPNG(b)
	case tWebP.MIME:
		return stripWebP(b)
	case tMP4.MIME, t3GP.MIME, tMOV.MIME, tM4A.MIME:
		return stripBMFF(b)
	case tMP3.MIME:
		return stripMP3(b)
	case tAMR.MIME, tAMRW.MIME, tAAC.MIME:
		return bytes.Clone(b), nil
	}
	return nil, ErrCannotStrip
}

// stripJPEG copies the segments of a JPEG but its metadata. After a start
// of scan it walks the entropy-coded data to the next marker, so a
// progressive image's later tables and scans are kept and an APPn between
// them is still dropped; it stops at the end of the image.
func stripJPEG(b []byte) ([]byte, error) {
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		return nil, ErrMalformed
	}
	out := make([]byte, 0, len(b))
	out = append(out, 0xFF, 0xD8)
	i := 2
	for {
		// Fill bytes may come before a marker.
		for i < len(b) && b[i] == 0xFF && i+1 < len(b) && b[i+1] == 0xFF {
			i++
		}
		if i+1 >= len(b) || b[i] != 0xFF {
			return nil, ErrMalformed
		}
		m := b[i+1]
		switch {
		case m == 0xD9: // end of image: anything after it is dropped
			return append(out, 0xFF, 0xD9), nil
		case m >= 0xD0 && m <= 0xD7, m == 0x01: // markers without a length
			out = append(out, b[i:i+2]...)
			i += 2
			continue
		}
		if i+4 > len(b) {
			return nil, ErrMalformed
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			return nil, ErrMalformed
		}
		seg, payload := b[i:i+2+n], b[i+4:i+2+n]
		i += 2 + n
		if !keepJPEGSegment(m, payload) {
			continue
		}
		out = append(out, seg...)
		if m != 0xDA { // start of scan: entropy-coded data follows
			continue
		}
		j := i
		for {
			if j+1 >= len(b) {
				return nil, ErrMalformed
			}
			if b[j] == 0xFF && b[j+1] != 0x00 && !(b[j+1] >= 0xD0 && b[j+1] <= 0xD7) && b[j+1] != 0xFF {
				break
			}
			j++
		}
		out = append(out, b[i:j]...)
		i = j
	}
}

// keepJPEGSegment says whether a segment stays in the copy: everything but
// comments and APPn, except JFIF, an ICC profile and Adobe's transform,
// which hold no place or person and change how the picture looks.
func keepJPEGSegment(m byte, payload []byte) bool {
	switch {
	case m == 0xFE:
		return false
	case m == 0xE0:
		return bytes.HasPrefix(payload, []byte("JFIF\x00")) || bytes.HasPrefix(payload, []byte("JFXX\x00"))
	case m == 0xE2:
		return bytes.HasPrefix(payload, []byte("ICC_PROFILE\x00"))
	case m == 0xEE:
		return bytes.HasPrefix(payload, []byte("Adobe"))
	case m >= 0xE1 && m <= 0xEF:
		return false
	}
	return true
}

var pngSig = []byte("\x89PNG\r\n\x1a\n")

// stripPNG copies a PNG's chunks but its text and Exif ones, up to IEND.
func stripPNG(b []byte) ([]byte, error) {
	if !bytes.HasPrefix(b, pngSig) {
		return nil, ErrMalformed
	}
	out := append(make([]byte, 0, len(b)), pngSig...)
	i := len(pngSig)
	for {
		if i+12 > len(b) {
			return nil, ErrMalformed
		}
		n := binary.BigEndian.Uint32(b[i:])
		if n > uint32(len(b)-i-12) {
			return nil, ErrMalformed
		}
		end := i + 12 + int(n)
		typ := string(b[i+4 : i+8])
		switch typ {
		case "eXIf", "tEXt", "iTXt", "zTXt":
		default:
			out = append(out, b[i:end]...)
		}
		i = end
		if typ == "IEND" {
			return out, nil
		}
	}
}

// stripWebP copies a WebP's chunks but EXIF and XMP, clears their flags in
// VP8X and writes the RIFF size anew.
func stripWebP(b []byte) ([]byte, error) {
	if len(b) < 12 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WEBP" {
		return nil, ErrMalformed
	}
	size := int64(binary.LittleEndian.Uint32(b[4:]))
	if size < 4 || size+8 > int64(len(b)) {
		return nil, ErrMalformed
	}
	body := b[12 : 8+size]
	out := append(make([]byte, 0, len(b)), b[:12]...)
	for i := 0; i < len(body); {
		if i+8 > len(body) {
			return nil, ErrMalformed
		}
		n := int64(binary.LittleEndian.Uint32(body[i+4:]))
		padded := n + n&1
		if padded > int64(len(body)-i-8) {
			if n > int64(len(body)-i-8) {
				return nil, ErrMalformed
			}
			padded = n // a last chunk without its pad byte
		}
		end := i + 8 + int(padded)
		switch string(body[i : i+4]) {
		case "EXIF", "XMP ":
		case "VP8X":
			start := len(out)
			out = append(out, body[i:end]...)
			if n >= 1 {
				out[start+8] &^= 0x08 | 0x04
			}
		default:
			out = append(out, body[i:end]...)
		}
		i = end
	}
	if len(out)-8 > 0xFFFFFFFF {
		return nil, ErrMalformed
	}
	binary.LittleEndian.PutUint32(out[4:], uint32(len(out)-8))
	return out, nil
}

// bmffFree are the boxes that hold metadata: user data, metadata (with
// iTunes-style tags), QuickTime's location (©xyz), 3GPP's (loci) and XMP.
var bmffFree = map[string]bool{"udta": true, "meta": true, "loci": true, "\xa9xyz": true, "XMP_": true}

// bmffContainers are the boxes walked into to find them.
var bmffContainers = map[string]bool{"moov": true, "trak": true, "mdia": true, "minf": true}

// stripBMFF turns the metadata boxes of an ISO media file into zeroed
// 'free' boxes of the same size.
func stripBMFF(b []byte) ([]byte, error) {
	out := bytes.Clone(b)
	if err := freeBoxes(out, 0); err != nil {
		return nil, err
	}
	return out, nil
}

func freeBoxes(b []byte, depth int) error {
	if depth > 8 {
		return ErrMalformed
	}
	for i := 0; i < len(b); {
		if len(b)-i < 8 {
			return ErrMalformed
		}
		size, hdr := uint64(binary.BigEndian.Uint32(b[i:])), 8
		typ := string(b[i+4 : i+8])
		switch size {
		case 0: // to the end
			size = uint64(len(b) - i)
		case 1: // a 64-bit size follows
			if len(b)-i < 16 {
				return ErrMalformed
			}
			size, hdr = binary.BigEndian.Uint64(b[i+8:]), 16
		}
		if size < uint64(hdr) || size > uint64(len(b)-i) {
			return ErrMalformed
		}
		box := b[i : i+int(size)]
		switch {
		case bmffFree[typ]:
			copy(box[4:8], "free")
			clear(box[hdr:])
		case bmffContainers[typ]:
			if err := freeBoxes(box[hdr:], depth+1); err != nil {
				return err
			}
		}
		i += int(size)
	}
	return nil
}

// stripMP3 drops an ID3v2 tag at the start and an ID3v1 tag at the end.
func stripMP3(b []byte) ([]byte, error) {
	for bytes.HasPrefix(b, []byte("ID3")) {
		if len(b) < 10 {
			return nil, ErrMalformed
		}
		n := 0
		for _, c := range b[6:10] {
			if c&0x80 != 0 {
				return nil, ErrMalformed
			}
			n = n<<7 | int(c)
		}
		n += 10
		if b[5]&0x10 != 0 { // a footer
			n += 10
		}
		if n > len(b) {
			return nil, ErrMalformed
		}
		b = b[n:]
	}
	if len(b) >= 128 && string(b[len(b)-128:len(b)-125]) == "TAG" {
		b = b[:len(b)-128]
	}
	if len(b) < 2 || b[0] != 0xFF || b[1]&0xE0 != 0xE0 {
		return nil, ErrMalformed
	}
	return bytes.Clone(b), nil
}
