package web

import (
	"net/http"
	"strings"
)

// setLang remembers the chosen language in a cookie for a year and goes
// back to the page the switch was on.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request) error {
	if lang := r.PostForm.Get("lang"); knownLang(lang) {
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	}
	next := r.PostForm.Get("next")
	// Only a path on this site: "//host" and "/\host" would leave it.
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}
