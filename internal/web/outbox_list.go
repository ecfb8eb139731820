package web

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/haki-kenya/haki/internal/store"
)

// outboxPageSize is how many messages the delivery page lists at a time.
const outboxPageSize = 50

// outboxListPage is the delivery page: what the outbox did with each
// message, never to whom or what it said.
type outboxListPage struct {
	Page
	Entries         []*store.OutboxEntry
	Status, Channel string
	Statuses        []string
	// Unconfigured lists the channels this server does not send: their
	// messages wait.
	Unconfigured []string
	Next         string // the query of the next page, "" on the last
}

// outboxList lists the outbox, newest first, filtered by status and channel.
func (s *Server) outboxList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p := outboxListPage{Page: s.page(w, r, "outbox.list.title"), Status: q.Get("status"), Channel: q.Get("channel"),
		Statuses: []string{store.OutboxQueued, store.OutboxSending, store.OutboxSent, store.OutboxFailed, store.OutboxCancelled, store.OutboxUnknown}}
	if p.Channel != store.ChannelEmail && p.Channel != store.ChannelSMS {
		p.Channel = ""
	}
	if !slices.Contains(p.Statuses, p.Status) {
		p.Status = ""
	}
	for _, c := range []string{store.ChannelEmail, store.ChannelSMS} {
		if !slices.Contains(s.channels, c) {
			p.Unconfigured = append(p.Unconfigured, c)
		}
	}
	entries, err := s.store.FindOutbox(r.Context(), store.OutboxFilter{Status: p.Status, Channel: p.Channel, Before: q.Get("before"),
		Limit: outboxPageSize + 1})
	if err != nil {
		return err
	}
	if len(entries) > outboxPageSize {
		entries = entries[:outboxPageSize]
		next := url.Values{"before": {entries[len(entries)-1].ID}}
		if p.Status != "" {
			next.Set("status", p.Status)
		}
		if p.Channel != "" {
			next.Set("channel", p.Channel)
		}
		p.Next = next.Encode()
	}
	p.Entries = entries
	return s.render(w, r, http.StatusOK, "outbox_list", p)
}

// outboxRequeue sends again a message whose delivery is unknown or that
// failed: an administrator's decision, audited.
func (s *Server) outboxRequeue(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.RequeueOutbox(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	return s.redirect(w, r, "/settings/outbox", "flash.outbox_requeued")
}
