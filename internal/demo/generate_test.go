package demo

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
)

func TestGenerateDeterministic(t *testing.T) {
	a, sa := mustGenerate(t, 2000, 7, testNow)
	b, sb := mustGenerate(t, 2000, 7, testNow)
	if a.sum() != b.sum() || sa != sb {
		t.Fatalf("two runs with seed 7 differ: %+v vs %+v", sa, sb)
	}
	c, _ := mustGenerate(t, 2000, 8, testNow)
	if a.sum() == c.sum() {
		t.Fatal("seeds 7 and 8 gave the same records")
	}
	d, _ := mustGenerate(t, 2000, 7, testNow.AddDate(0, 0, -1))
	if a.sum() == d.sum() {
		t.Fatal("a different clock gave the same records")
	}
}

func TestGenerateStatsMatchRecords(t *testing.T) {
	for _, size := range []int{0, 1, 2, 10, 500} {
		rc, st := mustGenerate(t, size, 3, testNow)
		got := Stats{len(rc.teams), len(rc.users), len(rc.institutions), len(rc.persons), len(rc.incidents),
			len(rc.acts), len(rc.involvements), len(rc.sources), len(rc.cases)}
		if got != st {
			t.Errorf("size %d: Stats %+v, recorded %+v", size, st, got)
		}
		if st.Incidents != size {
			t.Errorf("size %d: %d incidents", size, st.Incidents)
		}
	}
}

func TestGenerateUsers(t *testing.T) {
	rc, _ := mustGenerate(t, 0, 1, testNow)
	count := map[string]int{}
	for _, u := range rc.users {
		count[u.Username]++
		if rc.passwords[u.Username] != testPassword {
			t.Errorf("%s: password %q", u.Username, rc.passwords[u.Username])
		}
	}
	for _, role := range haki.Roles {
		if count[string(role)] != 1 {
			t.Errorf("user %q emitted %d times, want once", role, count[string(role)])
		}
	}
	for name, n := range count {
		if n != 1 {
			t.Errorf("username %q emitted %d times", name, n)
		}
	}
	for _, u := range rc.users {
		if haki.Role(u.Username).Valid() && u.Role != haki.Role(u.Username) {
			t.Errorf("%s has role %s", u.Username, u.Role)
		}
		if u.Username == "caseworker" && u.TeamID != rc.teams[0].ID {
			t.Errorf("caseworker is in team %q, want Nairobi", u.TeamID)
		}
	}
	if rc.teams[0].Name != "Nairobi" {
		t.Errorf("first team %q, want Nairobi", rc.teams[0].Name)
	}
}

// The named accounts have something to show even in the smallest demo.
func TestGenerateSmallHasCaseworkerCase(t *testing.T) {
	for _, seed := range []int64{1, 2, 3, 4, 5} {
		rc, _ := mustGenerate(t, 1, seed, testNow)
		cw, prof := userID(rc, "caseworker"), userID(rc, "professional")
		if len(rc.cases) == 0 {
			continue // an unidentified body: nobody came forward
		}
		c := rc.cases[0]
		if c.CaseworkerID != cw || !c.Sensitive || !contains(c.AssigneeIDs, prof) {
			t.Errorf("seed %d: first case %+v is not caseworker's sensitive case with professional", seed, c)
		}
		if rc.incidents[0].CreatedBy != userID(rc, "monitor") {
			t.Errorf("seed %d: first incident not created by monitor", seed)
		}
	}
}

func TestGenerateOptions(t *testing.T) {
	tests := []struct {
		name  string
		opts  Options
		field string
	}{
		{"short password", Options{Size: 1, Now: testNow, Password: "short"}, "password"},
		{"no clock", Options{Size: 1, Password: testPassword}, "now"},
		{"negative size", Options{Size: -1, Now: testNow, Password: testPassword}, "size"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Generate(context.Background(), tc.opts, discard{})
			if haki.ErrorCode(err) != haki.EINVALID || haki.ErrorFields(err)[tc.field] == "" {
				t.Fatalf("err = %v, want invalid %s", err, tc.field)
			}
		})
	}
}

// failing fails on its nth incident.
type failing struct {
	discard
	n int
}

var errFull = errors.New("disk full")

func (f *failing) Incident(*haki.Incident) error {
	if f.n--; f.n == 0 {
		return errFull
	}
	return nil
}

func TestGenerateSinkError(t *testing.T) {
	st, err := Generate(context.Background(), Options{Size: 100, Now: testNow, Password: testPassword}, &failing{n: 10})
	if !errors.Is(err, errFull) {
		t.Fatalf("err = %v, want the sink's error", err)
	}
	if st.Incidents != 9 {
		t.Errorf("%d incidents counted, want the 9 accepted", st.Incidents)
	}
}

func TestGenerateCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Generate(ctx, Options{Size: 5000, Now: testNow, Password: testPassword}, discard{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestGenerateEarlyClock(t *testing.T) {
	now := time.Date(2012, 3, 1, 0, 0, 0, 0, time.UTC)
	rc, _ := mustGenerate(t, 300, 1, now)
	for _, inc := range rc.incidents {
		if inc.CreatedAt.After(now) || inc.Occurred.Date.After(now) {
			t.Fatalf("%s dated after the clock: %v", inc.Ref, inc.CreatedAt)
		}
	}
}

func userID(rc *recorder, username string) string {
	for _, u := range rc.users {
		if u.Username == username {
			return u.ID
		}
	}
	return ""
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
