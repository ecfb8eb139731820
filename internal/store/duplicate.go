package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"

	"github.com/haki-kenya/haki"
)

// FindDuplicates lists candidate duplicate pairs of persons and incidents
// (of f.Kind, or both), strongest first, leaving out pairs dismissed as
// not duplicates and records merged already. See duplicate_person.go and
// duplicate_incident.go for how each kind is blocked and scored.
func (s *Store) FindDuplicates(ctx context.Context, f haki.DuplicateFilter) ([]haki.DuplicatePair, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermDuplicates); err != nil {
		return nil, err
	}
	f.Normalize()
	if err := f.Validate(); err != nil {
		return nil, err
	}
	var out []haki.DuplicatePair
	err := s.read(ctx, func(tx *Tx) error {
		for _, kind := range []string{haki.DuplicatePerson, haki.DuplicateIncident} {
			if f.Kind != "" && f.Kind != kind {
				continue
			}
			dismissed, err := tx.dismissedPairs(kind)
			if err != nil {
				return err
			}
			find := tx.personCandidates
			if kind == haki.DuplicateIncident {
				find = tx.incidentCandidates
			}
			pairs, err := find(f, dismissed)
			if err != nil {
				return err
			}
			out = append(out, pairs...)
		}
		slices.SortStableFunc(out, func(a, b haki.DuplicatePair) int {
			return cmp.Or(b.Score-a.Score, cmp.Compare(a.First.Ref, b.First.Ref), cmp.Compare(a.Second.Ref, b.Second.Ref))
		})
		if len(out) > f.Limit {
			out = out[:f.Limit]
		}
		return tx.labelIncidents(out)
	})
	return out, err
}

// CompareDuplicates returns two persons or two incidents side by side,
// scored as FindDuplicates would score them (whether or not they reach the
// list's threshold). A record the caller may not see, or merged already,
// is not found.
func (s *Store) CompareDuplicates(ctx context.Context, kind, a, b string) (*haki.DuplicateComparison, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermDuplicates); err != nil {
		return nil, err
	}
	if kind != haki.DuplicatePerson && kind != haki.DuplicateIncident {
		return nil, haki.Errorf(haki.ENOTFOUND, "No such record.")
	}
	if a == b {
		return nil, haki.Errorf(haki.EINVALID, "Choose two different persons or incidents.")
	}
	c := &haki.DuplicateComparison{Kind: kind}
	err := s.read(ctx, func(tx *Tx) (err error) {
		if kind == haki.DuplicatePerson {
			if c.FirstPerson, err = tx.findPerson(a); err != nil {
				return err
			}
			if c.SecondPerson, err = tx.findPerson(b); err != nil {
				return err
			}
			c.Score, c.Reasons = personScore(c.FirstPerson, c.SecondPerson)
			c.Fields = haki.PersonDiff(c.FirstPerson, c.SecondPerson)
			return nil
		}
		if c.FirstIncident, err = tx.findIncident(a); err != nil {
			return err
		}
		if c.SecondIncident, err = tx.findIncident(b); err != nil {
			return err
		}
		c.Fields = haki.IncidentDiff(c.FirstIncident, c.SecondIncident)
		c.Score, c.Reasons, err = tx.scoreIncidentPair(c.FirstIncident, c.SecondIncident)
		return err
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// scoreIncidentPair scores two incidents as the list would.
func (tx *Tx) scoreIncidentPair(a, b *haki.Incident) (int, []haki.DuplicateReason, error) {
	var n int
	if err := tx.queryRow(`SELECT COUNT(DISTINCT a1.victim_id) FROM acts a1 JOIN acts a2 ON a2.victim_id = a1.victim_id
		WHERE a1.incident_id = ? AND a2.incident_id = ?`, a.ID, b.ID).Scan(&n); err != nil {
		return 0, nil, err
	}
	block := func(i *haki.Incident) (*incidentBlock, error) {
		bl := &incidentBlock{id: i.ID, ref: i.Ref, county: i.CountyCode, on: i.Occurred.ISO(), precision: precisionOf(i.Occurred),
			victims: i.VictimCount, place: i.PlaceName}
		return newBlock(bl), tx.queryRow(`SELECT search_tokens FROM incidents WHERE id = ?`, i.ID).Scan(&bl.searchTokens)
	}
	x, err := block(a)
	if err != nil {
		return 0, nil, err
	}
	y, err := block(b)
	if err != nil {
		return 0, nil, err
	}
	if x.day > y.day {
		x, y = y, x
	}
	if x.county != y.county {
		return 0, nil, nil
	}
	p := scoreIncidents(x, y, n)
	if p == nil {
		return 0, nil, nil
	}
	compareWording([]*incidentPair{p})
	return p.score, p.reasons, nil
}

// dismissedPairs reads the pairs of a kind judged not duplicates.
func (tx *Tx) dismissedPairs(kind string) (map[[2]string]bool, error) {
	out := map[[2]string]bool{}
	err := scanRows(tx, `SELECT first_id, second_id FROM duplicate_dismissals WHERE kind = ?`, []any{kind}, func(rows *sql.Rows) error {
		var a, b string
		if err := rows.Scan(&a, &b); err != nil {
			return err
		}
		out[pairKey(a, b)] = true
		return nil
	})
	return out, err
}

// DismissDuplicate records that two persons or incidents are not the
// same, so the pair is no longer proposed. Both must be visible to the
// caller. Audited, by ids only.
func (s *Store) DismissDuplicate(ctx context.Context, kind, a, b string) error {
	if err := require(haki.UserFromContext(ctx), haki.PermDuplicates); err != nil {
		return err
	}
	if a == b || kind != haki.DuplicatePerson && kind != haki.DuplicateIncident {
		return haki.Errorf(haki.EINVALID, "Choose two different persons or incidents.")
	}
	return s.write(ctx, func(tx *Tx) error {
		for _, id := range []string{a, b} {
			if err := tx.mustSee(kind, id); err != nil {
				return err
			}
		}
		k := pairKey(a, b)
		if _, err := tx.exec(`INSERT INTO duplicate_dismissals (kind, first_id, second_id, dismissed_by, dismissed_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (kind, first_id, second_id) DO NOTHING`, kind, k[0], k[1], nullString(tx.userID()), fmtTime(tx.now)); err != nil {
			return err
		}
		detail := map[string]string{"other_id": k[1]}
		if kind == haki.DuplicateIncident {
			return tx.audit("dismiss_duplicate", "incident", k[0], nil, detail)
		}
		return tx.audit("dismiss_duplicate", "person", k[0], nil, detail)
	})
}

// mustSee returns not found unless the caller may see the person or
// incident (and it is not merged into another).
func (tx *Tx) mustSee(kind, id string) error {
	cond, args := visiblePersons("p", tx.user)
	q := `SELECT p.id FROM persons p WHERE p.id = ? AND ` + cond
	if kind == haki.DuplicateIncident {
		cond, args = visibleIncidents("i", tx.user)
		q = `SELECT i.id FROM incidents i WHERE i.id = ? AND ` + cond
	}
	var got string
	if err := tx.queryRow(q, append([]any{id}, args...)...).Scan(&got); err != nil {
		return tx.mapErr(err, kind)
	}
	return nil
}
