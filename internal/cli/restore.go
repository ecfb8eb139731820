package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/backup"
	"github.com/haki-kenya/haki/internal/config"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/vault"
)

// restore loads a backup into an empty data folder or a new PostgreSQL
// database. It restores into a temporary place and moves that into place
// only when everything was read and checked.
func (m *Main) restore(ctx context.Context, args []string) error {
	var cfg config.Config
	fs := m.flags("restore", "restore FILE (--data DIR | --database URL [--data DIR | --evidence-dir DIR]) [--key-file FILE]")
	m.dataFlags(fs, &cfg)
	file, done, err := parseFile(fs, args)
	if done {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	keys, err := loadKeys(&cfg)
	if err != nil {
		return err
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	var st backup.Stats
	if cfg.DatabaseURL != "" {
		st, err = restorePostgres(ctx, f, &cfg, keys, m.Stderr)
	} else {
		st, err = restoreSQLite(ctx, f, &cfg, keys, m.Stderr)
	}
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	fmt.Fprintf(m.Stdout, "Restored %d rows of %d tables and %d evidence files (%d bytes) from %s.\n", st.Rows, st.Tables, st.Files, st.FileBytes, file)
	return nil
}

// restoreSQLite restores into a new folder beside the data folder, then
// renames it to the data folder, which must be missing or empty.
func restoreSQLite(ctx context.Context, f *os.File, cfg *config.Config, keys *vault.Keyring, warn io.Writer) (backup.Stats, error) {
	data, err := stage(cfg.DataDir)
	if err != nil {
		return backup.Stats{}, err
	}
	defer data.cleanup()
	tmpCfg := *cfg
	tmpCfg.DataDir = data.tmp
	// The evidence folder is the data folder's own, or one given apart.
	var evidence *staged
	evidenceTmp := ""
	if rel, err := filepath.Rel(data.dir, filepath.Clean(cfg.EvidencePath())); err == nil && filepath.IsLocal(rel) {
		evidenceTmp = filepath.Join(data.tmp, rel)
	} else {
		if evidence, err = stage(cfg.EvidencePath()); err != nil {
			return backup.Stats{}, err
		}
		defer evidence.cleanup()
		evidenceTmp = evidence.tmp
	}
	checkpoint := tmpCfg.CheckpointPath()
	if cfg.AuditCheckpoint != "" {
		checkpoint = cfg.AuditCheckpoint
	}
	st, err := restoreInto(ctx, f, tmpCfg.DSN(), keys, evidenceTmp, checkpoint, warn)
	if err != nil {
		return st, err
	}
	if err := data.commit(); err != nil {
		return st, err
	}
	if evidence != nil {
		return st, evidence.commit()
	}
	return st, nil
}

// restorePostgres restores the rows in one transaction, and the evidence
// files, if an evidence folder is given, into a new folder renamed into
// place once the rows are committed.
func restorePostgres(ctx context.Context, f *os.File, cfg *config.Config, keys *vault.Keyring, warn io.Writer) (backup.Stats, error) {
	if cfg.EvidencePath() == "" {
		return restoreInto(ctx, f, cfg.DatabaseURL, keys, "", cfg.CheckpointPath(), warn)
	}
	evidence, err := stage(cfg.EvidencePath())
	if err != nil {
		return backup.Stats{}, err
	}
	defer evidence.cleanup()
	st, err := restoreInto(ctx, f, cfg.DatabaseURL, keys, evidence.tmp, cfg.CheckpointPath(), warn)
	if err != nil {
		return st, err
	}
	return st, evidence.commit()
}

// staged is a new folder beside dir that takes dir's place once filled.
type staged struct {
	dir, tmp string
	done     bool
}

// stage refuses a dir that holds anything and makes its temporary twin.
func stage(dir string) (*staged, error) {
	dir = filepath.Clean(dir)
	if err := mustBeEmpty(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o700); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".restoring-")
	if err != nil {
		return nil, err
	}
	return &staged{dir: dir, tmp: tmp}, nil
}

// commit moves the filled folder into place.
func (s *staged) commit() error {
	if err := os.Remove(s.dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.Rename(s.tmp, s.dir); err != nil {
		return err
	}
	s.done = true
	return nil
}

// cleanup removes the temporary folder unless it was moved into place.
func (s *staged) cleanup() {
	if !s.done {
		os.RemoveAll(s.tmp)
	}
}

// restoreInto loads the backup into the database at dsn and starts its
// audit checkpoint afresh in the file checkpoint: the restored log is
// checked, and a checkpoint of another database's log there is replaced.
// A restored log that does not hold is restored all the same (it may be
// the evidence of what was done to it) without a checkpoint, and warn says
// so; haki verify then reports both.
func restoreInto(ctx context.Context, f *os.File, dsn string, keys *vault.Keyring, evidence, checkpoint string, warn io.Writer) (backup.Stats, error) {
	s, err := store.Open(ctx, dsn, keys)
	if err != nil {
		return backup.Stats{}, err
	}
	defer s.Close()
	st, err := backup.Restore(ctx, f, s, keys, evidence)
	if err != nil {
		return st, err
	}
	s.UseAuditCheckpoint(checkpoint)
	if _, err := s.StartAuditCheckpoint(haki.SystemContext(ctx), true); err != nil {
		fmt.Fprintf(warn, "haki restore: WARNING: no audit checkpoint was started: %v\n", err)
	}
	return st, nil
}

// mustBeEmpty refuses a folder that holds anything.
func mustBeEmpty(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s is not empty: restore into a new, empty folder", dir)
	}
	return nil
}
