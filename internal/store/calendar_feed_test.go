package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

func TestFeeds(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newReminderWorld(t, s)
		other := storetest.MustTeam(t, s, "Mombasa")
		e := w.appointment(t, s, w.ok, w.clock.Now().Add(48*time.Hour))

		mine, err := s.CreateFeed(w.cw, store.FeedUser, "")
		if err != nil || !strings.HasPrefix(mine.Token, "hakical_") {
			t.Fatalf("create: %v %+v", err, mine)
		}
		team, err := s.CreateFeed(w.cw, store.FeedTeam, w.cwUser.TeamID)
		if err != nil || team.TeamName != "Nairobi" {
			t.Fatalf("team feed: %v %+v", err, team)
		}
		// Not a team of theirs; nonsense scope; roles without a calendar.
		if _, err := s.CreateFeed(w.cw, store.FeedTeam, other.ID); haki.ErrorFields(err)["team_id"] == "" {
			t.Errorf("another team: %v", err)
		}
		if _, err := s.CreateFeed(w.cw, "org", ""); haki.ErrorFields(err)["scope"] == "" {
			t.Errorf("bad scope: %v", err)
		}
		if _, err := s.CreateFeed(w.res, store.FeedUser, ""); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("researcher: %v", err)
		}
		if _, err := s.CreateFeed(w.dm, store.FeedTeam, other.ID); err != nil {
			t.Errorf("a data manager sees every team: %v", err)
		}

		// The token opens the owner's calendar, records its use, and is
		// nowhere in the store but as a hash.
		f, err := s.FindFeed(t.Context(), mine.Token)
		if err != nil || f.Owner.ID != w.cwUser.ID || f.Token.LastUsedAt.IsZero() {
			t.Fatalf("find: %v %+v", err, f)
		}
		found := false
		for _, o := range f.Entries {
			found = found || o.EventID == e.ID
		}
		if !found {
			t.Errorf("the appointment is not in the feed: %d entries", len(f.Entries))
		}
		if f, err := s.FindFeed(t.Context(), team.Token); err != nil || len(f.Entries) == 0 {
			t.Errorf("team feed: %v", err)
		}
		for _, bad := range []string{"", "hakical_nope", mine.Token + "x", strings.Repeat("a", 300)} {
			if _, err := s.FindFeed(t.Context(), bad); haki.ErrorCode(err) != haki.ENOTFOUND {
				t.Errorf("token %q: %v", bad, err)
			}
		}

		list, err := s.FindFeeds(w.cw)
		if err != nil || len(list) != 2 || list[0].Token != "" {
			t.Fatalf("list: %v %+v", err, list)
		}
		if err := s.RevokeFeed(storetest.As(w.cw2User), mine.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("someone else's link: %v", err)
		}
		if err := s.RevokeFeed(w.cw, mine.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindFeed(t.Context(), mine.Token); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("revoked: %v", err)
		}
		// Leaving the team closes the team link.
		u := *w.cwUser
		u.TeamID = other.ID
		if err := s.UpdateUser(w.admin, &u, store.AccountProof{Password: storetest.Password}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindFeed(t.Context(), team.Token); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("team link after leaving the team: %v", err)
		}

		entries, err := s.FindAuditEntries(w.admin, haki.AuditFilter{Entity: "feed_token"})
		if err != nil {
			t.Fatal(err)
		}
		actions := map[string]int{}
		for _, a := range entries {
			actions[a.Action]++
			if strings.Contains(string(a.After)+string(a.Before), mine.Token) {
				t.Error("a token in the audit log")
			}
		}
		if actions["create"] != 3 || actions["revoke"] != 1 || len(entries) != 4 {
			t.Errorf("audit %v", actions)
		}
	})
}
