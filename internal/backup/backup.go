package backup

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/vault"
)

// Stats counts what a backup holds.
type Stats struct {
	Tables, Rows, Files int
	FileBytes           int64
}

// Create writes a backup of the store and of the files under evidenceDir
// ("" or a missing folder: none) to w, encrypted for the keyring's master
// key. The database is read in one snapshot while writers carry on; the
// files are listed after it, so every file a backed-up row names is there
// (evidence files are written before their row and never changed).
func Create(ctx context.Context, w io.Writer, s *store.Store, keys *vault.Keyring, evidenceDir, version string) (Stats, error) {
	var st Stats
	enc, err := newEncrypter(w, keys)
	if err != nil {
		return st, err
	}
	zw, err := gzip.NewWriterLevel(enc, gzip.BestSpeed)
	if err != nil {
		return st, err
	}
	bw := bufio.NewWriterSize(zw, 256<<10)
	writeRecord := func(r record) error {
		b, err := json.Marshal(r)
		if err != nil {
			return err
		}
		_, err = bw.Write(append(b, '\n'))
		return err
	}
	if err := writeRecord(record{Backup: 1, Dialect: s.Dialect(), Version: version, Created: s.Now().UTC()}); err != nil {
		return st, err
	}
	var line bytes.Buffer
	current := ""
	err = s.Dump(ctx, func(table string, columns []string, row []any) error {
		if table != current {
			current = table
			st.Tables++
			if err := writeRecord(record{Table: table, Columns: columns}); err != nil {
				return err
			}
		}
		line.Reset()
		if err := encodeRow(&line, row); err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
		st.Rows++
		_, err := bw.Write(line.Bytes())
		return err
	})
	if err != nil {
		return st, err
	}
	if err := writeFiles(bw, evidenceDir, writeRecord, &st); err != nil {
		return st, err
	}
	if err := writeRecord(record{End: true, Tables: st.Tables, Rows: st.Rows, Files: st.Files}); err != nil {
		return st, err
	}
	if err := bw.Flush(); err != nil {
		return st, err
	}
	if err := zw.Close(); err != nil {
		return st, err
	}
	return st, enc.Close()
}

// writeFiles adds every regular file under dir, by its path relative to dir.
func writeFiles(w io.Writer, dir string, writeRecord func(record) error, st *Stats) error {
	if dir == "" {
		return nil
	}
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		// The hash is computed first, so the record can carry it before the bytes.
		h := sha256.New()
		size, err := io.Copy(h, f)
		if err != nil {
			return fmt.Errorf("read %s: %w", rel, err)
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		if err := writeRecord(record{File: filepath.ToSlash(rel), Size: size, SHA256: hex.EncodeToString(h.Sum(nil))}); err != nil {
			return err
		}
		if n, err := io.CopyN(w, f, size); err != nil {
			return fmt.Errorf("read %s: %w (%d of %d bytes)", rel, err, n, size)
		}
		st.Files++
		st.FileBytes += size
		_, err = w.Write([]byte{'\n'})
		return err
	})
}

// Restore reads a backup from r into s, a new database (see
// store.Restore), and writes its files under evidenceDir. Nothing is
// committed to the database before the whole file has been read and
// checked; evidenceDir should be a new folder the caller moves into place
// once Restore returns nil.
func Restore(ctx context.Context, r io.Reader, s *store.Store, keys *vault.Keyring, evidenceDir string) (Stats, error) {
	var st Stats
	plain, err := newDecrypter(r, keys)
	if err != nil {
		return st, err
	}
	zr, err := gzip.NewReader(plain)
	if err != nil {
		return st, streamErr(err)
	}
	lr := lineReader{bufio.NewReaderSize(zr, 256<<10)}
	_, isRow, first, err := lr.next()
	if err != nil || isRow || first.Backup != 1 {
		return st, fmt.Errorf("%w: it does not start with a backup record", ErrDamaged)
	}
	var table string
	var columns []string
	next := func() (string, []string, []any, bool, error) {
		for {
			line, isRow, rec, err := lr.next()
			switch {
			case err != nil:
				return "", nil, nil, false, streamErr(err)
			case isRow:
				row, err := decodeRow(line)
				if err != nil || table == "" {
					return "", nil, nil, false, fmt.Errorf("%w: a malformed row", ErrDamaged)
				}
				st.Rows++
				return table, columns, row, true, nil
			case rec.Table != "":
				table, columns = rec.Table, rec.Columns
				st.Tables++
			case rec.File != "":
				if err := restoreFile(lr.r, rec, evidenceDir); err != nil {
					return "", nil, nil, false, streamErr(err)
				}
				st.Files++
				st.FileBytes += rec.Size
			case rec.End:
				if rec.Tables != st.Tables || rec.Rows != st.Rows || rec.Files != st.Files {
					return "", nil, nil, false, fmt.Errorf("%w: it holds other counts than it says", ErrDamaged)
				}
				// Read on to the end, so the final chunk is checked before
				// anything is committed.
				if n, err := io.Copy(io.Discard, lr.r); err != nil || n > 0 {
					return "", nil, nil, false, streamErr(cmpErr(err, ErrDamaged))
				}
				return "", nil, nil, false, nil
			default:
				return "", nil, nil, false, fmt.Errorf("%w: an unknown record", ErrDamaged)
			}
		}
	}
	return st, s.Restore(ctx, next)
}

func cmpErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

// streamErr gives the reason a read of the decrypted stream failed: a
// check of the encryption, else damage inside it.
func streamErr(err error) error {
	if errors.Is(err, ErrDamaged) || errors.Is(err, ErrTruncated) || errors.Is(err, ErrWrongKey) || errors.Is(err, errNoEvidenceDir) {
		return err
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return ErrTruncated
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return err
	}
	return fmt.Errorf("%w: %v", ErrDamaged, err)
}

var errNoEvidenceDir = errors.New("the backup holds evidence files: give --data DIR or --evidence-dir DIR for them")

// restoreFile writes one file's bytes from r under dir and checks its hash.
func restoreFile(r *bufio.Reader, rec record, dir string) error {
	if dir == "" {
		return errNoEvidenceDir
	}
	if !filepath.IsLocal(filepath.FromSlash(rec.File)) || rec.Size < 0 {
		return fmt.Errorf("%w: a file named %q", ErrDamaged, rec.File)
	}
	path := filepath.Join(dir, filepath.FromSlash(rec.File))
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.CopyN(io.MultiWriter(f, h), r, rec.Size); err != nil {
		return err
	}
	if nl, err := r.ReadByte(); err != nil || nl != '\n' {
		return cmpErr(err, ErrDamaged)
	}
	if hex.EncodeToString(h.Sum(nil)) != rec.SHA256 {
		return fmt.Errorf("%w: the file %s does not match its hash", ErrDamaged, rec.File)
	}
	return f.Sync()
}
