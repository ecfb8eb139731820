package haki

import "context"

// SystemUser acts for commands run from the shell (haki user add, haki
// demo): it may do what an administrator may. Web and API requests never
// carry it.
var SystemUser = &User{ID: "", Username: "system", DisplayName: "System", Role: RoleAdmin}

// SystemContext returns ctx acting as SystemUser.
func SystemContext(ctx context.Context) context.Context { return NewContextWithUser(ctx, SystemUser) }
