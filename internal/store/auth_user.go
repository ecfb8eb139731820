package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"

	"github.com/haki-kenya/haki"
)

const userColumns = `id, username, display_name, role, COALESCE(team_id, ''), language, disabled, totp_required, totp_secret <> '', created_at, updated_at, email, time_zone, clinical_access`

// scanUser reads userColumns, then any extra columns into extra.
func scanUser(row interface{ Scan(...any) error }, extra ...any) (*haki.User, error) {
	u := &haki.User{}
	var created, updated string
	dest := append([]any{&u.ID, &u.Username, &u.DisplayName, &u.Role, &u.TeamID, &u.Language, &u.Disabled,
		&u.TwoFactorRequired, &u.TwoFactorEnabled, &created, &updated, &u.Email, &u.TimeZone, &u.ClinicalAccess}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	u.CreatedAt, u.UpdatedAt = parseTime(created), parseTime(updated)
	return u, nil
}

// requireUsers refuses callers who may not manage accounts.
func requireUsers(ctx context.Context) error {
	if !haki.UserFromContext(ctx).Can(haki.PermUsers) {
		return haki.Errorf(haki.EFORBIDDEN, "Only an administrator can manage accounts.")
	}
	return nil
}

// CreateUser adds an account with the password, once proof, the acting
// administrator's own, holds (see asAdministrator): a stolen session alone
// cannot make the thief an account. Roles that see identities must enrol
// a second factor whatever u.TwoFactorRequired says; an administrator may
// lift that afterwards with UpdateUser.
func (s *Store) CreateUser(ctx context.Context, u *haki.User, password string, proof AccountProof) error {
	if err := requireUsers(ctx); err != nil {
		return err
	}
	if u.Language == "" {
		u.Language = "en"
	}
	if err := u.Validate(); err != nil {
		return err
	}
	if err := validateNewPassword(u.Username, password, u.DisplayName); err != nil {
		return err
	}
	u.TwoFactorRequired = u.TwoFactorRequired || u.Role.TwoFactorByDefault()
	u.TwoFactorEnabled = false
	var hash string
	prepare := func() (err error) {
		hash, err = s.hashPassword(ctx, password)
		return err
	}
	return s.asAdministrator(ctx, proof, prepare, func(tx *Tx) error {
		if err := tx.checkTeam(u.TeamID); err != nil {
			return err
		}
		u.ID, u.CreatedAt, u.UpdatedAt = newID(), tx.now, tx.now
		_, err := tx.exec(`INSERT INTO users (id, username, display_name, role, team_id, language, password_hash, disabled, totp_required, created_at, updated_at, email, clinical_access)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, u.ID, u.Username, u.DisplayName, u.Role, nullString(u.TeamID), u.Language,
			hash, boolInt(u.Disabled), boolInt(u.TwoFactorRequired), fmtTime(tx.now), fmtTime(tx.now), u.Email, boolInt(u.ClinicalAccess))
		if err != nil {
			if tx.d.isUnique(err) {
				return &haki.Error{Code: haki.ECONFLICT, Message: "That user name is taken.", Fields: map[string]string{"username": "That user name is taken."}}
			}
			return err
		}
		return tx.audit("create", "user", u.ID, nil, u)
	})
}

func (tx *Tx) checkTeam(id string) error {
	if id == "" {
		return nil
	}
	var n int
	if err := tx.queryRow(`SELECT COUNT(*) FROM teams WHERE id = ?`, id).Scan(&n); err != nil {
		return err
	} else if n == 0 {
		return &haki.Error{Code: haki.EINVALID, Message: "No such team.", Fields: map[string]string{"team_id": "Choose a team from the list."}}
	}
	return nil
}

// FindUserByID returns an account. Anyone signed in may look up a colleague
// by id (to show who did what); the listing is for administrators.
func (s *Store) FindUserByID(ctx context.Context, id string) (*haki.User, error) {
	if haki.UserFromContext(ctx) == nil {
		return nil, haki.Errorf(haki.EUNAUTHORIZED, "Sign in first.")
	}
	var u *haki.User
	err := s.read(ctx, func(tx *Tx) (err error) {
		u, err = scanUser(tx.queryRow(`SELECT `+userColumns+` FROM users WHERE id = ?`, id))
		return tx.mapErr(err, "user")
	})
	if me := haki.UserFromContext(ctx); u != nil && me.ID != id && !me.Can(haki.PermUsers) {
		u.Email = "" // a colleague's address is for reminders, not for everyone
	}
	return u, err
}

// SetOwnTimeZone sets the zone the signed-in user reads times in: one of
// haki.TimeZones, or "" for the default, East Africa Time.
func (s *Store) SetOwnTimeZone(ctx context.Context, zone string) error {
	me := haki.UserFromContext(ctx)
	if me == nil || me.ID == "" {
		return haki.Errorf(haki.EUNAUTHORIZED, "Sign in first.")
	}
	zone = strings.TrimSpace(zone)
	return s.write(ctx, func(tx *Tx) error {
		u, err := scanUser(tx.queryRow(`SELECT `+userColumns+` FROM users WHERE id = ?`, me.ID))
		if err != nil {
			return tx.mapErr(err, "user")
		}
		before := *u
		u.TimeZone = zone
		if err := u.Validate(); err != nil {
			return err
		}
		if err := tx.execOne("user", `UPDATE users SET time_zone = ?, updated_at = ? WHERE id = ?`, zone, fmtTime(tx.now), me.ID); err != nil {
			return err
		}
		u.UpdatedAt = tx.now
		return tx.audit("update", "user", me.ID, before, u)
	})
}

// SetOwnEmail sets the address the signed-in user's reminders go to; an
// empty one stops them.
func (s *Store) SetOwnEmail(ctx context.Context, email string) error {
	me := haki.UserFromContext(ctx)
	if me == nil || me.ID == "" {
		return haki.Errorf(haki.EUNAUTHORIZED, "Sign in first.")
	}
	email = strings.TrimSpace(email)
	return s.write(ctx, func(tx *Tx) error {
		u, err := scanUser(tx.queryRow(`SELECT `+userColumns+` FROM users WHERE id = ?`, me.ID))
		if err != nil {
			return tx.mapErr(err, "user")
		}
		before := *u
		u.Email = email
		if err := u.Validate(); err != nil {
			return err
		}
		if err := tx.execOne("user", `UPDATE users SET email = ?, updated_at = ? WHERE id = ?`, email, fmtTime(tx.now), me.ID); err != nil {
			return err
		}
		u.UpdatedAt = tx.now
		return tx.audit("update", "user", me.ID, before, u)
	})
}

// FindUserByUsername returns an account by its user name.
func (s *Store) FindUserByUsername(ctx context.Context, username string) (*haki.User, error) {
	if err := requireUsers(ctx); err != nil {
		return nil, err
	}
	var u *haki.User
	err := s.read(ctx, func(tx *Tx) (err error) {
		u, err = scanUser(tx.queryRow(`SELECT `+userColumns+` FROM users WHERE username = ?`, username))
		return tx.mapErr(err, "user")
	})
	return u, err
}

// FindUsers lists accounts by user name. Administrators see all; other staff
// see the enabled accounts (to assign work); researchers and viewers none.
func (s *Store) FindUsers(ctx context.Context) ([]*haki.User, error) {
	me := haki.UserFromContext(ctx)
	if me == nil || !me.Role.SeesIdentities() {
		return nil, haki.Errorf(haki.EFORBIDDEN, "You may not list accounts.")
	}
	where := "1 = 1"
	if !me.Can(haki.PermUsers) {
		where = "disabled = 0"
	}
	var out []*haki.User
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT ` + userColumns + ` FROM users WHERE ` + where + ` ORDER BY username`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				return err
			}
			out = append(out, u)
		}
		return rows.Err()
	})
	return out, err
}

