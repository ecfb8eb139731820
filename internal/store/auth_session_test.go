package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// mustSignIn signs in with the password (no second factor) and returns the session.
func mustSignIn(tb testing.TB, s *store.Store, name, device string) *store.Session {
	tb.Helper()
	res, err := s.SignIn(context.Background(), store.SignIn{Username: name, Password: storetest.Password, Device: device})
	if err != nil || res.Session == nil {
		tb.Fatalf("sign in %s: %+v %v", name, res, err)
	}
	return res.Session
}

func TestSessionExpiry(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		c := newClock(s)
		ctx := context.Background()
		storetest.MustUser(t, s, "viewer", haki.RoleViewer, "")
		tests := []struct {
			name  string
			steps []time.Duration // time passing, each followed by a request
			live  bool
		}{
			{"fresh", nil, true},
			{"used every 20 minutes for 11 hours", repeat(20*time.Minute, 33), true},
			{"idle 29 minutes", []time.Duration{29 * time.Minute}, true},
			{"idle 31 minutes", []time.Duration{31 * time.Minute}, false},
			{"used every 20 minutes past 12 hours", repeat(20*time.Minute, 37), false},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				sess := mustSignIn(t, s, "viewer", "")
				var err error
				for _, d := range tc.steps {
					c.advance(d)
					if _, err = s.FindSession(ctx, sess.Token); err != nil {
						break
					}
				}
				if _, err = s.FindSession(ctx, sess.Token); (err == nil) != tc.live {
					t.Errorf("live %v, want %v (%v)", err == nil, tc.live, err)
				}
				if !tc.live {
					// Once ended, a session stays ended.
					c.advance(-2 * time.Hour)
					if _, err := s.FindSession(ctx, sess.Token); err == nil {
						t.Error("an ended session came back")
					}
					c.advance(2 * time.Hour)
				}
			})
		}
	})
}

func repeat(d time.Duration, n int) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = d
	}
	return out
}

func TestSessionsListAndEnd(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		c := newClock(s)
		ctx := context.Background()
		u := storetest.MustUser(t, s, "viewer", haki.RoleViewer, "")
		other := storetest.MustUser(t, s, "researcher", haki.RoleResearcher, "")
		admin := storetest.As(storetest.MustUser(t, s, "admin", haki.RoleAdmin, ""))
		phone := mustSignIn(t, s, "viewer", "Chrome on Android")
		c.advance(time.Minute)
		laptop := mustSignIn(t, s, "viewer", "Firefox on Windows")
		theirs := mustSignIn(t, s, "researcher", "Safari on iPhone")
		me := storetest.As(u)

		list, err := s.FindMySessions(me, laptop.Token)
		if err != nil || len(list) != 2 {
			t.Fatalf("sessions: %d %v", len(list), err)
		}
		if list[0].ID != laptop.ID || !list[0].Current || list[1].Current || list[1].Device != "Chrome on Android" {
			t.Errorf("list: %+v %+v", list[0], list[1])
		}
		if err := s.EndMySession(me, theirs.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("ending another user's session: %v", err)
		}
		if err := s.EndMySession(me, phone.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindSession(ctx, phone.Token); err == nil {
			t.Error("ended session still works")
		}

		// An administrator ends all of a user's sessions at once.
		if err := s.EndUserSessions(storetest.As(other), u.ID); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("non-admin ends sessions: %v", err)
		}
		if err := s.EndUserSessions(admin, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindSession(ctx, laptop.Token); err == nil {
			t.Error("session survived the administrator")
		}
		if _, err := s.FindSession(ctx, theirs.Token); err != nil {
			t.Errorf("another user's session ended: %v", err)
		}
		// Sign-out: the token is dead, whatever the clock says.
		if err := s.DeleteSession(ctx, theirs.Token); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindSession(ctx, theirs.Token); haki.ErrorCode(err) != haki.EUNAUTHORIZED {
			t.Errorf("replay after sign-out: %v", err)
		}
	})
}

