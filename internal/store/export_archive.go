package store

// The bulk export: everything the caller may see, in one archive, for an
// organisation that must take its records elsewhere (a move of server, a
// court's order, a partner's audit). The store writes the entries; the
// caller gives where they go (internal/archive encrypts them). Every
// record is read through the same Find methods as the pages, so the export
// holds exactly what the caller may see, and the identities it shows are
// recorded as the pages' are. The caller proves it is them first (their
// password, and a code when they have a second factor), as for other
// changes a stolen session must not make, and the export is audited with
// its counts.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/haki-kenya/haki"
)

// EntryCreator starts an entry of an archive and returns the writer of its
// content; the entry ends with the next Create.
type EntryCreator interface {
	Create(name string) (io.Writer, error)
}

// ArchiveManifest is the archive's manifest.json: who made it, when, and
// what each entry holds.
type ArchiveManifest struct {
	Format   string         `json:"format"` // "haki-archive/1"
	MadeAt   time.Time      `json:"made_at"`
	MadeBy   string         `json:"made_by"` // the username
	Role     haki.Role      `json:"role"`
	Counts   map[string]int `json:"counts"` // entry name -> records
	Contents string         `json:"contents"`
}

// ArchiveIncident is one line of incidents.jsonl: an incident with its
// acts (each with its involvements) and sources.
type ArchiveIncident struct {
	Incident *haki.Incident `json:"incident"`
	Acts     []*haki.Act    `json:"acts"`
	// Groups are its unnamed victims (victim_group.go).
	Groups  []*haki.VictimGroup `json:"victim_groups,omitempty"`
	Sources []*haki.Source      `json:"sources"`
}

// archiveContents says in the manifest what the archive holds and leaves out.
const archiveContents = "incidents.jsonl: one incident a line with its acts, involvements, groups of unnamed victims and sources; " +
	"persons.jsonl: one person a line, identities included for roles that see them; cases.jsonl: one case a line. " +
	"Evidence files, evaluations' clinical content and the audit log are not included."

// ExportArchive writes everything the caller may see to dst: manifest.json,
// incidents.jsonl, persons.jsonl and cases.jsonl (the last two only for
// roles that read them). Only roles with haki.PermBulkExport may, and only
// with proof (password, and a code with a second factor): wrong answers
// count towards the lockout. Audited once with the counts, also when it
// broke off.
func (s *Store) ExportArchive(ctx context.Context, proof AccountProof, dst EntryCreator) (*ArchiveManifest, error) {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermBulkExport); err != nil {
		return nil, err
	}
	if u.ID != "" { // the command line on the server gives no proof
		if err := s.proveAccount(ctx, proof); err != nil {
			return nil, err
		}
	}
	m := &ArchiveManifest{Format: "haki-archive/1", MadeAt: s.Now().UTC(), MadeBy: u.Username, Role: u.Role,
		Counts: map[string]int{}, Contents: archiveContents}
	err := s.writeArchive(ctx, u, m, dst)
	return m, s.auditExport(ctx, "archive", map[string]any{"format": "zip-aes", "counts": m.Counts}, err)
}

func (s *Store) writeArchive(ctx context.Context, u *haki.User, m *ArchiveManifest, dst EntryCreator) error {
	if u.Can(haki.PermIncidentRead) {
		if err := archiveLines(dst, m, "incidents.jsonl", func(cursor string) ([]any, string, error) {
			incs, next, err := s.FindIncidents(ctx, haki.IncidentFilter{Cursor: cursor, Limit: 200})
			out := make([]any, 0, len(incs))
			for _, inc := range incs {
				a := ArchiveIncident{Incident: inc}
				if a.Acts, err = s.FindActs(ctx, inc.ID); err != nil {
					return nil, "", err
				}
				if a.Groups, err = s.FindVictimGroups(ctx, inc.ID); err != nil {
					return nil, "", err
				}
				if a.Sources, err = s.FindSources(ctx, inc.ID); err != nil {
					return nil, "", err
				}
				out = append(out, a)
			}
			return out, next, err
		}); err != nil {
			return err
		}
	}
	if u.Can(haki.PermPersonRead) {
		if err := archiveLines(dst, m, "persons.jsonl", func(cursor string) ([]any, string, error) {
			ps, next, err := s.FindPersons(ctx, haki.PersonFilter{Cursor: cursor, Limit: 200})
			return anySlice(ps), next, err
		}); err != nil {
			return err
		}
	}
	if u.Can(haki.PermCaseRead) {
		if err := archiveLines(dst, m, "cases.jsonl", func(cursor string) ([]any, string, error) {
			cs, next, err := s.FindCases(ctx, haki.CaseFilter{Cursor: cursor, Limit: 200})
			return anySlice(cs), next, err
		}); err != nil {
			return err
		}
	}
	w, err := dst.Create("manifest.json")
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
}

// archiveLines writes every page find returns as JSON lines into the entry
// name, counting them in the manifest.
func archiveLines(dst EntryCreator, m *ArchiveManifest, name string, find func(cursor string) ([]any, string, error)) error {
	w, err := dst.Create(name)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	cursor := ""
	for {
		page, next, err := find(cursor)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		for _, r := range page {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		m.Counts[name] += len(page)
		if next == "" {
			return nil
		}
		cursor = next
	}
}

// proveAccount checks that the signed-in user is who they say: their
// password and, with a second factor, a code. Wrong answers are recorded
// and count towards the lockout, as for any proof.
func (s *Store) proveAccount(ctx context.Context, proof AccountProof) error {
	a, err := s.findAccount(ctx)
	if err != nil {
		return err
	}
	ok, err := s.checkPassword(ctx, a.hash, proof.Password)
	if err != nil {
		return err
	}
	var refused error
	err = s.write(ctx, func(tx *Tx) error {
		refused, err = tx.checkProof(a, ok, true, proof)
		return err
	})
	return firstErr(err, refused)
}
