package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/config"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/web"
)

// bench runs a benchmark against the real server: "load" (pages under
// many signed-in clients) or "report" (the public report page's door).
func (m *Main) bench(ctx context.Context, args []string) error {
	const usage = "Usage: haki bench load|report [flags]   (haki bench load --help for its flags)"
	if len(args) > 0 {
		switch args[0] {
		case "load":
			return m.benchLoad(ctx, args[1:])
		case "report":
			return m.benchReport(ctx, args[1:])
		case "-h", "--help":
			fmt.Fprintln(m.Stderr, usage)
			return nil
		}
	}
	fmt.Fprintln(m.Stderr, usage)
	return ErrUsage
}

// benchServer starts the real server over s on a loopback port, as serve
// would but logging only warnings, and returns its address and how to stop
// it.
func (m *Main) benchServer(s *store.Store, cfg *config.Config, opts ...func(*web.Config)) (string, func(), error) {
	if cfg.EvidencePath() == "" {
		return "", nil, errors.New("with --database and no --data, give --evidence-dir (or HAKI_EVIDENCE_DIR)")
	}
	logger := slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	h, err := handler(s, logger, false, false, store.DefaultLockout, cfg.EvidencePath(), cfg.UploadLimit(), gatewayHooks{}, opts...)
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ErrorLog: httpx.ServerErrorLog(logger)}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// loadOptions are the flags of "haki bench load".
type loadOptions struct {
	clients, writers int
	duration, settle time.Duration
	year             int
	county           string
	cpuProfile       string
}

