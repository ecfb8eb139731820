package store

import (
	"strings"

	"github.com/haki-kenya/haki/internal/vault"
)

// A network professional's blind index: the phonetic tokens of the words
// of their name (so "Wanjiku" finds "Wanjiku" and "Wanjikũ", and any word
// order), and the token of their licence number, normalised like an ID.

// professionalTokens returns the tokens that find a professional.
func professionalTokens(ix *vault.Indexer, name, licence string) []string {
	toks := ix.NameTokens(name)
	if t := ix.IDToken("licence", licence); t != "" {
		toks = append(toks, t)
	}
	return dedupe(toks)
}

// setProfessionalTokens replaces a professional's tokens.
func (tx *Tx) setProfessionalTokens(id string, ix *vault.Indexer, name, licence string) error {
	if _, err := tx.exec(`DELETE FROM professional_tokens WHERE professional_id = ?`, id); err != nil {
		return err
	}
	for _, t := range professionalTokens(ix, name, licence) {
		if _, err := tx.exec(`INSERT INTO professional_tokens (token, professional_id) VALUES (?, ?)`, t, id); err != nil {
			return err
		}
	}
	return nil
}

// professionalSearch returns the condition that finds professionals by
// words of their name (every word must match one of the name's words,
// spelled roughly alike) or by their licence number; "" for no text.
func (s *Store) professionalSearch(text string) (string, []any) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", nil
	}
	var conds []string
	var args []any
	if cond, wordArgs := s.nameWordsCondition(text, "professional_tokens", "professional_id", "pr.id"); cond != "" {
		conds = append(conds, cond)
		args = append(args, wordArgs...)
	}
	if t := s.index.IDToken("licence", text); t != "" {
		conds = append(conds, "EXISTS (SELECT 1 FROM professional_tokens lt WHERE lt.professional_id = pr.id AND lt.token = ?)")
		args = append(args, t)
	}
	if len(conds) == 0 {
		return "1 = 0", nil // punctuation only: nothing to find
	}
	return "(" + strings.Join(conds, " OR ") + ")", args
}

// sealProfessionals completes migration 019: it seals the name and licence
// number of every professional still holding them in clear, with the
// professional's data key (made if they had none), and writes their
// tokens. A value that already opens with the key is sealed and left as
// it is, so running it again changes nothing.
func (tx *Tx) sealProfessionals() error {
	indexKey, err := tx.dataKeyOrNew(indexKeyID) // the index key: Migrate loads it only after the migrations
	if err != nil {
		return err
	}
	ix := vault.NewIndexer(indexKey)
	ids, err := tx.strings(`SELECT id FROM professionals ORDER BY id`)
	if err != nil {
		return err
	}
	for _, id := range ids {
		var name, licence string
		if err := tx.queryRow(`SELECT name, licence_number FROM professionals WHERE id = ?`, id).Scan(&name, &licence); err != nil {
			return err
		}
		_, key, err := tx.professionalKey(id)
		if err != nil {
			return err
		}
		sl := sealer{key, "professional", id}
		if _, err := sl.open("name", name); err == nil && name != "" {
			continue // sealed already
		}
		// An older haki let a NUL or stray bytes through; the seal refuses them.
		name, licence = storableText(name), storableText(licence)
		if _, err := tx.exec(`UPDATE professionals SET name = ?, licence_number = ? WHERE id = ?`,
			sl.seal("name", name), sl.seal("licence_number", licence), id); err != nil {
			return err
		}
		if err := tx.setProfessionalTokens(id, ix, name, licence); err != nil {
			return err
		}
	}
	return nil
}

// openProfessionalName opens a professional's sealed name, read with their
// data key's master id and wrapped key by a join; "" when they have no key.
func (s *Store) openProfessionalName(id, sealed, master, wrapped string) (string, error) {
	key, err := s.unwrapJoined(master, wrapped)
	if err != nil || key == nil {
		return "", err
	}
	return (sealer{key, "professional", id}).open("name", sealed)
}

// storableText replaces what haki.ValidText refuses (a NUL, bytes that are
// not UTF-8) with U+FFFD, for values written before the rule.
func storableText(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}
