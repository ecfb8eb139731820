package store

import (
	"context"

	"github.com/haki-kenya/haki"
)

// CountIncidentsInMonth counts the incidents known to have occurred in a
// month, for the dashboard. Like CountIncidents it counts every record, and
// incidents dated only to the year are not in any month.
func (s *Store) CountIncidentsInMonth(ctx context.Context, year, month int) (int, error) {
	if err := require(haki.UserFromContext(ctx), haki.PermDashboard); err != nil {
		return 0, err
	}
	where, args, err := s.incidentWhere(haki.SystemUser, haki.IncidentFilter{Year: year})
	if err != nil {
		return 0, err
	}
	var n int
	err = s.read(ctx, func(tx *Tx) error {
		return tx.queryRow(`SELECT COUNT(*) FROM incidents i WHERE `+where+` AND i.occurred_month = ?`, append(args, month)...).Scan(&n)
	})
	return n, err
}

// CreateActWithPerson records a new person and their act in an incident in
// one transaction, so a form that adds a victim not yet recorded never
// leaves a person without the act (or an act without its person).
func (s *Store) CreateActWithPerson(ctx context.Context, a *haki.Act, p *haki.Person) error {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermIncidentWrite); err != nil {
		return err
	}
	if err := require(u, haki.PermPersonWrite); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		if _, err := tx.findIncident(a.IncidentID); err != nil {
			return err
		}
		if err := tx.checkPerson(p, nil); err != nil {
			return err
		}
		ref, err := tx.nextRef("PER")
		if err != nil {
			return err
		}
		p.ID, p.Ref, p.CreatedBy, p.CreatedAt, p.UpdatedAt, p.Version = newID(), ref, tx.userID(), tx.now, tx.now, 1
		args := append([]any{p.ID, p.Ref}, personArgs(p)...)
		args = append(args, nullString(p.CreatedBy), fmtTime(tx.now), fmtTime(tx.now))
		if _, err := tx.exec(`INSERT INTO persons (id, ref, `+personWritable+`, created_by, created_at, updated_at, version)
			VALUES (`+placeholders(len(args))+`, 1)`, args...); err != nil {
			return tx.mapErr(err, "person")
		}
		if err := tx.audit("create", "person", p.ID, nil, p); err != nil {
			return err
		}
		a.VictimID = p.ID
		if err := tx.checkAct(a, nil); err != nil {
			return err
		}
		a.ID, a.Version = newID(), 1
		if _, err := tx.exec(`INSERT INTO acts (id, incident_id, victim_id, act_type, method, victim_status, victim_age, notes, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`, a.ID, a.IncidentID, a.VictimID, a.ActType, a.Method, a.VictimStatus, intOrNil(a.VictimAge), a.Notes); err != nil {
			return tx.mapErr(err, "act")
		}
		if err := tx.setConsequences(a.ID, a.Consequences); err != nil {
			return err
		}
		if err := tx.recountVictims(a.IncidentID); err != nil {
			return err
		}
		return tx.audit("create", "act", a.ID, nil, a)
	})
}
