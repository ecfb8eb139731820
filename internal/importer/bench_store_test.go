package importer

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/storetest"
)

// writeBenchFile writes n rows of a police-killings list to a CSV file.
func writeBenchFile(tb testing.TB, n int) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "killings.csv")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("id,date,county,town,name,age,gender,status\n")
	counties := []string{"Nairobi", "Mombasa", "Kisumu", "Nakuru", "Garissa", "Kwale", "Mandera", "Kiambu"}
	ages := []string{"24", "", "Mid 20s", "about 30", "19", "41"}
	for i := range n {
		fmt.Fprintf(w, "%d,%d-%02d-%02d,%s,Town %d,Person %d,%s,%s,%s\n", i+1, 2000+i%24, 1+i%12, 1+i%28,
			counties[i%len(counties)], i%500, i, ages[i%len(ages)], []string{"M", "F"}[i%2], []string{"Dead", "Missing"}[i%3/2])
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
	return path
}

const benchStoreMapping = `{"version":1,"system":"bench","fields":[
 {"field":"external_id","column":"id"},
 {"field":"incident.title","template":"Police killing in {town}, {county}"},
 {"field":"incident.date","column":"date"},
 {"field":"incident.county","column":"county"},
 {"field":"incident.place","column":"town"},
 {"field":"incident.type","value":"extrajudicial_execution"},
 {"field":"victim.name","column":"name"},
 {"field":"victim.sex","column":"gender","values":{"M":"male","F":"female"}},
 {"field":"victim.age","column":"age"},
 {"field":"act.type","column":"status","values":{"Dead":"killing","Missing":"disappearance"}},
 {"field":"act.outcome","column":"status","values":{"Dead":"killed","Missing":"missing"}}]}`

// BenchmarkImportCSV imports a generated CSV file of HAKI_IMPORT_ROWS rows
// (default 20,000; docs/PERFORMANCE.md has the 1,000,000-row run) into a
// fresh SQLite store, one incident with its victim and act per row, all or
// nothing in one transaction; and, as the floor, SQLite's own `.import`
// of the same file into a table of text columns, timed in the same run.
// It reports rows/s, the ratio to the floor and the process's peak memory.
func BenchmarkImportCSV(b *testing.B) {
	rows := 20000
	if n, err := strconv.Atoi(os.Getenv("HAKI_IMPORT_ROWS")); err == nil && n > 0 {
		rows = n
	}
	path := writeBenchFile(b, rows)
	m, err := ParseMapping([]byte(benchStoreMapping))
	if err != nil {
		b.Fatal(err)
	}
	var took, floor time.Duration
	for range b.N {
		s := storetest.Open(b)
		ctx := storetest.As(storetest.MustUser(b, s, "dm", haki.RoleDataManager, ""))
		ref, err := LoadReference(ctx, s, "KE", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			b.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		t, err := Open(f)
		if err != nil {
			b.Fatal(err)
		}
		c, err := Compile(m, t.Header, ref)
		if err != nil {
			b.Fatal(err)
		}
		rep, err := Run(ctx, t, c, StoreApply(s), Options{})
		if err != nil || rep.Created != rows {
			b.Fatalf("import: %v, %d created of %d (%+v)", err, rep.Created, rows, rep.Issues[:min(3, len(rep.Issues))])
		}
		took += time.Since(start)
		f.Close()
		s.Close()
		floor += sqliteImport(b, path)
	}
	b.ReportMetric(float64(rows*b.N)/took.Seconds(), "rows/s")
	b.ReportMetric(took.Seconds()/float64(b.N), "s/import")
	if floor > 0 {
		b.ReportMetric(floor.Seconds()/float64(b.N), "s/sqlite3-import")
		b.ReportMetric(took.Seconds()/floor.Seconds(), "x-floor")
	}
	b.ReportMetric(peakRSS(), "MB-peak-rss")
}

// sqliteImport times the sqlite3 program's .import of the file into a new
// database, or returns 0 when sqlite3 is not installed.
func sqliteImport(tb testing.TB, path string) time.Duration {
	bin, err := exec.LookPath("sqlite3")
	if err != nil {
		return 0
	}
	db := filepath.Join(tb.TempDir(), "floor.db")
	start := time.Now()
	out, err := exec.Command(bin, db, ".mode csv", ".import "+path+" killings").CombinedOutput()
	if err != nil {
		tb.Fatalf("sqlite3 .import: %v %s", err, out)
	}
	return time.Since(start)
}

// peakRSS returns the process's peak resident memory in MB (Linux).
func peakRSS() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}
