package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// benchBatchSize is the incidents of one batch in the batch benchmarks:
// a fifth of the API's limit, what a program sends in one request.
const benchBatchSize = 1000

// benchBatch returns batch number n of new incidents (each with a victim,
// an act, a perpetrator with an outcome and a source).
func benchBatch(n int) haki.Batch {
	b := haki.Batch{System: "bench"}
	for i := range benchBatchSize {
		bi := storetest.BatchIncident(n*benchBatchSize + i)
		b.Incidents = append(b.Incidents, bi)
	}
	return b
}

// BenchmarkApplyBatch writes batches of 1,000 new incidents through the
// store, with every check, key, token and external id.
func BenchmarkApplyBatch(b *testing.B) {
	s := storetest.Open(b)
	ctx := storetest.As(storetest.MustUser(b, s, "dm", haki.RoleDataManager, ""))
	batches := make([]haki.Batch, b.N)
	for i := range batches {
		batches[i] = benchBatch(i)
	}
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		res, err := s.ApplyBatch(ctx, batches[i], store.BatchOptions{})
		if err != nil || res.Created != benchBatchSize {
			b.Fatal(err, res.Created)
		}
	}
	b.ReportMetric(float64(b.N*benchBatchSize)/time.Since(start).Seconds(), "incidents/s")
}

// BenchmarkApplyBatchDryRun checks batches of 1,000 new incidents, writing
// nothing.
func BenchmarkApplyBatchDryRun(b *testing.B) {
	s := storetest.Open(b)
	ctx := storetest.As(storetest.MustUser(b, s, "dm", haki.RoleDataManager, ""))
	batch := benchBatch(0)
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		if _, err := s.ApplyBatch(ctx, batch, store.BatchOptions{DryRun: true}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*benchBatchSize)/time.Since(start).Seconds(), "incidents/s")
}

// BenchmarkApplyBatchUnchanged runs a written batch again: every row is
// found unchanged.
func BenchmarkApplyBatchUnchanged(b *testing.B) {
	s := storetest.Open(b)
	ctx := storetest.As(storetest.MustUser(b, s, "dm", haki.RoleDataManager, ""))
	if _, err := s.ApplyBatch(ctx, benchBatch(0), store.BatchOptions{}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		res, err := s.ApplyBatch(ctx, benchBatch(0), store.BatchOptions{})
		if err != nil || res.Unchanged != benchBatchSize {
			b.Fatal(err, res)
		}
	}
	b.ReportMetric(float64(b.N*benchBatchSize)/time.Since(start).Seconds(), "incidents/s")
}

// BenchmarkApplyBatchFloor is the floor: the same rows written by hand into
// the same tables (incidents, types, persons, acts, involvements, outcomes,
// sources, external ids) in one transaction on the same writer connection,
// with no checks, no encryption, no keys, tokens or references.
func BenchmarkApplyBatchFloor(b *testing.B) {
	s := storetest.Open(b)
	db := s.WriterDB()
	batches := make([]haki.Batch, b.N)
	for i := range batches {
		batches[i] = benchBatch(i)
	}
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		if err := floorBatch(db, batches[i]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*benchBatchSize)/time.Since(start).Seconds(), "incidents/s")
}

func floorBatch(db *sql.DB, batch haki.Batch) error {
	tx, err := db.BeginTx(context.Background(), nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	now := time.Now().UTC().Format(time.RFC3339)
	for n, bi := range batch.Incidents {
		inc, p, a, v, src := bi.Incident, bi.Persons[0].Person, bi.Acts[0].Act, bi.Involvements[0].Involvement, bi.Sources[0].Source
		id := bi.ExternalID
		o := v.Outcomes[0]
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`INSERT INTO persons (id, ref, full_name, sex, estimated_age, deceased, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)`,
				[]any{"p" + id, "PER-" + id, p.FullName, p.Sex, *p.EstimatedAge, now, now}},
			{`INSERT INTO incidents (id, ref, title, occurred_on, occurred_year, occurred_month, date_precision, county_code, context, narrative,
				verification, victim_count, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'unverified', 1, ?, ?)`,
				[]any{"i" + id, "INC-" + id, inc.Title, inc.Occurred.ISO(), inc.Occurred.Year(), inc.Occurred.Month(), "day", inc.CountyCode,
					inc.Context, inc.Narrative, now, now}},
			{`INSERT INTO incident_types (incident_id, type_code) VALUES (?, ?)`, []any{"i" + id, inc.Types[0]}},
			{`INSERT INTO acts (id, incident_id, victim_id, act_type, victim_status, victim_age) VALUES (?, ?, ?, ?, ?, ?)`,
				[]any{"a" + id, "i" + id, "p" + id, a.ActType, a.VictimStatus, *a.VictimAge}},
			{`INSERT INTO involvements (id, act_id, service_code, degree) VALUES (?, ?, ?, ?)`, []any{"v" + id, "a" + id, v.ServiceCode, v.Degree}},
			{`INSERT INTO involvement_outcomes (id, involvement_id, position, kind, source_kind, created_at) VALUES (?, ?, 0, ?, ?, ?)`,
				[]any{"o" + id, "v" + id, o.Kind, o.SourceKind, now}},
			{`INSERT INTO sources (id, incident_id, kind, outlet, url, reliability) VALUES (?, ?, ?, ?, ?, ?)`,
				[]any{"s" + id, "i" + id, src.Kind, src.Outlet, src.URL, src.Reliability}},
		} {
			if _, err := tx.Exec(q.sql, q.args...); err != nil {
				return fmt.Errorf("row %d: %w", n, err)
			}
		}
		for _, k := range []struct{ kind, scope, ext, rec string }{
			{"incident", "", id, "i" + id}, {"person", "", "p" + id, "p" + id}, {"act", id, "0", "a" + id},
			{"involvement", id, "0", "v" + id}, {"source", id, "0", "s" + id},
		} {
			if _, err := tx.Exec(`INSERT INTO batch_records (system, kind, scope, external_id, record_id) VALUES (?, ?, ?, ?, ?)`,
				batch.System, k.kind, k.scope, k.ext, k.rec); err != nil {
				return err
			}
		}
	}
	return tx.Commit()
}