// benchLoad starts the server in this process over the given database,
// signs in bench accounts of every role (sessions made by the store, one
// per client, as if each were its own browser), and has the clients request
// the pages people use all day, as fast as each gets its answers, for the
// given time; writers record incidents through the API beside them. It
// prints requests a second, p50 and p99 per page and in all, errors, and
// the process's memory before, at its peak and after the clients stop.
//
// The bench accounts (bench-ROLE) are made or re-enabled at the start and
// disabled at the end; the writers' incidents stay: run it on a copy.
func (m *Main) benchLoad(ctx context.Context, args []string) error {
	var cfg config.Config
	var o loadOptions
	fs := m.flags("bench load", "bench load [--data DIR | --database URL] [--clients 50] [--writers 0] [--duration 30s] [--settle 10s] [--year Y] [--county CODE]")
	m.dataFlags(fs, &cfg)
	fs.IntVar(&o.clients, "clients", 50, "signed-in browsers requesting pages at once")
	fs.IntVar(&o.writers, "writers", 0, "API clients recording incidents at once, beside the browsers")
	fs.DurationVar(&o.duration, "duration", 30*time.Second, "how long the clients run")
	fs.DurationVar(&o.settle, "settle", 10*time.Second, "how long to wait after the clients stop before the last memory reading")
	fs.IntVar(&o.year, "year", time.Now().Year()-1, "the year of the filtered report and incident list")
	fs.StringVar(&o.county, "county", "KE-047", "the county code of the filtered report and incident list")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the run (server and clients) to this file, for go tool pprof")
	if done, err := parse(fs, args); done {
		return err
	}
	if o.clients < 1 || o.writers < 0 || o.duration <= 0 || o.settle < 0 {
		return errors.New("--clients must be at least 1, --writers at least 0, --duration above zero")
	}
	s, err := m.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	base, stop, err := m.benchServer(s, &cfg)
	if err != nil {
		return err
	}
	defer stop()

	sys := haki.SystemContext(ctx)
	users, err := benchAccounts(sys, s)
	if err != nil {
		return err
	}
	defer func() {
		for _, u := range users {
			u.Disabled = true
			if err := s.UpdateUser(sys, u, store.AccountProof{}); err != nil {
				fmt.Fprintf(m.Stderr, "haki bench load: disable %s: %v\n", u.Username, err)
			}
		}
	}()
	var plans []*loadPlan
	for _, role := range haki.Roles {
		p, err := planFor(ctx, s, users[role], o)
		if err != nil {
			return err
		}
		plans = append(plans, p)
	}
	var token string
	if o.writers > 0 {
		if token, err = s.CreateAPIToken(sys, users[haki.RoleDataManager].ID, store.AccountProof{}); err != nil {
			return err
		}
	}
	var cookies []string
	for i := range o.clients {
		sess, err := s.CreateSession(ctx, plans[i%len(plans)].user.ID)
		if err != nil {
			return err
		}
		cookies = append(cookies, sess.Token)
	}

	tr := &http.Transport{MaxIdleConnsPerHost: o.clients + o.writers, MaxIdleConns: o.clients + o.writers, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	mem := &memWatch{}
	before := readMem()
	cpuBefore := processCPU()
	writesBefore := s.WriteCounts()
	stopWatch := mem.start(100 * time.Millisecond)
	results := newLoadResults()
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	// A request under way when the time is up is finished and counted, so
	// that the server sees no cancelled requests.
	start := time.Now()
	deadline := start.Add(o.duration)
	running := func() bool { return ctx.Err() == nil && time.Now().Before(deadline) }
	var wg sync.WaitGroup
	for i := range o.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := plans[i%len(plans)]
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			for n := 0; running(); n++ {
				page, path := p.next(rng, n)
				t0 := time.Now()
				status, err := benchGet(ctx, client, base+path, cookies[i])
				results.add(page, time.Since(t0), status == http.StatusOK && err == nil, fmt.Sprintf("%s: %d %v", page, status, err))
			}
		}()
	}
	for i := range o.writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; running(); n++ {
				t0 := time.Now()
				status, err := benchWrite(ctx, client, base, token, o, i, n)
				results.add("write: new incident (API)", time.Since(t0), status == http.StatusCreated && err == nil, fmt.Sprintf("write: %d %v", status, err))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu := processCPU() - cpuBefore
	pprof.StopCPUProfile()
	tr.CloseIdleConnections()
	peak := mem.stop(stopWatch)
	writes := s.WriteCounts()
	select {
	case <-time.After(o.settle):
	case <-ctx.Done():
	}
	after := readMem()

	fmt.Fprintf(m.Stdout, "haki bench load: %d clients (roles %s), %d writers, %s on %s\n", o.clients, planRoles(plans), o.writers, o.duration, s.Dialect())
	n := results.print(m.Stdout, elapsed)
	fmt.Fprintf(m.Stdout, "CPU used by the process: %.1f s in %.1f s (%.1f ms a request; %d cores; the machine's other work is not counted)\n",
		cpu.Seconds(), elapsed.Seconds(), float64(cpu)/float64(time.Millisecond)/float64(max(n, 1)), runtime.NumCPU())
	fmt.Fprintf(m.Stdout, "write transactions during the run: %d (of which audit entries only: %d)\n",
		writes.All-writesBefore.All, writes.AuditOnly-writesBefore.AuditOnly)
	tw := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "memory\tRSS\tof it mapped files\tGo heap\t")
	fmt.Fprintf(tw, "before\t%s\t%s\t%s\t\n", mib(before.rss), mib(before.file), mib(before.heap))
	fmt.Fprintf(tw, "peak\t%s\t%s\t%s\t\n", mib(max(peak.rss, before.rss)), mib(max(peak.file, before.file)), mib(max(peak.heap, before.heap)))
	fmt.Fprintf(tw, "after %s idle\t%s\t%s\t%s\t\n", o.settle, mib(after.rss), mib(after.file), mib(after.heap))
	tw.Flush()
	fmt.Fprintln(m.Stdout, "(RSS is this whole process: the server and its clients, which hold little. Mapped files are the")
	fmt.Fprintln(m.Stdout, "pages of the database SQLite reads through its memory map: the operating system's file cache, shared and reclaimable.)")
	return nil
}

// benchAccounts makes (or re-enables) one bench account per role, in the
// team of the demo's caseworker when there is one, without two-factor
// sign-in: their sessions are made by the store, never through the form.
func benchAccounts(sys context.Context, s *store.Store) (map[haki.Role]*haki.User, error) {
	team := ""
	if cw, err := s.FindUserByUsername(sys, "caseworker"); err == nil {
		team = cw.TeamID
	} else if teams, err := s.FindTeams(sys); err == nil && len(teams) > 0 {
		team = teams[0].ID
	}
	users := map[haki.Role]*haki.User{}
	for _, role := range haki.Roles {
		name := "bench-" + string(role)
		u, err := s.FindUserByUsername(sys, name)
		if haki.ErrorCode(err) == haki.ENOTFOUND {
			u = &haki.User{Username: name, DisplayName: "Bench " + string(role), Role: role, TeamID: team}
			if err := s.CreateUser(sys, u, "bench "+randomPassword(), store.AccountProof{}); err != nil {
				return nil, fmt.Errorf("create %s: %w", name, err)
			}
		} else if err != nil {
			return nil, err
		}
		u.Disabled, u.TeamID, u.Role, u.TwoFactorRequired = false, team, role, false
		if err := s.UpdateUser(sys, u, store.AccountProof{}); err != nil {
			return nil, fmt.Errorf("enable %s: %w", name, err)
		}
		users[role] = u
	}
	return users, nil
}

