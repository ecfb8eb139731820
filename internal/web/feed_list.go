package web

import (
	"net/http"
	"strings"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// feedListPage lists the signed-in user's calendar subscription links.
type feedListPage struct {
	Page
	Feeds []*store.FeedToken
	Teams []*haki.Team // the team calendars the user may subscribe to
	// New is the link just made, shown on this response only.
	New                 *store.FeedToken
	HTTPSURL, WebcalURL string
}

// feedList shows the links with the form to make one.
func (s *Server) feedList(w http.ResponseWriter, r *http.Request) error {
	return s.renderFeeds(w, r, feedListPage{Page: s.page(w, r, "feed.list.title")}, http.StatusOK)
}

func (s *Server) renderFeeds(w http.ResponseWriter, r *http.Request, p feedListPage, status int) error {
	ctx := r.Context()
	feeds, err := s.store.FindFeeds(ctx)
	if err != nil {
		return err
	}
	teams, err := s.store.FindTeams(ctx)
	if err != nil {
		return err
	}
	for _, t := range teams {
		if t.ID == p.User.TeamID || p.User.Role.SeesAllRecords() {
			p.Teams = append(p.Teams, t)
		}
	}
	p.Feeds = feeds
	return s.render(w, r, status, "feed_list", p)
}

// feedCreate makes a link and shows it once: it is never put in a URL the
// browser keeps, a cookie or a flash, and only its hash is stored.
func (s *Server) feedCreate(w http.ResponseWriter, r *http.Request) error {
	f := newForm(r)
	scope, teamID := store.FeedUser, ""
	if v := f.str("calendar"); v != "" && v != "me" {
		scope, teamID = store.FeedTeam, v
	}
	feed, err := s.store.CreateFeed(r.Context(), scope, teamID)
	p := feedListPage{Page: s.page(w, r, "feed.list.title")}
	if fields, ok := fieldErrors(err); ok {
		p.Errors = map[string]string{"calendar": strings.Join(values(fields), " ")}
		return s.renderFeeds(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	base := s.feedBase(r)
	p.New, p.HTTPSURL = feed, base+"/feeds/"+feed.Token+".ics"
	p.WebcalURL = "webcal://" + strings.TrimPrefix(strings.TrimPrefix(base, "https://"), "http://") + "/feeds/" + feed.Token + ".ics"
	w.Header().Set("Referrer-Policy", "no-referrer")
	return s.renderFeeds(w, r, p, http.StatusOK)
}

func values(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// feedBase is the scheme and host of the links: the configured base URL,
// or else the request's.
func (s *Server) feedBase(r *http.Request) string {
	if s.baseURL != "" {
		return strings.TrimRight(s.baseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil || s.secure {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// feedRevoke stops one of the user's links for ever.
func (s *Server) feedRevoke(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.RevokeFeed(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	return s.redirect(w, r, "/account/calendar-feeds", "flash.feed_revoked")
}
