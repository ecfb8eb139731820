package web

import (
	"net/http"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
)

// handlerFunc is the shape of every page and action: it writes a response
// or returns an error for fail to turn into one.
type handlerFunc = httpx.HandlerFunc

// route is one registered pattern and the permission it needs; "" is public.
type route struct {
	pattern string
	perm    haki.Permission
}

// maxFormBytes bounds a form body. A narrative may be 100,000 characters.
const maxFormBytes = 2 << 20

// handle registers a route open to signed-in users whose role holds perm,
// behind the guard the API's routes use too. Anonymous GETs are sent to the
// sign-in page; a POST from a browser session must carry the session's
// CSRF token.
func (s *Server) handle(pattern string, perm haki.Permission, h handlerFunc) {
	s.routes = append(s.routes, route{pattern, perm})
	s.mux.Handle(pattern, httpx.Guard{Perm: perm}.Handle(s.withForm(h), s.fail))
}

// Patterns returns the pattern of every registered route, in order, for
// tests that walk them all.
func (s *Server) Patterns() []string {
	out := make([]string, len(s.routes))
	for i, rt := range s.routes {
		out[i] = rt.pattern
	}
	return out
}

// public registers a route anyone may use (sign-in, static files, language).
func (s *Server) public(pattern string, h handlerFunc) {
	s.routes = append(s.routes, route{pattern, ""})
	s.mux.Handle(pattern, httpx.Guard{}.Handle(s.withForm(h), s.fail))
}

// withForm bounds, reads and checks the form of a POST before h runs: its
// CSRF token, and text that cannot be stored.
func (s *Server) withForm(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
			if err := r.ParseForm(); err != nil {
				return haki.Errorf(haki.EINVALID, "The form could not be read.")
			}
			if !validCSRF(r) {
				return errCSRF
			}
			if err := httpx.CheckValues(r.PostForm); err != nil {
				return err
			}
		}
		return h(w, r)
	}
}

// errCSRF is the error of a form without the session's token: an old page
// from before sign-in, or a forged request.
var errCSRF = haki.Errorf(haki.EFORBIDDEN, "csrf")

// validCSRF reports whether a POST carries its session's CSRF token, masked
// or plain, in its csrf field or (htmx) its X-CSRF-Token header. Requests
// without a browser session (anonymous sign-in, API tokens) have none to check;
// http.CrossOriginProtection guards them.
func validCSRF(r *http.Request) bool {
	sess := httpx.SessionFromContext(r.Context())
	if sess == nil {
		return true
	}
	return httpx.CSRFMatches(sess.CSRFToken, httpx.CSRFFromRequest(r))
}

// errorPage is the data of the error template.
type errorPage struct {
	Page
	Status  int
	Message string
}

// fail writes the response for an error: sign-in for the anonymous, a page
// with the status of the error code otherwise. Internal errors are logged
// with the request id and never shown.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if httpx.ClientGone(r, err) {
		s.logger.InfoContext(r.Context(), "request ended by the client",
			"request_id", haki.RequestIDFromContext(r.Context()), "route", r.Pattern)
		return
	}
	code := haki.ErrorCode(err)
	if code == haki.EUNAUTHORIZED && r.Method == http.MethodGet {
		http.Redirect(w, r, "/signin", http.StatusSeeOther)
		return
	}
	status := httpx.Status(code)
	p := s.page(w, r, "error.title")
	msg := ""
	switch {
	case err == errCSRF:
		msg = p.T("error.form_expired")
	case code == haki.EUNAUTHORIZED:
		msg = p.T("error.unauthorized")
	case code == haki.EFORBIDDEN:
		msg = p.T("error.forbidden")
	case code == haki.ENOTFOUND:
		msg = p.T("error.not_found")
	case code == haki.ECONFLICT:
		msg = p.T("error.conflict")
	case code == haki.EINVALID:
		msg = p.cat.Message(p.Lang, haki.ErrorMessage(err))
	case code == haki.EBUSY:
		w.Header().Set("Retry-After", httpx.RetryAfter)
		msg = p.cat.Message(p.Lang, haki.ErrorMessage(err))
	default:
		s.logger.ErrorContext(r.Context(), "internal error", "err", err,
			"request_id", haki.RequestIDFromContext(r.Context()), "route", r.Pattern)
		msg = p.T("error.internal", p.RequestID)
	}
	if err := s.render(w, r, status, "error", errorPage{Page: p, Status: status, Message: msg}); err != nil {
		s.logger.ErrorContext(r.Context(), "render error page", "err", err)
		http.Error(w, "Internal error", http.StatusInternalServerError)
	}
}

// notFound answers paths no route matches.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) error {
	return haki.Errorf(haki.ENOTFOUND, "No such page.")
}

// redirect answers a successful POST: Post/Redirect/Get, with a flash
// message (a catalogue key) shown on the next page.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to, flashKey string) error {
	if flashKey != "" {
		http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: flashKey, Path: "/", MaxAge: 60,
			HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}
