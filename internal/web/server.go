// Package web serves Haki's HTML pages: server-rendered, usable without
// JavaScript and on a phone. routes.go lists every page with the permission
// it needs; each page or action has its own file.
package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/haki-kenya/haki/internal/i18n"
	"github.com/haki-kenya/haki/internal/store"
)

//go:embed static templates
var files embed.FS

// Config is what the web room needs from the outside.
type Config struct {
	Store   *store.Store
	Logger  *slog.Logger
	Catalog *i18n.Catalog
	// Demo shows a banner on every page: the data are made up.
	Demo bool
	// SecureCookies sets the Secure flag on cookies; on when served over TLS.
	SecureCookies bool
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Lockout is when sign-in is refused after failures; zero fields take
	// store.DefaultLockout's.
	Lockout store.LockoutPolicy
	// EvidenceDir is the folder of the encrypted evidence files; MaxUpload
	// the largest file accepted (config.DefaultMaxUpload when 0).
	EvidenceDir string
	MaxUpload   int64
	// Channels lists the outbox channels this process sends ("email",
	// "sms"); the delivery page says the others are not configured.
	Channels []string
	// BaseURL, such as "https://haki.example.org", makes the links of
	// calendar subscriptions; empty: taken from the request.
	BaseURL string
	// OrgName is the organisation's name, printed on report exports.
	OrgName string
	// ReportLimits bounds the public report page's doors; zero fields take
	// DefaultReportLimits'.
	ReportLimits ReportLimits
}

// Server holds the pages' dependencies. It is read-only after New.
type Server struct {
	store     *store.Store
	logger    *slog.Logger
	cat       *i18n.Catalog
	demo      bool
	secure    bool
	lockout   store.LockoutPolicy
	evidence  *store.EvidenceStore
	maxUpload int64
	now       func() time.Time
	pages     map[string]*template.Template
	static    map[string]staticFile // by hashed name, e.g. haki.3f2a9c.css
	hashed    map[string]string     // plain name to hashed name
	mux       *http.ServeMux
	routes    []route
	channels  []string
	baseURL   string
	orgName   string
	report    *reportDoor // the public report page's doors (pubreport.go)
	// portalCache keeps the public portal's answers (portal_cache.go).
	portalCache portalCache
	// imports holds the spreadsheets being imported (import_jobs.go).
	imports *importJobs
}

// New parses the templates, hashes the static files and registers the routes.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Catalog == nil {
		return nil, errors.New("web: Store and Catalog are required")
	}
	s := &Server{store: cfg.Store, logger: cfg.Logger, cat: cfg.Catalog, demo: cfg.Demo, secure: cfg.SecureCookies,
		lockout: cfg.Lockout, now: cfg.Now, mux: http.NewServeMux(), orgName: cfg.OrgName}
	s.evidence, s.maxUpload = cfg.Store.Evidence(cfg.EvidenceDir), cfg.MaxUpload
	s.channels, s.baseURL = cfg.Channels, cfg.BaseURL
	if s.logger == nil {
		s.logger = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.report = newReportDoor(cfg.ReportLimits, s.now)
	s.imports = newImportJobs(s.now)
	if err := s.loadStatic(); err != nil {
		return nil, err
	}
	if err := s.parseTemplates(); err != nil {
		return nil, err
	}
	s.registerRoutes()
	return s, nil
}

// Handler returns the pages' routes. The caller wraps them in the shared
// middleware (request id, headers, logging, cross-origin protection,
// authentication).
func (s *Server) Handler() http.Handler { return s.mux }

type staticFile struct {
	body        []byte
	contentType string
}

// loadStatic names each static file by a hash of its content, so browsers
// may cache it for ever and a new release is fetched at once.
func (s *Server) loadStatic() error {
	s.static, s.hashed = map[string]staticFile{}, map[string]string{}
	entries, err := fs.ReadDir(files, "static")
	if err != nil {
		return err
	}
	types := map[string]string{".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
		".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon"}
	for _, e := range entries {
		ext := path.Ext(e.Name())
		if e.IsDir() || types[ext] == "" {
			continue
		}
		b, err := files.ReadFile("static/" + e.Name())
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		name := strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
		s.static[name] = staticFile{body: b, contentType: types[ext]}
		s.hashed[e.Name()] = name
	}
	return nil
}

// staticPath returns the URL of a static file by its plain name.
func (s *Server) staticPath(name string) (string, error) {
	h, ok := s.hashed[name]
	if !ok {
		return "", fmt.Errorf("no static file %q", name)
	}
	return "/static/" + h, nil
}

func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) error {
	f, ok := s.static[r.PathValue("file")]
	if !ok {
		http.NotFound(w, r)
		return nil
	}
	w.Header().Set("Content-Type", f.contentType)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, err := w.Write(f.body)
	return err
}
