package store

import (
	"context"
	"time"

	"github.com/haki-kenya/haki"
)

// Phone subscriptions: a secret link to a calendar as an
// iCalendar feed. Only the token's hash is kept, so the link is shown once;
// revoking it makes it answer "not found" for ever. The feed is read as its
// owner, so it shows what they may see and no more, and stops working
// when their account is disabled or they leave the team.

// The scopes of a feed.
const (
	FeedUser = "user" // the owner's own calendar
	FeedTeam = "team" // a team's calendar
)

// MaxFeeds is how many live links one account may hold.
const MaxFeeds = 20

// The window a feed covers, around the time it is fetched.
const (
	FeedPast   = 60 * 24 * time.Hour
	FeedFuture = 365 * 24 * time.Hour
)

// FeedToken is a subscription link, without its secret (Token is set only
// in the answer of CreateFeed).
type FeedToken struct {
	ID         string    `json:"id"`
	Scope      string    `json:"scope"`
	TeamID     string    `json:"team_id,omitempty"`
	TeamName   string    `json:"team_name,omitempty"`
	Label      string    `json:"label,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at,omitzero"`
	RevokedAt  time.Time `json:"revoked_at,omitzero"`
	Token      string    `json:"token,omitempty"`
}

// Revoked reports whether the link no longer works.
func (f *FeedToken) Revoked() bool { return !f.RevokedAt.IsZero() }

// mayFollowTeam reports whether u may subscribe to a team's calendar: their
// own team's, or any team's for those who see all records.
func mayFollowTeam(u *haki.User, teamID string) bool {
	return teamID != "" && (u.TeamID == teamID || u.Role.SeesAllRecords())
}

// CreateFeed makes a new link to the caller's calendar (FeedUser) or to a
// team's calendar they may see (FeedTeam), and returns it with its token.
func (s *Store) CreateFeed(ctx context.Context, scope, teamID string) (*FeedToken, error) {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermTasks); err != nil {
		return nil, err
	}
	if u.ID == "" {
		return nil, haki.Errorf(haki.EFORBIDDEN, "Only a signed-in colleague may subscribe to a calendar.")
	}
	f := &FeedToken{Scope: scope, TeamID: teamID}
	switch {
	case scope == FeedUser:
		f.TeamID = ""
	case scope == FeedTeam && !mayFollowTeam(u, teamID):
		return nil, &haki.Error{Code: haki.EINVALID, Message: "Some fields need attention.",
			Fields: map[string]string{"team_id": "Choose a team whose calendar you may see."}}
	case scope != FeedTeam:
		return nil, &haki.Error{Code: haki.EINVALID, Message: "Some fields need attention.",
			Fields: map[string]string{"scope": "Choose your own calendar or a team's."}}
	}
	err := s.write(ctx, func(tx *Tx) error {
		var n int
		if err := tx.queryRow(`SELECT COUNT(*) FROM feed_tokens WHERE user_id = ? AND revoked_at = ''`, u.ID).Scan(&n); err != nil {
			return err
		} else if n >= MaxFeeds {
			return &haki.Error{Code: haki.EINVALID, Message: "Some fields need attention.",
				Fields: map[string]string{"scope": "You have 20 links already: revoke one you no longer use first."}}
		}
		if f.TeamID != "" {
			if err := tx.queryRow(`SELECT name FROM teams WHERE id = ?`, f.TeamID).Scan(&f.TeamName); err != nil {
				return tx.mapErr(err, "team")
			}
		}
		f.ID, f.CreatedAt, f.Token = newID(), tx.now, "hakical_"+randomToken()
		if _, err := tx.exec(`INSERT INTO feed_tokens (id, token_hash, user_id, scope, team_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			f.ID, hashToken(f.Token), u.ID, f.Scope, nullString(f.TeamID), fmtTime(tx.now)); err != nil {
			return err
		}
		return tx.audit("create", "feed_token", f.ID, nil, map[string]string{"scope": f.Scope, "team_id": f.TeamID})
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

const feedColumns = `f.id, f.scope, COALESCE(f.team_id, ''), COALESCE(t.name, ''), f.label, f.created_at, f.last_used_at, f.revoked_at`

func scanFeed(row interface{ Scan(...any) error }, extra ...any) (*FeedToken, error) {
	f := &FeedToken{}
	var created, used, revoked string
	if err := row.Scan(append([]any{&f.ID, &f.Scope, &f.TeamID, &f.TeamName, &f.Label, &created, &used, &revoked}, extra...)...); err != nil {
		return nil, err
	}
	f.CreatedAt, f.LastUsedAt, f.RevokedAt = parseTime(created), parseTime(used), parseTime(revoked)
	return f, nil
}

// FindFeeds lists the caller's links, live ones first, newest first.
func (s *Store) FindFeeds(ctx context.Context) ([]*FeedToken, error) {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermTasks); err != nil {
		return nil, err
	}
	var out []*FeedToken
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT `+feedColumns+` FROM feed_tokens f LEFT JOIN teams t ON t.id = f.team_id
			WHERE f.user_id = ? ORDER BY f.revoked_at <> '', f.created_at DESC, f.id DESC LIMIT 100`, u.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			f, err := scanFeed(rows)
			if err != nil {
				return err
			}
			out = append(out, f)
		}
		return rows.Err()
	})
	return out, err
}

