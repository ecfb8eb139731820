package web

import (
	"net/http"
)

// setLang remembers the chosen language in a cookie for a year and goes
// back to the page the switch was on, if that is a path on this site.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request) error {
	if lang := r.PostForm.Get("lang"); knownLang(lang) {
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	}
	next, ok := localPath(r.PostForm.Get("next"))
	if !ok {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}
