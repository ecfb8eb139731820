package web

import (
	"net/http"
	"time"

	"github.com/haki-kenya/haki/internal/archive"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/store"
)

// The bulk export page: everything the user may see as one ZIP encrypted
// with AES-256. The page offers a passphrase made for this archive (the
// user may type their own of 16 characters or more); it goes with the form
// by POST, never in a URL, and Haki keeps it nowhere. The store asks for
// the user's password (and code) and audits the export.

type archivePage struct {
	Page
	Passphrase string
}

func (s *Server) archiveShow(w http.ResponseWriter, r *http.Request) error {
	p := archivePage{Page: s.page(w, r, "archive.title"), Passphrase: archive.NewPassphrase()}
	return s.render(w, r, http.StatusOK, "export_archive", p)
}

func (s *Server) archiveDownload(w http.ResponseWriter, r *http.Request) error {
	p := archivePage{Page: s.page(w, r, "archive.title"), Passphrase: r.PostForm.Get("passphrase")}
	if len(p.Passphrase) < archive.MinPassphrase {
		p.Errors = map[string]string{"passphrase": "Use a passphrase of at least 16 characters."}
		return s.render(w, r, http.StatusUnprocessableEntity, "export_archive", p)
	}
	now := s.now()
	d := &httpx.CSVDownload{W: w, Type: "application/zip", Name: "haki-archive-" + now.In(p.Zone).Format(time.DateOnly) + ".zip"}
	a, err := archive.NewWriter(d, p.Passphrase, now)
	if err != nil {
		return err
	}
	proof := store.AccountProof{Session: currentToken(r), Password: r.PostForm.Get("current_password"),
		Code: r.PostForm.Get("current_code"), Lockout: s.lockout}
	_, err = s.store.ExportArchive(r.Context(), proof, a)
	if err == nil {
		err = a.Close()
	}
	if err != nil && !d.Started {
		if fields, ok := fieldErrors(err); ok {
			p.Errors = fields
			return s.render(w, r, http.StatusUnprocessableEntity, "export_archive", p)
		}
		return err
	}
	return nil // a failure after the first byte cuts the download short; the audit says it did not complete
}

// HasCode reports whether the page must ask for a code.
func (p archivePage) HasCode() bool { return p.User != nil && p.User.TwoFactorEnabled }
