package store

import (
	"context"
	"maps"
	"slices"
	"sync"

	"github.com/haki-kenya/haki"
)

// The store records what it reveals. A read that opens identities or
// sealed free text (a person, a case's client, an act's victim, an
// incident's title and narrative, a source's description, an officer)
// notes the records with tx.reveal. When the read commits, the notes go to
// the request's Reveals, which the HTTP edge (or a command) creates with
// WithReveals and writes with RecordReveals before the answer leaves: one
// "view" audit entry per request and kind of record, naming the records and
// the route or command as purpose. A read made without a Reveals writes its
// entries itself at once (for the purpose WithPurpose gives, as commands
// do), so no caller can forget them. Researchers and viewers
// are shown no identities and leave no entries. Writes record their own
// create, update and delete entries instead.

// Reveals collects what one request was shown.
type Reveals struct {
	mu        sync.Mutex
	purpose   string
	user      *haki.User
	requestID string
	ids       map[string]map[string]bool // kind of record -> ids
}

type revealsKey struct{}

type purposeKey struct{}

// WithPurpose names what the work done with ctx is for (a command, "haki
// demo"), for the view entries of reads made without a Reveals.
func WithPurpose(ctx context.Context, purpose string) context.Context {
	return context.WithValue(ctx, purposeKey{}, purpose)
}

// WithReveals returns a context whose store reads note what they reveal in
// the returned Reveals, for purpose (the route or command; SetPurpose may
// set it later, once the route is known).
func WithReveals(ctx context.Context, purpose string) (context.Context, *Reveals) {
	r := &Reveals{purpose: purpose, ids: map[string]map[string]bool{}}
	return context.WithValue(ctx, revealsKey{}, r), r
}

// SetPurpose names what the request was for: its route or command.
func (r *Reveals) SetPurpose(purpose string) {
	r.mu.Lock()
	r.purpose = purpose
	r.mu.Unlock()
}

// add merges a transaction's notes.
func (r *Reveals) add(ctx context.Context, u *haki.User, noted map[string]map[string]bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.user == nil {
		r.user, r.requestID = u, haki.RequestIDFromContext(ctx)
	}
	for kind, ids := range noted {
		if r.ids[kind] == nil {
			r.ids[kind] = map[string]bool{}
		}
		maps.Copy(r.ids[kind], ids)
	}
}

// take returns the audit entries of what was noted since the last take,
// one per kind of record, and forgets it.
func (r *Reveals) take(at string) []*chainEntry {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []*chainEntry
	for _, kind := range slices.Sorted(maps.Keys(r.ids)) {
		ids := slices.Sorted(maps.Keys(r.ids[kind]))
		after, err := auditJSON(auditView{IDs: ids, Purpose: r.purpose})
		if err != nil || len(ids) == 0 {
			continue
		}
		e := &chainEntry{At: at, Action: "view", Entity: kind, After: after, RequestID: r.requestID}
		if r.user != nil {
			e.UserID, e.Username = r.user.ID, r.user.Username
		}
		out = append(out, e)
	}
	clear(r.ids)
	return out
}

// reveal notes that the transaction opened the identities or sealed text of
// the records ids of a kind ("person", "incident", "source",
// "involvement", "intake_draft"). Only reads note: a write records itself.
func (tx *Tx) reveal(kind string, ids ...string) {
	if !tx.readOnly || tx.user == nil || !tx.user.Role.SeesIdentities() {
		return
	}
	for _, id := range ids {
		if id == "" {
			continue
		}
		if tx.revealed == nil {
			tx.revealed = map[string]map[string]bool{}
		}
		if tx.revealed[kind] == nil {
			tx.revealed[kind] = map[string]bool{}
		}
		tx.revealed[kind][id] = true
	}
}

// settleReveals hands a committed read's notes to the request's Reveals, or
// without one records them at once.
func (tx *Tx) settleReveals() error {
	if len(tx.revealed) == 0 {
		return nil
	}
	if r, ok := tx.ctx.Value(revealsKey{}).(*Reveals); ok {
		r.add(tx.ctx, tx.user, tx.revealed)
		return nil
	}
	purpose, _ := tx.ctx.Value(purposeKey{}).(string)
	_, r := WithReveals(tx.ctx, purpose)
	r.add(tx.ctx, tx.user, tx.revealed)
	return tx.s.RecordReveals(tx.ctx, r)
}

// RecordReveals writes the "view" entries of what the request was shown
// since it was last called, and returns once they are committed. Requests
// arriving together share one transaction (group commit), so a page view
// costs a fraction of a commit.
func (s *Store) RecordReveals(ctx context.Context, r *Reveals) error {
	entries := r.take(fmtTime(s.Now().UTC()))
	if len(entries) == 0 {
		return nil
	}
	b := &revealBatch{entries: entries, done: make(chan error, 1)}
	q := &s.revealQueue
	q.mu.Lock()
	q.waiting = append(q.waiting, b)
	q.mu.Unlock()
	q.turn.Lock()
	defer q.turn.Unlock()
	select {
	case err := <-b.done: // written by the writer before us
		return err
	default:
	}
	q.mu.Lock()
	batch := q.waiting
	q.waiting = nil
	q.mu.Unlock()
	// The request may end; the entries of those waiting with it must not.
	err := s.write(context.WithoutCancel(ctx), func(tx *Tx) error {
		for _, w := range batch {
			tx.pendingAudit = append(tx.pendingAudit, w.entries...)
		}
		return nil
	})
	for _, w := range batch {
		w.done <- err
	}
	return <-b.done
}

// revealQueue holds the requests waiting to write their view entries; the
// one that takes the turn writes all that wait.
type revealQueue struct {
	mu      sync.Mutex
	turn    sync.Mutex
	waiting []*revealBatch
}

type revealBatch struct {
	entries []*chainEntry
	done    chan error
}
