// Package vault keeps direct identifiers and identifying free text
// unreadable on disk. A master key, kept outside the database and the data
// folder, wraps per-record data keys; data keys seal values with AES-256-GCM,
// bound to the record and field they belong to. Keyed blind-index tokens let
// the store find a person by name, alias or ID number without anything
// readable in the index.
package vault

import (
	"bufio"
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// KeySize is the size of every key: AES-256.
const KeySize = 32

// Keyring holds the master keys, by id. New data keys are wrapped by the
// current (last added) one; older ones stay readable until rotation has
// re-wrapped everything they wrapped.
type Keyring struct {
	mu      sync.RWMutex
	path    string // the key file, re-read when an unknown key id is met
	keys    map[string][]byte
	order   []string
	current string
	// seen is the key file's modification time when last read; checked is
	// when Wrap last looked, so a rotation run by another process is
	// followed within a second.
	seen, checked time.Time
}

// ErrWrongKey means the key file cannot open this data.
var ErrWrongKey = errors.New("the master key does not match this data: check --key-file (or HAKI_KEY_FILE)")

// NewKeyring returns a keyring holding one new random master key, kept in
// memory only (tests; callers that want a file use CreateKeyFile).
func NewKeyring() *Keyring {
	k := &Keyring{keys: map[string][]byte{}}
	k.add(newKeyID(), randomKey())
	return k
}

const fileHeader = "# Haki master key file. Keep it OFF the server's data disk and back it up apart from the data:\n" +
	"# without it the names, phones and narratives in the database and its backups cannot be read.\n"

// CreateKeyFile writes a key file with one new master key, readable only by
// its owner, and returns the keyring. It refuses to overwrite a file.
func CreateKeyFile(path string) (*Keyring, error) {
	k := NewKeyring()
	k.path = path
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("create key file: %w", err)
	}
	defer f.Close()
	if _, err := f.Write(k.marshal()); err != nil {
		return nil, err
	}
	return k, f.Sync()
}

// LoadKeyFile reads a key file.
func LoadKeyFile(path string) (*Keyring, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read key file: %w", err)
	}
	k, err := parseKeys(b)
	if err != nil {
		return nil, fmt.Errorf("key file %s: %w", path, err)
	}
	k.path = path
	if fi, err := os.Stat(path); err == nil {
		k.seen = fi.ModTime()
	}
	return k, nil
}

// OpenOrCreate loads the key file at path, or creates it when it does not
// exist; created reports which.
func OpenOrCreate(path string) (k *Keyring, created bool, err error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		k, err := CreateKeyFile(path)
		return k, true, err
	}
	k, err = LoadKeyFile(path)
	return k, false, err
}

func parseKeys(b []byte) (*Keyring, error) {
	k := &Keyring{keys: map[string][]byte{}}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 || f[0] != "haki-master-key-v1" {
			return nil, fmt.Errorf("line %d: expected \"haki-master-key-v1 ID KEY\"", n)
		}
		key, err := base64.StdEncoding.DecodeString(f[2])
		if err != nil || len(key) != KeySize {
			return nil, fmt.Errorf("line %d: the key is not %d bytes of base64", n, KeySize)
		}
		k.add(f[1], key)
	}
	if len(k.order) == 0 {
		return nil, errors.New("no key in the file")
	}
	return k, sc.Err()
}

func (k *Keyring) marshal() []byte {
	var b bytes.Buffer
	b.WriteString(fileHeader)
	for _, id := range k.order {
		fmt.Fprintf(&b, "haki-master-key-v1 %s %s\n", id, base64.StdEncoding.EncodeToString(k.keys[id]))
	}
	return b.Bytes()
}

func (k *Keyring) add(id string, key []byte) {
	if _, ok := k.keys[id]; !ok {
		k.order = append(k.order, id)
	}
	k.keys[id], k.current = key, id
}

// Current returns the id of the key new data keys are wrapped with.
func (k *Keyring) Current() string {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.current
}

// IDs returns the ids of the keys held, oldest first.
func (k *Keyring) IDs() []string {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return slices.Clone(k.order)
}

// Wrap seals a data key with the current master key. If the key file
// changed (a rotation added a key), it is read again first.
func (k *Keyring) Wrap(dek []byte) (wrapped, masterID string) {
	k.follow()
	k.mu.RLock()
	id, key := k.current, k.keys[k.current]
	k.mu.RUnlock()
	return seal(key, dek, "dek:"+id), id
}

