package store_test

import (
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// A user chooses the zone they read times in; the account keeps it, and
// refuses a zone not offered.
func TestSetOwnTimeZone(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		u := storetest.MustUser(t, s, "wanjiku", haki.RoleCaseworker, "")
		if u.TimeZone != "" {
			t.Fatalf("a new account reads times in %q, want the default", u.TimeZone)
		}
		ctx := storetest.As(u)
		if err := s.SetOwnTimeZone(ctx, "Mars/Olympus_Mons"); haki.ErrorFields(err)["time_zone"] == "" {
			t.Fatalf("unknown zone: %v, want a problem on time_zone", err)
		}
		if err := s.SetOwnTimeZone(ctx, "Europe/London"); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindUserByID(ctx, u.ID)
		if err != nil || got.TimeZone != "Europe/London" {
			t.Fatalf("zone %q, %v; want Europe/London", got.TimeZone, err)
		}
		if err := s.SetOwnTimeZone(ctx, ""); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.FindUserByID(ctx, u.ID); got.TimeZone != "" {
			t.Fatalf("zone %q after choosing the default", got.TimeZone)
		}
		if err := s.SetOwnTimeZone(haki.SystemContext(ctx), "UTC"); haki.ErrorCode(err) != haki.EUNAUTHORIZED {
			t.Errorf("without a user: %v, want EUNAUTHORIZED", err)
		}
	})
}