// loadPlan is what one role's clients request: each page with its weight,
// and the records of it that the role may see.
type loadPlan struct {
	user      *haki.User
	pages     []loadPage
	total     int
	incidents []string
	cases     []string
}

type loadPage struct {
	name   string
	weight int
	path   func(rng *rand.Rand) string
}

// planFor picks the pages the user's role may open, and samples the
// incidents and cases it may see (as the user, so none is "not found").
func planFor(ctx context.Context, s *store.Store, u *haki.User, o loadOptions) (*loadPlan, error) {
	p := &loadPlan{user: u}
	as := haki.NewContextWithUser(ctx, u)
	if u.Can(haki.PermIncidentRead) {
		for _, f := range []haki.IncidentFilter{{}, {CountyCode: o.county}} {
			incs, _, err := s.FindIncidents(as, f)
			if err != nil {
				return nil, fmt.Errorf("sample incidents as %s: %w", u.Role, err)
			}
			for _, inc := range incs {
				p.incidents = append(p.incidents, inc.ID)
			}
		}
	}
	if u.Can(haki.PermCaseRead) {
		cases, _, err := s.FindCases(as, haki.CaseFilter{})
		if err != nil {
			return nil, fmt.Errorf("sample cases as %s: %w", u.Role, err)
		}
		for _, c := range cases {
			p.cases = append(p.cases, c.ID)
		}
	}
	fixed := func(path string) func(*rand.Rand) string { return func(*rand.Rand) string { return path } }
	pick := func(prefix string, ids []string) func(*rand.Rand) string {
		return func(rng *rand.Rand) string { return prefix + ids[rng.IntN(len(ids))] }
	}
	year := strconv.Itoa(o.year)
	add := func(ok bool, name string, weight int, path func(*rand.Rand) string) {
		if ok {
			p.pages = append(p.pages, loadPage{name, weight, path})
			p.total += weight
		}
	}
	add(true, "home", 3, fixed("/"))
	add(u.Can(haki.PermIncidentRead), "incident list", 1, fixed("/incidents"))
	add(u.Can(haki.PermIncidentRead), "incident list, county and year", 1,
		fixed("/incidents?"+url.Values{"county": {o.county}, "year": {year}}.Encode()))
	add(len(p.incidents) > 0, "incident page", 3, pick("/incidents/", p.incidents))
	add(len(p.cases) > 0, "case page", 2, pick("/cases/", p.cases))
	add(u.Can(haki.PermTasks), "calendar week", 1, fixed("/calendar?view=week"))
	add(true, "executions report, county and year", 1,
		fixed("/reports/executions?"+url.Values{"year": {year}, "county": {o.county}}.Encode()))
	return p, nil
}

// next picks the client's nth page: each of the role's pages once, in
// order, then by weight.
func (p *loadPlan) next(rng *rand.Rand, nth int) (string, string) {
	if nth < len(p.pages) {
		return p.pages[nth].name, p.pages[nth].path(rng)
	}
	n := rng.IntN(p.total)
	for _, pg := range p.pages {
		if n < pg.weight {
			return pg.name, pg.path(rng)
		}
		n -= pg.weight
	}
	panic("unreachable")
}

func planRoles(plans []*loadPlan) string {
	var out []string
	for _, p := range plans {
		out = append(out, string(p.user.Role))
	}
	return strings.Join(out, ", ")
}

func benchGet(ctx context.Context, c *http.Client, u, session string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	req.AddCookie(&http.Cookie{Name: httpx.SessionCookie, Value: session})
	res, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	_, err = io.Copy(io.Discard, res.Body)
	return res.StatusCode, err
}

// benchWrite records one incident through the API, as a data manager's
// import script would.
func benchWrite(ctx context.Context, c *http.Client, base, token string, o loadOptions, writer, n int) (int, error) {
	body := fmt.Sprintf(`{"title": "Bench incident %d-%d", "types": ["torture"], "occurred": "%d-%02d-%02d", "county_code": %q, "verification": "unverified"}`,
		writer, n, o.year, 1+n%12, 1+n%28, o.county)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/incidents", bytes.NewBufferString(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	_, err = io.Copy(io.Discard, res.Body)
	return res.StatusCode, err
}