// Unwrap opens a data key wrapped by the master key with the id. A key id
// the keyring does not hold sends it back to its file once, in case a
// rotation running beside this process added it.
func (k *Keyring) Unwrap(masterID, wrapped string) ([]byte, error) {
	k.mu.RLock()
	key, ok := k.keys[masterID]
	k.mu.RUnlock()
	if !ok && k.reload() == nil {
		k.mu.RLock()
		key, ok = k.keys[masterID]
		k.mu.RUnlock()
	}
	if !ok {
		return nil, ErrWrongKey
	}
	dek, err := open(key, wrapped, "dek:"+masterID)
	if err != nil {
		return nil, ErrWrongKey
	}
	return dek, nil
}

func (k *Keyring) reload() error {
	if k.path == "" {
		return errors.New("no key file")
	}
	fresh, err := LoadKeyFile(k.path)
	if err != nil {
		return err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, id := range fresh.order {
		k.add(id, fresh.keys[id])
	}
	k.current, k.seen = fresh.current, fresh.seen
	return nil
}

// follow re-reads the key file, at most once a second, when it changed.
func (k *Keyring) follow() {
	if k.path == "" {
		return
	}
	k.mu.Lock()
	now := time.Now()
	due := now.Sub(k.checked) >= time.Second
	if due {
		k.checked = now
	}
	seen := k.seen
	k.mu.Unlock()
	if !due {
		return
	}
	if fi, err := os.Stat(k.path); err == nil && !fi.ModTime().Equal(seen) {
		k.reload()
	}
}

// AddKey adds a new master key, makes it current and writes the key file
// (atomically: a temporary file renamed over it). It returns the new id.
func (k *Keyring) AddKey() (string, error) {
	k.mu.Lock()
	id := newKeyID()
	k.add(id, randomKey())
	k.mu.Unlock()
	return id, k.save()
}

// DropKey removes a master key that wraps nothing any more, and writes the key file.
func (k *Keyring) DropKey(id string) error {
	k.mu.Lock()
	if id == k.current {
		k.mu.Unlock()
		return errors.New("the current key cannot be dropped")
	}
	delete(k.keys, id)
	k.order = slices.DeleteFunc(k.order, func(s string) bool { return s == id })
	k.mu.Unlock()
	return k.save()
}

func (k *Keyring) save() error {
	if k.path == "" {
		return nil
	}
	k.mu.RLock()
	b := k.marshal()
	k.mu.RUnlock()
	tmp := k.path + ".new"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	f, err := os.Open(tmp)
	if err == nil {
		err = f.Sync()
		f.Close()
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp, k.path)
}

// NewDataKey returns a new random data key.
func NewDataKey() []byte { return randomKey() }

// Seal encrypts plaintext with a data key, bound to aad (the record and
// field it belongs to, so a sealed value copied elsewhere does not open).
// The empty string stays empty, so "not given" is not encrypted.
func Seal(dek []byte, plaintext, aad string) string {
	if plaintext == "" {
		return ""
	}
	return seal(dek, []byte(plaintext), aad)
}

// Open decrypts what Seal made with the same key and aad.
func Open(dek []byte, sealed, aad string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	b, err := open(dek, sealed, aad)
	return string(b), err
}

// sealed values are "v1:" then base64 of nonce and ciphertext.
const prefix = "v1:"

func seal(key, plaintext []byte, aad string) string {
	gcm := newGCM(key)
	nonce := make([]byte, gcm.NonceSize(), gcm.NonceSize()+len(plaintext)+gcm.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		panic(err)
	}
	return prefix + base64.RawStdEncoding.EncodeToString(gcm.Seal(nonce, nonce, plaintext, []byte(aad)))
}

var errSealed = errors.New("vault: the sealed value is damaged or belongs elsewhere")

func open(key []byte, sealed, aad string) ([]byte, error) {
	body, ok := strings.CutPrefix(sealed, prefix)
	if !ok {
		return nil, errSealed
	}
	b, err := base64.RawStdEncoding.DecodeString(body)
	gcm := newGCM(key)
	if err != nil || len(b) < gcm.NonceSize()+gcm.Overhead() {
		return nil, errSealed
	}
	out, err := gcm.Open(nil, b[:gcm.NonceSize()], b[gcm.NonceSize():], []byte(aad))
	if err != nil {
		return nil, errSealed
	}
	return out, nil
}

func newGCM(key []byte) cipher.AEAD {
	block, err := aes.NewCipher(key)
	if err != nil {
		panic(err) // keys are always KeySize
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return gcm
}

func randomKey() []byte {
	b := make([]byte, KeySize)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return b
}

func newKeyID() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Fingerprint identifies a keyring's current key without revealing it, for
// logs and messages.
func (k *Keyring) Fingerprint() string {
	k.mu.RLock()
	defer k.mu.RUnlock()
	h := sha256.Sum256(k.keys[k.current])
	return k.current + ":" + hex.EncodeToString(h[:4])
}
