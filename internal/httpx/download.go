package httpx

import (
	"net/http"
	"strings"
)

// DownloadCSP is the policy of a downloaded file: should a browser render
// it anyway, it runs nothing and loads nothing.
const DownloadCSP = "default-src 'none'; sandbox"

// DownloadHeaders sets the headers of a file to be saved rather than shown:
// its type, an attachment with a safe file name, no sniffing, no caching,
// and a sandbox. Every file and export of web and API sends these, so the
// two rooms cannot drift apart.
func DownloadHeaders(h http.Header, contentType, name string) {
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", `attachment; filename="`+SafeFilename(name)+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", DownloadCSP)
}

// SendDownload writes b as a file to be saved (DownloadHeaders).
func SendDownload(w http.ResponseWriter, contentType, name string, b []byte) error {
	DownloadHeaders(w.Header(), contentType, name)
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(b)
	return err
}

// SafeFilename keeps the letters, digits, dots, dashes and underscores of
// an ASCII file name, turns anything else into "_", and bounds its length,
// so no quote, path, control character or header trick reaches the
// Content-Disposition header.
func SafeFilename(name string) string {
	var b strings.Builder
	for _, c := range name {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '-', c == '_':
			b.WriteRune(c)
		default:
			b.WriteByte('_')
		}
		if b.Len() >= 100 {
			break
		}
	}
	s := strings.TrimLeft(b.String(), ".")
	if s == "" {
		return "download"
	}
	return s
}
