// Package config holds the settings of a haki process: read once from
// flags and the environment, validated, and printed with secrets hidden.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strings"
)

// Config is what every command needs to find its data and serve it.
type Config struct {
	Addr        string // where serve and demo listen
	DataDir     string // SQLite database and files live here
	DatabaseURL string // a postgres:// URL; when set, DataDir holds only files
	TLSCert     string // built-in TLS: certificate file
	TLSKey      string // built-in TLS: key file
	// KeyFile holds the master key that wraps the data keys. It must not
	// live in the data folder; by default it is "<data folder>.key" beside it.
	KeyFile string
	// KeyPassphrase derives the master key from a passphrase read at start
	// (and a salt kept at SaltPath) instead of reading a key file.
	KeyPassphrase bool
	// EvidenceDir holds the encrypted evidence files; by default the
	// "evidence" folder in the data folder. With --database and no --data
	// it must be given (--evidence-dir) for commands that touch files.
	EvidenceDir string
	// AuditCheckpoint is the file that anchors the audit chain outside the
	// database; by default "audit.checkpoint" in the data folder, or beside
	// the key file when there is no data folder.
	AuditCheckpoint string
	// MaxUpload is the largest evidence file accepted, in bytes; 0 means
	// DefaultMaxUpload.
	MaxUpload int64
	// PasswordHashers is how many password hashes (64 MiB each) may run at
	// once; 0 means the store's default. Sign-ins beyond it wait briefly,
	// then are refused with 429.
	PasswordHashers int
	// OrgName is the organisation's name, printed on report exports.
	OrgName string
	// GatewaySecret is the shared secret the SMS and USSD gateway's
	// callbacks carry (?key=); empty turns the hooks off. Read from the
	// environment only (HAKI_GATEWAY_SECRET): a flag shows in ps.
	GatewaySecret string
	// GatewayAutoReply answers each new SMS report with a text in the
	// sender's language, through the outbox.
	GatewayAutoReply bool
}

// MinGatewaySecret is the shortest shared secret accepted: 128 bits of a
// random base64 or hex string.
const MinGatewaySecret = 24

// DefaultMaxUpload is the size limit of an evidence file: 200 MiB.
const DefaultMaxUpload = 200 << 20

// EvidencePath returns the evidence folder: EvidenceDir, or else
// "<data folder>/evidence", or "" when neither can be told.
func (c *Config) EvidencePath() string {
	if c.EvidenceDir != "" {
		return c.EvidenceDir
	}
	if c.DataDir == "" {
		return ""
	}
	return filepath.Join(c.DataDir, "evidence")
}

// UploadLimit returns MaxUpload, or DefaultMaxUpload when it is not set.
func (c *Config) UploadLimit() int64 {
	if c.MaxUpload > 0 {
		return c.MaxUpload
	}
	return DefaultMaxUpload
}

// CheckpointPath returns the audit checkpoint file: AuditCheckpoint, or
// else "<data folder>/audit.checkpoint", or "<key file>.audit-checkpoint".
func (c *Config) CheckpointPath() string {
	switch {
	case c.AuditCheckpoint != "":
		return c.AuditCheckpoint
	case c.DataDir != "":
		return filepath.Join(c.DataDir, "audit.checkpoint")
	case c.KeyPath() != "":
		return strings.TrimSuffix(c.KeyPath(), ".key") + ".audit-checkpoint"
	}
	return ""
}

// SaltPath returns where the salt of a passphrase-derived key is kept:
// where the key file would be, with ".salt" for ".key".
func (c *Config) SaltPath() string { return strings.TrimSuffix(c.KeyPath(), ".key") + ".salt" }

// KeyPath returns the key file to use: KeyFile, or else the default
// beside the data folder, or "" when neither can be told.
func (c *Config) KeyPath() string {
	if c.KeyFile != "" {
		return c.KeyFile
	}
	if c.DataDir == "" {
		return ""
	}
	return filepath.Clean(c.DataDir) + ".key"
}

// DSN returns the database the store opens: the PostgreSQL URL, or the
// SQLite file in the data folder.
func (c *Config) DSN() string {
	if c.DatabaseURL != "" {
		return c.DatabaseURL
	}
	return filepath.Join(c.DataDir, "haki.db")
}

// Validate checks the settings and says what to fix.
func (c *Config) Validate() error {
	var errs []error
	if c.DatabaseURL == "" && c.DataDir == "" {
		errs = append(errs, errors.New("give --data DIR (SQLite) or --database postgres://... (or HAKI_DATABASE_URL)"))
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		errs = append(errs, errors.New("--database must be a postgres:// URL; for SQLite use --data DIR"))
	}
	if c.Addr != "" {
		if _, _, err := net.SplitHostPort(c.Addr); err != nil {
			errs = append(errs, fmt.Errorf("--addr %q: use HOST:PORT, e.g. 127.0.0.1:8080", c.Addr))
		}
	}
	if c.KeyPath() == "" {
		errs = append(errs, errors.New("with --database and no --data, give --key-file (or HAKI_KEY_FILE): the master key never lives in the database"))
	} else if c.DataDir != "" {
		if rel, err := filepath.Rel(filepath.Clean(c.DataDir), filepath.Clean(c.KeyPath())); err == nil && !strings.HasPrefix(rel, "..") {
			errs = append(errs, errors.New("--key-file must not be inside the data folder: a copy of the folder would carry its own key"))
		}
	}
	if c.PasswordHashers < 0 || c.PasswordHashers > 64 {
		errs = append(errs, errors.New("--password-hashers must be between 1 and 64 (0 for the default)"))
	}
	if c.GatewaySecret != "" && (len(c.GatewaySecret) < MinGatewaySecret || strings.Trim(c.GatewaySecret, urlSafe) != "") {
		errs = append(errs, fmt.Errorf("HAKI_GATEWAY_SECRET must be at least %d characters of letters, digits, - and _ (it goes in the callback URL): make one with openssl rand -hex 24", MinGatewaySecret))
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		errs = append(errs, errors.New("give both --tls-cert and --tls-key, or neither"))
	}
	return errors.Join(errs...)
}

// urlSafe are the characters a secret may hold and still be written in a
// URL's query as it is.
const urlSafe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"

// String prints the settings with the database password and the gateway's
// secret hidden.
func (c *Config) String() string {
	db := c.DatabaseURL
	if u, err := url.Parse(db); err == nil && u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
			db = u.String()
		}
	}
	if db == "" {
		db = "sqlite " + c.DSN()
	}
	return fmt.Sprintf("addr=%s database=%s data=%s key-file=%s tls=%t gateway-hooks=%t gateway-auto-reply=%t",
		c.Addr, db, c.DataDir, c.KeyPath(), c.TLSCert != "", c.GatewaySecret != "", c.GatewayAutoReply)
}
