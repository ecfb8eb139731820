package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/haki-kenya/haki/internal/backup"
	"github.com/haki-kenya/haki/internal/config"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/vault"
)

// backup writes one encrypted file of the database and the evidence files,
// while the server runs.
func (m *Main) backup(ctx context.Context, args []string) error {
	var cfg config.Config
	var out string
	fs := m.flags("backup", "backup --out FILE [--data DIR | --database URL [--evidence-dir DIR]] [--key-file FILE]")
	fs.StringVar(&out, "out", "", "the backup file to write (keep it apart from the key file)")
	m.dataFlags(fs, &cfg)
	if done, err := parse(fs, args); done {
		return err
	}
	if out == "" {
		fs.Usage()
		return ErrUsage
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	keys, err := loadKeys(&cfg)
	if err != nil {
		return err
	}
	if cfg.DataDir != "" && cfg.DatabaseURL == "" {
		if _, err := os.Stat(cfg.DSN()); err != nil {
			return fmt.Errorf("no database in %s: %w", cfg.DataDir, err)
		}
	}
	s, err := store.Open(ctx, cfg.DSN(), keys)
	if err != nil {
		return err
	}
	defer s.Close()
	s.UseAuditCheckpoint(cfg.CheckpointPath())
	// Migrate also checks that the key file opens this database's data.
	if err := s.Migrate(ctx); err != nil {
		return err
	}
	start := time.Now()
	st, err := writeAtomically(out, func(f *os.File) (backup.Stats, error) {
		return backup.Create(ctx, f, s, keys, cfg.EvidencePath(), Version)
	})
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if c, err := s.WriteAuditCheckpoint(ctx); err != nil {
		fmt.Fprintf(m.Stderr, "haki backup: the audit checkpoint was not moved forward: %v\n", err)
	} else {
		fmt.Fprintf(m.Stdout, "Audit checkpoint (keep a copy elsewhere): %s\n", c)
	}
	fi, _ := os.Stat(out)
	fmt.Fprintf(m.Stdout, "Backed up %d rows of %d tables and %d evidence files (%d bytes) to %s (%d bytes, encrypted) in %s.\n"+
		"It opens only with the key file %s: keep a copy of that key file, apart from the backups.\n",
		st.Rows, st.Tables, st.Files, st.FileBytes, out, fi.Size(), time.Since(start).Round(time.Millisecond), cfg.KeyPath())
	return nil
}

// loadKeys reads the key file, which must exist: a backup or restore with a
// new key would be useless.
func loadKeys(cfg *config.Config) (*vault.Keyring, error) {
	if _, err := os.Stat(cfg.KeyPath()); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no key file at %s: give --key-file (or HAKI_KEY_FILE), the master key file of this data", cfg.KeyPath())
	}
	return vault.LoadKeyFile(cfg.KeyPath())
}

// writeAtomically writes path through path.tmp (0600), synced, then renamed,
// so a crash never leaves a partial file under the real name.
func writeAtomically(path string, write func(*os.File) (backup.Stats, error)) (backup.Stats, error) {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return backup.Stats{}, err
	}
	st, err := write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return st, err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return st, nil
}
