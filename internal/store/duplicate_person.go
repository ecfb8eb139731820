package store

import (
	"database/sql"
	"slices"
	"strings"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/vault"
)

// Candidate duplicate persons, on demand. Names, ID numbers and phones are
// sealed, so the database cannot compare them; their blind-index tokens
// (person_tokens: a phonetic token per name word, a token per ID number and
// phone, a token per word of the notes) can be. Blocking: two persons are
// a candidate pair when they share a token that at most maxBlockTokens
// persons hold (a rare surname, an ID number; "John" is left out, or every
// John would pair with every other), ranked by the sum of 1/holders over
// their shared tokens, so a shared ID number (two holders, 0.5) comes before
// two shared names held by ten each (0.2). The pairs ranked first are then
// opened and scored in Go (personScore) with the reasons.

// maxBlockTokens is the most persons a token may have to pair them.
const maxBlockTokens = 50

// personPairsScanned is how many blocked pairs, per pair asked for, are
// opened and scored.
const personPairsScanned = 5

// personCandidates returns the scored candidate pairs of persons.
func (tx *Tx) personCandidates(f haki.DuplicateFilter, dismissed map[[2]string]bool) ([]haki.DuplicatePair, error) {
	va, aargs := visiblePersons("pa", tx.user)
	vb, bargs := visiblePersons("pb", tx.user)
	where := va + " AND " + vb
	args := append([]any{maxBlockTokens}, append(aargs, bargs...)...)
	if f.CountyCode != "" {
		where += " AND (pa.county_code = ? OR pb.county_code = ?)"
		args = append(args, f.CountyCode, f.CountyCode)
	}
	var pairs [][2]string
	err := scanRows(tx, `SELECT a.person_id, b.person_id
		FROM (SELECT token, COUNT(*) AS n FROM person_tokens GROUP BY token HAVING COUNT(*) BETWEEN 2 AND ?) r
		JOIN person_tokens a ON a.token = r.token
		JOIN person_tokens b ON b.token = r.token AND b.person_id > a.person_id
		JOIN persons pa ON pa.id = a.person_id JOIN persons pb ON pb.id = b.person_id
		WHERE `+where+`
		GROUP BY a.person_id, b.person_id
		ORDER BY SUM(1.0 / r.n) DESC, a.person_id, b.person_id LIMIT ?`, append(args, f.Limit*personPairsScanned),
		func(rows *sql.Rows) error {
			var p [2]string
			if err := rows.Scan(&p[0], &p[1]); err != nil {
				return err
			}
			if !dismissed[pairKey(p[0], p[1])] {
				pairs = append(pairs, p)
			}
			return nil
		})
	if err != nil || len(pairs) == 0 {
		return nil, err
	}
	var ids []string
	for _, p := range pairs {
		ids = append(ids, p[0], p[1])
	}
	persons, err := tx.personsByID(ids)
	if err != nil {
		return nil, err
	}
	var out []haki.DuplicatePair
	for _, p := range pairs {
		a, b := persons[p[0]], persons[p[1]]
		if a == nil || b == nil {
			continue
		}
		score, reasons := personScore(a, b)
		if score < personThreshold {
			continue
		}
		out = append(out, haki.DuplicatePair{Kind: haki.DuplicatePerson, Score: score, Reasons: reasons,
			First: personRecord(a), Second: personRecord(b)})
	}
	return out, nil
}

func personRecord(p *haki.Person) haki.DuplicateRecord {
	return haki.DuplicateRecord{ID: p.ID, Ref: p.Ref, Label: p.FullName, CountyCode: p.CountyCode, Date: p.BirthDate.String()}
}

