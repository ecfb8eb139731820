package httpx

import (
	"compress/gzip"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// compressMin is the smallest body worth compressing: below it, gzip's
// header and trailer eat most of the gain.
const compressMin = 1024

var gzipPool = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression)
	return w
}}

// Compress gzips text answers (HTML, CSS, JavaScript, JSON, CSV, SVG, plain
// text, iCalendar) for clients that accept gzip, and says so in Vary. It
// leaves alone answers that are already compressed (PDF, XLSX, images, zip),
// partial answers, answers to HEAD, answers already encoded, and bodies
// smaller than compressMin: it holds back the first bytes until it knows
// which, unless the handler flushes first. Flush reaches the client, so a
// streaming CSV export still streams, compressed as it goes.
//
// Pages carry a CSRF token and reflect what users typed, the conditions of
// BREACH; every page masks the token afresh (MaskCSRF), and docs/SECURITY.md
// says why nothing else secret sits beside reflected text.
func Compress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &compressWriter{ResponseWriter: w, accepts: r.Method != http.MethodHead && acceptsGzip(r.Header.Get("Accept-Encoding"))}
		defer cw.close()
		next.ServeHTTP(cw, r)
	})
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip (or
// any encoding) with a quality above zero.
func acceptsGzip(header string) bool {
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name != "gzip" && name != "x-gzip" && name != "*" {
			continue
		}
		q := 1.0
		for p := range strings.SplitSeq(params, ";") {
			if k, v, ok := strings.Cut(strings.TrimSpace(p), "="); ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		return q > 0
	}
	return false
}

// compressible reports whether a Content-Type is text worth compressing.
func compressible(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	switch {
	case strings.HasPrefix(mt, "text/"):
		return true
	case mt == "application/json", mt == "application/javascript", mt == "application/xml",
		mt == "image/svg+xml", strings.HasSuffix(mt, "+json"), strings.HasSuffix(mt, "+xml") && !strings.Contains(mt, "openxmlformats"):
		return true
	}
	return false
}

type compressWriter struct {
	http.ResponseWriter
	accepts bool // the client takes gzip

	status  int          // set by the first WriteHeader
	pending bool         // eligible, deciding: headers not sent, bytes in buf
	plain   bool         // decided: passed through as it is
	buf     []byte       // held back while pending
	gz      *gzip.Writer // decided: compressing
}

func (w *compressWriter) WriteHeader(code int) {
	if w.status != 0 || w.plain || w.gz != nil {
		if code < 200 { // informational answers may come before the real one
			w.ResponseWriter.WriteHeader(code)
		}
		return
	}
	if code < 200 && code != http.StatusSwitchingProtocols {
		w.ResponseWriter.WriteHeader(code)
		return
	}
	h := w.Header()
	if !strings.Contains(strings.ToLower(strings.Join(h.Values("Vary"), ",")), "accept-encoding") {
		h.Add("Vary", "Accept-Encoding")
	}
	w.status = code
	eligible := w.accepts && code != http.StatusNoContent && code != http.StatusNotModified &&
		code != http.StatusPartialContent && h.Get("Content-Encoding") == "" && h.Get("Content-Range") == "" &&
		compressible(h.Get("Content-Type"))
	if n, err := strconv.Atoi(h.Get("Content-Length")); eligible && err == nil && n < compressMin {
		eligible = false
	}
	if !eligible {
		w.plain = true
		w.ResponseWriter.WriteHeader(code)
		return
	}
	w.pending = true
}

func (w *compressWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	switch {
	case w.gz != nil:
		return w.gz.Write(b)
	case !w.pending:
		return w.ResponseWriter.Write(b)
	}
	w.buf = append(w.buf, b...)
	if len(w.buf) >= compressMin {
		if err := w.startGzip(); err != nil {
			return 0, err
		}
	}
	return len(b), nil
}

// startGzip sends the headers of a compressed answer and what was held back.
func (w *compressWriter) startGzip() error {
	w.pending = false
	h := w.Header()
	h.Del("Content-Length")
	h.Set("Content-Encoding", "gzip")
	w.ResponseWriter.WriteHeader(w.status)
	w.gz = gzipPool.Get().(*gzip.Writer)
	w.gz.Reset(w.ResponseWriter)
	_, err := w.gz.Write(w.buf)
	w.buf = nil
	return err
}

// Flush sends what the handler wrote so far: a streaming answer commits to
// compression (if eligible) at its first flush.
func (w *compressWriter) Flush() {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if w.pending {
		if w.startGzip() != nil {
			return
		}
	}
	if w.gz != nil {
		if w.gz.Flush() != nil {
			return
		}
	}
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// close ends the answer: a small held-back body goes out as it is.
func (w *compressWriter) close() {
	switch {
	case w.pending:
		w.pending = false
		w.ResponseWriter.WriteHeader(w.status)
		w.ResponseWriter.Write(w.buf)
		w.buf = nil
	case w.gz != nil:
		w.gz.Close()
		w.gz.Reset(nil)
		gzipPool.Put(w.gz)
		w.gz = nil
	}
}

func (w *compressWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
