package store

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

// A crash leaves files in the evidence folder that no record holds: a
// temporary file of an upload cut short (".upload-*"), or a file linked
// to its final name whose record was never committed. Neither can be
// read by anyone: its data key died with the process. They are found and
// removed here, but only once older than OrphanAge, so a file still being
// uploaded, or whose record is being written, is never touched.

// OrphanAge is how old a file without a record must be before it counts
// as left by a crash: far longer than an upload may take (the server reads
// a request for at most a minute) and its record's transaction.
const OrphanAge = time.Hour

// Kinds of EvidenceOrphan.
const (
	OrphanFile      = "orphan"    // an evidence file with no record
	OrphanTemporary = "temporary" // an upload's temporary file
	OrphanUnknown   = "unknown"   // a file Haki does not make there; never removed
)

// EvidenceOrphan is a file in the evidence folder that no record holds.
type EvidenceOrphan struct {
	Path     string // relative to the evidence folder
	Kind     string
	Size     int64
	Modified time.Time
	// Fresh is set when the file is younger than OrphanAge: maybe an upload
	// in flight; it is reported and left alone.
	Fresh bool
}

// FindEvidenceOrphans lists the files of the evidence folder that no
// record holds. The folder is listed before the records are read, so a
// file whose record committed in between is not taken for an orphan. The
// system only (haki verify).
func (e *EvidenceStore) FindEvidenceOrphans(ctx context.Context) ([]EvidenceOrphan, error) {
	if haki.UserFromContext(ctx) != haki.SystemUser {
		return nil, haki.Errorf(haki.EFORBIDDEN, "Only a command run on the server can look for orphan files.")
	}
	now := e.s.Now()
	var found []EvidenceOrphan
	candidates := map[string]int{} // evidence id -> index in found
	err := filepath.WalkDir(e.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && path == e.dir {
				return fs.SkipAll
			}
			return err
		}
		if d.IsDir() || path == e.dir {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(e.dir, path)
		o := EvidenceOrphan{Path: rel, Size: info.Size(), Modified: info.ModTime(), Fresh: now.Sub(info.ModTime()) < OrphanAge}
		dir, name := filepath.Split(rel)
		switch {
		case strings.HasPrefix(name, ".upload-") && len(dir) == 3:
			o.Kind = OrphanTemporary
		case isEvidenceName(dir, name):
			candidates[name] = len(found)
			o.Kind = OrphanFile
		default:
			o.Kind = OrphanUnknown
		}
		found = append(found, o)
		return nil
	})
	if err != nil {
		return nil, err
	}
	held, err := e.heldIDs(ctx, candidates)
	if err != nil {
		return nil, err
	}
	out := found[:0]
	for _, o := range found {
		if o.Kind == OrphanFile && held[filepath.Base(o.Path)] {
			continue
		}
		out = append(out, o)
	}
	return out, nil
}

// isEvidenceName reports whether dir/name is where an evidence file lives:
// an id in the folder named by its first two characters.
func isEvidenceName(dir, name string) bool {
	return len(name) == 36 && len(dir) == 3 && dir[:2] == name[:2] && strings.Count(name, "-") == 4
}

// heldIDs returns which of the ids have an evidence record.
func (e *EvidenceStore) heldIDs(ctx context.Context, ids map[string]int) (map[string]bool, error) {
	held := map[string]bool{}
	list := make([]any, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	err := e.s.read(ctx, func(tx *Tx) error {
		for len(list) > 0 {
			n := min(len(list), 500)
			rows, err := tx.query(`SELECT id FROM evidence WHERE id IN (`+placeholders(n)+`)`, list[:n]...)
			if err != nil {
				return err
			}
			for rows.Next() {
				var id string
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return err
				}
				held[id] = true
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			list = list[n:]
		}
		return nil
	})
	return held, err
}

// RemoveEvidenceOrphans removes what FindEvidenceOrphans finds, except
// fresh files and files of unknown kind, and records one audit entry
// naming what went. It returns the files removed. The system only.
func (e *EvidenceStore) RemoveEvidenceOrphans(ctx context.Context) ([]EvidenceOrphan, error) {
	orphans, err := e.FindEvidenceOrphans(ctx)
	if err != nil {
		return nil, err
	}
	var removed []EvidenceOrphan
	var files, temps []string
	var bytes int64
	for _, o := range orphans {
		if o.Fresh || o.Kind == OrphanUnknown {
			continue
		}
		if err := os.Remove(filepath.Join(e.dir, o.Path)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return removed, err
		}
		removed = append(removed, o)
		bytes += o.Size
		if o.Kind == OrphanFile {
			files = append(files, o.Path)
		} else {
			temps = append(temps, o.Path)
		}
	}
	if len(removed) == 0 {
		return nil, nil
	}
	return removed, e.s.Audit(ctx, "remove_orphans", "evidence_folder", "", map[string]any{
		"orphan_files": files, "temporary_files": temps, "bytes": bytes})
}