// personsByID reads the persons the caller may see, by id, opened when the
// caller sees identities.
func (tx *Tx) personsByID(ids []string) (map[string]*haki.Person, error) {
	out := map[string]*haki.Person{}
	ids = dedupe(ids)
	cond, cargs := visiblePersons("p", tx.user)
	for batch := range slices.Chunk(ids, 500) {
		err := scanRows(tx, `SELECT `+personColumns+` FROM `+personFrom+` WHERE p.id IN (`+placeholders(len(batch))+`) AND `+cond,
			append(anySlice(batch), cargs...), func(rows *sql.Rows) error {
				p, err := tx.scanPerson(rows, tx.user.Role.SeesIdentities())
				if err != nil {
					return err
				}
				out[p.ID] = p
				return nil
			})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// personThreshold is the least score a pair of persons is listed with.
const personThreshold = 40

// personScore weighs the evidence that two persons are one: an equal
// national ID number or phone is strong, names alike count by how many of
// their words agree, and sex and birth year confirm or count against.
func personScore(a, b *haki.Person) (int, []haki.DuplicateReason) {
	score := 0
	var reasons []haki.DuplicateReason
	add := func(n int, code string, arg int) {
		score += n
		reasons = append(reasons, haki.DuplicateReason{Code: code, N: arg})
	}
	idA, idB := vault.NormaliseID("national_id", a.NationalID), vault.NormaliseID("national_id", b.NationalID)
	switch {
	case idA != "" && idA == idB:
		add(60, haki.ReasonSameNationalID, 0)
	case idA != "" && idB != "":
		add(-40, haki.ReasonDifferentIDs, 0)
	}
	if ph := vault.NormaliseID("phone", a.Phone); ph != "" && ph == vault.NormaliseID("phone", b.Phone) {
		add(35, haki.ReasonSamePhone, 0)
	}
	switch shared, all := bestNameMatch(a, b); {
	case all:
		add(35, haki.ReasonNamesAlike, shared)
	case shared >= 2:
		add(25, haki.ReasonNamesShared, shared)
	case shared == 1:
		add(8, haki.ReasonNamesShared, shared)
	}
	if known(a.Sex) && known(b.Sex) {
		if a.Sex == b.Sex {
			add(5, haki.ReasonSameSex, 0)
		} else {
			add(-30, haki.ReasonDifferentSex, 0)
		}
	}
	if ya, yb := a.BirthDate.Year(), b.BirthDate.Year(); ya != 0 && yb != 0 {
		if d := abs(ya - yb); d <= 1 {
			add(10, haki.ReasonBirthYear, 0)
		} else if d > 2 {
			add(-20, haki.ReasonBirthYearsApart, d)
		}
	}
	if a.CountyCode != "" && a.CountyCode == b.CountyCode {
		add(5, haki.ReasonSameCounty, 0)
	}
	return score, reasons
}

func known(sex string) bool { return sex != "" && sex != "unknown" }

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// bestNameMatch compares every name of a (full name and aliases) with
// every name of b and returns the best: how many words agree, and whether
// every word of the shorter name agrees.
func bestNameMatch(a, b *haki.Person) (shared int, all bool) {
	for _, x := range append([]string{a.FullName}, a.OtherNames...) {
		for _, y := range append([]string{b.FullName}, b.OtherNames...) {
			s, ok := nameMatch(x, y)
			if ok && !all || ok == all && s > shared {
				shared, all = s, ok
			}
		}
	}
	return shared, all
}

// nameMatch compares two names as Kenyan names are written: in any order
// ("Kamau John" is "John Kamau"), spelled several ways (by phonetic key:
// Wanjiru and Wanjiro agree), and with initials ("M." agrees with Mwangi).
// It returns how many words agree in full and whether every word of the
// shorter name agrees with a word of the longer, at least two in full (or
// the only one, for a name of one word).
func nameMatch(x, y string) (shared int, all bool) {
	wx, wy := vault.Words(x), vault.Words(y)
	if len(wx) > len(wy) {
		wx, wy = wy, wx
	}
	if len(wx) == 0 {
		return 0, false
	}
	used := make([]bool, len(wy))
	matched := 0
	// Whole words first, so an initial does not take a word a name needs.
	for pass := 0; pass < 2; pass++ {
		for _, w := range wx {
			if (len(w) == 1) != (pass == 1) {
				continue
			}
			for j, v := range wy {
				if used[j] || !wordsAgree(w, v) {
					continue
				}
				used[j] = true
				matched++
				if pass == 0 && len(v) > 1 {
					shared++
				}
				break
			}
		}
	}
	return shared, matched == len(wx) && (shared >= 2 || len(wx) == 1 && shared == 1)
}

// wordsAgree: the same phonetic key, or an initial and a word it begins.
func wordsAgree(w, v string) bool {
	if len(w) == 1 || len(v) == 1 {
		return w[0] == v[0]
	}
	return vault.Phonetic(w) == vault.Phonetic(v)
}

// pairKey orders two ids, so a pair is the same whichever comes first.
func pairKey(a, b string) [2]string {
	if strings.Compare(a, b) > 0 {
		a, b = b, a
	}
	return [2]string{a, b}
}
