package config_test

import (
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/config"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		cfg     config.Config
		wantErr string
	}{
		{"sqlite", config.Config{DataDir: "/tmp/x", Addr: "127.0.0.1:8080"}, ""},
		{"postgres", config.Config{DatabaseURL: "postgres://u@h/db", KeyFile: "/etc/haki.key"}, ""},
		{"postgres without key file", config.Config{DatabaseURL: "postgres://u@h/db"}, "--key-file"},
		{"key inside the data folder", config.Config{DataDir: "/srv/haki", KeyFile: "/srv/haki/haki.key"}, "inside the data folder"},
		{"key beside the data folder", config.Config{DataDir: "/srv/haki", KeyFile: "/srv/haki.key"}, ""},
		{"nothing", config.Config{}, "--data"},
		{"not postgres", config.Config{DatabaseURL: "mysql://x"}, "postgres://"},
		{"bad addr", config.Config{DataDir: "d", Addr: "8080"}, "HOST:PORT"},
		{"half tls", config.Config{DataDir: "d", TLSCert: "c"}, "tls-key"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Validate()
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("Validate() = %v, want %q", err, tc.wantErr)
			}
		})
	}
}

func TestStringHidesPassword(t *testing.T) {
	c := config.Config{DatabaseURL: "postgres://haki:s3cret@db/haki"}
	if s := c.String(); strings.Contains(s, "s3cret") {
		t.Errorf("String() = %q shows the password", s)
	}
}

func TestKeyPathDefault(t *testing.T) {
	c := config.Config{DataDir: "/srv/haki/"}
	if got := c.KeyPath(); got != "/srv/haki.key" {
		t.Errorf("KeyPath() = %q, want /srv/haki.key beside the folder", got)
	}
}
