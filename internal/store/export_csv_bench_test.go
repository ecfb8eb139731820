package store_test

import (
	"context"
	"database/sql"
	"encoding/csv"
	"io"
	"runtime"
	"strconv"
	"testing"

	"github.com/haki-kenya/haki"
)

// countingWriter discards the export and counts its bytes.
type countingWriter struct{ n int64 }

func (c *countingWriter) Write(b []byte) (int, error) { c.n += int64(len(b)); return len(b), nil }

// heapWatch samples the live heap while an export runs, to show that memory
// does not grow with the rows: it reports the peak heap above the start.
type heapWatch struct {
	w         io.Writer
	base, max uint64
	writes    int
}

func newHeapWatch(w io.Writer) *heapWatch {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return &heapWatch{w: w, base: ms.HeapAlloc}
}

func (h *heapWatch) Write(b []byte) (int, error) {
	if h.writes++; h.writes%64 == 0 { // ReadMemStats stops the world: sample
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if ms.HeapAlloc > h.base && ms.HeapAlloc-h.base > h.max {
			h.max = ms.HeapAlloc - h.base
		}
	}
	return h.w.Write(b)
}

func reportExport(b *testing.B, rows int, peak uint64) {
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// BenchmarkExportIncidentsCSV exports every incident (codes only) as a
// data manager; rows/s and the peak heap growth are reported.
func BenchmarkExportIncidentsCSV(b *testing.B) {
	s := openBenchStore(b)
	ctx := haki.NewContextWithUser(context.Background(), &haki.User{ID: "bench", Username: "bench", Role: haki.RoleDataManager})
	b.ReportAllocs()
	var rows int
	var peak uint64
	for b.Loop() {
		h := newHeapWatch(&countingWriter{})
		n, err := s.ExportIncidentsCSV(ctx, haki.IncidentFilter{}, h)
		if err != nil || n == 0 {
			b.Fatal(n, err)
		}
		rows, peak = n, max(peak, h.max)
	}
	reportExport(b, rows, peak)
}

// BenchmarkExportIncidentsCSVFloor is the floor: the same rows read with
// one hand-written query (types aggregated by a correlated subquery) and
// written with encoding/csv.
func BenchmarkExportIncidentsCSVFloor(b *testing.B) {
	s := openBenchStore(b)
	agg := "GROUP_CONCAT(t.type_code, ';')"
	if s.Dialect() == "postgres" {
		agg = "STRING_AGG(t.type_code, ';')"
	}
	q := `SELECT i.ref, i.occurred_on, i.date_precision, i.date_approx, i.county_code, COALESCE(p.name, ''), COALESCE(i.subcounty_code, ''),
		COALESCE(sp.name, ''), COALESCE((SELECT ` + agg + ` FROM incident_types t WHERE t.incident_id = i.id), ''),
		i.context, i.verification, i.victim_count, i.publishable
		FROM incidents i LEFT JOIN places p ON p.code = i.county_code LEFT JOIN places sp ON sp.code = i.subcounty_code
		ORDER BY i.occurred_on DESC, i.id DESC`
	b.ReportAllocs()
	var rows int
	var peak uint64
	for b.Loop() {
		h := newHeapWatch(&countingWriter{})
		n, err := floorExport(s.DB(), q, h)
		if err != nil || n == 0 {
			b.Fatal(n, err)
		}
		rows, peak = n, max(peak, h.max)
	}
	reportExport(b, rows, peak)
}

func floorExport(db *sql.DB, q string, w io.Writer) (int, error) {
	rs, err := db.Query(q)
	if err != nil {
		return 0, err
	}
	defer rs.Close()
	cw := csv.NewWriter(w)
	rec := make([]string, 13)
	var approx, pub bool
	var victims, n int
	for rs.Next() {
		if err := rs.Scan(&rec[0], &rec[1], &rec[2], &approx, &rec[4], &rec[5], &rec[6], &rec[7], &rec[8], &rec[9], &rec[10], &victims, &pub); err != nil {
			return n, err
		}
		rec[3], rec[11], rec[12] = strconv.FormatBool(approx), strconv.Itoa(victims), strconv.FormatBool(pub)
		if err := cw.Write(rec); err != nil {
			return n, err
		}
		n++
	}
	cw.Flush()
	return n, rs.Err()
}
