package web

import (
	"context"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/limit"
	"github.com/haki-kenya/haki/internal/publicreport"
)

// The public reporting page, /report: anyone may report there without an
// account. Its doors are the page and its installable shell, the
// organisation's public key, a proof-of-work challenge, and two ways in:
// POST /report/submit (a sealed envelope, from the page's JavaScript, also
// for reports kept on the phone while offline) and POST /report/send (the
// plain form, for phones without JavaScript). No door sets a cookie, reads
// the session, or keeps or logs the caller's address: the address is only
// a key of the in-memory limiters (internal/limit), hashed there.

// Rate is one limiter's allowance per address: Burst at once, then one
// more every Every.
type Rate struct {
	Every time.Duration
	Burst int
}

// ReportLimits bounds the report page's doors. Many phones may share one
// address (mobile networks put whole towns behind a few), so the limits
// per address are generous; the proof of work is what each report costs.
type ReportLimits struct {
	Page      Rate // GET /report and its shell
	Challenge Rate // GET /report/challenge
	Submit    Rate // POST /report/submit and /report/send
	// Phone limits the reports that give one phone number to be reached on,
	// wherever they come from (the SMS and USSD doors count their senders
	// the same way).
	Phone Rate
	Media Rate // POST /report/media
	// Keys is how many addresses each limiter remembers at most.
	Keys int
	// Busy is how many submissions are read and opened at once; more wait
	// up to BusyWait, then are refused (503) before their body is read.
	Busy     int
	BusyWait time.Duration
	// MediaBusy is how many files (up to 50 MB each) are read and opened at
	// once; more wait up to BusyWait, then are refused before their body is read.
	MediaBusy int
	// PoWBits is the proof of work asked (publicreport.DefaultBits when 0).
	PoWBits int
}

// DefaultReportLimits are the limits of a server with no others configured.
var DefaultReportLimits = ReportLimits{
	Page:      Rate{Every: time.Second, Burst: 120},
	Challenge: Rate{Every: time.Second, Burst: 60},
	Submit:    Rate{Every: 2 * time.Second, Burst: 30},
	Phone:     Rate{Every: 10 * time.Minute, Burst: 5},
	Media:     Rate{Every: 5 * time.Second, Burst: 30},
	MediaBusy: 2,
	Keys:      100_000,
	Busy:      16,
	BusyWait:  2 * time.Second,
	PoWBits:   publicreport.DefaultBits,
}

// reportDoor is the state of the report page's doors: the limiters, the
// organisation's key (read once), and the lists the form offers.
type reportDoor struct {
	limits                 ReportLimits
	page, challenge, submt *limit.Limiter
	phone                  *limit.Limiter // by the store's tag of a number given to be reached on
	media                  *limit.Limiter
	busy, mediaBusy        chan struct{}

	mu         sync.Mutex
	key        *publicreport.Key
	challenges publicreport.Challenges
	lists      *reportLists
}

func newReportDoor(l ReportLimits, now func() time.Time) *reportDoor {
	d := DefaultReportLimits
	if l.Page.Every > 0 {
		d.Page = l.Page
	}
	if l.Challenge.Every > 0 {
		d.Challenge = l.Challenge
	}
	if l.Submit.Every > 0 {
		d.Submit = l.Submit
	}
	if l.Phone.Every > 0 {
		d.Phone = l.Phone
	}
	if l.Media.Every > 0 {
		d.Media = l.Media
	}
	if l.MediaBusy > 0 {
		d.MediaBusy = l.MediaBusy
	}
	if l.Keys > 0 {
		d.Keys = l.Keys
	}
	if l.Busy > 0 {
		d.Busy = l.Busy
	}
	if l.BusyWait > 0 {
		d.BusyWait = l.BusyWait
	}
	if l.PoWBits > 0 {
		d.PoWBits = l.PoWBits
	}
	return &reportDoor{limits: d,
		page:      limit.New(d.Page.Every, d.Page.Burst, d.Keys, now),
		challenge: limit.New(d.Challenge.Every, d.Challenge.Burst, d.Keys, now),
		submt:     limit.New(d.Submit.Every, d.Submit.Burst, d.Keys, now),
		phone:     limit.New(d.Phone.Every, d.Phone.Burst, d.Keys, now),
		media:     limit.New(d.Media.Every, d.Media.Burst, d.Keys, now),
		busy:      make(chan struct{}, d.Busy),
		mediaBusy: make(chan struct{}, d.MediaBusy)}
}

