package web

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strings"
	"sync"
	"time"
)

// The portal's answers are the same for every reader, so the server keeps
// each one it made until the store commits a write (any change to an
// incident, a publication or a consent made by this process counts, so a
// withdrawal of consent takes an incident off at once), and for at most
// portalCacheTTL, which bounds how long a change made by another process
// (the command line, a second server) can take to show. Only the store's
// answers are kept, never anything of a reader.

const (
	portalCacheTTL     = 5 * time.Second
	portalCacheEntries = 500
)

type portalCache struct {
	mu      sync.Mutex
	gen     int64
	entries map[string]portalCached
}

type portalCached struct {
	at          time.Time
	status      int
	contentType string
	body        []byte
	etag        string
	gz          []byte // body gzipped once, for the clients that take it
}

// portalCached serves h's answer from the cache when it is fresh, else
// makes it and keeps it. The key is the path, the query and the language.
func (s *Server) portalCached(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		lang := s.portal(r, "portal.title").Lang
		key := r.URL.Path + "?" + r.URL.RawQuery + "|" + lang
		gen := s.store.WriteCounts().Other()
		now := s.now()
		c := &s.portalCache
		c.mu.Lock()
		if c.gen != gen || c.entries == nil || len(c.entries) >= portalCacheEntries {
			c.gen, c.entries = gen, map[string]portalCached{}
		}
		e, ok := c.entries[key]
		c.mu.Unlock()
		if ok && now.Sub(e.at) < portalCacheTTL && now.Sub(e.at) >= 0 {
			return e.serve(w, r)
		}
		rec := &portalRecorder{header: http.Header{}}
		inner := r.Clone(r.Context())
		inner.Header.Del("If-None-Match")
		if err := h(rec, inner); err != nil {
			return err
		}
		if rec.status != http.StatusOK {
			return s.portalWrite(w, r, rec.status, rec.header.Get("Content-Type"), rec.body.Bytes())
		}
		e = portalCached{at: now, status: rec.status, contentType: rec.header.Get("Content-Type"), body: rec.body.Bytes(),
			etag: portalETag(rec.body.Bytes())}
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		if _, err := zw.Write(e.body); err == nil && zw.Close() == nil {
			e.gz = gz.Bytes()
		}
		c.mu.Lock()
		if c.gen == gen {
			c.entries[key] = e
		}
		c.mu.Unlock()
		return e.serve(w, r)
	}
}

// portalRecorder holds an answer in memory.
type portalRecorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (p *portalRecorder) Header() http.Header { return p.header }

func (p *portalRecorder) WriteHeader(status int) {
	if p.status == 0 {
		p.status = status
	}
}

func (p *portalRecorder) Write(b []byte) (int, error) {
	if p.status == 0 {
		p.status = http.StatusOK
	}
	return p.body.Write(b)
}

// serve writes a kept answer, gzipped when the client takes it.
func (e portalCached) serve(w http.ResponseWriter, r *http.Request) error {
	h := w.Header()
	h.Set("Content-Type", e.contentType)
	h.Set("Vary", "Accept-Language, Accept-Encoding")
	h.Set("Cache-Control", portalMaxAge)
	h.Set("ETag", e.etag)
	if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, e.etag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	body := e.body
	if e.gz != nil && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		body = e.gz
	}
	w.WriteHeader(e.status)
	_, err := w.Write(body)
	return err
}
