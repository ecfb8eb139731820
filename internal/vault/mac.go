package vault

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
)

// ErrBadSignature means a signed record does not match its MAC: it was
// changed, or made without the master key.
var ErrBadSignature = errors.New("vault: the signature does not match: the record was changed or made without the master key")

// ErrUnknownSigner means a record was signed with a master key the keyring
// no longer holds (it was rotated away), so its signature cannot be checked.
var ErrUnknownSigner = errors.New("vault: signed with a master key this key file no longer holds")

// Sign returns an HMAC-SHA256 of msg under a key derived from the current
// master key for purpose, and that master key's id. Records that must live
// outside the database (the audit checkpoint) carry it, so that whoever
// can write them but lacks the key file cannot forge one.
func (k *Keyring) Sign(purpose string, msg []byte) (keyID, mac string) {
	k.mu.RLock()
	id, key := k.current, k.keys[k.current]
	k.mu.RUnlock()
	return id, hex.EncodeToString(signWith(key, purpose, msg))
}

// Verify checks a MAC that Sign made with the master key keyID.
func (k *Keyring) Verify(keyID, purpose string, msg []byte, mac string) error {
	k.mu.RLock()
	key, ok := k.keys[keyID]
	k.mu.RUnlock()
	if !ok {
		return ErrUnknownSigner
	}
	got, err := hex.DecodeString(mac)
	if err != nil || !hmac.Equal(got, signWith(key, purpose, msg)) {
		return ErrBadSignature
	}
	return nil
}

// signWith derives a key for purpose from the master key, so a MAC made for
// one purpose never verifies for another and the master key itself never
// keys a MAC directly.
func signWith(master []byte, purpose string, msg []byte) []byte {
	d := hmac.New(sha256.New, master)
	d.Write([]byte("haki mac key: " + purpose))
	m := hmac.New(sha256.New, d.Sum(nil))
	m.Write(msg)
	return m.Sum(nil)
}
