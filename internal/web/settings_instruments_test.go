package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestSettingsInstruments: an administrator sees PHQ-9, adds an instrument
// from its definition, and a bad definition is refused beside the text area,
// as typed, with what is wrong.
func TestSettingsInstruments(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		app := newTestApp(t, s)
		ad := app.sessionClient(t, haki.RoleAdmin)
		if res := ad.get("/settings/instruments"); res.status != http.StatusOK || !strings.Contains(res.body, "phq9") {
			t.Fatalf("list: %d", res.status)
		}
		bad := `{"code": "mood2", "version": 1, "title": {"en": "Mood"}, "licence": "ours", "scoring": "sum",
			"items": [{"key": "a", "text": {"en": "Low?"}}], "answers": [{"value": 0, "label": {"en": "No"}}, {"value": 1, "label": {"en": "Yes"}}],
			"bands": [{"min": 0, "max": 0, "code": "none", "label": {"en": "None"}}]}`
		res := ad.post("/settings/instruments", url.Values{"definition": {bad}})
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "mood2") || !strings.Contains(res.body, `aria-invalid="true"`) {
			t.Fatalf("bad definition: %d %s", res.status, res.body)
		}
		good := strings.Replace(bad, `"label": {"en": "None"}}]`, `"label": {"en": "None"}}, {"min": 1, "max": 1, "code": "low", "label": {"en": "Low"}}]`, 1)
		if res := ad.post("/settings/instruments", url.Values{"definition": {good}}); res.status != http.StatusSeeOther {
			t.Fatalf("good definition: %d %s", res.status, res.body)
		}
		if res := ad.get("/settings/instruments"); !strings.Contains(res.body, "mood2") {
			t.Fatal("the new instrument is not listed")
		}
	})
}