// UpdateUser changes an account's display name, role, team, language,
// whether it must use two-factor sign-in or whether it is disabled.
// Disabling ends its sessions and tokens. Making an account an
// administrator, or changing its email address, needs proof, the acting
// administrator's own (see asAdministrator); other changes ignore it.
func (s *Store) UpdateUser(ctx context.Context, u *haki.User, proof AccountProof) error {
	if err := requireUsers(ctx); err != nil {
		return err
	}
	if err := u.Validate(); err != nil {
		return err
	}
	var role haki.Role
	var email string
	var clinical bool
	err := s.read(ctx, func(tx *Tx) error {
		return tx.mapErr(tx.queryRow(`SELECT role, email, clinical_access FROM users WHERE id = ?`, u.ID).Scan(&role, &email, &clinical), "user")
	})
	if err != nil {
		return err
	}
	// Granting the administrator's role, or the reading of medico-legal
	// evaluations, needs the administrator's proof.
	granting := u.Role == haki.RoleAdmin && role != haki.RoleAdmin || u.ClinicalAccess && !clinical
	// Where a colleague's reminders and notices go is theirs to trust: a
	// changed address needs the administrator's proof, as a new role does.
	readdressing := u.Email != email
	write := s.write
	if granting || readdressing {
		write = func(ctx context.Context, change func(tx *Tx) error) error {
			return s.asAdministrator(ctx, proof, nil, change)
		}
	}
	return write(ctx, func(tx *Tx) error {
		before, err := scanUser(tx.queryRow(`SELECT `+userColumns+` FROM users WHERE id = ?`, u.ID))
		if err != nil {
			return tx.mapErr(err, "user")
		}
		if (u.Role == haki.RoleAdmin && before.Role != haki.RoleAdmin || u.ClinicalAccess && !before.ClinicalAccess) && !granting ||
			before.Email != u.Email && !readdressing {
			return haki.Errorf(haki.ECONFLICT, "The account changed meanwhile; try again.")
		}
		if err := tx.checkTeam(u.TeamID); err != nil {
			return err
		}
		u.Username, u.TwoFactorEnabled, u.CreatedAt, u.UpdatedAt = before.Username, before.TwoFactorEnabled, before.CreatedAt, tx.now
		if err := tx.execOne("user", `UPDATE users SET display_name = ?, role = ?, team_id = ?, language = ?, disabled = ?, totp_required = ?, updated_at = ?, email = ?, clinical_access = ? WHERE id = ?`,
			u.DisplayName, u.Role, nullString(u.TeamID), u.Language, boolInt(u.Disabled), boolInt(u.TwoFactorRequired), fmtTime(tx.now), u.Email,
			boolInt(u.ClinicalAccess), u.ID); err != nil {
			return err
		}
		// A session of an account newly required to use two-factor, which
		// has not enrolled, must not outlive the rule: it enrols at sign-in.
		mustEnrol := u.TwoFactorRequired && !before.TwoFactorRequired && !before.TwoFactorEnabled
		if u.Disabled || u.Role != before.Role || mustEnrol {
			if err := tx.endSessions(u.ID, ""); err != nil {
				return err
			}
		}
		if u.Disabled {
			if _, err := tx.exec(`DELETE FROM api_tokens WHERE user_id = ?`, u.ID); err != nil {
				return err
			}
		}
		return tx.audit("update", "user", u.ID, before, u)
	})
}