// RevokeFeed stops one of the caller's links for ever.
func (s *Store) RevokeFeed(ctx context.Context, id string) error {
	u := haki.UserFromContext(ctx)
	if err := require(u, haki.PermTasks); err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		var revoked string
		err := tx.queryRow(`SELECT revoked_at FROM feed_tokens WHERE id = ? AND user_id = ?`, id, u.ID).Scan(&revoked)
		if isNoRows(err) {
			return haki.Errorf(haki.ENOTFOUND, "No such calendar link.")
		} else if err != nil || revoked != "" {
			return err
		}
		if err := tx.execOne("calendar link", `UPDATE feed_tokens SET revoked_at = ? WHERE id = ?`, fmtTime(tx.now), id); err != nil {
			return err
		}
		return tx.audit("revoke", "feed_token", id, nil, nil)
	})
}

// feedUseInterval is how stale last_used_at may be: phones fetch often, and
// a write per fetch would be a waste.
const feedUseInterval = 5 * time.Minute

// Feed is what a subscription link opens: the link, its owner, and the
// calendar entries in the window, read as the owner.
type Feed struct {
	Token   *FeedToken
	Owner   *haki.User
	Entries []*haki.Occurrence
}

// FindFeed opens a subscription link: anyone holding the token may, with
// no session. An unknown or revoked token, a disabled owner, or a team the
// owner may no longer see is "not found". The fetch is recorded in
// last_used_at, not in the audit log.
func (s *Store) FindFeed(ctx context.Context, token string) (*Feed, error) {
	notFound := haki.Errorf(haki.ENOTFOUND, "No such calendar link.")
	if len(token) < 20 || len(token) > 100 {
		return nil, notFound
	}
	var out *Feed
	err := s.write(haki.NewContextWithUser(ctx, nil), func(tx *Tx) error {
		var userID string
		f, err := scanFeed(tx.queryRow(`SELECT `+feedColumns+`, f.user_id FROM feed_tokens f LEFT JOIN teams t ON t.id = f.team_id
			WHERE f.token_hash = ?`, hashToken(token)), &userID)
		if isNoRows(err) {
			return notFound
		} else if err != nil {
			return err
		}
		u, err := scanUser(tx.queryRow(`SELECT `+userColumns+` FROM users WHERE id = ?`, userID))
		if err != nil {
			return tx.mapErr(err, "user")
		}
		if f.Revoked() || !u.Can(haki.PermTasks) || (f.Scope == FeedTeam && !mayFollowTeam(u, f.TeamID)) {
			return notFound
		}
		if tx.now.Sub(f.LastUsedAt) >= feedUseInterval {
			if _, err := tx.exec(`UPDATE feed_tokens SET last_used_at = ? WHERE id = ?`, fmtTime(tx.now), f.ID); err != nil {
				return err
			}
			f.LastUsedAt = tx.now
		}
		out = &Feed{Token: f, Owner: u}
		return nil
	})
	if err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	q := haki.CalendarQuery{From: now.Add(-FeedPast), To: now.Add(FeedFuture), OwnerUserID: out.Owner.ID}
	if out.Token.Scope == FeedTeam {
		q.OwnerUserID, q.TeamID = "", out.Token.TeamID
	}
	out.Entries, err = s.feedCalendar(haki.NewContextWithUser(ctx, out.Owner), q)
	return out, err
}
