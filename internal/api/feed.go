package api

import (
	"net/http"
	"slices"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
)

// Phone subscriptions, the outbox and reminders.

// FeedJSON is a calendar subscription link. Token and Path come only in
// the answer that makes it: the token is stored as a hash.
type FeedJSON struct {
	*store.FeedToken
	// Path is where the feed is served, relative to the server, e.g.
	// /feeds/hakical_....ics; prefix https:// or webcal:// and the host.
	Path string `json:"path,omitempty"`
}

// FeedCreate is the body that makes a link: scope "user" for the caller's
// own calendar, "team" with team_id for a team's.
type FeedCreate struct {
	Scope  string `json:"scope"`
	TeamID string `json:"team_id,omitempty"`
}

func (s *Server) listFeeds(w http.ResponseWriter, r *http.Request) error {
	feeds, err := s.store.FindFeeds(r.Context())
	if err != nil {
		return err
	}
	out := make([]*FeedJSON, len(feeds))
	for i, f := range feeds {
		out[i] = &FeedJSON{FeedToken: f}
	}
	return writeList(w, out, "")
}

func (s *Server) createFeed(w http.ResponseWriter, r *http.Request) error {
	var in FeedCreate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	f, err := s.store.CreateFeed(r.Context(), in.Scope, in.TeamID)
	if err != nil {
		return err
	}
	return writeCreated(w, v1+"/feeds", &FeedJSON{FeedToken: f, Path: "/feeds/" + f.Token + ".ics"})
}

func (s *Server) revokeFeed(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.RevokeFeed(r.Context(), r.PathValue("feed")); err != nil {
		return err
	}
	return noContent(w)
}

// listOutbox lists the outbox for administrators, newest first, without
// recipients or content: ?status=&channel=&purpose=&cursor=&limit=.
func (s *Server) listOutbox(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	cursor, limit, err := pageParams(r)
	if err != nil {
		return err
	}
	limit = min(max(limit, 1), 500)
	if q.Get("limit") == "" {
		limit = 100
	}
	channel := q.Get("channel")
	if channel != "" && !slices.Contains([]string{store.ChannelEmail, store.ChannelSMS}, channel) {
		return &haki.Error{Code: haki.EINVALID, Message: "Some fields need attention.", Fields: map[string]string{"channel": "Choose email or SMS."}}
	}
	entries, err := s.store.FindOutbox(r.Context(), store.OutboxFilter{Status: q.Get("status"), Channel: channel, Purpose: q.Get("purpose"),
		Before: cursor, Limit: limit + 1})
	if err != nil {
		return err
	}
	next := ""
	if len(entries) > limit {
		entries = entries[:limit]
		next = entries[len(entries)-1].ID
	}
	out := make([]*OutboxEntryJSON, len(entries))
	for i, e := range entries {
		out[i] = &OutboxEntryJSON{ID: e.ID, Channel: e.Channel, Purpose: e.Purpose, RefKind: e.RefKind, RefID: e.RefID, Status: e.Status,
			Attempts: e.Attempts, NextAttemptAt: e.NextAttemptAt, ExpiresAt: e.ExpiresAt, CreatedAt: e.CreatedAt, SentAt: e.SentAt,
			LastError: e.LastError, ProviderID: e.ProviderID, Requeueable: e.Requeueable}
	}
	return writeList(w, out, next)
}

// OutboxEntryJSON is the delivery of one message: never its recipient or
// content.
type OutboxEntryJSON struct {
	ID            string    `json:"id"`
	Channel       string    `json:"channel"`
	Purpose       string    `json:"purpose"`
	RefKind       string    `json:"ref_kind,omitempty"`
	RefID         string    `json:"ref_id,omitempty"`
	Status        string    `json:"status"`
	Attempts      int       `json:"attempts"`
	NextAttemptAt time.Time `json:"next_attempt_at,omitzero"`
	ExpiresAt     time.Time `json:"expires_at,omitzero"`
	CreatedAt     time.Time `json:"created_at"`
	SentAt        time.Time `json:"sent_at,omitzero"`
	LastError     string    `json:"last_error,omitempty"`
	ProviderID    string    `json:"provider_id,omitempty"`
	Requeueable   bool      `json:"requeueable"`
}

func (s *Server) requeueOutbox(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.RequeueOutbox(r.Context(), r.PathValue("message")); err != nil {
		return err
	}
	return noContent(w)
}

// listEventReminders tells the delivery of an event's reminders.
func (s *Server) listEventReminders(w http.ResponseWriter, r *http.Request) error {
	rs, err := s.store.FindEventReminders(r.Context(), r.PathValue("event"))
	if err != nil {
		return err
	}
	return writeList(w, rs, "")
}
