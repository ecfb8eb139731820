// Package gatewayin receives reports from the public through the SMS and
// USSD gateway (Africa's Talking): the incoming-message callback creates a
// report or joins a long message's parts into one, and the USSD callback
// walks a caller through a quick alert. Both are public routes behind a
// shared secret, with per-phone limits and bounded bodies; neither logs a
// phone number, a message or the secret.
package gatewayin

import (
	"errors"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/i18n"
	"github.com/haki-kenya/haki/internal/limit"
	"github.com/haki-kenya/haki/internal/store"
)

// Config is what the hooks need from the outside.
type Config struct {
	Store   *store.Store
	Logger  *slog.Logger
	Catalog *i18n.Catalog
	// Secret is the shared secret each callback carries as ?key=; empty
	// turns the hooks off (they answer 404).
	Secret string
	// AutoReply answers each new SMS report, in the sender's language,
	// through the outbox.
	AutoReply bool
	// Now is the clock of the limits; time.Now when nil.
	Now func() time.Time
	// Limits per phone; zero takes DefaultLimits.
	Limits Limits
}

// Limits bound how often one phone may use the hooks: Burst at once, then
// one more every Every.
type Limits struct {
	SMS, USSD, Alerts Rate
	MaxPhones         int // phones remembered at once, per limit
}

// Rate is a token bucket's size and refill.
type Rate struct {
	Burst int
	Every time.Duration
}

// DefaultLimits: a long message in parts and a few more a minute; a USSD
// session's screens at a caller's pace; three alerts in quick succession,
// then one every ten minutes.
var DefaultLimits = Limits{
	SMS:       Rate{Burst: 12, Every: 30 * time.Second},
	USSD:      Rate{Burst: 40, Every: 5 * time.Second},
	Alerts:    Rate{Burst: 3, Every: 10 * time.Minute},
	MaxPhones: 20000,
}

// The bodies the gateway posts are small forms.
const (
	maxSMSBody  = 64 << 10
	maxUSSDBody = 8 << 10
)

// Server holds the hooks' dependencies. It is read-only after New.
type Server struct {
	store     *store.Store
	logger    *slog.Logger
	cat       *i18n.Catalog
	secret    string
	autoReply bool
	menu      *Menu
	mux       *http.ServeMux
	patterns  []string
	sms       *limit.Limiter
	ussd      *limit.Limiter
	alerts    *limit.Limiter
}

// New returns the hooks with their routes registered.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Catalog == nil {
		return nil, errors.New("gatewayin: Store and Catalog are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	lim := cfg.Limits
	if lim == (Limits{}) {
		lim = DefaultLimits
	}
	var langs []string
	for _, l := range i18n.Languages {
		langs = append(langs, l.Code)
	}
	menu, err := NewMenu(cfg.Catalog.T, langs...)
	if err != nil {
		return nil, err
	}
	bucket := func(r Rate) *limit.Limiter { return limit.New(r.Every, r.Burst, lim.MaxPhones, cfg.Now) }
	s := &Server{store: cfg.Store, logger: cfg.Logger, cat: cfg.Catalog, secret: cfg.Secret, autoReply: cfg.AutoReply,
		menu: menu, mux: http.NewServeMux(), sms: bucket(lim.SMS), ussd: bucket(lim.USSD), alerts: bucket(lim.Alerts)}
	s.registerRoutes()
	return s, nil
}

// Handler returns the hooks' routes, for the caller to wrap in the shared
// middleware (httpx.Chain).
func (s *Server) Handler() http.Handler { return s.mux }

// Patterns returns the pattern of every registered route, for tests that
// walk them all.
func (s *Server) Patterns() []string { return append([]string(nil), s.patterns...) }

// hook registers a gateway callback: public (no session, no CSRF token:
// the gateway has neither), behind the shared secret, with its body
// bounded and its form read and checked before h runs; fail answers the
// errors.
func (s *Server) hook(pattern string, maxBody int64, h httpx.HandlerFunc, fail httpx.ErrorWriter) {
	s.patterns = append(s.patterns, pattern)
	s.mux.Handle(pattern, httpx.Guard{}.Handle(func(w http.ResponseWriter, r *http.Request) error {
		if s.secret == "" {
			return errOff
		}
		if !SecretMatches(s.secret, r.URL.Query().Get("key")) {
			return errKey
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		if err := r.ParseForm(); err != nil {
			return haki.Errorf(haki.EINVALID, "The form could not be read.")
		}
		if err := httpx.CheckValues(r.PostForm); err != nil {
			return err
		}
		return h(w, r)
	}, fail))
}

var (
	errOff = haki.Errorf(haki.ENOTFOUND, "The gateway hooks are not configured.")
	errKey = haki.Errorf(haki.EFORBIDDEN, "The gateway's key is missing or wrong.")
)

// fail answers an error as plain text: the gateway reads no pages. Bad
// input gets its message; an internal error is logged with the request id
// only, and answered 500 so the gateway sends the message again later.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if httpx.ClientGone(r, err) {
		return
	}
	code := haki.ErrorCode(err)
	status := httpx.Status(code)
	msg := haki.ErrorMessage(err)
	if fields := haki.ErrorFields(err); len(fields) > 0 && code == haki.EINVALID {
		for _, k := range slices.Sorted(maps.Keys(fields)) {
			msg += " " + k + ": " + fields[k]
		}
	}
	switch code {
	case haki.EBUSY:
		w.Header().Set("Retry-After", "60")
	case haki.EINVALID, haki.ENOTFOUND, haki.EFORBIDDEN, haki.ECONFLICT:
	default:
		s.logger.ErrorContext(r.Context(), "gateway hook failed", "err", err,
			"request_id", haki.RequestIDFromContext(r.Context()), "route", r.Pattern)
		msg = "Internal error " + haki.RequestIDFromContext(r.Context())
	}
	writeText(w, status, msg)
}

// writeText writes a plain-text answer the gateway reads as it is.
func writeText(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write([]byte(text))
}
