package cli

import (
	"context"
	"fmt"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/config"
)

// keys manages the master key: "haki keys rotate" replaces it while the
// server runs.
func (m *Main) keys(ctx context.Context, args []string) error {
	usage := "keys rotate [--data DIR | --database URL] [--key-file FILE]"
	if len(args) == 0 || args[0] != "rotate" {
		fmt.Fprintf(m.Stderr, "Usage: haki %s\n\nrotate: make a new master key, re-wrap every data key with it, check them all, then drop the old key from the key file.\n", usage)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return ErrUsage
	}
	var cfg config.Config
	fs := m.flags("keys rotate", usage)
	m.dataFlags(fs, &cfg)
	if done, err := parse(fs, args[1:]); done {
		return err
	}
	s, err := m.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := s.RotateKeys(haki.SystemContext(ctx), func(done int) { fmt.Fprintf(m.Stderr, "re-wrapped %d data keys\n", done) })
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "Rotated the master key in %s: %d data keys re-wrapped and checked; the old key is gone from the file.\n"+
		"Replace every copy of the key file (backups of it included) with this one.\n", cfg.KeyPath(), n)
	return nil
}
