package store

// What a retention run does to each kind of record past its period
// (privacy_retention.go). Called in the run's transaction with the ids of
// the due records that no hold keeps.

// anonymiseCases erases each case's client, which takes the case's summary
// and every sealed note of its casework with it (eraseIdentity), and marks
// the case done. Dates, statuses and the links to incidents stay.
func (tx *Tx) anonymiseCases(ids []string, _ string) error {
	for _, id := range ids {
		var clientID, erased string
		if err := tx.queryRow(`SELECT c.client_id, p.erased_at FROM cases c JOIN persons p ON p.id = c.client_id WHERE c.id = ?`, id).
			Scan(&clientID, &erased); err != nil {
			return tx.mapErr(err, "case")
		}
		if erased == "" {
			if err := tx.eraseIdentity(clientID, retentionReason); err != nil {
				return err
			}
		}
		if _, err := tx.exec(`UPDATE cases SET anonymised_at = ? WHERE id = ?`, fmtTime(tx.now), id); err != nil {
			return err
		}
		if err := tx.audit("anonymise", "case", id, nil, map[string]string{"reason": retentionReason}); err != nil {
			return err
		}
	}
	return nil
}

// anonymiseIncidents empties each incident's free text (title, narrative,
// place name and coordinates, the acts' and involvements' notes, officers'
// names, the sources' descriptions), gives it a new data key in place of
// the one its history was sealed with, and erases the victims and source
// persons who appear nowhere else. Its date, county, types, acts and
// figures stay, so reports count it as before.
func (tx *Tx) anonymiseIncidents(ids []string, _ string) error {
	if err := tx.touchIncidents(ids...); err != nil {
		return err
	}
	for _, id := range ids {
		persons, err := tx.strings(`SELECT p.id FROM persons p WHERE p.erased_at = '' AND p.legal_hold = 0
			AND p.id IN (SELECT victim_id FROM acts WHERE incident_id = ? UNION SELECT person_id FROM sources WHERE incident_id = ? AND person_id IS NOT NULL)
			AND NOT EXISTS (SELECT 1 FROM acts a WHERE a.victim_id = p.id AND a.incident_id <> ?)
			AND NOT EXISTS (SELECT 1 FROM sources s WHERE s.person_id = p.id AND s.incident_id <> ?)
			AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.client_id = p.id)
			ORDER BY p.id`, id, id, id, id)
		if err != nil {
			return err
		}
		for _, p := range persons {
			if err := tx.eraseIdentity(p, retentionReason); err != nil {
				return err
			}
		}
		oldKey, err := tx.strings(`SELECT key_id FROM incidents WHERE id = ? AND key_id IS NOT NULL`, id)
		if err != nil {
			return err
		}
		newKey, _, err := tx.newDataKey()
		if err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE incidents SET title = '', narrative = '', place_name = '', latitude = NULL, longitude = NULL,
			search_tokens = '', key_id = ?, anonymised_at = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
			newKey, fmtTime(tx.now), fmtTime(tx.now), id); err != nil {
			return err
		}
		for _, q := range []string{
			`UPDATE acts SET notes = '' WHERE incident_id = ?`,
			`UPDATE involvements SET officer_name = '', officer_service_number = '', notes = '' WHERE act_id IN (SELECT id FROM acts WHERE incident_id = ?)`,
			`UPDATE involvement_outcomes SET source_ref = '', notes = '' WHERE involvement_id IN
				(SELECT v.id FROM involvements v JOIN acts a ON a.id = v.act_id WHERE a.incident_id = ?)`,
			`UPDATE sources SET description = '' WHERE incident_id = ?`,
		} {
			if _, err := tx.exec(q, id); err != nil {
				return err
			}
		}
		for _, k := range oldKey {
			if _, err := tx.exec(`DELETE FROM data_keys WHERE id = ?`, k); err != nil {
				return err
			}
		}
		if err := tx.audit("anonymise", "incident", id, nil, map[string]any{"reason": retentionReason, "persons_erased": len(persons)}); err != nil {
			return err
		}
	}
	return nil
}

// deleteIntakeDrafts deletes the drafts and their data keys, each audited.
func (tx *Tx) deleteIntakeDrafts(ids []string, _ string) error {
	for _, id := range ids {
		if err := tx.deleteIntakeDraft(id, "retention_delete"); err != nil {
			return err
		}
	}
	return nil
}

// deleteSignInRecords deletes the sessions and unfinished sign-ins that
// expired, and the failed sign-ins recorded, before the cut-off.
func (tx *Tx) deleteSignInRecords(_ []string, before string) error {
	for _, q := range []string{
		`DELETE FROM sessions WHERE expires_at < ?`,
		`DELETE FROM sign_in_failures WHERE at < ?`,
		`DELETE FROM pending_sign_ins WHERE expires_at < ?`,
	} {
		if _, err := tx.exec(q, before); err != nil {
			return err
		}
	}
	return nil
}
