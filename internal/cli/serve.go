package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/haki-kenya/haki/internal/api"
	"github.com/haki-kenya/haki/internal/config"
	"github.com/haki-kenya/haki/internal/gatewayin"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/i18n"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/web"
)

func (m *Main) serve(ctx context.Context, args []string) error {
	var cfg config.Config
	fs := m.flags("serve", "serve [--addr HOST:PORT] [--data DIR | --database URL] [--tls-cert FILE --tls-key FILE] [--lockout-failures N --lockout-window 15m --lockout-duration 30m]")
	fs.StringVar(&cfg.Addr, "addr", "127.0.0.1:8080", "address to listen on")
	m.dataFlags(fs, &cfg)
	fs.StringVar(&cfg.TLSCert, "tls-cert", m.Getenv("HAKI_TLS_CERT"), "TLS certificate file (env HAKI_TLS_CERT)")
	fs.StringVar(&cfg.TLSKey, "tls-key", m.Getenv("HAKI_TLS_KEY"), "TLS private key file (env HAKI_TLS_KEY)")
	lockout := store.DefaultLockout
	fs.IntVar(&lockout.Failures, "lockout-failures", lockout.Failures, "failed sign-ins of an account that lock it")
	fs.DurationVar(&lockout.Window, "lockout-window", lockout.Window, "the time within which those failures lock an account")
	fs.DurationVar(&lockout.Duration, "lockout-duration", lockout.Duration, "how long a locked account is refused, even with the right password")
	fs.Int64Var(&cfg.MaxUpload, "max-upload", config.DefaultMaxUpload, "largest evidence file accepted, in bytes")
	// The gateway's secret is read from the environment only: a flag shows in ps.
	cfg.GatewaySecret = m.Getenv("HAKI_GATEWAY_SECRET")
	autoReply, _ := strconv.ParseBool(m.Getenv("HAKI_GATEWAY_AUTO_REPLY"))
	fs.BoolVar(&cfg.GatewayAutoReply, "gateway-auto-reply", autoReply, "answer each new SMS report in the sender's language, through the outbox; needs --sms-provider (env HAKI_GATEWAY_AUTO_REPLY)")
	nc := m.notifyFlags(fs)
	if done, err := parse(fs, args); done {
		return err
	}
	if cfg.GatewayAutoReply && nc.SMSProvider == "" {
		return fmt.Errorf("--gateway-auto-reply needs --sms-provider (or HAKI_SMS_PROVIDER): the replies are sent through it")
	}
	if lockout.Failures < 1 || lockout.Window <= 0 || lockout.Duration <= 0 {
		return fmt.Errorf("--lockout-failures must be at least 1, --lockout-window and --lockout-duration above zero")
	}
	s, err := m.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	logger := m.logger()
	logger.Info("starting", "config", cfg.String(), "version", Version)
	stopNotify, webOpt, err := startNotify(ctx, s, logger, nc)
	if err != nil {
		return err
	}
	defer stopNotify() // after the server has shut down, before the store closes
	return m.listen(ctx, &cfg, s, logger, false, lockout, webOpt)
}

// handler wires the web UI, the API and /healthz behind the middleware
// every request passes (httpx.Chain).
func handler(s *store.Store, logger *slog.Logger, demo, tls bool, lockout store.LockoutPolicy, evidenceDir string, maxUpload int64, gw gatewayHooks, opts ...func(*web.Config)) (http.Handler, error) {
	catalog, err := i18n.New()
	if err != nil {
		return nil, err
	}
	wcfg := web.Config{Store: s, Logger: logger, Catalog: catalog, Demo: demo, SecureCookies: tls, Now: time.Now,
		Lockout: lockout, EvidenceDir: evidenceDir, MaxUpload: maxUpload}
	for _, o := range opts {
		o(&wcfg)
	}
	ui, err := web.New(wcfg)
	if err != nil {
		return nil, err
	}
	apiServer := api.New(api.Config{Store: s, Logger: logger, EvidenceDir: evidenceDir, MaxUpload: maxUpload, OrgName: wcfg.OrgName, Demo: demo})
	hooks, err := gatewayin.New(gatewayin.Config{Store: s, Logger: logger, Catalog: catalog, Secret: gw.Secret, AutoReply: gw.AutoReply})
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("GET /healthz", healthz(s))
	mux.Handle("/api/", apiServer.Handler())
	mux.Handle("/hooks/", hooks.Handler())
	mux.Handle("/", ui.Handler())
	return httpx.Chain(s, logger, mux), nil
}

// gatewayHooks turns on the SMS and USSD hooks (internal/gatewayin): the
// shared secret of their callbacks ("" for off) and whether new SMS
// reports are answered.
type gatewayHooks struct {
	Secret    string
	AutoReply bool
}

// healthz answers 200 when the database answers, 503 otherwise.
func healthz(s *store.Store) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		httpx.Info(r.Context()).Route = r.Pattern
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if err := s.Ping(ctx); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "database unreachable")
			return
		}
		fmt.Fprintln(w, "ok")
	})
}

// listen serves until ctx is done, then shuts down gracefully.
func (m *Main) listen(ctx context.Context, cfg *config.Config, s *store.Store, logger *slog.Logger, demo bool, lockout store.LockoutPolicy, opts ...func(*web.Config)) error {
	if cfg.EvidencePath() == "" {
		return errors.New("with --database and no --data, give --evidence-dir (or HAKI_EVIDENCE_DIR): the folder where evidence files are kept")
	}
	org := func(c *web.Config) { c.OrgName = cfg.OrgName }
	gw := gatewayHooks{Secret: cfg.GatewaySecret, AutoReply: cfg.GatewayAutoReply}
	h, err := handler(s, logger, demo, cfg.TLSCert != "", lockout, cfg.EvidencePath(), cfg.UploadLimit(), gw, append([]func(*web.Config){org}, opts...)...)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10,
		ErrorLog: httpx.ServerErrorLog(logger)}
	scheme := "http"
	if cfg.TLSCert != "" {
		scheme = "https"
	}
	fmt.Fprintf(m.Stdout, "Haki is listening on %s://%s/\n", scheme, ln.Addr())
	if m.Ready != nil {
		m.Ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() {
		if cfg.TLSCert != "" {
			errc <- srv.ServeTLS(ln, cfg.TLSCert, cfg.TLSKey)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