// SetPassword replaces an account's password and ends all its sessions
// (an administrator's reset), once proof, the acting administrator's own,
// holds (see asAdministrator). The password itself is never audited.
func (s *Store) SetPassword(ctx context.Context, userID, password string, proof AccountProof) error {
	if err := requireUsers(ctx); err != nil {
		return err
	}
	var username, displayName string
	err := s.read(ctx, func(tx *Tx) error {
		return tx.mapErr(tx.queryRow(`SELECT username, display_name FROM users WHERE id = ?`, userID).Scan(&username, &displayName), "user")
	})
	if err != nil {
		return err
	}
	if err := validateNewPassword(username, password, displayName); err != nil {
		return err
	}
	var hash string
	prepare := func() (err error) {
		hash, err = s.hashPassword(ctx, password)
		return err
	}
	return s.asAdministrator(ctx, proof, prepare, func(tx *Tx) error { return tx.replacePassword(userID, hash, "") })
}

// PasswordChange is the signed-in user's change of their own password.
type PasswordChange struct {
	Session  string // the token of this browser's session: it stays signed in, every other ends
	Current  string // the current password
	Password string // the new one
	Lockout  LockoutPolicy
}

// ChangeOwnPassword replaces the signed-in user's password once the
// current one is given, and ends every other session of the account,
// since one may be a stolen one. A wrong current password counts towards
// the lockout of sign-in and is audited; when it starts the lockout, the
// session that tried ends too.
func (s *Store) ChangeOwnPassword(ctx context.Context, c PasswordChange) error {
	a, err := s.findAccount(ctx)
	if err != nil {
		return err
	}
	ok, err := s.checkPassword(ctx, a.hash, c.Current)
	if err != nil {
		return err
	}
	var hash string
	if ok {
		if err := validateNewPassword(a.user.Username, c.Password, a.user.DisplayName); err != nil {
			return err
		}
		if hash, err = s.hashPassword(ctx, c.Password); err != nil {
			return err
		}
	}
	var refused error
	err = s.write(ctx, func(tx *Tx) error {
		// Only the password is asked: the second factor guards its own changes.
		proof := AccountProof{Session: c.Session, Lockout: c.Lockout}
		if refused, err = tx.checkProof(a, ok, false, proof); err != nil || refused != nil {
			return err
		}
		return tx.replacePassword(a.user.ID, hash, hashToken(c.Session))
	})
	return firstErr(err, refused)
}

