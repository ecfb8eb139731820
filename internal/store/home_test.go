package store_test

import (
	"strings"
	"testing"

	"github.com/haki-kenya/haki/internal/storetest"
)

// TestHomeListsReadAnIndex: the home page's incident lists are read from
// an index in its order, never a scan of the incidents or a sort of them,
// so they cost the same at a million incidents.
func TestHomeListsReadAnIndex(t *testing.T) {
	s := storetest.Open(t) // SQLite
	plans, err := s.HomePlans(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"incidents_created_by_at", "incidents_verification"} {
		if !strings.Contains(plans[i], "USING INDEX "+want) || strings.Contains(plans[i], "TEMP B-TREE") {
			t.Errorf("plan %q, want %s in order", plans[i], want)
		}
	}
}
