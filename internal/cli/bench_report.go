package cli

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/config"
	"github.com/haki-kenya/haki/internal/publicreport"
	"github.com/haki-kenya/haki/internal/web"
)

// benchReport has phones send reports to the real /report/submit at a
// steady rate for a given time: each report sealed to the organisation's
// key and its proof of work done, as the page does, and a share of them
// sent twice, as a phone does when an answer is lost. It prints the rate
// held, p50 and p99, errors, and checks the store: exactly one report per
// accepted idempotency key, none lost, none doubled.
//
// The proofs of work are done before the clock starts (on a phone they
// cost the phone, not the server), and the limits per address are lifted,
// since every bench phone shares 127.0.0.1; the limit on submissions
// opened at once stays as configured.
func (m *Main) benchReport(ctx context.Context, args []string) error {
	var cfg config.Config
	var rate, clients int
	var duration time.Duration
	var resend float64
	fs := m.flags("bench report", "bench report [--data DIR | --database URL] [--rate 200] [--duration 5m] [--clients 64] [--resend 0.05]")
	m.dataFlags(fs, &cfg)
	fs.IntVar(&rate, "rate", 200, "reports sent a second")
	fs.DurationVar(&duration, "duration", 5*time.Minute, "how long to send")
	fs.IntVar(&clients, "clients", 64, "phones sending at once at most")
	fs.Float64Var(&resend, "resend", 0.05, "share of reports sent a second time with the same idempotency key")
	if done, err := parse(fs, args); done {
		return err
	}
	if rate < 1 || clients < 1 || duration <= 0 || resend < 0 || resend > 1 {
		return errors.New("--rate and --clients must be at least 1, --duration above zero, --resend between 0 and 1")
	}
	s, err := m.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	open := web.Rate{Every: time.Microsecond, Burst: 1 << 30}
	base, stop, err := m.benchServer(s, &cfg, func(c *web.Config) {
		c.ReportLimits = web.ReportLimits{Page: open, Challenge: open, Submit: open, Phone: open}
	})
	if err != nil {
		return err
	}
	defer stop()
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: clients}}

	sys := haki.SystemContext(ctx)
	before, err := s.CountPublicReportQueue(sys)
	if err != nil {
		return err
	}
	total := rate * int(duration/time.Second)
	fmt.Fprintf(m.Stdout, "Sealing %d reports and doing their proofs of work...\n", total)
	start := time.Now()
	bodies, err := benchSubmissions(ctx, client, base, total)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "Ready in %s. Sending %d a second for %s, %d phones at most, %.0f%% sent twice.\n",
		time.Since(start).Round(time.Second), rate, duration, clients, resend*100)

	type result struct {
		took   time.Duration
		status int
		ref    string
	}
	var (
		mu      sync.Mutex
		results []result
		refs    = make([]string, total)
		late    atomic.Int64
	)
	send := func(i int) {
		t0 := time.Now()
		resp, err := client.Post(base+"/report/submit", "application/json", bytes.NewReader(bodies[i]))
		res := result{status: 0}
		if err == nil {
			var rc struct{ Ref string }
			json.NewDecoder(resp.Body).Decode(&rc)
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			res.status, res.ref = resp.StatusCode, rc.Ref
		}
		res.took = time.Since(t0)
		mu.Lock()
		results = append(results, res)
		if res.ref != "" {
			if refs[i] != "" && refs[i] != res.ref {
				res.status = -1 // the same key answered with another report
			}
			refs[i] = res.ref
		}
		mu.Unlock()
	}
	work := make(chan int, clients)
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				send(i)
			}
		}()
	}
	interval := time.Second / time.Duration(rate)
	t0 := time.Now()
	resends := 0
	for i := range total {
		if d := time.Until(t0.Add(time.Duration(i) * interval)); d > 0 {
			time.Sleep(d)
		}
		select {
		case work <- i:
		default: // every phone busy: the server is not keeping up
			late.Add(1)
			work <- i
		}
		if resend > 0 && i > 0 && float64(resends) < resend*float64(i) {
			resends++
			work <- i - 1 - (i*7919)%min(i, 50) // one of the last fifty again
		}
	}
	close(work)
	wg.Wait()
	elapsed := time.Since(t0)

	after, err := s.CountPublicReportQueue(sys)
	if err != nil {
		return err
	}
	var took []time.Duration
	errs := map[int]int{}
	for _, r := range results {
		took = append(took, r.took)
		if r.status != http.StatusCreated && r.status != http.StatusOK {
			errs[r.status]++
		}
	}
	slices.Sort(took)
	accepted := 0
	for _, ref := range refs {
		if ref != "" {
			accepted++
		}
	}
	stored := after.Waiting() - before.Waiting()
	fmt.Fprintf(m.Stdout, "Sent %d requests (%d reports, %d sent again) in %s: %.1f a second; p50 %s, p99 %s, max %s.\n",
		len(results), total, resends, elapsed.Round(time.Millisecond), float64(len(results))/elapsed.Seconds(),
		pct(took, 50), pct(took, 99), took[len(took)-1].Round(time.Millisecond))
	fmt.Fprintf(m.Stdout, "Errors: %v (status: count; 0 is a failed connection, -1 another report for the same key). Phones all busy at a send: %d times.\n", errs, late.Load())
	fmt.Fprintf(m.Stdout, "Reports accepted: %d; new in the store: %d.\n", accepted, stored)
	if len(errs) > 0 || stored != accepted || accepted != total {
		return fmt.Errorf("bench report: %d errors, %d of %d reports accepted, %d stored", sumCounts(errs), accepted, total, stored)
	}
	return nil
}

