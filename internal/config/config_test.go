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
		{"gateway secret", config.Config{DataDir: "d", GatewaySecret: "3f9a1c0be27d4e58a6b1c9d0e2f4a7b8"}, ""},
		{"gateway secret too short", config.Config{DataDir: "d", GatewaySecret: "s3cret"}, "HAKI_GATEWAY_SECRET"},
		{"gateway secret not for a URL", config.Config{DataDir: "d", GatewaySecret: "3f9a1c0be27d4e58a6b1c9d0&e2f4"}, "HAKI_GATEWAY_SECRET"},
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
	c := config.Config{DatabaseURL: "postgres://haki:s3cret@db/haki", GatewaySecret: "gw-s3cret-0123456789abcdef"}
	if s := c.String(); strings.Contains(s, "s3cret") || !strings.Contains(s, "gateway-hooks=true") {
		t.Errorf("String() = %q shows the password", s)
	}
}

func TestKeyPathDefault(t *testing.T) {
	c := config.Config{DataDir: "/srv/haki/"}
	if got := c.KeyPath(); got != "/srv/haki.key" {
		t.Errorf("KeyPath() = %q, want /srv/haki.key beside the folder", got)
	}
}
