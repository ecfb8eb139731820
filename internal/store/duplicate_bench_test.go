package store_test

import (
	"context"
	"testing"

	"github.com/haki-kenya/haki"
)

// BenchmarkFindDuplicates times the candidate pairs over the benchmark's
// demo data, each kind alone, beside the floor: the two blocking queries
// alone (the person-token self-join, and the incidents read in county and
// date order), with nothing opened or scored.
func BenchmarkFindDuplicates(b *testing.B) {
	s := openBenchStore(b)
	ctx := haki.NewContextWithUser(context.Background(), &haki.User{ID: "bench", Username: "bench", Role: haki.RoleDataManager})
	for _, kind := range []string{haki.DuplicatePerson, haki.DuplicateIncident} {
		b.Run(kind, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.FindDuplicates(ctx, haki.DuplicateFilter{Kind: kind}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("incident county", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.FindDuplicates(ctx, haki.DuplicateFilter{Kind: haki.DuplicateIncident, CountyCode: "KE-047"}); err != nil {
				b.Fatal(err)
			}
		}
	})
	db := s.DB()
	floor := func(b *testing.B, q string) {
		for b.Loop() {
			rows, err := db.Query(q)
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
			}
			rows.Close()
		}
	}
	b.Run("floor sql person", func(b *testing.B) {
		floor(b, `SELECT a.person_id, b.person_id FROM (SELECT token, COUNT(*) AS n FROM person_tokens GROUP BY token HAVING COUNT(*) BETWEEN 2 AND 50) r
			JOIN person_tokens a ON a.token = r.token JOIN person_tokens b ON b.token = r.token AND b.person_id > a.person_id
			GROUP BY a.person_id, b.person_id ORDER BY SUM(1.0 / r.n) DESC LIMIT 250`)
	})
	b.Run("floor sql incident", func(b *testing.B) {
		floor(b, `SELECT i.id, i.ref, i.county_code, i.occurred_on, i.date_precision, i.victim_count, i.place_name, i.search_tokens
			FROM incidents i ORDER BY i.county_code, i.occurred_year, i.occurred_on, i.id`)
	})
}
