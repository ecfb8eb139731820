package web

import (
	"fmt"
	"io"
	"net/http"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/storetest"
)

// BenchmarkPortalPages asks the portal's pages (home, figures, the list,
// one incident, the dictionary and the open data) through the production
// middleware chain with 50 concurrent clients, and reports the 95th
// percentile of the answers' times (p95-ms). Target: under 20 ms.
//
//	nice go test ./internal/web -run '^$' -bench BenchmarkPortalPages -benchtime 2000x
func BenchmarkPortalPages(b *testing.B) {
	app := newTestApp(b, storetest.Open(b))
	var ref string
	for range 30 { // thirty published incidents
		w := mustPublished(b, app)
		ref = w.pub.Ref
	}
	dm := storetest.As(app.users[haki.RoleDataManager])
	for i := range 200 { // and figures to count
		inc := &haki.Incident{Title: "Bench", Types: []string{"extrajudicial_execution"}, CountyCode: fmt.Sprintf("KE-%03d", 1+i%47),
			Occurred: haki.MustFuzzyDate(fmt.Sprintf("2024-%02d-10", 1+i%12)), Verification: "verified"}
		if err := app.store.CreateIncident(dm, inc); err != nil {
			b.Fatal(err)
		}
	}
	paths := []string{"/portal", "/portal/figures", "/portal/incidents", "/portal/incidents/" + ref, "/portal/data",
		"/portal/data/incidents.json", "/portal/data/figures.csv", "/portal/figures/map.svg?year=2024"}
	// The clients ask for gzip as browsers do, but do not unzip here: a
	// browser's unzipping is not on the server's cores.
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}}
	var mu sync.Mutex
	var times []time.Duration
	b.SetParallelism((50 + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0)) // 50 clients
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for i := 0; pb.Next(); i++ {
			start := time.Now()
			req, _ := http.NewRequest(http.MethodGet, app.srv.URL+paths[i%len(paths)], nil)
			req.Header.Set("Accept-Encoding", "gzip")
			res, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				b.Errorf("%s: %d", paths[i%len(paths)], res.StatusCode)
			}
			mine = append(mine, time.Since(start))
		}
		mu.Lock()
		times = append(times, mine...)
		mu.Unlock()
	})
	b.StopTimer()
	if len(times) > 0 {
		slices.Sort(times)
		p95 := times[len(times)*95/100]
		b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
	}
}
