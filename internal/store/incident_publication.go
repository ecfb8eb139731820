package store

import "github.com/haki-kenya/haki"

// checkPublication refuses to make an incident publishable while a client
// it concerns has not given publication consent: a victim of one of its
// acts who is the client of a case, or the client (a survivor or the
// bereaved family) of a case linked to it. Victims who are nobody's client,
// such as killings known from the media, do not hold publication back. An
// administrator may override with a written reason, audited on each
// client's case (checkConsent).
func (tx *Tx) checkPublication(incidentID, override string) error {
	var ref string
	if err := tx.queryRow(`SELECT ref FROM incidents WHERE id = ?`, incidentID).Scan(&ref); err != nil {
		return tx.mapErr(err, "incident")
	}
	rows, err := tx.query(`SELECT c.client_id, c.id FROM cases c
		WHERE c.client_id IN (SELECT a.victim_id FROM acts a WHERE a.incident_id = ?)
		   OR c.id IN (SELECT ci.case_id FROM case_incidents ci WHERE ci.incident_id = ?)
		ORDER BY c.client_id, c.created_at, c.id`, incidentID, incidentID)
	if err != nil {
		return err
	}
	var caseIDs []string
	seen := map[string]bool{}
	for rows.Next() {
		var client, id string
		if err := rows.Scan(&client, &id); err != nil {
			rows.Close()
			return err
		}
		if !seen[client] {
			seen[client] = true
			caseIDs = append(caseIDs, id)
		}
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return err
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, id := range caseIDs {
		if err := tx.checkConsent(id, haki.ConsentPublication, "incident "+ref, override); err != nil {
			return err
		}
	}
	return nil
}