func sumCounts(m map[int]int) int {
	n := 0
	for _, c := range m {
		n += c
	}
	return n
}

// pct is the p-th percentile of sorted durations.
func pct(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[(len(sorted)-1)*p/100].Round(100 * time.Microsecond)
}

// benchSubmissions makes n submissions as the page would: the key and a
// challenge fetched from the server, each report sealed to the key under a
// fresh idempotency key and its proof of work done, on every core.
func benchSubmissions(ctx context.Context, client *http.Client, base string, n int) ([][]byte, error) {
	var jwk publicreport.JWK
	if err := getJSON(client, base+"/report/key", &jwk); err != nil {
		return nil, err
	}
	pub, err := publicreport.ParseJWK(jwk)
	if err != nil {
		return nil, err
	}
	var ch struct {
		Challenge string `json:"challenge"`
		Bits      int    `json:"bits"`
	}
	if err := getJSON(client, base+"/report/challenge", &ch); err != nil {
		return nil, err
	}
	counties := []string{"KE-047", "KE-001", "KE-042", "KE-022", "KE-032", "KE-037"}
	kinds := haki.AlertKinds
	bodies := make([][]byte, n)
	var wg sync.WaitGroup
	var firstErr atomic.Value
	for w := range max(1, runtime.NumCPU()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += max(1, runtime.NumCPU()) {
				if ctx.Err() != nil {
					return
				}
				rep := publicreport.Report{V: 1, Lang: "en", Kind: "alert", What: kinds[i%len(kinds)], County: counties[i%len(counties)]}
				if i%3 == 0 {
					rep.Kind, rep.Account = "full", fmt.Sprintf("Bench report %d: officers took a man from the stage at night.", i)
				}
				plain, _ := json.Marshal(rep)
				env, err := publicreport.Seal(jwk.Kid, pub, plain)
				if err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
				var raw [18]byte
				rand.Read(raw[:])
				idem := base64.RawURLEncoding.EncodeToString(raw[:])
				sub := publicreport.Submission{IdempotencyKey: idem, Envelope: env,
					PoW: publicreport.PoW{Challenge: ch.Challenge, Nonce: publicreport.Solve(ch.Challenge, idem, ch.Bits)}}
				bodies[i], _ = json.Marshal(sub)
			}
		}()
	}
	wg.Wait()
	if err, ok := firstErr.Load().(error); ok {
		return nil, err
	}
	return bodies, ctx.Err()
}

func getJSON(client *http.Client, url string, v any) error {
	resp, err := client.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}
