package store

import (
	"context"
	"strings"
	"unicode"

	"github.com/haki-kenya/haki"
)

// A record picker (one record pointing at another: an act's victim, a
// case's incidents, an event's case) offers the few records the caller may
// see that match what they typed: a word of a name (through the blind
// index, spelled roughly alike), an ID or phone number, or all or part of a
// reference. The lists' visibility rules and the reads' reveal notes apply
// as they do to the lists: these are the lists, narrowed and shortened.

// PickLimit is how many matches a picker offers.
const PickLimit = 10

// refFragment returns the condition that col (a reference, never sealed)
// holds the typed text, when the text looks like part of one: letters,
// digits and dashes with at least three digits ("000123", "2026-0001",
// "PER-2026"). Fewer digits would match most records.
func (s *Store) refFragment(col, text string) (string, []any) {
	digits := 0
	for _, r := range text {
		switch {
		case unicode.IsDigit(r):
			digits++
		case r == '-' || (r < unicode.MaxASCII && unicode.IsLetter(r)):
		default:
			return "", nil
		}
	}
	if digits < 3 {
		return "", nil
	}
	return s.d.ilike(col), []any{likePattern(text)}
}

// pickText trims the typed text; "" asks for nothing.
func pickText(text string) string { return strings.TrimSpace(text) }

// personCandidates returns a query of the ids of persons that may match
// text, read from indexes: those with a token of its first word, with its ID
// or phone token, or with the reference (or, as refFragment says, part of
// one). Every person personSearch or refFragment matches is among them, so
// a pick starts from these few rows instead of walking every person in date
// order to test each.
func (s *Store) personCandidates(text string) (string, []any) {
	var parts []string
	var args []any
	if words := s.index.Query(text, 1); len(words) == 1 {
		parts = append(parts, `SELECT person_id FROM person_tokens WHERE token IN (`+placeholders(len(words[0]))+`)`)
		for _, t := range words[0] {
			args = append(args, t)
		}
	}
	for _, kind := range []string{"national_id", "phone"} {
		if t := s.index.IDToken(kind, text); t != "" {
			parts, args = append(parts, `SELECT person_id FROM person_tokens WHERE token = ?`), append(args, t)
		}
	}
	parts, args = append(parts, `SELECT id FROM persons WHERE ref = ?`), append(args, strings.ToUpper(text))
	if cond, cargs := s.refFragment("ref", text); cond != "" {
		parts, args = append(parts, `SELECT id FROM persons WHERE `+cond), append(args, cargs...)
	}
	return strings.Join(parts, " UNION "), args
}

// PickPersons returns up to PickLimit persons the caller may see matching
// text: a word of a name or alias, an ID or phone number, or a reference.
func (s *Store) PickPersons(ctx context.Context, text string) ([]*haki.Person, error) {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermPersonRead); err != nil {
		return nil, err
	}
	text = pickText(text)
	match, margs := s.personSearch(text)
	if match == "" {
		return nil, nil
	}
	if cond, cargs := s.refFragment("p.ref", text); cond != "" {
		match, margs = "("+match+" OR "+cond+")", append(margs, cargs...)
	}
	cand, cargs := s.personCandidates(text)
	cond, args := visiblePersons("p", u)
	args = append(append(cargs, args...), margs...)
	var out []*haki.Person
	err := s.read(ctx, func(tx *Tx) (err error) {
		out, err = tx.newestPersons(`p.id IN (`+cand+`) AND `+cond+` AND `+match, args, PickLimit, u.Role.SeesIdentities())
		return err
	})
	return out, err
}

// PickIncidents returns up to PickLimit incidents the caller may see
// matching text: the words the incident list finds (reference, place,
// title), all or part of a reference, or a victim the caller may see, found
// as PickPersons finds them.
func (s *Store) PickIncidents(ctx context.Context, text string) ([]*haki.Incident, error) {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermIncidentRead); err != nil {
		return nil, err
	}
	text = pickText(text)
	if text == "" {
		return nil, nil
	}
	visible, vargs := visibleIncidents("i", u)
	words, wargs, err := s.incidentWhere(u, haki.IncidentFilter{Text: text})
	if err != nil {
		return nil, err
	}
	match, margs := []string{"(" + words + ")"}, wargs
	if cond, cargs := s.refFragment("i.ref", text); cond != "" {
		match, margs = append(match, cond), append(margs, cargs...)
	}
	if who, wargs := s.personSearch(text); who != "" && u.Role.SeesIdentities() {
		pv, pargs := visiblePersons("p", u)
		match = append(match, "EXISTS (SELECT 1 FROM acts pa JOIN persons p ON p.id = pa.victim_id WHERE pa.incident_id = i.id AND "+
			pv+" AND "+who+")")
		margs = append(append(margs, pargs...), wargs...)
	}
	args := append(vargs, margs...)
	var out []*haki.Incident
	err = s.read(ctx, func(tx *Tx) (err error) {
		out, err = tx.newestIncidents(visible+` AND (`+strings.Join(match, " OR ")+`)`, args, PickLimit, u.Role.SeesIdentities())
		return err
	})
	return out, err
}

// PickCases returns up to PickLimit cases the caller may see matching
// text: all or part of the case's reference, or its client found as
// PickPersons finds them.
func (s *Store) PickCases(ctx context.Context, text string) ([]*haki.Case, error) {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermCaseRead); err != nil {
		return nil, err
	}
	text = pickText(text)
	who, wargs := s.personSearch(text)
	if who == "" {
		return nil, nil
	}
	match, margs := "c.ref = ? OR "+who, append([]any{strings.ToUpper(text)}, wargs...)
	if cond, cargs := s.refFragment("c.ref", text); cond != "" {
		match, margs = match+" OR "+cond, append(margs, cargs...)
	}
	visible, args := visibleCases("c", u)
	args = append(args, margs...)
	var out []*haki.Case
	err := s.read(ctx, func(tx *Tx) (err error) {
		out, err = tx.newestCases(visible+` AND (`+match+`)`, args, PickLimit)
		return err
	})
	return out, err
}
