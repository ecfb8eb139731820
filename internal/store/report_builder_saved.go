package store

import (
	"context"
	"net/url"

	"github.com/haki-kenya/haki"
)

// Saved builder queries. A saved query is seen by its owner, by the
// members of the owner's team when shared with the team, and by everyone
// with the dashboard when shared with everyone; others get "not found".
// Its owner (or an administrator) deletes it.

const savedColumns = `r.id, r.name, r.query, r.sharing, r.owner_id, COALESCE(r.team_id, ''), r.created_at, r.updated_at, r.version,
	COALESCE(u.display_name, u.username, '')`

func scanSaved(row interface{ Scan(...any) error }) (*haki.SavedReport, error) {
	sr := &haki.SavedReport{}
	var created, updated string
	if err := row.Scan(&sr.ID, &sr.Name, &sr.QueryS, &sr.Sharing, &sr.OwnerID, &sr.TeamID, &created, &updated, &sr.Version,
		&sr.OwnerName); err != nil {
		return nil, err
	}
	sr.CreatedAt, sr.UpdatedAt = parseTime(created), parseTime(updated)
	if v, err := url.ParseQuery(sr.QueryS); err == nil {
		sr.Query, _ = haki.ParseBuilderQuery(v)
	}
	return sr, nil
}

// savedVisible is the condition (on alias r) of the saved queries u sees.
func savedVisible(u *haki.User) (string, []any) {
	return `(r.owner_id = ? OR r.sharing = 'everyone' OR r.sharing = 'team' AND r.team_id IS NOT NULL AND r.team_id = ?)`,
		[]any{u.ID, u.TeamID}
}

// SaveReport stores a builder query under a name, shared as sr.Sharing.
// Sharing with "my team" needs a team.
func (s *Store) SaveReport(ctx context.Context, sr *haki.SavedReport) error {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermDashboard); err != nil {
		return err
	}
	sr.Normalize()
	if err := sr.Validate(); err != nil {
		return err
	}
	if sr.Sharing == haki.ShareTeam && u.TeamID == "" {
		return &haki.Error{Code: haki.EINVALID, Message: "Some fields need attention.",
			Fields: map[string]string{"sharing": "You belong to no team; choose private or everyone."}}
	}
	if err := bldCheck(sr.Query); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		sr.ID, sr.OwnerID, sr.CreatedAt, sr.UpdatedAt, sr.Version = newID(), u.ID, tx.now, tx.now, 1
		sr.TeamID = ""
		if sr.Sharing == haki.ShareTeam {
			sr.TeamID = u.TeamID
		}
		if _, err := tx.exec(`INSERT INTO saved_reports (id, name, query, sharing, owner_id, team_id, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`, sr.ID, sr.Name, sr.QueryS, sr.Sharing, sr.OwnerID, nullString(sr.TeamID),
			fmtTime(tx.now), fmtTime(tx.now)); err != nil {
			return tx.mapErr(err, "saved report")
		}
		return tx.audit("create", "saved_report", sr.ID, nil, sr)
	})
}

// FindSavedReports returns the saved queries the caller sees, by name.
func (s *Store) FindSavedReports(ctx context.Context) ([]*haki.SavedReport, error) {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermDashboard); err != nil {
		return nil, err
	}
	var out []*haki.SavedReport
	err := s.read(ctx, func(tx *Tx) error {
		vis, args := savedVisible(u)
		rows, err := tx.query(`SELECT `+savedColumns+` FROM saved_reports r LEFT JOIN users u ON u.id = r.owner_id WHERE `+vis+
			` ORDER BY r.name, r.id LIMIT 500`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			sr, err := scanSaved(rows)
			if err != nil {
				return err
			}
			out = append(out, sr)
		}
		return rows.Err()
	})
	return out, err
}

func (tx *Tx) findSaved(id string) (*haki.SavedReport, error) {
	vis, args := savedVisible(tx.user)
	sr, err := scanSaved(tx.queryRow(`SELECT `+savedColumns+` FROM saved_reports r LEFT JOIN users u ON u.id = r.owner_id WHERE r.id = ? AND `+vis,
		append([]any{id}, args...)...))
	if isNoRows(err) {
		return nil, haki.Errorf(haki.ENOTFOUND, "Saved report not found.")
	}
	return sr, err
}

// FindSavedReportByID returns a saved query the caller sees.
func (s *Store) FindSavedReportByID(ctx context.Context, id string) (*haki.SavedReport, error) {
	if err := requireRead(haki.UserFromContext(ctx), haki.PermDashboard, "saved report"); err != nil {
		return nil, err
	}
	var sr *haki.SavedReport
	err := s.read(ctx, func(tx *Tx) (err error) {
		sr, err = tx.findSaved(id)
		return err
	})
	return sr, err
}

// DeleteSavedReport removes a saved query: its owner's, or any an
// administrator sees.
func (s *Store) DeleteSavedReport(ctx context.Context, id string) error {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermDashboard); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		sr, err := tx.findSaved(id)
		if err != nil {
			return err
		}
		if sr.OwnerID != u.ID && !u.Can(haki.PermSettings) {
			return haki.Errorf(haki.EFORBIDDEN, "Only the owner of a saved report can delete it.")
		}
		if err := tx.execOne("saved report", `DELETE FROM saved_reports WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit("delete", "saved_report", id, sr, nil)
	})
}
