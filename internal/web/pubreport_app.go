package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"text/template"

	"github.com/haki-kenya/haki"
)

// The report page installs as a web app: a manifest, an icon, and a
// service worker that keeps the page's shell for when there is no signal
// and sends what waits on the phone when it returns (Background Sync,
// where the phone has it).

// reportScope is the service worker's scope: the page (/report) and all
// under it. A worker's script may claim only its own folder
// (/report/) unless the server allows more, which Service-Worker-Allowed does.
const reportScope = "/report"

var reportSWTemplate = template.Must(template.ParseFS(files, "templates/pubreport_sw.js"))

// reportSW serves the service worker, naming the page's current assets so
// that a new release replaces the phone's copy.
func (s *Server) reportSW(w http.ResponseWriter, r *http.Request) error {
	js, err := s.staticPath("pubreport.js")
	if err != nil {
		return err
	}
	css, err := s.staticPath("pubreport.css")
	if err != nil {
		return err
	}
	icon, err := s.staticPath("pubreport-icon.svg")
	if err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(js + css + icon))
	var buf bytes.Buffer
	err = reportSWTemplate.Execute(&buf, map[string]string{"JS": js, "CSS": css, "Icon": icon,
		"Version": hex.EncodeToString(sum[:6]), "Scope": reportScope})
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/javascript; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("Service-Worker-Allowed", reportScope)
	_, err = w.Write(buf.Bytes())
	return err
}

// reportManifest serves the web app manifest, in the reporter's language.
func (s *Server) reportManifest(w http.ResponseWriter, r *http.Request) error {
	lang := reportLang(r)
	icon, err := s.staticPath("pubreport-icon.svg")
	if err != nil {
		return err
	}
	m := map[string]any{
		"name": s.cat.T(lang, "pubreport.app_name"), "short_name": s.cat.T(lang, "pubreport.app_short"),
		"lang": lang, "start_url": reportScope, "scope": reportScope, "display": "standalone",
		"background_color": "#ffffff", "theme_color": "#7a1f1f",
		"icons": []map[string]string{
			{"src": icon, "sizes": "any", "type": "image/svg+xml"},
			{"src": "/report/icon/192.png", "sizes": "192x192", "type": "image/png"},
			{"src": "/report/icon/512.png", "sizes": "512x512", "type": "image/png"},
		},
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	return writeJSONAs(w, http.StatusOK, "application/manifest+json", m)
}

var (
	reportIconsOnce sync.Once
	reportIcons     map[int][]byte
)

// reportIcon serves the app's icon as a PNG of 192 or 512 pixels, drawn
// here: a dark red square with a white speech mark, matching the SVG.
func (s *Server) reportIcon(w http.ResponseWriter, r *http.Request) error {
	reportIconsOnce.Do(func() {
		reportIcons = map[int][]byte{}
		for _, n := range []int{192, 512} {
			reportIcons[n] = drawReportIcon(n)
		}
	})
	n, _ := strconv.Atoi(strings.TrimSuffix(r.PathValue("file"), ".png"))
	b, ok := reportIcons[n]
	if !ok {
		return haki.Errorf(haki.ENOTFOUND, "No such icon.")
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "public, max-age=604800")
	_, err := w.Write(b)
	return err
}

func drawReportIcon(n int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	bg, fg := color.NRGBA{0x7a, 0x1f, 0x1f, 0xff}, color.NRGBA{0xff, 0xff, 0xff, 0xff}
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			c := bg
			// A speech bubble: a rounded box in the upper part and a tail.
			fx, fy := float64(x)/float64(n), float64(y)/float64(n)
			inBox := fx > 0.2 && fx < 0.8 && fy > 0.22 && fy < 0.62
			inTail := fy >= 0.62 && fy < 0.78 && fx > 0.3 && fx < 0.3+(0.78-fy)
			if inBox || inTail {
				c = fg
			}
			// The exclamation mark inside the bubble.
			if fx > 0.46 && fx < 0.54 && (fy > 0.28 && fy < 0.5 || fy > 0.53 && fy < 0.58) {
				c = bg
			}
			img.SetNRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return buf.Bytes()
}
