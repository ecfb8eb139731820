package store

import (
	"context"
	"slices"

	"github.com/haki-kenya/haki"
)

// Publication details of an incident: what the public portal may show of
// it (haki.Publication). Only a data manager or administrator writes them
// (PermVerify); what the portal shows is decided in portal.go alone.

// FindPublication returns an incident's publication details with one
// entry per victim of its acts (those not yet published with nothing
// agreed), each marked whether they are a client. Version 0 means the
// incident has none yet.
func (s *Store) FindPublication(ctx context.Context, incidentID string) (*haki.Publication, error) {
	u := haki.UserFromContext(ctx)
	if err := requireRead(u, haki.PermIncidentRead, "incident"); err != nil {
		return nil, err
	}
	var pub *haki.Publication
	err := s.read(ctx, func(tx *Tx) error {
		if _, err := tx.findIncident(incidentID); err != nil {
			return err
		}
		var err error
		pub, err = tx.readPublication(incidentID)
		return err
	})
	return pub, err
}

// readPublication reads the publication of a visible incident.
func (tx *Tx) readPublication(incidentID string) (*haki.Publication, error) {
	pub := &haki.Publication{IncidentID: incidentID}
	var by, at, updated string
	err := tx.queryRow(`SELECT ref, summary, COALESCE(published_by, ''), published_at, updated_at, version
		FROM incident_publications WHERE incident_id = ?`, incidentID).Scan(&pub.Ref, &pub.Summary, &by, &at, &updated, &pub.Version)
	if err != nil && !isNoRows(err) {
		return nil, err
	}
	var sl sealer
	if pub.Version > 0 {
		pub.PublishedBy, pub.PublishedAt, pub.UpdatedAt = by, parseTime(at), parseTime(updated)
		_, key, err := tx.incidentKey(incidentID)
		if err != nil {
			return nil, err
		}
		sl = sealer{key, "publication", incidentID}
		if pub.Summary, err = sl.open("summary", pub.Summary); err != nil {
			return nil, err
		}
	}
	victims, clients, err := tx.incidentVictims(incidentID)
	if err != nil {
		return nil, err
	}
	rows, err := tx.query(`SELECT person_id, show_name, show_age, public_source FROM publication_victims WHERE incident_id = ?`, incidentID)
	if err != nil {
		return nil, err
	}
	stored := map[string]haki.PublishedVictim{}
	for rows.Next() {
		var v haki.PublishedVictim
		if err := rows.Scan(&v.PersonID, &v.ShowName, &v.ShowAge, &v.PublicSource); err != nil {
			rows.Close()
			return nil, err
		}
		stored[v.PersonID] = v
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	for _, id := range victims {
		v, ok := stored[id]
		if !ok {
			v = haki.PublishedVictim{PersonID: id}
		} else if v.PublicSource != "" {
			if v.PublicSource, err = sl.open("public_source/"+id, v.PublicSource); err != nil {
				return nil, err
			}
		}
		v.Client = clients[id]
		pub.Victims = append(pub.Victims, v)
	}
	return pub, nil
}

// incidentVictims lists the distinct victims of an incident's acts in the
// order of the acts, and which of them a client's publication consent
// covers (consentCovers).
func (tx *Tx) incidentVictims(incidentID string) ([]string, map[string]bool, error) {
	rows, err := tx.query(`SELECT a.victim_id, MIN(a.id) FROM acts a WHERE a.incident_id = ? GROUP BY a.victim_id ORDER BY MIN(a.id)`, incidentID)
	if err != nil {
		return nil, nil, err
	}
	var ids []string
	for rows.Next() {
		var id, first string
		if err := rows.Scan(&id, &first); err != nil {
			rows.Close()
			return nil, nil, err
		}
		ids = append(ids, id)
	}
	if err := rows.Close(); err != nil {
		return nil, nil, err
	}
	clients, err := tx.publicationClients(incidentID)
	if err != nil {
		return nil, nil, err
	}
	return ids, consentCovers(ids, clients), nil
}

// SetPublication writes an incident's publication details: the incident
// must be verified and publishable, every client it concerns must have
// given publication consent (checkPublication, with no override), and each
// victim named must be a victim of its acts; a victim who is nobody's
// client shows a name or age only with a public source. pub.Version is the
// version read (0 for a first publication). One audited transaction.
func (s *Store) SetPublication(ctx context.Context, pub *haki.Publication) error {
	if err := require(haki.UserFromContext(ctx), haki.PermVerify); err != nil {
		return err
	}
	pub.Normalize()
	if err := pub.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		inc, err := tx.findIncident(pub.IncidentID)
		if err != nil {
			return err
		}
		pr := haki.Problems{}
		if inc.Verification != "verified" || !inc.Publishable {
			pr.Add("publication", "Verify the incident and mark it publishable before writing what the public will see.")
			return pr.Err()
		}
		if err := tx.checkPublication(inc.ID, ""); err != nil {
			return err
		}
		victims, clients, err := tx.incidentVictims(inc.ID)
		if err != nil {
			return err
		}
		for _, v := range pub.Victims {
			switch {
			case !slices.Contains(victims, v.PersonID):
				pr.Add("victims", "Only the victims of the incident's acts can be published.")
			case !clients[v.PersonID] && (v.ShowName || v.ShowAge) && v.PublicSource == "":
				pr.Add("public_source", "A victim who is nobody's client is named only if already public: say where.")
			}
		}
		if err := pr.Err(); err != nil {
			return err
		}
		before, err := tx.readPublication(inc.ID)
		if err != nil {
			return err
		}
		if before.Version != pub.Version {
			return haki.Errorf(haki.ECONFLICT, "The publication was changed by someone else. Reload it and try again.")
		}
		keyID, key, err := tx.incidentKey(inc.ID)
		if err != nil {
			return err
		}
		sl := sealer{key, "publication", inc.ID}
		if before.Version == 0 {
			if pub.Ref, err = tx.nextRef("PUB"); err != nil {
				return err
			}
			pub.PublishedBy, pub.PublishedAt = tx.userID(), tx.now
			if _, err := tx.exec(`INSERT INTO incident_publications (incident_id, ref, summary, published_by, published_at, updated_at, version)
				VALUES (?, ?, ?, ?, ?, ?, 1)`, inc.ID, pub.Ref, sl.seal("summary", pub.Summary), nullString(pub.PublishedBy),
				fmtTime(tx.now), fmtTime(tx.now)); err != nil {
				return err
			}
		} else {
			pub.Ref, pub.PublishedBy, pub.PublishedAt = before.Ref, before.PublishedBy, before.PublishedAt
			if err := tx.execOne("publication", `UPDATE incident_publications SET summary = ?, updated_at = ?, version = version + 1
				WHERE incident_id = ? AND version = ?`, sl.seal("summary", pub.Summary), fmtTime(tx.now), inc.ID, pub.Version); err != nil {
				return err
			}
		}
		if _, err := tx.exec(`DELETE FROM publication_victims WHERE incident_id = ?`, inc.ID); err != nil {
			return err
		}
		for i := range pub.Victims {
			v := &pub.Victims[i]
			v.Client = clients[v.PersonID]
			source := ""
			if v.PublicSource != "" {
				source = sl.seal("public_source/"+v.PersonID, v.PublicSource)
			}
			if _, err := tx.exec(`INSERT INTO publication_victims (incident_id, person_id, show_name, show_age, public_source)
				VALUES (?, ?, ?, ?, ?)`, inc.ID, v.PersonID, boolInt(v.ShowName), boolInt(v.ShowAge), source); err != nil {
				return err
			}
		}
		pub.UpdatedAt, pub.Version = tx.now, before.Version+1
		var old any
		if before.Version > 0 {
			old = before
		}
		return tx.auditSealed("publish", "incident", inc.ID, keyID, key, old, pub)
	})
}

// WithdrawPublication takes an incident off the portal: its publication
// details are deleted, in one audited transaction. Un-marking it
// publishable or un-verifying it, or a client withdrawing consent, takes it
// off too, without deleting them.
func (s *Store) WithdrawPublication(ctx context.Context, incidentID string) error {
	if err := require(haki.UserFromContext(ctx), haki.PermVerify); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		if _, err := tx.findIncident(incidentID); err != nil {
			return err
		}
		before, err := tx.readPublication(incidentID)
		if err != nil {
			return err
		}
		if before.Version == 0 {
			return haki.Errorf(haki.ENOTFOUND, "This incident is not published.")
		}
		if _, err := tx.exec(`DELETE FROM publication_victims WHERE incident_id = ?`, incidentID); err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM incident_publications WHERE incident_id = ?`, incidentID); err != nil {
			return err
		}
		keyID, key, err := tx.incidentKey(incidentID)
		if err != nil {
			return err
		}
		return tx.auditSealed("unpublish", "incident", incidentID, keyID, key, before, nil)
	})
}
