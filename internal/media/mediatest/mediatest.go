// Package mediatest makes files with location metadata for the tests of
// the media, the store and the web rooms.
package mediatest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

// Marker is in every piece of metadata these files carry.
const Marker = "GPSMARK"

// exifGPS is an APP1 Exif segment whose IFD0 points to a GPS IFD holding a
// latitude reference "S" and the marker text GPSMARK.
func exifGPS() []byte {
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08")
	// IFD0: one entry, GPSInfo (0x8825) -> offset 26
	tiff = append(tiff, 0, 1, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0)
	// GPS IFD: GPSLatitudeRef "S"
	tiff = append(tiff, 0, 1, 0, 1, 0, 2, 0, 0, 0, 2, 'S', 0, 0, 0, 0, 0, 0, 0)
	tiff = append(tiff, []byte("GPSMARK -1.2921,36.8219")...)
	payload := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	return append(seg, payload...)
}

// Image is a small picture.
func Image() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for x := range 16 {
		for y := range 16 {
			img.Set(x, y, color.RGBA{uint8(x * 16), uint8(y * 16), 128, 255})
		}
	}
	return img
}

// JPEGWithGPS is a small photo with a GPS Exif block, an XMP segment and a
// comment, and a trailer after its end.
func JPEGWithGPS(t testing.TB) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, Image(), nil); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	xmp := append([]byte{0xFF, 0xE1, 0, 0}, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta GPSMARK/>")...)
	binary.BigEndian.PutUint16(xmp[2:], uint16(len(xmp)-2))
	com := append([]byte{0xFF, 0xFE, 0, 0}, []byte("GPSMARK comment")...)
	binary.BigEndian.PutUint16(com[2:], uint16(len(com)-2))
	out := append([]byte{0xFF, 0xD8}, exifGPS()...)
	out = append(out, xmp...)
	out = append(out, com...)
	out = append(out, b[2:]...)
	return append(out, []byte("GPSMARK trailer")...)
}

// Box is an ISO media box.
func Box(typ string, content ...[]byte) []byte {
	b := append([]byte{0, 0, 0, 0}, typ...)
	for _, c := range content {
		b = append(b, c...)
	}
	binary.BigEndian.PutUint32(b, uint32(len(b)))
	return b
}

// MP4WithGPS is a minimal MP4 with a QuickTime location in moov/udta and
// in a track's udta.
func MP4WithGPS() []byte {
	ftyp := Box("ftyp", []byte("isom\x00\x00\x02\x00isommp41"))
	xyz := Box("\xa9xyz", []byte("\x00\x12\x15\xc7-01.2921+036.8219/"))
	moov := Box("moov", Box("mvhd", make([]byte, 100)), Box("trak", Box("tkhd", make([]byte, 84)), Box("udta", xyz)),
		Box("udta", xyz), Box("meta", []byte("\x00\x00\x00\x00"), Box("ilst", []byte("GPSMARK"))))
	return append(append(ftyp, moov...), Box("mdat", []byte("frames"))...)
}
