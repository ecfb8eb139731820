package vault

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"

	"golang.org/x/crypto/argon2"
)

// MinPassphraseLength is the shortest passphrase accepted for a master key.
const MinPassphraseLength = 16

// saltSize is the size of the salt file beside the data folder.
const saltSize = 16

// FromPassphrase derives the master key from a passphrase typed at start
// and a random salt kept in saltPath (made on first use; it is not secret,
// but without it the same passphrase gives another key). Argon2id with 256
// MiB and 4 passes makes each guess cost about a second. A keyring made
// this way has no key file, so it cannot be rotated; use a key file for
// that.
func FromPassphrase(passphrase, saltPath string) (*Keyring, error) {
	if len([]rune(passphrase)) < MinPassphraseLength {
		return nil, fmt.Errorf("the passphrase must have at least %d characters", MinPassphraseLength)
	}
	salt, err := os.ReadFile(saltPath)
	if errors.Is(err, os.ErrNotExist) {
		salt = make([]byte, saltSize)
		if _, err := rand.Read(salt); err != nil {
			return nil, err
		}
		if err := os.WriteFile(saltPath, salt, 0o600); err != nil {
			return nil, fmt.Errorf("write the salt file: %w", err)
		}
	} else if err != nil {
		return nil, fmt.Errorf("read the salt file: %w", err)
	}
	if len(salt) != saltSize {
		return nil, fmt.Errorf("the salt file %s is damaged", saltPath)
	}
	key := argon2.IDKey([]byte(passphrase), salt, 4, 256*1024, 4, KeySize)
	id := sha256.Sum256(salt)
	k := &Keyring{keys: map[string][]byte{}}
	k.add("pp-"+hex.EncodeToString(id[:5]), key)
	return k, nil
}
