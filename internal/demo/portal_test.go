package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/demo"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestPortalDemo: the demo's invented incidents pass every rule of
// publication and show on the portal.
func TestPortalDemo(t *testing.T) {
	st := storetest.Open(t)
	dm := storetest.MustUser(t, st, "dm", haki.RoleDataManager, "")
	n, err := demo.Portal(context.Background(), st, dm, time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	if err != nil || n != 5 {
		t.Fatalf("published %d: %v", n, err)
	}
	list, _, err := st.PortalIncidents(context.Background(), haki.PortalQuery{})
	if err != nil || len(list) != 5 {
		t.Fatalf("portal: %d %v", len(list), err)
	}
	named := 0
	for _, inc := range list {
		for _, v := range inc.Victims {
			if v.Name != "" {
				named++
			}
		}
	}
	if named != 4 {
		t.Errorf("named victims: %d, want 4", named)
	}
}

// TestStoriesDemo: the demo's invented stories pass every rule of
// publication and show on the portal, with nothing of their cases.
func TestStoriesDemo(t *testing.T) {
	st := storetest.Open(t)
	dm := storetest.MustUser(t, st, "dm", haki.RoleDataManager, "")
	n, err := demo.Stories(context.Background(), st, dm, time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	if err != nil || n != 3 {
		t.Fatalf("published %d: %v", n, err)
	}
	list, err := st.PortalStories(context.Background(), 0, 0)
	if err != nil || len(list) != 3 {
		t.Fatalf("portal: %d %v", len(list), err)
	}
	for _, s := range list {
		if strings.Contains(s.Body, "Demo Story Client") || !strings.Contains(s.Body, "Invented demonstration story") {
			t.Errorf("story %s: %q", s.Ref, s.Body)
		}
	}
}
