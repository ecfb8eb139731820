package httpx

import (
	"bufio"
	"compress/gzip"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// get asks srv for path with the given Accept-Encoding, without the
// transport's own transparent decompression.
func rawGet(t *testing.T, srv *httptest.Server, path, acceptEncoding string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	// A flush that stopped passing rows would hang the read: give up in 10 s.
	res, err := (&http.Client{Transport: tr, Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, b
}

func gunzip(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := gzip.NewReader(strings.NewReader(string(b)))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestCompress(t *testing.T) {
	page := strings.Repeat("<p>Habari ya asubuhi, karibu Haki.</p>\n", 200)
	mux := http.NewServeMux()
	serve := func(path, contentType, body string) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", contentType)
			io.WriteString(w, body)
		})
	}
	serve("/page", "text/html; charset=utf-8", page)
	serve("/small", "text/html; charset=utf-8", "<p>ok</p>")
	serve("/json", "application/problem+json", strings.Repeat(`{"a":"b"}`, 300))
	serve("/svg", "image/svg+xml", strings.Repeat(`<rect width="1"/>`, 300))
	serve("/pdf", "application/pdf", strings.Repeat("%PDF", 1000))
	serve("/xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", strings.Repeat("PK", 1000))
	serve("/png", "image/png", strings.Repeat("x", 3000))
	mux.HandleFunc("/encoded", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Encoding", "br")
		io.WriteString(w, page)
	})
	mux.HandleFunc("/nocontent", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	srv := httptest.NewServer(Compress(Log(slog.New(slog.DiscardHandler), mux)))
	defer srv.Close()

	for _, path := range []string{"/page", "/json", "/svg"} {
		res, b := rawGet(t, srv, path, "br, gzip;q=0.8, deflate")
		if res.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("%s: Content-Encoding %q, want gzip", path, res.Header.Get("Content-Encoding"))
			continue
		}
		if res.Header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("%s: Vary %q", path, res.Header.Get("Vary"))
		}
		if got := gunzip(t, b); path == "/page" && got != page {
			t.Errorf("%s: round trip differs", path)
		}
		if path == "/page" && len(b) > len(page)/5 {
			t.Errorf("%s: %d bytes compressed of %d", path, len(b), len(page))
		}
	}
	// Not asked for, refused, or not worth it: sent as it is, still with Vary.
	for _, c := range []struct{ path, ae string }{
		{"/page", ""}, {"/page", "gzip;q=0"}, {"/page", "identity"}, {"/small", "gzip"},
		{"/pdf", "gzip"}, {"/xlsx", "gzip"}, {"/png", "gzip"}, {"/encoded", "gzip"}, {"/nocontent", "gzip"},
	} {
		res, b := rawGet(t, srv, c.path, c.ae)
		if enc := res.Header.Get("Content-Encoding"); enc == "gzip" {
			t.Errorf("%s with %q: compressed", c.path, c.ae)
		}
		if res.Header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("%s with %q: Vary %q", c.path, c.ae, res.Header.Get("Vary"))
		}
		if c.path == "/page" && string(b) != page || c.path == "/small" && string(b) != "<p>ok</p>" {
			t.Errorf("%s with %q: body changed", c.path, c.ae)
		}
	}
}

// TestCompressStreams: a CSV download's flushed rows reach the client,
// compressed, while the handler is still writing.
func TestCompressStreams(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(Compress(Log(slog.New(slog.DiscardHandler), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d := &CSVDownload{W: w, Name: "incidents.csv"}
		io.WriteString(d, "reference,type\nINC-1,torture\n")
		<-release // the client must have the first row before the rest is written
		io.WriteString(d, "INC-2,killing\n")
	}))))
	defer srv.Close()
	defer close(release)

	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	// A flush that stopped passing rows would hang the read: give up in 10 s.
	res, err := (&http.Client{Transport: tr, Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.Header.Get("Content-Encoding") != "gzip" || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("headers: %v", res.Header)
	}
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(zr)
	for _, want := range []string{"reference,type\n", "INC-1,torture\n"} {
		line, err := br.ReadString('\n')
		if err != nil || line != want {
			t.Fatalf("read %q, %v; want %q before the handler finished", line, err, want)
		}
	}
}

func TestAcceptsGzip(t *testing.T) {
	for h, want := range map[string]bool{
		"gzip": true, "gzip, deflate, br": true, "br;q=1, gzip;q=0.5": true, "*": true, "GZIP": true,
		"": false, "identity": false, "gzip;q=0": false, "br": false, "gzip ; q=0.0": false,
	} {
		if got := acceptsGzip(h); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", h, got, want)
		}
	}
}
