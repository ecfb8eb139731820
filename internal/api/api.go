// Package api is Haki's JSON API under /api/v1/: the same records and
// access rules as the web pages, for scripts and other tools. Every route
// and the permission it needs is listed in routes.go; openapi.json
// describes them for clients.
package api

import (
	"log/slog"
	"net/http"

	"github.com/haki-kenya/haki/internal/store"
)

// Config is what the API needs.
type Config struct {
	Store  *store.Store
	Logger *slog.Logger
	// EvidenceDir is the folder of the encrypted evidence files; MaxUpload
	// the largest file accepted (config.DefaultMaxUpload when 0).
	EvidenceDir string
	MaxUpload   int64
	// OrgName is printed on report exports; Demo marks them as made-up data.
	OrgName string
	Demo    bool
}

// Server serves the JSON API.
type Server struct {
	store     *store.Store
	logger    *slog.Logger
	routes    []Route
	evidence  *store.EvidenceStore
	maxUpload int64
	orgName   string
	demo      bool
}

// New returns a Server for the configuration.
func New(cfg Config) *Server {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{store: cfg.Store, logger: logger, maxUpload: cfg.MaxUpload, orgName: cfg.OrgName, demo: cfg.Demo}
	if cfg.Store != nil {
		s.evidence = cfg.Store.Evidence(cfg.EvidenceDir)
	}
	return s
}

// Handler returns the API's routes. It expects httpx.Authenticate (and
// RequestID) in front of it.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.routes = nil
	s.register(mux)
	// Anything else under /api/ is a problem+json 404, not the mux's plain text.
	mux.Handle("/api/", s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return &problem{status: http.StatusNotFound, kind: "no-route", detail: "There is no such route in the API."}
	}))
	return mux
}

// Routes returns the routes registered by Handler, for tests and documentation.
func (s *Server) Routes() []Route { return s.routes }
