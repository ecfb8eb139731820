package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/importer"
	"github.com/haki-kenya/haki/internal/store"
)

// importMaxBytes is the largest spreadsheet the import page takes; a
// larger file is imported with `haki import` on the server.
const importMaxBytes = 20 << 20

// Limits on the imports kept in memory: per user, and for how long.
const (
	importJobsPerUser = 3
	importJobTTL      = 2 * time.Hour
)

// importSamples and importDistinct bound what the mapping page shows of
// each column: the first rows, and the different values offered for value
// mappings (read from the first importScan rows).
const (
	importSamples  = 3
	importDistinct = 30
	importScan     = 2000
)

// importJobs holds the spreadsheets being imported from the web: in
// memory only, each seen by the user who uploaded it, gone after
// importJobTTL or when the server stops. The file never touches the disk
// unencrypted.
type importJobs struct {
	mu   sync.Mutex
	jobs map[string]*importJob
	now  func() time.Time
}

// importJob is one uploaded spreadsheet, its mapping and its last run.
type importJob struct {
	ID       string
	Owner    string
	Filename string
	Created  time.Time
	data     []byte
	Header   []string
	Encoding string
	Samples  [][]string // per column, its first values
	Distinct [][]string // per column, its different values, or nil when there are too many

	mu      sync.Mutex
	Mapping *importer.Mapping
	State   string // "", running, done, failed, cancelled
	Mode    string // dry, all, valid
	Report  *importer.Report
	Err     string
	rows    atomic.Int64
	cancel  context.CancelFunc
}

func newImportJobs(now func() time.Time) *importJobs {
	return &importJobs{jobs: map[string]*importJob{}, now: now}
}

// add reads an uploaded sheet's header and samples and keeps it for its owner.
func (js *importJobs) add(owner, filename string, data []byte) (*importJob, error) {
	t, err := importer.Open(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	defer t.Close()
	j := &importJob{ID: newJobID(), Owner: owner, Filename: filename, Created: js.now(), data: data,
		Header: t.Header, Encoding: t.Encoding}
	j.Samples = make([][]string, len(t.Header))
	j.Distinct = make([][]string, len(t.Header))
	seen := make([]map[string]bool, len(t.Header))
	for i := range seen {
		seen[i] = map[string]bool{}
	}
	for n := 0; n < importScan; n++ {
		row, _, err := t.Next()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		for i := range t.Header {
			v := ""
			if i < len(row) {
				v = strings.TrimSpace(row[i])
			}
			if v != "" && len(j.Samples[i]) < importSamples {
				j.Samples[i] = append(j.Samples[i], clip(v, 80))
			}
			if seen[i] != nil && !seen[i][v] {
				seen[i][v] = true
				if len(seen[i]) > importDistinct {
					seen[i], j.Distinct[i] = nil, nil
					continue
				}
				if v != "" {
					j.Distinct[i] = append(j.Distinct[i], v)
				}
			}
		}
	}
	js.mu.Lock()
	defer js.mu.Unlock()
	js.expire()
	mine := 0
	var oldest *importJob
	for _, o := range js.jobs {
		if o.Owner == owner {
			mine++
			if oldest == nil || o.Created.Before(oldest.Created) {
				oldest = o
			}
		}
	}
	if mine >= importJobsPerUser && oldest != nil {
		if oldest.running() {
			return nil, haki.Errorf(haki.ECONFLICT, "You have %d imports open, one still running: wait for it, or cancel it.", mine)
		}
		delete(js.jobs, oldest.ID)
	}
	js.jobs[j.ID] = j
	return j, nil
}

// expire forgets the jobs older than importJobTTL that are not running.
func (js *importJobs) expire() {
	for id, j := range js.jobs {
		if js.now().Sub(j.Created) > importJobTTL && !j.running() {
			delete(js.jobs, id)
		}
	}
}

// find returns the caller's job: anyone else's is "not found".
func (js *importJobs) find(ctx context.Context, id string) (*importJob, error) {
	u := haki.UserFromContext(ctx)
	js.mu.Lock()
	defer js.mu.Unlock()
	j, ok := js.jobs[id]
	if !ok || u == nil || j.Owner != u.ID {
		return nil, haki.Errorf(haki.ENOTFOUND, "This import is not open: upload the file again.")
	}
	return j, nil
}

// mine returns the caller's jobs, newest first.
func (js *importJobs) mine(ctx context.Context) []*importJob {
	u := haki.UserFromContext(ctx)
	js.mu.Lock()
	defer js.mu.Unlock()
	js.expire()
	var out []*importJob
	for _, j := range js.jobs {
		if u != nil && j.Owner == u.ID {
			out = append(out, j)
		}
	}
	for i := 1; i < len(out); i++ {
		for k := i; k > 0 && out[k].Created.After(out[k-1].Created); k-- {
			out[k], out[k-1] = out[k-1], out[k]
		}
	}
	return out
}

func (j *importJob) running() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.State == "running"
}

// start runs the job's mapping over its file in the background, as the
// user who started it: a dry run, all or nothing, or the valid rows only.
func (j *importJob) start(s *store.Store, user *haki.User, now time.Time, mode string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.State == "running" {
		return haki.Errorf(haki.ECONFLICT, "This import is already running.")
	}
	if j.Mapping == nil {
		return haki.Errorf(haki.EINVALID, "Map the columns first.")
	}
	ctx, cancel := context.WithCancel(haki.NewContextWithUser(context.Background(), user))
	ref, err := importer.LoadReference(ctx, s, j.Mapping.CountryCode(), now)
	if err != nil {
		cancel()
		return err
	}
	t, err := importer.Open(bytes.NewReader(j.data))
	if err != nil {
		cancel()
		return err
	}
	c, err := importer.Compile(j.Mapping, t.Header, ref)
	if err != nil {
		cancel()
		t.Close()
		return err
	}
	j.State, j.Mode, j.Report, j.Err, j.cancel = "running", mode, nil, "", cancel
	j.rows.Store(0)
	opt := importer.Options{DryRun: mode == "dry", ValidOnly: mode == "valid", Progress: func(n int) { j.rows.Store(int64(n)) }}
	go func() {
		defer cancel()
		defer t.Close()
		rep, err := importer.Run(ctx, t, c, importer.StoreApply(s), opt)
		j.mu.Lock()
		defer j.mu.Unlock()
		j.Report = rep
		switch {
		case ctx.Err() != nil:
			j.State = "cancelled"
		case err != nil && err != importer.ErrRejected:
			j.State, j.Err = "failed", err.Error()
			if e, ok := err.(*haki.Error); ok {
				j.Err = e.Message
			}
		default:
			j.State = "done"
		}
	}()
	return nil
}

// stop cancels a running job; the store rolls its transaction back.
func (j *importJob) stop() {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.State == "running" && j.cancel != nil {
		j.cancel()
	}
}

func newJobID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func clip(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