// loadResults gathers each page's latencies and errors.
type loadResults struct {
	mu     sync.Mutex
	pages  map[string][]time.Duration
	errs   map[string]int
	sample map[string]string // the first error of each page
	order  []string
}

func newLoadResults() *loadResults {
	return &loadResults{pages: map[string][]time.Duration{}, errs: map[string]int{}, sample: map[string]string{}}
}

func (r *loadResults) add(page string, d time.Duration, ok bool, what string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, seen := r.pages[page]; !seen {
		r.order = append(r.order, page)
	}
	r.pages[page] = append(r.pages[page], d)
	if !ok {
		r.errs[page]++
		if r.sample[page] == "" {
			r.sample[page] = what
		}
	}
}

// print writes the table and returns how many requests there were.
func (r *loadResults) print(w io.Writer, elapsed time.Duration) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	slices.Sort(r.order)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "page\trequests\tper second\tp50\tp99\terrors\t")
	var reads []time.Duration
	readErrs := 0
	line := func(name string, ds []time.Duration, errs int) {
		slices.Sort(ds)
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%s\t%s\t%d\t\n", name, len(ds), float64(len(ds))/elapsed.Seconds(),
			fmtMs(percentile(ds, 50)), fmtMs(percentile(ds, 99)), errs)
	}
	var writes []time.Duration
	writeErrs := 0
	for _, page := range r.order {
		line(page, r.pages[page], r.errs[page])
		if strings.HasPrefix(page, "write:") {
			writes, writeErrs = append(writes, r.pages[page]...), writeErrs+r.errs[page]
		} else {
			reads, readErrs = append(reads, r.pages[page]...), readErrs+r.errs[page]
		}
	}
	line("all pages", reads, readErrs)
	if len(writes) > 0 {
		line("all writes", writes, writeErrs)
	}
	tw.Flush()
	for _, page := range r.order {
		if s := r.sample[page]; s != "" {
			fmt.Fprintf(w, "first error: %s\n", s)
		}
	}
	return len(reads) + len(writes)
}

// processCPU is the user and system CPU time this process has used, from
// /proc/self/stat (in Linux's fixed 100 ticks a second); 0 elsewhere.
func processCPU() time.Duration {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0
	}
	// The fields after the command name, which is in parentheses: state is
	// the first, utime the 12th and stime the 13th.
	_, rest, ok := strings.Cut(string(b), ") ")
	f := strings.Fields(rest)
	if !ok || len(f) < 13 {
		return 0
	}
	user, _ := strconv.ParseInt(f[11], 10, 64)
	sys, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(user+sys) * 10 * time.Millisecond
}

func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	return sorted[min(max(i-1, 0), len(sorted)-1)]
}

func fmtMs(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
}

func mib(b uint64) string { return fmt.Sprintf("%.0f MB", float64(b)/(1<<20)) }

// memReading is the process's resident memory, the part of it that is
// mapped files, and its live Go heap.
type memReading struct{ rss, file, heap uint64 }

// readMem reads VmRSS and RssFile from /proc/self/status (0 where there is
// none) and the bytes of Go heap objects.
func readMem() memReading {
	var r memReading
	if f, err := os.Open("/proc/self/status"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			for name, to := range map[string]*uint64{"VmRSS:": &r.rss, "RssFile:": &r.file} {
				if rest, ok := strings.CutPrefix(sc.Text(), name); ok {
					kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
					*to = kb << 10
				}
			}
		}
		f.Close()
	}
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() == metrics.KindUint64 {
		r.heap = sample[0].Value.Uint64()
	}
	return r
}

// memWatch samples memory while the clients run and keeps the peaks.
type memWatch struct {
	rss, file, heap atomic.Uint64
}

func (w *memWatch) start(every time.Duration) chan struct{} {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				r := readMem()
				if r.rss > w.rss.Load() {
					w.rss.Store(r.rss)
				}
				if r.file > w.file.Load() {
					w.file.Store(r.file)
				}
				if r.heap > w.heap.Load() {
					w.heap.Store(r.heap)
				}
			}
		}
	}()
	return done
}

func (w *memWatch) stop(done chan struct{}) memReading {
	close(done)
	return memReading{rss: w.rss.Load(), file: w.file.Load(), heap: w.heap.Load()}
}
