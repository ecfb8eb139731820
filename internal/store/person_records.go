package store

import (
	"context"

	"github.com/haki-kenya/haki"
)

// FindPersonRecords returns what a person the caller may see is in: the
// incidents they are a victim or a source in and the cases of which they
// are the client, each only if the caller may see it, newest first. It
// opens nothing sealed of the incidents: references, dates, places and
// parts are shown; the person's own name is revealed by the person read.
func (s *Store) FindPersonRecords(ctx context.Context, personID string) (*haki.PersonRecords, error) {
	u := haki.UserFromContext(ctx)
	if err := requireRead(u, haki.PermPersonRead, "person"); err != nil {
		return nil, err
	}
	out := &haki.PersonRecords{}
	err := s.read(ctx, func(tx *Tx) error {
		if _, err := tx.findPerson(personID); err != nil {
			return err
		}
		if err := tx.personIncidents(u, personID, out); err != nil {
			return err
		}
		if !u.Can(haki.PermCaseRead) {
			return nil
		}
		cond, args := visibleCases("c", u)
		var err error
		out.Cases, err = tx.newestCases(`c.client_id = ? AND `+cond, append([]any{personID}, args...), 200)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// personIncidents adds the acts of which the person is the victim and the
// sources they are, in incidents the caller may see.
func (tx *Tx) personIncidents(u *haki.User, personID string, out *haki.PersonRecords) error {
	cond, args := visibleIncidents("i", u)
	rows, err := tx.query(`SELECT i.id, i.ref, i.occurred_on, i.date_precision, i.date_approx, i.county_code, x.role, x.kind, x.act_id, i.date_bound FROM (
			SELECT a.incident_id, 'victim' AS role, a.act_type AS kind, a.id AS act_id FROM acts a WHERE a.victim_id = ?
			UNION ALL SELECT s.incident_id, 'source', s.kind, '' FROM sources s WHERE s.person_id = ?) x
		JOIN incidents i ON i.id = x.incident_id WHERE `+cond+`
		ORDER BY i.occurred_on DESC, i.id DESC, x.role DESC, x.act_id LIMIT 500`, append([]any{personID, personID}, args...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var pi haki.PersonIncident
		var occurred, prec, bound string
		var approx bool
		if err := rows.Scan(&pi.IncidentID, &pi.IncidentRef, &occurred, &prec, &approx, &pi.CountyCode, &pi.Role, &pi.Kind, &pi.ActID, &bound); err != nil {
			return err
		}
		if haki.Precision(prec) == haki.PrecisionUnknown {
			pi.Occurred, err = haki.ParseDateBound(bound)
		} else {
			pi.Occurred, err = haki.NewFuzzyDate(occurred, haki.Precision(prec), approx)
		}
		if err != nil {
			return err
		}
		out.Incidents = append(out.Incidents, pi)
	}
	return rows.Err()
}
