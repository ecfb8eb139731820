package demo_test

import (
	"context"
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
