package publicreport

import (
	"bytes"
	"crypto/ecdh"
	"encoding/json"
	"strconv"

	"github.com/haki-kenya/haki"
)

// A photo, recording or video sent with a report is sealed on the phone
// like the report, one envelope per file, but sent as bytes rather than
// base64 in JSON: POST /report/media carries one line of JSON, the
// MediaHeader, then a newline, then the ciphertext. The additional data
// binds the file to its report's key and its place in the report, so a
// file cannot be replayed into another report or another place:
//
//	aad = "haki media v1/" + kid + "/" + idempotency key + "/" + index

// MaxMediaHeader bounds the header line.
const MaxMediaHeader = 2 << 10

// MaxMediaBody bounds the body of POST /report/media: the header and the
// largest file (50 MB, a recording or video) with its 16-byte tag.
const MaxMediaBody = MaxMediaHeader + 50<<20 + 16

// MaxMediaFiles is how many files a report may carry.
const MaxMediaFiles = 5

// MediaHeader is the first line of POST /report/media.
type MediaHeader struct {
	IdempotencyKey string `json:"idempotency_key"`
	Index          int    `json:"index"`
	Kid            string `json:"kid"`
	EPK            JWK    `json:"epk"`
	IV             string `json:"iv"`
}

var errMediaUnreadable = haki.Errorf(haki.EINVALID, "The file could not be read. Reload the page and send it again.")

// ParseMediaHeader reads the header line (without its newline).
func ParseMediaHeader(line []byte) (*MediaHeader, error) {
	var h MediaHeader
	if len(line) > MaxMediaHeader || decodeStrict(line, &h) != nil {
		return nil, errMediaUnreadable
	}
	if !ValidIdemKey(h.IdempotencyKey) || h.Index < 0 || h.Index >= MaxMediaFiles || h.Kid == "" {
		return nil, errMediaUnreadable
	}
	return &h, nil
}

// MediaAAD is the additional data of file index of the report sent under idemKey.
func MediaAAD(kid, idemKey string, index int) []byte {
	return []byte("haki media v1/" + kid + "/" + idemKey + "/" + strconv.Itoa(index))
}

// OpenMedia opens a file's ciphertext, in place. It returns ErrUnknownKey
// for another key id and ErrBadEnvelope for anything else that does not open.
func (k *Key) OpenMedia(h *MediaHeader, ct []byte) ([]byte, error) {
	if h.Kid != k.ID {
		return nil, ErrUnknownKey
	}
	return k.open(h.EPK, h.IV, ct, MediaAAD(h.Kid, h.IdempotencyKey, h.Index))
}

// SealMedia seals a file as the page does and returns the body of POST
// /report/media. The server never needs it; the tests use it.
func SealMedia(kid string, org *ecdh.PublicKey, idemKey string, index int, plaintext []byte) ([]byte, error) {
	epk, iv, ct, err := seal(org, plaintext, MediaAAD(kid, idemKey, index))
	if err != nil {
		return nil, err
	}
	line, err := json.Marshal(MediaHeader{IdempotencyKey: idemKey, Index: index, Kid: kid, EPK: epk, IV: iv})
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.Write(line)
	b.WriteByte('\n')
	b.Write(ct)
	return b.Bytes(), nil
}