// replacePassword sets an account's password hash and ends its sessions
// but the one whose token hash is keepSession.
func (tx *Tx) replacePassword(userID, hash, keepSession string) error {
	if err := tx.execOne("user", `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`, hash, fmtTime(tx.now), userID); err != nil {
		return err
	}
	if err := tx.endSessions(userID, keepSession); err != nil {
		return err
	}
	return tx.audit("password", "user", userID, nil, nil)
}

// Authenticate checks a user name and password. Unknown names, wrong
// passwords and disabled accounts give the same error after the same work.
func (s *Store) Authenticate(ctx context.Context, username, password string) (*haki.User, error) {
	var u *haki.User
	var hash string
	err := s.read(ctx, func(tx *Tx) error {
		var err error
		u, err = scanUser(tx.queryRow(`SELECT `+userColumns+`, password_hash FROM users WHERE username = ?`, normalUsername(username)), &hash)
		if isNoRows(err) {
			u, hash = nil, ""
			return nil
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if u == nil {
		hash = ""
	}
	if ok, err := s.checkPassword(ctx, hash, password); err != nil {
		return nil, err
	} else if !ok || u.Disabled {
		return nil, errWrongPassword
	}
	return u, nil
}

// CreateAPIToken makes a new API token for the user and returns it; only
// its hash is kept, so it is shown once. A token acts as its owner, so
// proof is the acting administrator's own (see asAdministrator): a stolen
// session alone cannot mint a way in as someone else.
func (s *Store) CreateAPIToken(ctx context.Context, userID string, proof AccountProof) (string, error) {
	token := "haki_" + randomToken()
	err := s.asAdministrator(ctx, proof, nil, func(tx *Tx) error {
		var disabled bool
		if err := tx.queryRow(`SELECT disabled FROM users WHERE id = ?`, userID).Scan(&disabled); err != nil {
			return tx.mapErr(err, "user")
		} else if disabled {
			return haki.Errorf(haki.EINVALID, "The account is disabled.")
		}
		if _, err := tx.exec(`INSERT INTO api_tokens (token_hash, user_id, created_at) VALUES (?, ?, ?)`, hashToken(token), userID, fmtTime(tx.now)); err != nil {
			return err
		}
		return tx.audit("create", "api_token", userID, nil, nil)
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// FindUserByAPIToken returns the enabled account that owns the token.
func (s *Store) FindUserByAPIToken(ctx context.Context, token string) (*haki.User, error) {
	var u *haki.User
	err := s.read(ctx, func(tx *Tx) (err error) {
		u, err = scanUser(tx.queryRow(`SELECT `+prefixed("u.", userColumns)+` FROM api_tokens t JOIN users u ON u.id = t.user_id
			WHERE t.token_hash = ? AND u.disabled = 0`, hashToken(token)))
		if isNoRows(err) {
			return haki.Errorf(haki.EUNAUTHORIZED, "The API token is not valid.")
		}
		return err
	})
	return u, err
}

// CreateTeam adds a team.
func (s *Store) CreateTeam(ctx context.Context, t *haki.Team) error {
	if err := requireUsers(ctx); err != nil {
		return err
	}
	t.Name = strings.TrimSpace(t.Name)
	if t.Name == "" || len(t.Name) > 100 {
		return &haki.Error{Code: haki.EINVALID, Message: "Some fields need attention.", Fields: map[string]string{"name": "Enter a team name under 100 characters."}}
	}
	return s.write(ctx, func(tx *Tx) error {
		t.ID = newID()
		if _, err := tx.exec(`INSERT INTO teams (id, name, created_at) VALUES (?, ?, ?)`, t.ID, t.Name, fmtTime(tx.now)); err != nil {
			return tx.mapErr(err, "team")
		}
		return tx.audit("create", "team", t.ID, nil, t)
	})
}

// FindTeams lists the teams by name. Anyone signed in may.
func (s *Store) FindTeams(ctx context.Context) ([]*haki.Team, error) {
	var out []*haki.Team
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT id, name FROM teams ORDER BY name`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			t := &haki.Team{}
			if err := rows.Scan(&t.ID, &t.Name); err != nil {
				return err
			}
			out = append(out, t)
		}
		return rows.Err()
	})
	return out, err
}

func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// prefixed puts p before each column of a comma-separated list.
func prefixed(p, cols string) string {
	parts := strings.Split(cols, ", ")
	for i, c := range parts {
		if strings.HasPrefix(c, "COALESCE(") {
			parts[i] = "COALESCE(" + p + c[len("COALESCE("):]
		} else if !strings.HasPrefix(c, "'") { // the default of a COALESCE, e.g. '')
			parts[i] = p + c
		}
	}
	return strings.Join(parts, ", ")
}
