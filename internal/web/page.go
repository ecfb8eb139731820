package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/i18n"
)

const (
	flashCookie = "haki_flash"
	langCookie  = "lang"
)

// Page is what the layout needs; every page's data struct embeds it.
// Templates call {{.T "key"}} (or {{$.T "key"}} inside range and with).
type Page struct {
	Lang      string
	User      *haki.User
	CSRF      string // the session's token, masked afresh per response, for the hidden "csrf" field of every POST form and htmx's header
	Flash     string // already translated
	Demo      bool
	Title     string // already translated
	Path      string // the path of this page, for the language switch to come back to
	RequestID string
	// Unread counts the user's unread notifications (at most 100), for the
	// header's link to /notifications.
	Unread int
	// Zone is the reader's time zone (the user's choice, else East Africa
	// Time), in which When writes times.
	Zone *time.Location
	// Errors maps a form field to what is wrong with it; Err shows it beside the field.
	Errors map[string]string
	cat    *i18n.Catalog
}

// T translates a catalogue key into the page's language.
func (p Page) T(key string, args ...any) string { return p.cat.T(p.Lang, key, args...) }

// When writes an instant in the reader's zone, labelled with it:
// "2026-03-14 12:30 EAT"; "" for the zero time. Templates write every
// time of day through it ({{$.When .At}}).
func (p Page) When(t time.Time) string { return haki.FormatTime(t, p.Zone) }

// Clock writes an instant's hours and minutes in the reader's zone, as the
// end beside a When: "13:30"; "" for the zero time.
func (p Page) Clock(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	zone := p.Zone
	if zone == nil {
		zone = haki.Nairobi
	}
	return t.In(zone).Format("15:04")
}

// Can reports whether the signed-in user holds a permission, for menus and buttons.
func (p Page) Can(perm string) bool { return p.User.Can(haki.Permission(perm)) }

// Here reports whether the page is in the section at prefix, for the
// menu's aria-current.
func (p Page) Here(prefix string) bool {
	return p.Path == prefix || strings.HasPrefix(p.Path, prefix+"/")
}

// Err returns the problem with a form field, or "".
func (p Page) Err(field string) string { return p.cat.Message(p.Lang, p.Errors[field]) }

// adminProofFields is what the "admin-proof" partial draws: the acting
// administrator's own password and, if they use a second factor, a code.
type adminProofFields struct {
	Page
	Password, Code string // the fields' names
}

// AdminProof gives the "admin-proof" partial its fields, named
// prefix+"current_password" and prefix+"current_code" (see adminProof).
func (p Page) AdminProof(prefix string) adminProofFields {
	return adminProofFields{Page: p, Password: prefix + "current_password", Code: prefix + "current_code"}
}

// page builds the common part of a page for the request, and consumes the
// flash message left by the previous POST.
func (s *Server) page(w http.ResponseWriter, r *http.Request, titleKey string) Page {
	p := Page{User: haki.UserFromContext(r.Context()), Demo: s.demo, Path: r.URL.Path,
		RequestID: haki.RequestIDFromContext(r.Context()), cat: s.cat}
	p.Lang = s.lang(r)
	p.Zone = haki.Nairobi
	if p.User != nil {
		p.Zone = haki.Zone(p.User.TimeZone)
	}
	if sess := httpx.SessionFromContext(r.Context()); sess != nil {
		p.CSRF = httpx.MaskCSRF(sess.CSRFToken) // a fresh mask per response (BREACH)
	}
	p.Title = p.T(titleKey)
	if p.User != nil && p.User.ID != "" {
		n, err := s.store.CountUnreadNotifications(r.Context())
		if err != nil {
			s.logger.Warn("unread notifications", "err", err)
		}
		p.Unread = n
	}
	if c, err := r.Cookie(flashCookie); err == nil && strings.HasPrefix(c.Value, "flash.") {
		p.Flash = p.T(c.Value)
		http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secure})
	}
	return p
}

// lang picks the language: the cookie set by the switch, then the user's
// setting, then what the browser asks for.
func (s *Server) lang(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && knownLang(c.Value) {
		return c.Value
	}
	if u := haki.UserFromContext(r.Context()); u != nil && knownLang(u.Language) {
		return u.Language
	}
	return i18n.Match(r.Header.Get("Accept-Language"))
}

func knownLang(code string) bool {
	for _, l := range i18n.Languages {
		if l.Code == code {
			return true
		}
	}
	return false
}

// parseTemplates parses the layout and partials (templates/layout.html and
// templates/partials.html) once,
// then each page template (templates/<name>.html, defining "content") on a
// clone of them.
func (s *Server) parseTemplates() error {
	funcs := template.FuncMap{
		"static": s.staticPath,
		"has":    has,
		"deref":  deref,
	}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(files, "templates/layout.html", "templates/partials.html", "templates/*_section.html")
	if err != nil {
		return err
	}
	names, err := fs.Glob(files, "templates/*.html")
	if err != nil {
		return err
	}
	s.pages = map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "layout" || name == "partials" || strings.HasSuffix(name, "_section") {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(files, n)
		if err != nil {
			return err
		}
		s.pages[name] = t
	}
	return nil
}

// render executes a page template into a buffer, so a failing template
// gives an error page instead of half a page, then writes it.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) error {
	return s.execute(w, status, name, "layout.html", data)
}

// execute runs the entry template (the layout, or a page's "content" alone)
// of the page name into a buffer, then writes it.
func (s *Server) execute(w http.ResponseWriter, status int, name, entry string, data any) error {
	t, ok := s.pages[name]
	if !ok {
		return fmt.Errorf("no template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, entry, data); err != nil {
		return fmt.Errorf("template %s: %w", name, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// Pages hold personal data: never keep them in a cache.
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// has reports whether a list holds a value, for checkboxes and multi-selects.
func has(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// deref shows an optional number, "" when unset.
func deref(v any) string {
	switch n := v.(type) {
	case *int:
		if n != nil {
			return fmt.Sprint(*n)
		}
	case *float64:
		if n != nil {
			return fmt.Sprint(*n)
		}
	}
	return ""
}

// Date writes a date as people read it: as recorded (2017-03-14, 2017-03,
// ~2017), or in words when unknown ("Date unknown", "before 2010").
func (p Page) Date(d haki.FuzzyDate) string {
	switch {
	case !d.Unknown():
		return d.String()
	case d.Before != 0:
		return p.T("date.before", strconv.Itoa(d.Before))
	case d.After != 0:
		return p.T("date.after", strconv.Itoa(d.After))
	}
	return p.T("date.unknown")
}
