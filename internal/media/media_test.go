package media

import (
	"bytes"
	"encoding/binary"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/haki-kenya/haki/internal/media/mediatest"
)

func TestStripJPEGRemovesGPSAndDecodes(t *testing.T) {
	in := mediatest.JPEGWithGPS(t)
	if _, err := jpeg.Decode(bytes.NewReader(in)); err != nil {
		t.Fatalf("the test photo does not decode: %v", err)
	}
	typ, ok := Sniff(in)
	if !ok || typ.MIME != "image/jpeg" || typ.Kind != "photo" {
		t.Fatalf("Sniff = %+v, %v", typ, ok)
	}
	out, err := Strip(typ, in)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"GPSMARK", "Exif", "xap/1.0"} {
		if bytes.Contains(out, []byte(s)) {
			t.Errorf("the copy still holds %q", s)
		}
	}
	img, err := jpeg.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("the copy does not decode: %v", err)
	}
	if img.Bounds().Dx() != 16 {
		t.Errorf("the copy is %v", img.Bounds())
	}
	if !bytes.Contains(out, []byte("JFIF")) && bytes.Contains(in, []byte("JFIF")) {
		t.Error("JFIF was dropped")
	}
}

func TestStripPNG(t *testing.T) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, mediatest.Image()); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	chunk := func(typ, data string) []byte {
		c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
		c = append(c, typ...)
		c = append(c, data...)
		return append(c, 0, 0, 0, 0) // the CRC is not checked by the stripper
	}
	// after IHDR (8 + 25 bytes)
	in := append([]byte{}, b[:33]...)
	in = append(in, chunk("tEXt", "Comment\x00GPSMARK")...)
	in = append(in, chunk("eXIf", "MM\x00\x2aGPSMARK")...)
	in = append(in, chunk("iTXt", "XML:com.adobe.xmp\x00\x00\x00\x00\x00GPSMARK")...)
	in = append(in, b[33:]...)
	typ, _ := Sniff(in)
	out, err := Strip(typ, in)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out, []byte("GPSMARK")) || !bytes.Equal(out, b) {
		t.Error("the copy is not the picture without its text and Exif")
	}
	if _, err := png.Decode(bytes.NewReader(out)); err != nil {
		t.Fatal(err)
	}
}

func riffChunk(typ, data string) []byte {
	c := append([]byte(typ), 0, 0, 0, 0)
	binary.LittleEndian.PutUint32(c[4:], uint32(len(data)))
	c = append(c, data...)
	if len(data)%2 == 1 {
		c = append(c, 0)
	}
	return c
}

func TestStripWebP(t *testing.T) {
	body := []byte("WEBP")
	body = append(body, riffChunk("VP8X", "\x0c\x00\x00\x00\x0f\x00\x00\x0f\x00\x00")...)
	body = append(body, riffChunk("VP8L", "\x2f\x00\x00\x00\x00")...)
	body = append(body, riffChunk("EXIF", "MM\x00\x2aGPSMARK")...)
	body = append(body, riffChunk("XMP ", "<x GPSMARK/>")...)
	in := append([]byte("RIFF\x00\x00\x00\x00"), body...)
	binary.LittleEndian.PutUint32(in[4:], uint32(len(body)))
	typ, _ := Sniff(in)
	if typ.MIME != "image/webp" {
		t.Fatalf("Sniff = %+v", typ)
	}
	out, err := Strip(typ, in)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out, []byte("GPSMARK")) || bytes.Contains(out, []byte("EXIF")) {
		t.Error("EXIF or XMP kept")
	}
	if out[20]&0x0c != 0 {
		t.Errorf("VP8X flags %x still claim EXIF or XMP", out[20])
	}
	if got := binary.LittleEndian.Uint32(out[4:]); int(got) != len(out)-8 {
		t.Errorf("RIFF size %d for %d bytes", got, len(out))
	}
}

