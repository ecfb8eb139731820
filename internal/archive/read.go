package archive

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/aes"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha1"
	"errors"
	"io"
)

// maxEntry bounds what ReadEntry inflates, against a deflate bomb.
const maxEntry = 1 << 30

// ErrPassphrase says the passphrase does not open the archive.
var ErrPassphrase = errors.New("archive: wrong passphrase")

// ReadEntry decrypts and reads a whole entry of an archive made by Writer
// (for tests and for checking an archive): a wrong passphrase or altered
// data is an error.
func ReadEntry(f *zip.File, passphrase string) ([]byte, error) {
	if f.Method != methodAES || len(f.Extra) < 11 {
		return nil, errors.New("archive: not an AES-encrypted entry")
	}
	r, err := f.OpenRaw()
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if len(raw) < saltLen+2+authLen {
		return nil, errors.New("archive: entry too short")
	}
	salt, check, data, auth := raw[:saltLen], raw[saltLen:saltLen+2], raw[saltLen+2:len(raw)-authLen], raw[len(raw)-authLen:]
	keys, err := pbkdf2.Key(sha1.New, passphrase, salt, iterations, 2*keyLen+2)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(keys[2*keyLen:], check) {
		return nil, ErrPassphrase
	}
	mac := hmac.New(sha1.New, keys[keyLen:2*keyLen])
	mac.Write(data)
	if !hmac.Equal(mac.Sum(nil)[:authLen], auth) {
		return nil, errors.New("archive: the entry was altered")
	}
	block, err := aes.NewCipher(keys[:keyLen])
	if err != nil {
		return nil, err
	}
	plain := make([]byte, len(data))
	xorCTR(block, 1, plain, data)
	return io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(plain)), maxEntry))
}
