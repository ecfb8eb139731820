package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/vault"
)

// indexKeyID is the data key that keys the blind indexes; it is wrapped by
// the master key like every other, so rotating the master key leaves the
// index valid.
const indexKeyID = "index"

// secretsKeyID is the data key that seals account secrets (two-factor
// secrets): they belong to staff, not to a person in the records, so they
// share one key rather than one each.
const secretsKeyID = "secrets"

// loadIndexKey reads (or, in a new database, makes) the blind-index key and
// the secrets key. A master key that cannot unwrap them is the wrong key
// for this data.
func (s *Store) loadIndexKey(ctx context.Context) error {
	return s.write(ctx, func(tx *Tx) error {
		index, err := tx.dataKeyOrNew(indexKeyID)
		if err != nil {
			return err
		}
		secrets, err := tx.dataKeyOrNew(secretsKeyID)
		if err != nil {
			return err
		}
		s.index, s.secrets = vault.NewIndexer(index), secrets
		return nil
	})
}

func (tx *Tx) dataKeyOrNew(id string) ([]byte, error) {
	key, err := tx.dataKey(id)
	if haki.ErrorCode(err) == haki.ENOTFOUND {
		key = vault.NewDataKey()
		err = tx.insertDataKey(id, key)
	}
	return key, err
}

// sealSecret seals an account secret, bound to the user and field.
func (s *Store) sealSecret(userID, field, v string) string {
	return (sealer{s.secrets, "user", userID}).seal(field, v)
}

// openSecret opens what sealSecret sealed.
func (s *Store) openSecret(userID, field, v string) (string, error) {
	return (sealer{s.secrets, "user", userID}).open(field, v)
}

// newDataKey makes, wraps and stores a data key for one record.
func (tx *Tx) newDataKey() (string, []byte, error) {
	id, key := newID(), vault.NewDataKey()
	return id, key, tx.insertDataKey(id, key)
}

func (tx *Tx) insertDataKey(id string, key []byte) error {
	wrapped, master := tx.s.keys.Wrap(key)
	_, err := tx.exec(`INSERT INTO data_keys (id, master_id, wrapped, created_at) VALUES (?, ?, ?, ?)`, id, master, wrapped, fmtTime(tx.now))
	return err
}

// dataKey returns a stored data key, unwrapped.
func (tx *Tx) dataKey(id string) ([]byte, error) {
	var master, wrapped string
	err := tx.queryRow(`SELECT master_id, wrapped FROM data_keys WHERE id = ?`, id).Scan(&master, &wrapped)
	if isNoRows(err) {
		return nil, haki.Errorf(haki.ENOTFOUND, "No such key.")
	} else if err != nil {
		return nil, err
	}
	return tx.s.keys.Unwrap(master, wrapped)
}

// sealer seals and opens the fields of one record with its data key, each
// bound to the record's kind, id and field name.
type sealer struct {
	key  []byte
	kind string
	id   string
}

func (sl sealer) seal(field, v string) string {
	if !haki.ValidText(v) {
		return refusedSeal
	}
	return vault.Seal(sl.key, v, sl.kind+"/"+sl.id+"/"+field)
}

// refusedSeal stands in for a value that is not haki.ValidText. It holds a
// NUL, so the statement that would store it is refused (validArgs) and the
// write fails with EINVALID; it carries nothing of the value.
const refusedSeal = "\x00refused"

// open returns the plaintext, or an error naming the record (never its content).
func (sl sealer) open(field, v string) (string, error) {
	out, err := vault.Open(sl.key, v, sl.kind+"/"+sl.id+"/"+field)
	if err != nil {
		return "", fmt.Errorf("open %s %s field %s: %w", sl.kind, sl.id, field, err)
	}
	return out, nil
}

// openAll opens each field in place.
func (sl sealer) openAll(fields map[string]*string) error {
	for name, p := range fields {
		v, err := sl.open(name, *p)
		if err != nil {
			return err
		}
		*p = v
	}
	return nil
}

// unwrapJoined opens a data key whose wrapped form a query joined in
// (LEFT JOIN data_keys): "" when the record has no key (an erased person).
func (s *Store) unwrapJoined(master, wrapped string) ([]byte, error) {
	if master == "" {
		return nil, nil
	}
	return s.keys.Unwrap(master, wrapped)
}

// sealedAuditPrefix marks an audit before/after value sealed with a
// record's data key: the prefix, the key id, a colon, the sealed JSON.
// Destroying the key (erasing a person) makes the history unreadable too.
const sealedAuditPrefix = "sealed:"

// sealAudit marshals v and seals it with the record's data key, for the
// audit log; the result is what tx.audit stores.
func sealAudit(keyID string, key []byte, v any) (json.RawMessage, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	sealed := sealedAuditPrefix + keyID + ":" + vault.Seal(key, string(b), "audit/"+keyID)
	return json.Marshal(sealed)
}

// auditSealed audits an action on a record whose before and after values
// are sealed with its data key (see sealAudit).
func (tx *Tx) auditSealed(action, entity, id, keyID string, key []byte, before, after any) error {
	b, err := sealAudit(keyID, key, before)
	if err != nil {
		return err
	}
	a, err := sealAudit(keyID, key, after)
	if err != nil {
		return err
	}
	return tx.audit(action, entity, id, b, a)
}

// OpenAuditValue returns the readable JSON of an audit entry's before or
// after value: sealed values are opened with their record's data key;
// values of an erased record say so.
func (tx *Tx) openAuditValue(stored string) (string, error) {
	var s string
	if !strings.HasPrefix(stored, `"`+sealedAuditPrefix) || json.Unmarshal([]byte(stored), &s) != nil {
		return stored, nil
	}
	keyID, sealed, ok := strings.Cut(strings.TrimPrefix(s, sealedAuditPrefix), ":")
	if !ok {
		return "", errors.New("audit value: malformed sealed value")
	}
	key, err := tx.dataKey(keyID)
	if haki.ErrorCode(err) == haki.ENOTFOUND {
		return `{"erased": true}`, nil
	} else if err != nil {
		return "", err
	}
	return vault.Open(key, sealed, "audit/"+keyID)
}