func TestStripMP4(t *testing.T) {
	in := mediatest.MP4WithGPS()
	typ, ok := Sniff(in)
	if !ok || typ.MIME != "video/mp4" {
		t.Fatalf("Sniff = %+v", typ)
	}
	out, err := Strip(typ, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != len(in) {
		t.Fatalf("size changed: %d -> %d", len(in), len(out))
	}
	for _, s := range []string{"\xa9xyz", "+036.8219", "GPSMARK", "udta", "meta"} {
		if bytes.Contains(out, []byte(s)) {
			t.Errorf("the copy still holds %q", s)
		}
	}
	if !bytes.Contains(out, []byte("mvhd")) || !bytes.Contains(out, []byte("frames")) || !bytes.Contains(out, []byte("tkhd")) {
		t.Error("the media boxes were touched")
	}
	if bytes.Count(out, []byte("free")) != 3 {
		t.Errorf("want 3 free boxes, got %d", bytes.Count(out, []byte("free")))
	}
}

func TestStripMP3(t *testing.T) {
	frame := []byte{0xFF, 0xFB, 0x90, 0x00, 1, 2, 3}
	id3 := append([]byte("ID3\x03\x00\x00\x00\x00\x00\x0a"), []byte("GPSMARK...")...)
	v1 := append([]byte("TAG"), bytes.Repeat([]byte("G"), 125)...)
	in := append(append(id3, frame...), v1...)
	typ, _ := Sniff(in)
	if typ.MIME != "audio/mpeg" {
		t.Fatalf("Sniff = %+v", typ)
	}
	out, err := Strip(typ, in)
	if err != nil || !bytes.Equal(out, frame) {
		t.Fatalf("Strip = %x, %v", out, err)
	}
}

func TestSniff(t *testing.T) {
	for _, c := range []struct {
		head, mime string
	}{
		{"\x00\x00\x00\x18ftypM4A \x00\x00\x00\x00", "audio/mp4"},
		{"\x00\x00\x00\x18ftyp3gp4\x00\x00\x00\x00", "video/3gpp"},
		{"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00", "video/quicktime"},
		{"#!AMR\n\x3c", "audio/amr"},
		{"#!AMR-WB\n", "audio/amr-wb"},
		{"OggS\x00\x02\x00\x00", "audio/ogg"},
		{"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm", "video/webm"},
		{"\xff\xf1\x50\x80", "audio/aac"},
		{"\xff\xfb\x90\x00", "audio/mpeg"},
	} {
		if typ, ok := Sniff([]byte(c.head)); !ok || typ.MIME != c.mime {
			t.Errorf("Sniff(%q) = %q, %v; want %q", c.head, typ.MIME, ok, c.mime)
		}
	}
	for _, bad := range []string{"", "<html><script>", "%PDF-1.7", "GIF89a", "\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01matroska", "MZ\x90\x00", "RIFF\x00\x00\x00\x00WAVEfmt "} {
		if typ, ok := Sniff([]byte(bad)); ok {
			t.Errorf("Sniff(%q) accepted as %s", bad, typ.MIME)
		}
	}
	for _, typ := range []string{"audio/ogg", "video/webm"} {
		ty, _ := ByMIME(typ)
		if _, err := Strip(ty, []byte("OggS\x00")); err != ErrCannotStrip {
			t.Errorf("Strip(%s) = %v, want ErrCannotStrip", typ, err)
		}
	}
}

func TestStripMalformed(t *testing.T) {
	in := mediatest.JPEGWithGPS(t)
	for _, n := range []int{3, 10, 40, len(in) / 2} {
		if _, err := Strip(tJPEG, in[:n]); err != ErrMalformed {
			t.Errorf("a JPEG cut at %d: %v", n, err)
		}
	}
	mp4 := mediatest.MP4WithGPS()
	if _, err := Strip(tMP4, mp4[:len(mp4)-3]); err != ErrMalformed {
		t.Errorf("a cut MP4: %v", err)
	}
}

// FuzzStrip checks that no input makes the sniffer or a stripper panic,
// and that a copy once stripped has nothing more to strip.
func FuzzStrip(f *testing.F) {
	f.Add(mediatest.JPEGWithGPS(f))
	f.Add(mediatest.MP4WithGPS())
	f.Add([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x00IEND\xaeB`\x82"))
	f.Add([]byte("RIFF\x0c\x00\x00\x00WEBPEXIF\x00\x00\x00\x00"))
	f.Add([]byte("ID3\x03\x00\x10\x00\x00\x00\x01\xff\xfb"))
	f.Fuzz(func(t *testing.T, b []byte) {
		typ, ok := Sniff(b)
		if !ok {
			return
		}
		out, err := Strip(typ, b)
		if err != nil {
			return
		}
		again, err := Strip(typ, out)
		if err != nil {
			t.Fatalf("a stripped %s does not strip again: %v", typ.MIME, err)
		}
		if !bytes.Equal(again, out) {
			t.Fatalf("a stripped %s changed when stripped again", typ.MIME)
		}
	})
}
