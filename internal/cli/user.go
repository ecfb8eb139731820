package cli

import (
	"context"
	"errors"
	"fmt"
	"text/tabwriter"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/config"
	"github.com/haki-kenya/haki/internal/store"
)

// user manages accounts from the shell. It acts as the system: whoever runs
// it has the server's data, so it needs no account of its own. Each action
// is audited.
func (m *Main) user(ctx context.Context, args []string) error {
	usage := "user add NAME --role ROLE [--team TEAM] | list | disable NAME | reset-password NAME | token NAME   [--data DIR | --database URL]"
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintf(m.Stderr, "Usage: haki %s\n\nRoles: %v\nPasswords are read from standard input.\n", usage, haki.Roles)
		if len(args) == 0 {
			return ErrUsage
		}
		return nil
	}
	var cfg config.Config
	var role, team, display string
	fs := m.flags("user "+args[0], usage)
	m.dataFlags(fs, &cfg)
	fs.StringVar(&role, "role", "", "role of a new account: "+fmt.Sprint(haki.Roles))
	fs.StringVar(&team, "team", "", "team name of a new account (created if missing)")
	fs.StringVar(&display, "name", "", "display name of a new account")
	action, rest := args[0], args[1:]
	var name string
	if len(rest) > 0 && rest[0] != "" && rest[0][0] != '-' {
		name, rest = rest[0], rest[1:]
	}
	if done, err := parse(fs, rest); done {
		return err
	}
	if name == "" && fs.NArg() > 0 {
		name = fs.Arg(0)
	}
	if action != "list" && name == "" {
		fmt.Fprintf(m.Stderr, "haki user %s: give the user name\n", action)
		return ErrUsage
	}
	s, err := m.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx = haki.SystemContext(ctx)
	switch action {
	case "add":
		return m.userAdd(ctx, s, name, haki.Role(role), team, display)
	case "list":
		users, err := s.FindUsers(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "USERNAME\tROLE\tDISABLED\tCREATED")
		for _, u := range users {
			fmt.Fprintf(w, "%s\t%s\t%t\t%s\n", u.Username, u.Role, u.Disabled, u.CreatedAt.Format("2006-01-02"))
		}
		return w.Flush()
	case "disable":
		u, err := s.FindUserByUsername(ctx, name)
		if err != nil {
			return err
		}
		u.Disabled = true
		if err := s.UpdateUser(ctx, u, store.AccountProof{}); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "Disabled %s; their sessions and API tokens are ended.\n", name)
	case "reset-password":
		u, err := s.FindUserByUsername(ctx, name)
		if err != nil {
			return err
		}
		pw, err := m.readPassword()
		if err != nil {
			return err
		}
		if err := s.SetPassword(ctx, u.ID, pw, store.AccountProof{}); err != nil { // the system needs no proof
			return err
		}
		fmt.Fprintf(m.Stdout, "New password set for %s; their sessions are ended.\n", name)
	case "token":
		u, err := s.FindUserByUsername(ctx, name)
		if err != nil {
			return err
		}
		token, err := s.CreateAPIToken(ctx, u.ID, store.AccountProof{})
		if err != nil {
			return err
		}
		fmt.Fprintln(m.Stdout, token)
	default:
		fmt.Fprintf(m.Stderr, "haki user: unknown action %q\n", action)
		return ErrUsage
	}
	return nil
}

func (m *Main) userAdd(ctx context.Context, s *store.Store, name string, role haki.Role, team, display string) error {
	if !role.Valid() {
		return fmt.Errorf("give --role, one of %v", haki.Roles)
	}
	u := &haki.User{Username: name, Role: role, DisplayName: display}
	if team != "" {
		id, err := teamID(ctx, s, team)
		if err != nil {
			return err
		}
		u.TeamID = id
	}
	pw, err := m.readPassword()
	if err != nil {
		return err
	}
	if err := s.CreateUser(ctx, u, pw, store.AccountProof{}); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "Added %s (%s).\n", u.Username, u.Role)
	return nil
}

func teamID(ctx context.Context, s *store.Store, name string) (string, error) {
	teams, err := s.FindTeams(ctx)
	if err != nil {
		return "", err
	}
	for _, t := range teams {
		if t.Name == name {
			return t.ID, nil
		}
	}
	t := &haki.Team{Name: name}
	if err := s.CreateTeam(ctx, t); err != nil {
		return "", errors.Join(errors.New("create team"), err)
	}
	return t.ID, nil
}
