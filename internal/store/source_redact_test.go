package store_test

import (
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// An article's address names the place and often the victim ("fatal
// shooting by police in Kayole"), so whoever may not see identities gets a
// source without its link, as without its description.
func TestSourcesHideTheirLinkFromWhoMayNotSeeIdentities(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		src := &haki.Source{IncidentID: w.incA.ID, Kind: "media", Outlet: "Daily Nation", Reliability: "confirmed",
			URL: "https://nation.africa/kenya/counties/nairobi/fatal-police-shooting-in-kayole-4299550"}
		if err := s.CreateSource(storetest.As(w.dm), src); err != nil {
			t.Fatal(err)
		}
		for name, c := range map[string]struct {
			who     *haki.User
			wantURL bool
		}{
			"data manager": {w.dm, true},
			"caseworker":   {w.cwA, true},
			"researcher":   {w.res, false},
		} {
			t.Run(name, func(t *testing.T) {
				ctx := storetest.As(c.who)
				one, err := s.FindSourceByID(ctx, src.ID)
				if err != nil {
					t.Fatal(err)
				}
				list, err := s.FindSources(ctx, w.incA.ID)
				if err != nil || len(list) != 1 {
					t.Fatalf("sources: %d, %v", len(list), err)
				}
				for _, got := range []*haki.Source{one, list[0]} {
					if (got.URL != "") != c.wantURL {
						t.Errorf("url = %q, want shown %v", got.URL, c.wantURL)
					}
					if got.Outlet != "Daily Nation" {
						t.Errorf("outlet = %q", got.Outlet)
					}
				}
			})
		}
	})
}
