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
	if (c.TLSCert == "") != (c.TLSKey == "") {
		errs = append(errs, errors.New("give both --tls-cert and --tls-key, or neither"))
	}
	return errors.Join(errs...)
}

// String prints the settings with the database password hidden.
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
	return fmt.Sprintf("addr=%s database=%s data=%s tls=%t", c.Addr, db, c.DataDir, c.TLSCert != "")
}