func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		newClock(s)
		ctx := context.Background()
		u := storetest.MustUser(t, s, "viewer", haki.RoleViewer, "")
		admin := storetest.As(storetest.MustUser(t, s, "admin", haki.RoleAdmin, ""))
		a, b := mustSignIn(t, s, "viewer", ""), mustSignIn(t, s, "viewer", "")

		if err := s.ChangeOwnPassword(storetest.As(u), store.PasswordChange{Session: a.Token, Current: storetest.Password, Password: "password1990"}); haki.ErrorCode(err) != haki.EINVALID {
			t.Errorf("common password: %v", err)
		}
		if err := s.ChangeOwnPassword(storetest.As(u), store.PasswordChange{Session: a.Token, Current: storetest.Password, Password: "a new and long one"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindSession(ctx, a.Token); err != nil {
			t.Errorf("the changing session ended: %v", err)
		}
		if _, err := s.FindSession(ctx, b.Token); err == nil {
			t.Error("another session survived the change")
		}
		// An administrator's reset ends them all.
		if err := s.SetPassword(admin, u.ID, "yet another long one", store.AccountProof{Password: storetest.Password}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindSession(ctx, a.Token); err == nil {
			t.Error("a session survived the reset")
		}
	})
}

// Reading a session takes no write transaction while its last-seen time is
// younger than store.SessionTouch; older, one request writes it. The idle
// limit holds to within the throttle, and an ended session is refused at
// once.
func TestSessionTouchIsThrottled(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		c := newClock(s)
		ctx := context.Background()
		storetest.MustUser(t, s, "viewer", haki.RoleViewer, "")
		find := func(sess *store.Session) (writes int64, err error) {
			before := s.WriteCounts().All
			_, err = s.FindSession(ctx, sess.Token)
			return s.WriteCounts().All - before, err
		}
		tests := []struct {
			name       string
			step       time.Duration // time before each request
			n          int
			wantWrites int64
		}{
			{"ten requests within the throttle", 5 * time.Second, 10, 0},
			{"one request past the throttle", store.SessionTouch + time.Second, 1, 1},
			{"a request every 40 seconds for 20 minutes", 40 * time.Second, 30, 15},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				sess := mustSignIn(t, s, "viewer", "")
				var writes int64
				for range tc.n {
					c.advance(tc.step)
					w, err := find(sess)
					if err != nil {
						t.Fatalf("session refused: %v", err)
					}
					writes += w
				}
				if writes != tc.wantWrites {
					t.Errorf("%d write transactions, want %d", writes, tc.wantWrites)
				}
			})
		}

		t.Run("idle limit within the throttle", func(t *testing.T) {
			sess := mustSignIn(t, s, "viewer", "")
			c.advance(store.SessionTouch - time.Second) // a request that does not write
			if w, err := find(sess); err != nil || w != 0 {
				t.Fatalf("writes %d, %v", w, err)
			}
			c.advance(store.SessionIdle - store.SessionTouch)
			if _, err := find(sess); err != nil {
				t.Fatalf("refused %v before the idle limit less the throttle", store.SessionIdle-store.SessionTouch)
			}
			c.advance(store.SessionIdle + time.Second)
			if _, err := find(sess); haki.ErrorCode(err) != haki.EUNAUTHORIZED {
				t.Fatalf("idle past the limit: %v, want EUNAUTHORIZED", err)
			}
		})

		t.Run("signed out is refused at once", func(t *testing.T) {
			sess := mustSignIn(t, s, "viewer", "")
			c.advance(time.Second)
			if _, err := find(sess); err != nil {
				t.Fatal(err)
			}
			if err := s.DeleteSession(ctx, sess.Token); err != nil {
				t.Fatal(err)
			}
			if w, err := find(sess); haki.ErrorCode(err) != haki.EUNAUTHORIZED || w != 0 {
				t.Fatalf("after sign-out: %v with %d writes, want EUNAUTHORIZED and none", err, w)
			}
		})
	})
}
