package httpx

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// HandlerFunc is the shape of every page, action and API handler: it
// writes a response, or returns an error for its room's ErrorWriter.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// ErrorWriter turns an error into a response in its room's format: an
// HTML page for the web UI, problem+json for the API.
type ErrorWriter func(w http.ResponseWriter, r *http.Request, err error)

// The errors of a refused guard. Rooms may word them their own way (the
// API points to its token) by comparing with these.
var (
	ErrSignIn    = haki.Errorf(haki.EUNAUTHORIZED, "Sign in first.")
	ErrForbidden = haki.Errorf(haki.EFORBIDDEN, "You are not allowed to do that.")
	ErrNoRecord  = haki.Errorf(haki.ENOTFOUND, "No such record.")
)

// Guard is what a route asks of its caller. Web and API routes are all
// registered behind one, so the check is the same in both rooms.
type Guard struct {
	// Perm is the permission the caller's role must hold; "" marks a
	// public route.
	Perm haki.Permission
	// Hidden routes read one record: a signed-in role without Perm learns
	// only that there is no such record, as the store would say.
	Hidden bool
}

// Check returns nil when the request's user passes the guard, and
// otherwise ErrSignIn, ErrForbidden or (for a hidden route) ErrNoRecord.
func (g Guard) Check(r *http.Request) error {
	if g.Perm == "" {
		return nil
	}
	u := haki.UserFromContext(r.Context())
	switch {
	case u == nil:
		return ErrSignIn
	case u.Can(g.Perm):
		return nil
	case g.Hidden:
		return ErrNoRecord
	}
	return ErrForbidden
}

// Handle returns h behind the guard: it names the route for the log line,
// refuses text that cannot be stored in the path, query or headers
// (CheckRequest), checks the caller, runs h, and hands any error to fail.
func (g Guard) Handle(h HandlerFunc, fail ErrorWriter) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		Info(r.Context()).Route = r.Pattern
		err := CheckRequest(r)
		if err == nil {
			err = g.Check(r)
		}
		if err == nil {
			err = h(w, r)
		}
		if err != nil {
			fail(w, r, err)
		}
	})
}