// reportKey returns the organisation's report key and the challenge
// issuer, read from the store the first time.
func (s *Server) reportKey(ctx context.Context) (*publicreport.Key, publicreport.Challenges, error) {
	d := s.report
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.key == nil {
		priv, err := s.store.PublicReportKey(ctx)
		if err != nil {
			return nil, publicreport.Challenges{}, err
		}
		// The challenges' signing key is derived from the private key: it
		// survives a restart, and no second secret needs keeping.
		mac, err := hkdf.Key(sha256.New, priv.Bytes(), nil, "haki report challenge key", 32)
		if err != nil {
			return nil, publicreport.Challenges{}, err
		}
		d.key = publicreport.NewKey(priv)
		d.challenges = publicreport.Challenges{Key: mac, Bits: d.limits.PoWBits, TTL: publicreport.DefaultTTL}
	}
	return d.key, d.challenges, nil
}

// errTooMany answers a caller over its limit.
var errTooMany = haki.Errorf(haki.EBUSY, "Too many reports from this network just now. Wait a minute and send again.")

// publicDoor registers a route of the report page: public, with no form
// parsing or CSRF check of the staff pages (its bodies are read by the
// handlers, bounded), its rate limited per address before anything else,
// and the caller treated as anonymous even if a staff session cookie came
// along. Its errors are answered by reportFail.
func (s *Server) publicDoor(pattern string, lim *limit.Limiter, h handlerFunc) {
	s.routes = append(s.routes, route{pattern, ""})
	s.mux.Handle(pattern, httpx.Guard{}.Handle(func(w http.ResponseWriter, r *http.Request) error {
		reportHeaders(w.Header())
		if !lim.Allow(limit.Addr(r)) {
			return errTooMany
		}
		// The reporter is nobody: no user, whatever cookie came along.
		r = r.WithContext(haki.NewContextWithUser(r.Context(), nil))
		return h(w, r)
	}, s.reportFail))
}

// reportCSP is the report page's policy: its own script, style, images and
// connections only; the service worker and manifest from itself; no frames.
const reportCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"worker-src 'self'; manifest-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// reportHeaders are the headers of every answer of the report page.
func reportHeaders(h http.Header) {
	h.Set("Content-Security-Policy", reportCSP)
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Permissions-Policy", "geolocation=(self), camera=(), microphone=(), interest-cohort=()")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("X-Robots-Tag", "noindex")
}

// reportProblem is the JSON answer of a refused request: a message and
// per-field messages, in the reporter's language.
type reportProblem struct {
	Status  int               `json:"status"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// reportFail answers an error of the report page's doors: JSON for the
// page's script, a plain page otherwise. Nothing here logs the address.
func (s *Server) reportFail(w http.ResponseWriter, r *http.Request, err error) {
	if httpx.ClientGone(r, err) {
		return
	}
	lang := reportLang(r)
	code := haki.ErrorCode(err)
	status := httpx.Status(code)
	p := reportProblem{Status: status}
	switch code {
	case haki.EINVALID, haki.EBUSY:
		p.Message = s.cat.Message(lang, haki.ErrorMessage(err))
		for k, v := range haki.ErrorFields(err) {
			if p.Fields == nil {
				p.Fields = map[string]string{}
			}
			p.Fields[k] = s.cat.Message(lang, v)
		}
		if code == haki.EBUSY {
			w.Header().Set("Retry-After", httpx.RetryAfter)
		}
	case haki.ENOTFOUND:
		p.Message = s.cat.T(lang, "pubreport.error.not_found")
	default:
		s.logger.ErrorContext(r.Context(), "internal error", "err", err,
			"request_id", haki.RequestIDFromContext(r.Context()), "route", r.Pattern)
		p.Status, status = http.StatusServiceUnavailable, http.StatusServiceUnavailable
		p.Message = s.cat.T(lang, "pubreport.error.internal")
		w.Header().Set("Retry-After", "30")
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	if r.Method == http.MethodPost && r.URL.Path == "/report/send" || r.Method == http.MethodGet && r.URL.Path == "/report" {
		s.reportErrorPage(w, r, status, lang, p)
		return
	}
	h.Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(p)
}

// reportLang is the reporter's language: ?lang= when given (the page's
// switch, and its script on every request), else the phone's.
func reportLang(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); knownLang(l) {
		return l
	}
	return i18nMatch(r)
}

// storeReport keeps a report that came through either door (the sealed
// submission or the plain form), after the limit per phone number: a
// report that gives a number to be reached on counts against that number,
// by the store's keyed tag of it, from whatever address it comes.
func (s *Server) storeReport(ctx context.Context, pr *haki.PublicReport, idemKey string) (bool, error) {
	if c := pr.Contact; c.Address != "" && (c.Method == "call" || c.Method == "sms" || c.Method == "whatsapp") {
		if !s.report.phone.Allow(s.store.SenderTag(c.Address)) {
			return false, errTooMany
		}
	}
	return s.store.SubmitPublicReport(ctx, pr, idemKey)
}
