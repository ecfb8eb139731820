package store

import (
	"context"
	"strings"

	"github.com/haki-kenya/haki"
)

// Forms let people type the references they see on paper (PER-2026-000012,
// INC-2026-000003) rather than ids; these find the record behind one, under
// the same visibility rules as the lookups by id.

// FindPersonByRef returns the person with the reference, if the caller may see them.
func (s *Store) FindPersonByRef(ctx context.Context, ref string) (*haki.Person, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermPersonRead, "person"); err != nil {
		return nil, err
	}
	var p *haki.Person
	err := s.read(ctx, func(tx *Tx) error {
		var id string
		if err := tx.queryRow(`SELECT id FROM persons WHERE ref = ?`, normalRef(ref)).Scan(&id); err != nil {
			return tx.mapErr(err, "person")
		}
		var err error
		p, err = tx.findPerson(id)
		return err
	})
	return p, err
}

// FindIncidentByRef returns the incident with the reference, if the caller may see it.
func (s *Store) FindIncidentByRef(ctx context.Context, ref string) (*haki.Incident, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermIncidentRead, "incident"); err != nil {
		return nil, err
	}
	var inc *haki.Incident
	err := s.read(ctx, func(tx *Tx) error {
		var id string
		if err := tx.queryRow(`SELECT id FROM incidents WHERE ref = ?`, normalRef(ref)).Scan(&id); err != nil {
			return tx.mapErr(err, "incident")
		}
		var err error
		inc, err = tx.findIncident(id)
		return err
	})
	return inc, err
}

func normalRef(ref string) string { return strings.ToUpper(strings.TrimSpace(ref)) }
