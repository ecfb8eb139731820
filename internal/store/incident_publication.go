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
	clients, err := tx.publicationClients(incidentID)
	if err != nil {
		return err
	}
	for _, c := range clients {
		if err := tx.checkConsent(c.caseID, haki.ConsentPublication, "incident "+ref, override); err != nil {
			return err
		}
	}
	return nil
}

// publicationConsented reports whether every client an incident concerns
// has publication consent given now, with no override: what the public
// portal demands (portal.go). A withdrawal takes the incident off at once.
func (tx *Tx) publicationConsented(clients []publicationClient) (bool, error) {
	for _, c := range clients {
		given, err := tx.consentGiven(c.clientID, haki.ConsentPublication)
		if err != nil || !given {
			return false, err
		}
	}
	return true, nil
}

// publicationClient is a client whose consent an incident's publication
// needs, with the first of their cases.
type publicationClient struct {
	clientID, caseID string
	family           bool // the client is the victim's family, not a survivor
}

// consentCovers tells which victims of an incident the publication consent
// of its clients speaks for: a victim who is a client themself; and, when
// the incident has one victim only, that victim if a client of a linked
// case is their family (the bereaved of a person killed). With several
// victims, a family's case does not say whose family it is, so the others
// are treated as nobody's client: named only where already public.
func consentCovers(victims []string, clients []publicationClient) map[string]bool {
	covered := map[string]bool{}
	family := false
	for _, c := range clients {
		covered[c.clientID] = true
		family = family || c.family
	}
	if len(victims) == 1 && family {
		covered[victims[0]] = true
	}
	return covered
}

// publicationClients lists the clients an incident's publication needs the
// consent of, once each: victims of its acts who are the client of a case,
// and the clients of cases linked to it.
func (tx *Tx) publicationClients(incidentID string) ([]publicationClient, error) {
	rows, err := tx.query(`SELECT c.client_id, c.id, c.client_relation <> 'survivor' FROM cases c
		WHERE c.client_id IN (SELECT a.victim_id FROM acts a WHERE a.incident_id = ?)
		   OR c.id IN (SELECT ci.case_id FROM case_incidents ci WHERE ci.incident_id = ?)
		ORDER BY c.client_id, c.created_at, c.id`, incidentID, incidentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []publicationClient
	seen := map[string]bool{}
	for rows.Next() {
		var c publicationClient
		if err := rows.Scan(&c.clientID, &c.caseID, &c.family); err != nil {
			return nil, err
		}
		if !seen[c.clientID] {
			seen[c.clientID] = true
			out = append(out, c)
		}
	}
	return out, rows.Err()
}
