package store

import (
	"strconv"

	"github.com/haki-kenya/haki"
)

// A new person who may already be recorded. Before CreatePerson stores a
// person, it looks, among the persons the caller may see, for one with the
// same national ID number or phone (by the blind index: nothing is opened),
// or whose every name word is spelled alike (the phonetic name tokens,
// which suit Kenyan names written several ways) with the same sex and a
// birth year within one. When it finds any, it refuses with their
// references, so that the person is opened instead of recorded twice;
// p.DuplicateOK, set once the user has looked, records them anyway. Persons
// the caller may not see are never named: a duplicate of a hidden record
// is found by those who see it (a data manager).

// maxPersonDuplicates bounds the references a refusal names.
const maxPersonDuplicates = 5

// personDuplicates returns the references of visible persons p may be, and
// the form field the strongest match concerns.
func (tx *Tx) personDuplicates(p *haki.Person) (refs []string, field string, err error) {
	vis, vargs := visiblePersons("p", tx.user)
	for _, id := range []struct{ field, kind, value string }{{"national_id", "national_id", p.NationalID}, {"phone", "phone", p.Phone}} {
		tok := tx.s.index.IDToken(id.kind, id.value)
		if tok == "" {
			continue
		}
		found, err := tx.strings(`SELECT DISTINCT p.ref FROM person_tokens t JOIN persons p ON p.id = t.person_id
			WHERE t.token = ? AND `+vis+` ORDER BY p.ref LIMIT `+strconv.Itoa(maxPersonDuplicates), append([]any{tok}, vargs...)...)
		if err != nil {
			return nil, "", err
		}
		if len(found) > 0 {
			return found, id.field, nil
		}
	}
	year := p.BirthDate.Year()
	if year == 0 || p.Sex == "" || p.Sex == "unknown" {
		return nil, "", nil
	}
	cond, args := tx.s.nameWordsCondition(p.FullName, "person_tokens", "person_id", "p.id")
	if cond == "" {
		return nil, "", nil
	}
	years := []any{strconv.Itoa(year-1) + "%", strconv.Itoa(year) + "%", strconv.Itoa(year+1) + "%"}
	found, err := tx.strings(`SELECT p.ref FROM persons p WHERE `+cond+` AND p.sex = ?
		AND (p.birth_date LIKE ? OR p.birth_date LIKE ? OR p.birth_date LIKE ?) AND `+vis+` ORDER BY p.ref LIMIT `+strconv.Itoa(maxPersonDuplicates),
		append(append(append(args, p.Sex), years...), vargs...)...)
	return found, "full_name", err
}

// duplicateRefused is the refusal naming the first person p may be.
func duplicateRefused(refs []string, field string) error {
	var e *haki.Error
	switch field {
	case "national_id":
		e = haki.Errorf(haki.ECONFLICT, "A person with the same national ID number is already recorded: %s. Open that record instead, or confirm that this is someone else.", refs[0])
	case "phone":
		e = haki.Errorf(haki.ECONFLICT, "A person with the same phone number is already recorded: %s. Open that record instead, or confirm that this is someone else.", refs[0])
	default:
		e = haki.Errorf(haki.ECONFLICT, "A person with a name spelled alike, the same sex and a birth year within one is already recorded: %s. Open that record instead, or confirm that this is someone else.", refs[0])
	}
	e.Fields = map[string]string{field: e.Message, "duplicate_ok": e.Message}
	return e
}
