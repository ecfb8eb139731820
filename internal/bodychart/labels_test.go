package bodychart

import (
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/i18n"
)

// TestLabelsTranslated checks that every message a chart shows, and the
// label of every region, is in the catalogues of both languages.
func TestLabelsTranslated(t *testing.T) {
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	keys := []string{"bodychart.marked", "bodychart.place", "bodychart.hint"}
	for _, r := range haki.BodyRegions {
		keys = append(keys, "region."+r)
	}
	for _, name := range haki.ChartViews {
		keys = append(keys, "bodychart.view."+name)
		for _, c := range views[name].captions {
			keys = append(keys, c.key)
		}
	}
	for _, k := range keys {
		for _, l := range i18n.Languages {
			if cat.T(l.Code, k) == k {
				t.Errorf("%s: no message %q", l.Code, k)
			}
		}
	}
	if en, sw := cat.T("en", "region.sole_left"), cat.T("sw", "region.sole_left"); en == sw {
		t.Errorf("region.sole_left is not translated: %q", sw)
	}
}
