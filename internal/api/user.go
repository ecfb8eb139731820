package api

import (
	"net/http"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

func (s *Server) getMe(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, haki.UserFromContext(r.Context()))
}

// TimeZoneChange is the body of PUT /me/time-zone.
type TimeZoneChange struct {
	TimeZone string `json:"time_zone"`
}

// putTimeZone sets the zone the caller reads times in.
func (s *Server) putTimeZone(w http.ResponseWriter, r *http.Request) error {
	var in TimeZoneChange
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ctx := r.Context()
	if err := s.store.SetOwnTimeZone(ctx, in.TimeZone); err != nil {
		return err
	}
	u, err := s.store.FindUserByID(ctx, haki.UserFromContext(ctx).ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, u)
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) error {
	users, err := s.store.FindUsers(r.Context())
	if err != nil {
		return err
	}
	return writeList(w, users, "")
}

// NewUser is the body of POST /users.
type NewUser struct {
	Username    string    `json:"username"`
	DisplayName string    `json:"display_name"`
	Role        haki.Role `json:"role"`
	TeamID      string    `json:"team_id,omitempty"`
	Language    string    `json:"language,omitempty"`
	Password    string    `json:"password"`
	// The acting administrator's own current password and, if they have
	// a second factor, a current code or an unused recovery code.
	CurrentPassword string `json:"current_password"`
	CurrentCode     string `json:"current_code,omitempty"`
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) error {
	var in NewUser
	if err := decode(w, r, &in); err != nil {
		return err
	}
	u := &haki.User{Username: in.Username, DisplayName: in.DisplayName, Role: in.Role, TeamID: in.TeamID, Language: in.Language}
	if err := s.store.CreateUser(r.Context(), u, in.Password, store.AccountProof{Password: in.CurrentPassword, Code: in.CurrentCode}); err != nil {
		return err
	}
	return writeCreated(w, v1+"/users/"+u.ID, u)
}

func (s *Server) getUser(w http.ResponseWriter, r *http.Request) error {
	u, err := s.store.FindUserByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, u)
}

// UserChange is the body of PUT /users/{id}: every field an administrator
// may change. The user name never changes; passwords are set elsewhere.
type UserChange struct {
	DisplayName string    `json:"display_name"`
	Role        haki.Role `json:"role"`
	TeamID      string    `json:"team_id,omitempty"`
	Language    string    `json:"language"`
	Disabled    bool      `json:"disabled"`
	// Email, when given, is where the account's reminders and notices go
	// ("" for none); changing it needs the proof below.
	Email *string `json:"email,omitempty"`
	// ClinicalAccess, when given, grants (true) or revokes (false) the
	// reading of medico-legal evaluations; omitted, the account keeps what
	// it has. Granting it needs the proof below.
	ClinicalAccess *bool `json:"clinical_access,omitempty"`
	// Making an account an administrator, or changing its email, also needs the acting
	// administrator's own current password and, if they have a second
	// factor, a current code or an unused recovery code.
	CurrentPassword string `json:"current_password,omitempty"`
	CurrentCode     string `json:"current_code,omitempty"`
}

func (s *Server) updateUser(w http.ResponseWriter, r *http.Request) error {
	var in UserChange
	if err := decode(w, r, &in); err != nil {
		return err
	}
	u, err := s.store.FindUserByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	u.DisplayName, u.Role, u.TeamID, u.Language, u.Disabled = in.DisplayName, in.Role, in.TeamID, in.Language, in.Disabled
	if u.Language == "" {
		u.Language = "en"
	}
	if in.Email != nil {
		u.Email = *in.Email
	}
	if in.ClinicalAccess != nil {
		u.ClinicalAccess = *in.ClinicalAccess
	}
	if err := s.store.UpdateUser(r.Context(), u, store.AccountProof{Password: in.CurrentPassword, Code: in.CurrentCode}); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, u)
}

func (s *Server) listTeams(w http.ResponseWriter, r *http.Request) error {
	teams, err := s.store.FindTeams(r.Context())
	if err != nil {
		return err
	}
	return writeList(w, teams, "")
}

// NewTeam is the body of POST /teams.
type NewTeam struct {
	Name string `json:"name"`
}

func (s *Server) createTeam(w http.ResponseWriter, r *http.Request) error {
	var in NewTeam
	if err := decode(w, r, &in); err != nil {
		return err
	}
	t := &haki.Team{Name: in.Name}
	if err := s.store.CreateTeam(r.Context(), t); err != nil {
		return err
	}
	return writeCreated(w, v1+"/teams", t)
}
